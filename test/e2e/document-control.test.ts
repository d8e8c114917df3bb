import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { organisationYaml, runMain, tempDir, writeFiles } from '../helpers';

/**
 * The built-in `{{> document-control}}` partial: a table of the policy's title, version,
 * who reviewed and approved it, its dates, why the next review falls when it does, and
 * what changed, in the document's language. Its Markdown is tested here; how each format
 * lays the table out is the table writers' business.
 */
async function build(files: Record<string, string>, args: string[] = []): Promise<{ cwd: string; code: number; stderr: string }> {
  const cwd = tempDir();
  writeFiles(cwd, files);
  const result = await runMain(['build', 'home.yaml', '--today', '2026-11-25', ...args], cwd);
  return { cwd, code: result.code, stderr: result.stderr };
}

const table = (markdown: string) => markdown.split('\n').filter((line) => line.startsWith('| '));

test('the built-in policy shows it under its title, with the review record and its defaults', async () => {
  const home = organisationYaml({
    extra: `  policies:
    social-media:
      interval_months: 6
      last_reviewed: 2026-06-01
      reviewed_by: "Carys Evans | Deputy Manager"
      changes: Added guidance on *WhatsApp* groups
languages: [cy, en]`,
  });
  const { cwd, code } = await build({ 'home.yaml': home });
  expect(code).toBe(0);
  const english = readFileSync(join(cwd, 'out', 'home', 'social-media.en.md'), 'utf8');
  expect(english).toContain('# Using Social Media Platforms Policy\n\n| Document control | |\n');
  expect(table(english)).toEqual([
    '| Document control | |',
    '| --- | --- |',
    '| Policy | Using Social Media Platforms Policy |',
    '| Version | 1 |',
    // A value's own pipe and emphasis stay text: escaped, not a new cell.
    '| Reviewed by | Carys Evans \\| Deputy Manager |',
    '| Approved by | Siân Llŷr |',
    '| Last reviewed | 1 June 2026 |',
    '| Next review | 1 December 2026 |',
    '| Why this date | every 6 months |',
    '| Changes | Added guidance on \\*WhatsApp\\* groups |',
  ]);
  const welsh = readFileSync(join(cwd, 'out', 'home', 'social-media.cy.md'), 'utf8');
  expect(table(welsh)).toEqual([
    "| Rheoli'r ddogfen | |",
    '| --- | --- |',
    "| Polisi | Polisi Defnyddio Platfformau'r Cyfryngau Cymdeithasol |",
    '| Fersiwn | 1 |',
    '| Adolygwyd gan | Carys Evans \\| Deputy Manager |',
    '| Cymeradwywyd gan | Siân Llŷr |',
    '| Adolygwyd ddiwethaf | 1 Mehefin 2026 |',
    '| Adolygiad nesaf | 1 Rhagfyr 2026 |',
    '| Pam y dyddiad hwn | bob 6 mis |',
    '| Newidiadau | Added guidance on \\*WhatsApp\\* groups |',
  ]);
});

test('the responsible individual approves by default; a trigger gives its reason; no changes, no row', async () => {
  const home = organisationYaml({
    extra: `  triggers:
    - { date: 2026-12-01, reason: New CIW guidance on digital safeguarding }`,
  }).replace('  registered_manager:', '  responsible_individual: Dr Rhys Morgan\n  registered_manager:');
  const { cwd, code } = await build({ 'home.yaml': home });
  expect(code).toBe(0);
  expect(table(readFileSync(join(cwd, 'out', 'home', 'social-media.md'), 'utf8')).slice(4)).toEqual([
    '| Reviewed by | Siân Llŷr |',
    '| Approved by | Dr Rhys Morgan |',
    '| Last reviewed | 1 April 2026 |',
    '| Next review | 1 December 2026 |',
    '| Why this date | New CIW guidance on digital safeguarding |',
  ]);
});

test('a reason and changes written per language: each document shows its own language, with no warning', async () => {
  const home = organisationYaml({
    extra: `  triggers:
    - date: 2026-12-01
      reason:
        cy: Canllawiau newydd AGC ar ddiogelu digidol
        en: New CIW guidance on digital safeguarding
  policies:
    social-media:
      changes:
        en: Added guidance on WhatsApp groups
        cy: Ychwanegwyd canllawiau ar grwpiau WhatsApp
languages: [cy, en]`,
  });
  const { cwd, code, stderr } = await build({ 'home.yaml': home });
  expect(code).toBe(0);
  expect(stderr).not.toContain('warning');
  expect(table(readFileSync(join(cwd, 'out', 'home', 'social-media.cy.md'), 'utf8')).slice(-2)).toEqual([
    '| Pam y dyddiad hwn | Canllawiau newydd AGC ar ddiogelu digidol |',
    '| Newidiadau | Ychwanegwyd canllawiau ar grwpiau WhatsApp |',
  ]);
  expect(table(readFileSync(join(cwd, 'out', 'home', 'social-media.en.md'), 'utf8')).slice(-2)).toEqual([
    '| Why this date | New CIW guidance on digital safeguarding |',
    '| Changes | Added guidance on WhatsApp groups |',
  ]);
});

