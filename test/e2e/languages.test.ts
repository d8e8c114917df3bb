import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { due } from '../../src';
import { EXAMPLES, listFiles, organisationYaml, runMain, tempDir, writeFiles } from '../helpers';

/**
 * A language is a property of a document: a Welsh document is Welsh throughout, an English
 * one English, and a bilingual home gets both, linked to each other. Never English
 * sentences with Welsh dates, never a silent English fallback.
 */
const TODAY = ['--today', '2026-11-25'];
const hasPoppler = spawnSync('pdftotext', ['-v']).status === 0;
const withPoppler = hasPoppler ? test : test.skip;
if (!hasPoppler) console.warn('poppler-utils is not installed: skipping the PDF text checks (apt-get install poppler-utils)');

const ENGLISH_MONTHS = ['January', 'February', 'March', 'April', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
/** Words policygen writes itself into an English document: none may appear in a Welsh one. */
const ENGLISH_FURNITURE = ['Page 1 of', 'Next Review Date', 'Registration Number', 'Reviewed on', ' logo"', 'Languages'];

function home(languages: string): string {
  const cwd = tempDir();
  const text = readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'), 'utf8').replace(/^languages: .*$/m, `languages: ${languages}`);
  writeFiles(cwd, { 'ty-gwyn.yaml': text, 'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')) });
  return cwd;
}

describe('a Welsh-only home', () => {
  let out: string;
  beforeAll(async () => {
    const cwd = home('[cy]');
    const result = await runMain(['build', 'ty-gwyn.yaml', '-f', 'md,html,pdf', '-q', ...TODAY], cwd);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    out = join(cwd, 'out', 'ty-gwyn');
  });

  test('keeps the plain file names: one language, no language in the name', () => {
    expect(listFiles(out)).toEqual([
      '.policygen.json',
      'index.html',
      'logo.png',
      'social-media.html',
      'social-media.md',
      'social-media.pdf',
    ]);
  });

  test('has no English month or English label in the Markdown or HTML', () => {
    for (const file of ['social-media.md', 'social-media.html']) {
      const text = readFileSync(join(out, file), 'utf8');
      for (const word of [...ENGLISH_MONTHS, ...ENGLISH_FURNITURE])
        expect({ file, word, found: text.includes(word) }).toEqual({ file, word, found: false });
    }
    const markdown = readFileSync(join(out, 'social-media.md'), 'utf8');
    expect(markdown).toMatch(/^!\[Logo Cartref Gofal Tŷ Gwyn\]\(logo\.png\)/);
    expect(markdown).toContain('Adolygwyd ar: 1 Ebrill 2026');
    expect(markdown).toContain('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027');
    expect(readFileSync(join(out, 'social-media.html'), 'utf8')).toMatch(/^<!DOCTYPE html>\n<html lang="cy">/);
  });

  withPoppler('has no English month or English label in the PDF text, and says its language is Welsh', () => {
    const pdf = join(out, 'social-media.pdf');
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' });
    for (const word of [...ENGLISH_MONTHS, ...ENGLISH_FURNITURE])
      expect({ word, found: text.includes(word) }).toEqual({ word, found: false });
    expect(text).toMatch(/Tudalen 1 o \d/);
    expect(text).toContain('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027');
    expect(readFileSync(pdf).toString('latin1')).toContain('/Lang (cy)');
  });
});

