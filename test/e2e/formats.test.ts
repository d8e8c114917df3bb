import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { EXAMPLES, listFiles, REPO, runBin, tempDir, writeFiles } from '../helpers';
import { expectSoundPdf, hasPoppler } from '../pdf-check';

const HOSTILE = '<script>alert(1)</script> & Co *Ltd* Tŷ';
// CI installs poppler-utils (see .ci/run), so these checks only ever skip on a developer's machine without it.
const withPoppler = hasPoppler() ? test : test.skip;

/**
 * Build the Welsh home's example in English only (its Welsh names and letters, in an
 * English document), plus a hostile copy of it, into a temp folder. Welsh documents have
 * their own tests (test/e2e/languages.test.ts).
 */
async function buildExamples(formats: string, env: Record<string, string> = {}): Promise<string> {
  const cwd = tempDir();
  const welsh = readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'), 'utf8').replace(/^languages: .*$/m, 'languages: [en]');
  writeFiles(cwd, {
    'ty-gwyn.yaml': welsh,
    'hostile.yaml': welsh.replace('name: Cartref Gofal Tŷ Gwyn', `name: ${JSON.stringify(HOSTILE)}`),
    'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
  });
  const result = await runBin(['build', 'ty-gwyn.yaml', 'hostile.yaml', '-f', formats, '--today', '2026-11-25'], cwd, env);
  expect(result).toMatchObject({ code: 0, stdout: '' });
  return join(cwd, 'out');
}