test('a text per language without Welsh, in a Welsh home: the English shows, with a warning at the field', async () => {
  const extra = `  triggers:
    - date: 2026-12-01
      reason: { en: New CIW guidance on digital safeguarding }
  policies:
    social-media:
      changes:
        en: Added guidance on WhatsApp groups`;
  const { cwd, code, stderr } = await build({ 'home.yaml': organisationYaml({ extra: `${extra}\nlanguages: [cy, en]` }) });
  expect(code).toBe(0);
  const warnings = stderr.split('\n').filter((line) => line.includes('warning:'));
  expect(warnings).toEqual([
    'home.yaml:11:7: warning: review.triggers[0].reason has no Welsh text; the Welsh documents show the English [TRANSLATION_MISSING]',
    'home.yaml:14:7: warning: review.policies.social-media.changes has no Welsh text; the Welsh documents show the English [TRANSLATION_MISSING]',
  ]);
  expect(stderr).toContain('hint: add the Welsh under it: cy: …');
  expect(table(readFileSync(join(cwd, 'out', 'home', 'social-media.cy.md'), 'utf8')).slice(-2)).toEqual([
    '| Pam y dyddiad hwn | New CIW guidance on digital safeguarding |',
    '| Newidiadau | Added guidance on WhatsApp groups |',
  ]);

  // A home built in English alone lacks nothing; and one text for every language is the user's choice.
  const english = await build({ 'home.yaml': organisationYaml({ extra }) });
  expect(english.code).toBe(0);
  expect(english.stderr).not.toContain('TRANSLATION_MISSING');
  const plain = await build({
    'home.yaml': organisationYaml({ extra: `${extra.replace(/\n {8}en: /, ' ')}\nlanguages: [cy, en]` }),
  });
  expect(plain.stderr).toContain('review.triggers[0].reason has no Welsh text');
  expect(plain.stderr).not.toContain('changes has no Welsh text');
});

test("the Welsh intervals: 'bob mis', 'bob 2 fis', 'bob 3 mis', and an annual review", async () => {
  const reasons: string[] = [];
  for (const months of [1, 2, 3, 12]) {
    const home = organisationYaml({ extra: `  interval_months: ${months}\nlanguages: [cy]` });
    const { cwd } = await build({ 'home.yaml': home });
    reasons.push(table(readFileSync(join(cwd, 'out', 'home', 'social-media.md'), 'utf8')).at(-1)!);
  }
  expect(reasons).toEqual([
    '| Pam y dyddiad hwn | bob mis |',
    '| Pam y dyddiad hwn | bob 2 fis |',
    '| Pam y dyddiad hwn | bob 3 mis |',
    '| Pam y dyddiad hwn | adolygiad blynyddol |',
  ]);
});

test("a library's own partials/document-control.md replaces the built-in one, and its version shows", async () => {
  const { cwd, code } = await build(
    {
      'home.yaml': organisationYaml(),
      'library/visiting.md': '---\ntitle: Visiting Policy\nversion: "3.1"\n---\n# Visiting Policy\n\n{{> document-control}}\n\nWelcome.\n',
      'library/partials/document-control.md': 'Version {{policy_version}} of {{policy_title}}, approved by {{approved_by}}.\n',
    },
    ['-t', 'library'],
  );
  expect(code).toBe(0);
  expect(readFileSync(join(cwd, 'out', 'home', 'visiting.md'), 'utf8')).toBe(
    '# Visiting Policy\n\nVersion 3.1 of Visiting Policy, approved by Siân Llŷr.\n\nWelcome.\n',
  );
  // The built-in policy uses the library's block too: a partial replaces one of the same name everywhere.
  expect(readFileSync(join(cwd, 'out', 'home', 'social-media.md'), 'utf8')).toContain(
    'Version 1 of Using Social Media Platforms Policy, approved by Siân Llŷr.',
  );
});

test('{{review_changes}} outside a section, for a policy without changes, is an error that says what to do', async () => {
  const { cwd, code, stderr } = await build(
    {
      'home.yaml': organisationYaml(),
      'library/visiting.md': '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n\nChanges: {{review_changes}}\n',
    },
    ['-t', 'library'],
  );
  expect(code).toBe(2);
  expect(stderr).toContain(
    'library/visiting.md:6:10: error: {{review_changes}} is not defined for this policy: home.yaml records no changes for it [UNKNOWN_PLACEHOLDER]',
  );
  expect(stderr).toContain(
    'hint: add "changes:" under review.policies.<id> in home.yaml, or show it only when there are some: {{#review_changes}}…{{/review_changes}}',
  );
  expect(() => readFileSync(join(cwd, 'out', 'home', 'visiting.md'))).toThrow();
});

test('policygen templates lists the document-control placeholders the built-in policy uses', async () => {
  const result = await runMain(['templates', '--json'], tempDir());
  const listing = JSON.parse(result.stdout) as {
    templates: Array<{ id: string; placeholders: { required: string[]; optional: string[] } }>;
  };
  const socialMedia = listing.templates.find((t) => t.id === 'social-media')!;
  expect(socialMedia.placeholders.required).toEqual(
    expect.arrayContaining(['policy_title', 'policy_version', 'reviewed_by', 'approved_by', 'review_reason']),
  );
  expect(socialMedia.placeholders.optional).toContain('review_changes');
});
