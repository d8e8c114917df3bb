import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { organisationYaml, runMain, tempDir, TINY_PNG, writeFiles } from '../helpers';

/**
 * A home's index page: every policy, its version, last and next review, its status on the
 * day of the build, and a link to each file built of it, in each of the home's languages.
 */
const library = {
  'library/visiting.md': '---\ntitle: Visiting Policy\nversion: "2.1"\n---\n# Visiting Policy\n\nWelcome.\n',
  'library/visiting.cy.md': '---\ntitle: Polisi Ymweld\nversion: "2.1"\n---\n# Polisi Ymweld\n\nCroeso.\n',
  'library/fire-safety.md': '---\ntitle: Fire Safety Policy\n---\n# Fire Safety Policy\n\nFire.\n',
  'library/fire-safety.cy.md': '---\ntitle: Polisi Diogelwch Tân\n---\n# Polisi Diogelwch Tân\n\nTân.\n',
};
// social-media is overdue (the home-wide date), visiting due within 30 days, fire safety fine.
const home = organisationYaml({
  logo: './logo.png',
  extra: `  policies:
    visiting: { last_reviewed: 2025-12-10 }
    fire-safety: { last_reviewed: 2026-10-01 }
languages: [cy, en]`,
}).replace('last_reviewed: 2026-04-01', 'last_reviewed: 2025-04-01');

let out: string;
beforeAll(async () => {
  const cwd = tempDir();
  writeFiles(cwd, { ...library, 'home.yaml': home, 'logo.png': TINY_PNG });
  const result = await runMain(['build', 'home.yaml', '-t', 'library', '-f', 'md,html', '--today', '2026-11-25', '-q'], cwd);
  expect(result.code).toBe(0);
  out = join(cwd, 'out', 'home');
});

const rows = (html: string) =>
  [...html.matchAll(/<tr><th scope="row">(.*?)<\/th>(.*?)<\/tr>/g)].map(([, title, cells]) => [
    title,
    ...[...cells!.matchAll(/<td[^>]*>(.*?)<\/td>/g)].map(([, cell]) =>
      cell!.replace(/<[^>]+>/g, (tag) => (tag.startsWith('<a') ? `[${/href="([^"]+)"/.exec(tag)![1]}]` : '')),
    ),
  ]);

test('one page per language, each wholly in it, listing every policy by title with its status on the build day', () => {
  const english = readFileSync(join(out, 'index.en.html'), 'utf8');
  expect(rows(english)).toEqual([
    [
      'Fire Safety Policy',
      '1',
      'Welsh, English',
      '1 October 2026',
      '1 October 2027',
      'OK',
      '[fire-safety.en.md]Markdown [fire-safety.en.html]Web page',
    ],
    [
      'Using Social Media Platforms Policy',
      '1',
      'Welsh, English',
      '1 April 2025',
      '1 April 2026',
      'Overdue',
      '[social-media.en.md]Markdown [social-media.en.html]Web page',
    ],
    [
      'Visiting Policy',
      '2.1',
      'Welsh, English',
      '10 December 2025',
      '10 December 2026',
      'Due within 30 days',
      '[visiting.en.md]Markdown [visiting.en.html]Web page',
    ],
  ]);
  const welsh = readFileSync(join(out, 'index.cy.html'), 'utf8');
  expect(welsh).toContain('<html lang="cy">');
  expect(rows(welsh)).toEqual([
    [
      'Polisi Defnyddio Platfformau&#39;r Cyfryngau Cymdeithasol',
      '1',
      'Cymraeg, Saesneg',
      '1 Ebrill 2025',
      '1 Ebrill 2026',
      'Hwyr',
      '[social-media.cy.md]Markdown [social-media.cy.html]Tudalen we',
    ],
    [
      'Polisi Diogelwch Tân',
      '1',
      'Cymraeg, Saesneg',
      '1 Hydref 2026',
      '1 Hydref 2027',
      'Iawn',
      '[fire-safety.cy.md]Markdown [fire-safety.cy.html]Tudalen we',
    ],
    [
      'Polisi Ymweld',
      '2.1',
      'Cymraeg, Saesneg',
      '10 Rhagfyr 2025',
      '10 Rhagfyr 2026',
      'Yn ddyledus o fewn 30 diwrnod',
      '[visiting.cy.md]Markdown [visiting.cy.html]Tudalen we',
    ],
  ]);
  // Nothing English in the Welsh page but the link to the English one and the file kinds' names.
  const text = welsh.replace(/<style>[\s\S]*?<\/style>/, '').replace(/<[^>]+>/g, ' ');
  expect(text).not.toMatch(/\b(Policy|Policies|Version|Languages|Last reviewed|Next review|Status|Files|Overdue|Registration|manager)\b/);
  expect(welsh).toContain('<a href="index.en.html" hreflang="en-GB" lang="en-GB">English</a>');
  expect(english).toContain('<a href="index.cy.html" hreflang="cy" lang="cy">Cymraeg</a>');
});

test('every link leads to a file that was built beside it', () => {
  for (const page of ['index.cy.html', 'index.en.html']) {
    const hrefs = [...readFileSync(join(out, page), 'utf8').matchAll(/<a href="([^"#]+)/g)].map((m) => m[1]!);
    expect(hrefs.length).toBe(7);
    for (const href of hrefs) expect(existsSync(join(out, href))).toBe(true);
  }
});

test.each(['index.cy.html', 'index.en.html'])('%s is valid, accessible HTML5 by html-validate', async (page) => {
  const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
  expect((await validator.validateString(readFileSync(join(out, page), 'utf8'))).results).toEqual([]);
});

test('the index is one of the files policygen knows: in the manifest, checked and pruned', async () => {
  const manifest = JSON.parse(readFileSync(join(out, '.policygen.json'), 'utf8')) as { files: Record<string, unknown> };
  expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining(['index.cy.html', 'index.en.html']));
  const cwd = join(out, '..', '..');
  // Tomorrow nothing has changed status: the page, which carries no date, is up to date.
  const check = await runMain(['build', 'home.yaml', '-t', 'library', '-f', 'md,html', '--today', '2026-11-26', '--check'], cwd);
  expect(check).toMatchObject({ code: 0, stdout: '' });
  // The day visiting falls overdue, its status changes, and --check says so.
  const later = await runMain(['build', 'home.yaml', '-t', 'library', '-f', 'md,html', '--today', '2026-12-11', '--check'], cwd);
  expect(later.stdout.split('\n').filter((line) => line.includes('index'))).toEqual([
    'stale   out/home/index.cy.html',
    'stale   out/home/index.en.html',
  ]);
  const markdownOnly = await runMain(['build', 'home.yaml', '-t', 'library', '--today', '2026-11-25', '--prune', '-q'], cwd);
  expect(markdownOnly.stdout).toContain('removed out/home/index.en.html');
  expect(existsSync(join(out, 'index.cy.html'))).toBe(false);
});
