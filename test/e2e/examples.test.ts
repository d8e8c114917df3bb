import { execFile } from 'node:child_process';
import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import MarkdownIt from 'markdown-it';
import { validate } from '../../src';
import { EXAMPLES, FIXTURES, listFiles, REPO, runBin, tempDir, writeFiles } from '../helpers';
import { expectSoundPdf } from '../pdf-check';

const TODAY = '2026-11-25';
const EXPECTED = join(FIXTURES, 'examples', 'expected');

describe('the shipped examples, built as a user would', () => {
  let out: string;
  beforeAll(async () => {
    const cwd = tempDir();
    cpSync(EXAMPLES, join(cwd, 'examples'), { recursive: true });
    const result = await runBin(['build', 'examples', '-f', 'md,html', '--today', TODAY], cwd);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    out = join(cwd, 'out');
  });

  test('match the reviewed golden files byte for byte (npm run update-golden to renew)', () => {
    const files = listFiles(EXPECTED);
    expect(listFiles(out)).toEqual(files);
    for (const file of files) {
      expect({ file, bytes: readFileSync(join(out, file)) }).toEqual({ file, bytes: readFileSync(join(EXPECTED, file)) });
    }
  });

  test('pass markdownlint with the project config', async () => {
    const cli = join(REPO, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
    const files = listFiles(out)
      .filter((f) => f.endsWith('.md'))
      .map((f) => join(out, f));
    const run = promisify(execFile);
    await expect(run(process.execPath, [cli, '--config', join(REPO, '.markdownlint.jsonc'), ...files])).resolves.toBeDefined();
  });

  test('nest the sub-items under an item that ends with ":" in a CommonMark renderer', () => {
    const html = new MarkdownIt().render(readFileSync(join(out, 'ocean-view', 'social-media.md'), 'utf8'));
    expect(html).toContain(
      '<li>Staff must not:\n<ul>\n<li>Post derogatory or offensive comments about service users, colleagues, or the care home.</li>',
    );
    expect(html.match(/<ul>/g)).toHaveLength(21); // 14 top-level lists + 7 nested ones
    expect(html).toContain('<h1>Using Social Media Platforms Policy</h1>');
    expect(html.match(/<h2>/g)).toHaveLength(8);
    expect(html.match(/<h3>/g)).toHaveLength(7);
  });
});

describe('a library template with tables and a picture (test/fixtures/golden-tables)', () => {
  const CASE = join(FIXTURES, 'golden-tables');
  let out: string;
  beforeAll(async () => {
    const cwd = tempDir();
    cpSync(CASE, cwd, { recursive: true, filter: (path) => path !== join(CASE, 'expected') });
    const result = await runBin(['build', 'plas-wyn.yaml', '-t', 'templates', '-f', 'md,html', '--today', TODAY], cwd);
    expect(result).toMatchObject({ code: 0, stdout: '' });
    out = join(cwd, 'out');
  });

  test('matches the reviewed golden files byte for byte (npm run update-golden to renew)', () => {
    const expected = join(CASE, 'expected');
    const files = listFiles(expected);
    expect(files).toContain('plas-wyn/safeguarding.md');
    expect(files.filter((file) => /^plas-wyn\/who-to-tell-[0-9a-f]{10}\.png$/.test(file))).toHaveLength(1);
    expect(listFiles(out)).toEqual(files);
    for (const file of files) {
      expect({ file, bytes: readFileSync(join(out, file)) }).toEqual({ file, bytes: readFileSync(join(expected, file)) });
    }
  });

  test('passes markdownlint with the project config', async () => {
    const cli = join(REPO, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
    const run = promisify(execFile);
    await expect(
      run(process.execPath, [cli, '--config', join(REPO, '.markdownlint.jsonc'), join(out, 'plas-wyn', 'safeguarding.md')]),
    ).resolves.toBeDefined();
  });
});

test('the PDFs of the examples pass qpdf --check, and poppler reads them without a complaint', async () => {
  const cwd = tempDir();
  cpSync(EXAMPLES, join(cwd, 'examples'), { recursive: true });
  expect(await runBin(['build', 'examples', '-f', 'pdf', '--today', TODAY], cwd)).toMatchObject({ code: 0, stdout: '' });
  const pdfs = listFiles(join(cwd, 'out')).filter((file) => file.endsWith('.pdf'));
  expect(pdfs).toEqual([
    'cartref-gofal-ty-gwyn/social-media.cy.pdf',
    'cartref-gofal-ty-gwyn/social-media.en.pdf',
    'ocean-view/social-media.pdf',
  ]);
  for (const file of pdfs) expectSoundPdf(join(cwd, 'out', file));
});

test("the built-in template keeps every word of the user's policy", () => {
  const seed = readFileSync(join(FIXTURES, 'seed', 'using-social-media-platforms-policy.txt'), 'utf8');
  const template = readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8');
  // Strip only what the Markdown structure added: front matter, heading marks, list indents, the logo section.
  const body = template
    .replace(/^---\n[\s\S]*?\n---\n/, '')
    .replace(/^\{\{[#/]org_field_logo\}\}\n/gm, '')
    // The document-control table is policygen's own block, not the user's wording.
    .replace(/^\{\{> document-control\}\}\n/gm, '')
    .replace(/^#+ /gm, '')
    .replace(/^ {2}- /gm, '- ');
  const lines = (text: string) => text.split('\n').filter((line) => line.trim() !== '');
  expect(lines(body)).toEqual(lines(seed));
});

test('time zones at both ends of the clock give identical bytes', async () => {
  // No last_reviewed: the build date is the review date, so a date shifted by a zone would show.
  const organisation = readFileSync(join(EXAMPLES, 'ocean-view.yaml'), 'utf8').replace(/^ {2}last_reviewed: .*\n/m, '');
  const builds = await Promise.all(
    ['Pacific/Kiritimati', 'Pacific/Honolulu'].map(async (zone) => {
      const cwd = tempDir();
      writeFiles(cwd, { 'home.yaml': organisation, 'logos/ocean-view.png': readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png')) });
      const result = await runBin(['build', 'home.yaml'], cwd, {
        TZ: zone,
        SOURCE_DATE_EPOCH: '1775001600', // 2026-04-01T00:00:00Z: still 31 March in Honolulu
      });
      expect(result.code).toBe(0);
      return readFileSync(join(cwd, 'out', 'home', 'social-media.md'), 'utf8');
    }),
  );
  expect(builds[0]).toContain('Reviewed on: 1 April 2026\n\nNext Review Date: 1 October 2026');
  expect(builds[1]).toBe(builds[0]);
});

test('every example validates against the schema without a warning', async () => {
  const result = await validate({ inputs: [EXAMPLES], today: TODAY });
  expect(result.organisations.map((o) => o.file.replace(/.*\//, ''))).toEqual(['cartref-gofal-ty-gwyn.yaml', 'ocean-view.yaml']);
  expect(result.diagnostics).toEqual([]);
});

test("the README's organisation file is valid", async () => {
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  const yaml = /## The organisation file\n\n```yaml\n([\s\S]*?)```/.exec(readme)![1]!;
  const cwd = tempDir();
  writeFiles(cwd, { 'home.yaml': yaml, 'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')) });
  const result = await validate({ inputs: ['home.yaml'], cwd, today: '2026-08-01' });
  // Its custom field is there for the reader's own templates: the built-in library does not use it.
  expect(result.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
    '10:3 UNUSED_FIELD organisation.safeguarding_lead is not used by any template',
  ]);
});