describe('HTML', () => {
  let out: string;
  beforeAll(async () => {
    out = await buildExamples('html');
  });

  test('writes only the HTML files and the index page: the logo is embedded, not copied', () => {
    expect(listFiles(out)).toEqual([
      'hostile/.policygen.json',
      'hostile/index.html',
      'hostile/social-media.html',
      'ty-gwyn/.policygen.json',
      'ty-gwyn/index.html',
      'ty-gwyn/social-media.html',
    ]);
  });

  test.each(['ty-gwyn', 'hostile'])('%s is valid HTML5 by html-validate', async (name) => {
    const html = readFileSync(join(out, name, 'social-media.html'), 'utf8');
    // A page title names the policy and the organisation, so it may run past 70 characters.
    const validator = new HtmlValidate({ extends: ['html-validate:recommended'], rules: { 'long-title': 'off' } });
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
  });

  test('is standalone and accessible: lang, title, alt text, headings in order', () => {
    const html = readFileSync(join(out, 'ty-gwyn', 'social-media.html'), 'utf8');
    expect(html).toMatch(/^<!DOCTYPE html>\n<html lang="en-GB">/);
    expect(html).toContain('<title>Using Social Media Platforms Policy – Cartref Gofal Tŷ Gwyn</title>');
    expect(html).toContain('<img src="data:image/png;base64,');
    expect(html).toContain('alt="Cartref Gofal Tŷ Gwyn logo" width="240" height="240"');
    expect(html).not.toMatch(/\b(src|href)="(https?:|\/\/|logo\.png)/); // fetches nothing
    const levels = [...html.matchAll(/<h(\d)>/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.forEach((level, i) => i > 0 && expect(level - levels[i - 1]!).toBeLessThanOrEqual(1));
    expect(html).toContain('@media print');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
  });

  test('shows a hostile organisation name as text and runs no script', () => {
    const html = readFileSync(join(out, 'hostile', 'social-media.html'), 'utf8');
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/<em>Ltd<\/em>/);
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62; &#38; Co *Ltd* Tŷ');
    expect(html).toContain(
      `<title>Using Social Media Platforms Policy – &#60;script&#62;alert(1)&#60;/script&#62; &#38; Co *Ltd* Tŷ</title>`,
    );
  });
});

describe('PDF', () => {
  let out: string;
  const pdf = (name: string) => join(out, name, 'social-media.pdf');
  beforeAll(async () => {
    out = await buildExamples('pdf');
  });

  withPoppler('holds every heading, and the Welsh name comes back intact from pdftotext', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf('ty-gwyn'), '-'], { encoding: 'utf8' });
    const markdown = readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8');
    const headings = [...markdown.matchAll(/^#+ (.+)$/gm)].map((m) => m[1]!);
    expect(headings).toHaveLength(16);
    for (const heading of headings) expect(text).toContain(heading);
    expect(text).toContain('Cartref Gofal Tŷ Gwyn');
    expect(text).toContain('Responsible Person: Siân Llŷr');
    expect(text).toContain('Next Review Date: 1 April 2027');
    expect(text).toMatch(/Page 1 of \d/); // the page furniture follows the document's language
  });

  test.each(['ty-gwyn', 'hostile'])('%s passes qpdf --check, and poppler reads it without a complaint', (name) => {
    expectSoundPdf(pdf(name));
  });

  withPoppler('shows a hostile name literally', () => {
    const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf('hostile'), '-'], { encoding: 'utf8' });
    expect(text).toContain(HOSTILE);
  });

  withPoppler('is A4, tagged, with title, author and subject, and embeds its fonts', () => {
    const info = execFileSync('pdfinfo', [pdf('ty-gwyn')], { encoding: 'utf8' });
    expect(info).toMatch(/^Title:\s+Using Social Media Platforms Policy$/m);
    expect(info).toMatch(/^Author:\s+Cartref Gofal Tŷ Gwyn$/m);
    expect(info).toMatch(/^Subject:\s+Using Social Media Platforms Policy – Cartref Gofal Tŷ Gwyn$/m);
    expect(info).toMatch(/^Tagged:\s+yes$/m);
    expect(info).toMatch(/^Page size:\s+595\.28 x 841\.89 pts \(A4\)$/m);
    expect(info).toMatch(/^CreationDate:\s+Wed Apr\s+1 00:00:00 2026 UTC$/m); // the last review date, not the clock
    const fonts = execFileSync('pdffonts', [pdf('ty-gwyn')], { encoding: 'utf8' })
      .split('\n')
      .slice(2)
      .filter(Boolean);
    expect(fonts.length).toBeGreaterThan(0);
    for (const font of fonts) expect(font).toMatch(/NotoSans.* yes yes yes /);
  });

  test('has a bookmark for every heading', () => {
    const bytes = readFileSync(pdf('ty-gwyn')).toString('latin1');
    expect(bytes).toMatch(/\/Outlines \d+ 0 R/);
    const markdown = readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8');
    for (const [, heading] of markdown.matchAll(/^#+ (.+)$/gm)) expect(bytes).toContain(`/Title (${heading})`);
  });

  withPoppler('is tagged for screen readers: headings, paragraphs, nested lists, the logo as a figure', () => {
    const tree = execFileSync('pdfinfo', ['-struct', pdf('ty-gwyn')], { encoding: 'utf8' });
    // Under the title, the document-control table (a paragraph of its text where tables are not laid out as tables).
    expect(tree).toMatch(
      /^Document\n {2}Figure\n {2}P \(block\)\n {2}P \(block\)\n {2}H1 \(block\)\n {2}(?:P|Table) \(block\)\n(?: {4}.*\n)* {2}H2 \(block\)/,
    );
    expect(tree).toContain('      LBody (block)\n        L (block)\n          LI (block)'); // a list inside a list item
    expect(tree.match(/^ {2}H3 /gm)).toHaveLength(7);
  });

  test('is byte-identical when rebuilt, even in another time zone', async () => {
    const again = await buildExamples('pdf', { TZ: 'Pacific/Kiritimati' });
    expect(readFileSync(join(again, 'ty-gwyn', 'social-media.pdf')).equals(readFileSync(pdf('ty-gwyn')))).toBe(true);
  });
});

test("a one-home Markdown build loads neither pdfkit, the HTML writer, ajv's compiler, the worker pool nor the calendar writer", () => {
  const script = `
    const { build } = require(${JSON.stringify(join(REPO, 'dist'))});
    build({ inputs: [${JSON.stringify(join(EXAMPLES, 'ocean-view.yaml'))}], out: ${JSON.stringify(tempDir())}, today: '2026-11-25' }).then((r) => {
      const loaded = Object.keys(require.cache);
      const has = (name) => loaded.some((f) => f.includes(name));
      console.log(JSON.stringify({ ok: r.ok, pdfkit: has('pdfkit'), fontkit: has('fontkit'), markdownIt: has('markdown-it'), ajv: has('ajv/dist/compile'), piscina: has('piscina'), icalGenerator: has('ical-generator') }));
    });`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual({
    ok: true,
    pdfkit: false,
    fontkit: false,
    markdownIt: false,
    ajv: false, // the schemas are compiled at build time
    piscina: false, // one file: no worker pool
    icalGenerator: false, // only due --ics writes a calendar
  });
});
