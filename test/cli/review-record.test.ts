import { readFileSync } from 'node:fs';
import { due } from '../../src/api';
import { organisationYaml, runMain, tempDir, writeFiles } from '../helpers';

/**
 * A home keeps one review record per policy: reviewing one overdue policy re-dates that
 * policy alone, and every place a date shows (build, `due`, the warnings) agrees.
 */
const library = {
  'library/visiting.md': '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n\nNext review: {{next_review_date}}\n',
  'library/fire-safety.md': '---\ntitle: Fire Safety Policy\n---\n# Fire Safety Policy\n\nLast reviewed: {{last_update_date}}\n',
};
const home = (extra: string) => organisationYaml({ extra }).replace('  last_reviewed: 2026-04-01\n', '  last_reviewed: 2025-04-01\n');
const revisited = `  policies:
    visiting:
      last_reviewed: 2026-05-20
      reviewed_by: Siân Llŷr
      changes: Visiting hours after the pandemic`;

function setUp(extra = revisited): string {
  const cwd = tempDir();
  writeFiles(cwd, { ...library, 'home.yaml': home(extra) });
  return cwd;
}

test('due lists each policy with its own last review and next review', async () => {
  const cwd = setUp();
  const result = await due({ inputs: ['home.yaml'], cwd, templates: ['library'], today: '2026-06-01' });
  const byPolicy = Object.fromEntries(result.entries.map((e) => [e.policy, [e.lastReviewed, e.nextReview, e.status]]));
  expect(byPolicy).toEqual({
    visiting: ['2026-05-20', '2027-05-20', 'ok'],
    'fire-safety': ['2025-04-01', '2026-04-01', 'overdue'],
    'social-media': ['2025-04-01', '2026-04-01', 'overdue'],
  });
});

test('the table of `due` and the built policy agree with the record', async () => {
  const cwd = setUp();
  const table = await runMain(['due', 'home.yaml', '-t', 'library', '--today', '2026-06-01'], cwd);
  expect(table.code).toBe(1);
  expect(table.stdout).toMatch(/ok +Cartref Gofal Tŷ Gwyn +visiting +en +2026-05-20 +2027-05-20 +353 +annual review/);
  const built = await runMain(['build', 'home.yaml', '-t', 'library', '--today', '2026-06-01'], cwd);
  expect(built.code).toBe(0);
  expect(readFileSync(`${cwd}/out/home/visiting.md`, 'utf8')).toContain('Next review: 20 May 2027');
  expect(readFileSync(`${cwd}/out/home/fire-safety.md`, 'utf8')).toContain('Last reviewed: 1 April 2025');
});

test("an overdue policy's warning points at the date that makes it overdue, and says which date to update", async () => {
  const cwd = setUp(`  policies:
    visiting:
      last_reviewed: 2025-05-20`);
  const result = await runMain(['validate', 'home.yaml', '-t', 'library', '--today', '2026-06-01'], cwd);
  expect(result.code).toBe(0);
  const warnings = result.stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.includes('[REVIEW_OVERDUE]') || line.startsWith('hint:'));
  expect(warnings).toEqual([
    'home.yaml:8:18: warning: fire-safety: the review was due on 1 April 2026, 61 days ago [REVIEW_OVERDUE]',
    'hint: review the policy, then update review.policies.fire-safety.last_reviewed',
    'home.yaml:8:18: warning: social-media: the review was due on 1 April 2026, 61 days ago [REVIEW_OVERDUE]',
    'hint: review the policy, then update review.policies.social-media.last_reviewed',
    'home.yaml:11:22: warning: visiting: the review was due on 20 May 2026, 12 days ago [REVIEW_OVERDUE]',
    'hint: review the policy, then update review.policies.visiting.last_reviewed',
  ]);
});