describe('a bilingual home', () => {
  let out: string;
  beforeAll(async () => {
    const cwd = home('[cy, en]');
    expect((await runMain(['build', 'ty-gwyn.yaml', '-f', 'md,html,pdf', '-q', ...TODAY], cwd)).code).toBe(0);
    out = join(cwd, 'out', 'ty-gwyn');
  });

  test('gets each policy in each language, named by language', () => {
    expect(listFiles(out)).toEqual([
      '.policygen.json',
      'index.cy.html',
      'index.en.html',
      'logo.png',
      ...['cy', 'en'].flatMap((language) => ['html', 'md', 'pdf'].map((format) => `social-media.${language}.${format}`)),
    ]);
    expect(readFileSync(join(out, 'social-media.en.md'), 'utf8')).toContain('Next Review Date: 1 April 2027');
    expect(readFileSync(join(out, 'social-media.cy.md'), 'utf8')).toContain('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027');
  });

  test('each HTML version links to the other, named in its own language, with hreflang', async () => {
    const welsh = readFileSync(join(out, 'social-media.cy.html'), 'utf8');
    const english = readFileSync(join(out, 'social-media.en.html'), 'utf8');
    expect(welsh).toContain('<link rel="alternate" hreflang="en-GB" href="social-media.en.html">');
    expect(welsh).toContain(
      '<nav class="languages" aria-label="Ieithoedd"><a href="social-media.en.html" hreflang="en-GB" lang="en-GB">English</a></nav>',
    );
    expect(english).toContain(
      '<nav class="languages" aria-label="Languages"><a href="social-media.cy.html" hreflang="cy" lang="cy">Cymraeg</a></nav>',
    );
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
    for (const html of [welsh, english]) expect((await validator.validateString(html)).results).toEqual([]);
  });

  withPoppler('each PDF has its own language throughout', () => {
    const text = (language: string) =>
      execFileSync('pdftotext', ['-enc', 'UTF-8', join(out, `social-media.${language}.pdf`), '-'], { encoding: 'utf8' });
    expect(text('cy')).toMatch(/Tudalen 1 o \d/);
    expect(text('cy')).not.toContain('April');
    expect(text('en')).toMatch(/Page 1 of \d/);
    expect(text('en')).not.toContain('Ebrill');
  });

  test('due lists the policy once, built in both languages', async () => {
    const result = await due({ inputs: [join(out, '..', '..', 'ty-gwyn.yaml')], today: '2026-11-25' });
    expect(result.entries.map((entry) => [entry.policy, entry.languages])).toEqual([['social-media', ['cy', 'en']]]);
  });
});

test('--check and the summary count every language version', async () => {
  const cwd = home('[cy, en]');
  await runMain(['build', 'ty-gwyn.yaml', '-f', 'md,pdf', '-q', ...TODAY], cwd);
  const check = await runMain(['build', 'ty-gwyn.yaml', '-f', 'md,pdf', '--check', '--json', ...TODAY], cwd);
  expect(check.code).toBe(0);
  const outputs = (JSON.parse(check.stdout) as { organisations: Array<{ outputs: Array<{ path: string; status: string }> }> })
    .organisations[0]!.outputs;
  expect(outputs.filter((o) => o.path.includes('social-media')).map((o) => `${o.status} ${o.path}`)).toEqual([
    'up-to-date out/ty-gwyn/social-media.cy.md',
    'up-to-date out/ty-gwyn/social-media.cy.pdf',
    'up-to-date out/ty-gwyn/social-media.en.md',
    'up-to-date out/ty-gwyn/social-media.en.pdf',
  ]);
});

describe('libraries in two languages', () => {
  const visiting = '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n\nVisitors are welcome at {{org_field_name}}.\n';
  const ymweld = '---\ntitle: Polisi Ymweld\n---\n# Polisi Ymweld\n\nCroeso i ymwelwyr yn {{org_field_name}}.\n';

  test('a library overriding only the English version keeps the built-in Welsh one, and says they have drifted', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'home.yaml': organisationYaml({ extra: 'languages: [cy, en]' }),
      'lib/social-media.md': '---\ntitle: Social Media\n---\n# Social Media\n\nOur own words for {{org_field_name}}.\n',
    });
    const result = await runMain(['build', 'home.yaml', '-t', 'lib', ...TODAY], cwd);
    expect(result.code).toBe(0);
    expect(readFileSync(join(cwd, 'out', 'home', 'social-media.en.md'), 'utf8')).toBe(
      '# Social Media\n\nOur own words for Cartref Gofal Tŷ Gwyn.\n',
    );
    expect(readFileSync(join(cwd, 'out', 'home', 'social-media.cy.md'), 'utf8')).toContain(
      "# Polisi Defnyddio Platfformau'r Cyfryngau Cymdeithasol",
    );
    expect(result.stderr).toMatch(/social-media\.cy\.md:\d+:\d+: warning: the Welsh version of social-media adds .* \[TRANSLATION_DRIFT\]/);
    // An English-only run is not told about a translation it does not build.
    writeFiles(cwd, { 'english.yaml': organisationYaml() });
    expect((await runMain(['build', 'english.yaml', '-t', 'lib', ...TODAY], cwd)).stderr).not.toContain('TRANSLATION_DRIFT');
  });

  test('a missing translation fails that home only: never an English fallback', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'homes/welsh.yaml': organisationYaml({ extra: 'languages: [cy]' }),
      'homes/english.yaml': organisationYaml(),
      'lib/visiting.md': visiting,
    });
    const result = await runMain(['build', 'homes', '-t', 'lib', ...TODAY], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      [
        'homes/welsh.yaml:9:12: error: visiting has no Welsh version (visiting.cy.md), and this home asks for Welsh [TRANSLATION_MISSING]',
        '  9 | languages: [cy]',
        '    |            ^^^^',
        '  hint: add visiting.cy.md to a template folder (searched: the built-in library, lib), or leave cy out of languages',
      ].join('\n'),
    );
    expect(listFiles(join(cwd, 'out'))).toEqual(['english/.policygen.json', 'english/social-media.md', 'english/visiting.md']);
  });

  test("policygen templates shows each policy's languages, and --json its files", async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'lib/visiting.md': visiting, 'lib/visiting.cy.md': ymweld });
    const text = await runMain(['templates', '-t', 'lib'], cwd);
    expect(text.stdout).toContain('visiting  Visiting Policy  (annual; version 1; en: lib/visiting.md, cy: lib/visiting.cy.md)');
    expect(text.stdout).toContain('social-media  Using Social Media Platforms Policy  (annual; version 1; en: built in, cy: built in)');
    const json = JSON.parse((await runMain(['templates', '-t', 'lib', '--json'], cwd)).stdout);
    expect(json.templates[1]).toMatchObject({
      id: 'visiting',
      languages: ['en', 'cy'],
      files: { en: 'lib/visiting.md', cy: 'lib/visiting.cy.md' },
    });
  });

  test('TRANSLATION_DRIFT names both files, with the place of the first difference in each', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'lib/visiting.md': visiting, 'lib/visiting.cy.md': ymweld.replace('{{org_field_name}}', 'y cartref') });
    const result = await runMain(['templates', '-t', 'lib'], cwd);
    expect(result.stderr).toContain(
      [
        'lib/visiting.cy.md:1:1: warning: the Welsh version of visiting lacks {{org_field_name}} [TRANSLATION_DRIFT]',
        '  hint: compare lib/visiting.md:6:25; a translation keeps the same placeholders, partials, headings, version and review interval',
      ].join('\n'),
    );
  });
});

test('locale from policygen 0.1 still works, with a warning that says what to write', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { 'home.yaml': organisationYaml({ extra: 'locale: cy' }) });
  const result = await runMain(['build', 'home.yaml', ...TODAY], cwd);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(
    [
      'home.yaml:9:1: warning: locale is how policygen 0.1 wrote the language; it still reads locale: cy as languages: [cy] [DEPRECATED_FIELD]',
      '  9 | locale: cy',
      '    | ^^^^^^',
      '  hint: write languages: [cy] instead of locale: cy; [cy, en] builds every policy in Welsh and in English',
    ].join('\n'),
  );
  expect(readFileSync(join(cwd, 'out', 'home', 'social-media.md'), 'utf8')).toContain('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027');
});

test('a config file gives languages to every home that gives none; its locale is read with a warning too', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    'policygen.config.yaml': 'languages: [cy, en]\n',
    'home.yaml': organisationYaml(),
    'own.yaml': organisationYaml({ extra: 'languages: [en]' }),
  });
  expect((await runMain(['build', 'home.yaml', 'own.yaml', '-q', ...TODAY], cwd)).code).toBe(0);
  expect(listFiles(join(cwd, 'out'))).toEqual([
    'home/.policygen.json',
    'home/social-media.cy.md',
    'home/social-media.en.md',
    'own/.policygen.json',
    'own/social-media.md',
  ]);
  writeFiles(cwd, { 'policygen.config.yaml': 'locale: cy\n' });
  expect((await runMain(['validate', 'home.yaml'], cwd)).stderr).toContain(
    'policygen.config.yaml:1:1: warning: locale is how policygen 0.1 wrote the language; it still reads locale: cy as languages: [cy] [DEPRECATED_FIELD]',
  );
});
