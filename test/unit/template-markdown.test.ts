/**
 * What a template's Markdown uses, found where it is written (load), checked and turned
 * into edits of the body (validate), and the Markdown that comes out (render).
 */
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import MarkdownIt from 'markdown-it';
import { loadTemplateLibraries, parseTemplateText } from '../../src/load';
import { mayNeedScan, scanTemplateMarkdown, type TextSpan } from '../../src/load/template-markdown';
import { escapeMarkdown } from '../../src/render';
import { applyEdits, outputName, validateTemplateLibrary } from '../../src/validate';
import { EXAMPLES, REPO, tempDir, writeFiles } from '../helpers';
import { readFileSync } from 'node:fs';

const PNG = readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png'));

/** The text of each span the scan found, by kind. */
function found(body: string): Record<string, string[]> {
  const scan = scanTemplateMarkdown(body);
  const text = (span: TextSpan) => body.slice(span.start, span.end);
  return {
    images: scan.images.map(
      (image) => `${text(image.span)} → ${image.destination ? text(image.destination) : '-'} = ${image.path} (${image.within})`,
    ),
    links: scan.links.map((link) => `${text(link.span)} ${link.href}`),
    addresses: scan.addresses.map((address) => `${text(address.span)} ${address.href}`),
    html: scan.html.map((html) => text(html)),
    footnotes: scan.footnotes.map(text),
  };
}

describe('the template scan', () => {
  test('finds each image and its path exactly where it is written: in a paragraph, a quote, a list, a cell, a heading, a link', () => {
    const body = [
      'Text ![Diagram *one*](images/a%20b.png "A title") and ![q](<my q.png>).',
      '',
      '> quoted, over',
      '> lines ![In a quote](quote\\_x.png)',
      '',
      '- item',
      '  ![In a list](list.png)',
      '',
      '| A | B |',
      '| - | - |',
      '| a \\| b ![cell](cell.png) | ![second](second.png) |',
      '',
      '## Heading ![h](h.png)',
      '',
      '[![badge](badge.png)](https://example.org)',
      '',
      '![by label][ref]',
      '',
      '[ref]: label.png',
    ].join('\n');
    expect(found(body).images).toEqual([
      '![Diagram *one*](images/a%20b.png → images/a%20b.png = images/a b.png (paragraph)',
      '![q](<my q.png> → <my q.png> = my q.png (paragraph)',
      '![In a quote](quote\\_x.png → quote\\_x.png = quote_x.png (paragraph)',
      '![In a list](list.png → list.png = list.png (paragraph)',
      '![cell](cell.png → cell.png = cell.png (table cell)',
      '![second](second.png → second.png = second.png (table cell)',
      '![h](h.png → h.png = h.png (heading)',
      '![badge](badge.png → badge.png = badge.png (link)',
      '![by label] → - = label.png (paragraph)',
    ]);
  });

  test('finds raw HTML, links, bare addresses and footnotes, and nothing in code or a mustache comment', () => {
    const body = [
      'A <b>bold</b> claim, see [the procedure](procedure.md) or [files](smb://server/x) or [CIW](https://ciw.wales).',
      'Mail help@example.org, visit www.gov.wales or https://gov.wales/x.',
      '',
      '<div align="center">',
      'centred',
      '</div>',
      '',
      '`<b>` and ```[x](y.md)``` in code',
      '',
      '```',
      '<b>not html</b> [^9]: not a footnote',
      '```',
      '',
      '{{! a note with <b>html</b> and [a](b.md) }}',
      '',
      '| cell <br> break | [rel](rel.md) |',
      '| - | - |',
      '',
      '[^1]: A footnote.',
      '> [^2]: In a quote.',
    ].join('\n');
    expect(found(body)).toMatchObject({
      links: ['[ procedure.md', '[ smb://server/x', '[ https://ciw.wales', '[ rel.md'],
      addresses: [
        'help@example.org mailto:help@example.org',
        'www.gov.wales http://www.gov.wales',
        'https://gov.wales/x https://gov.wales/x',
      ],
      html: ['<b>', '</b>', '<div align="center">\ncentred\n</div>', '<br>'],
      footnotes: ['[^1]:', '[^2]:'],
    });
  });

  test('loads no Markdown parser for a text that cannot hold anything it looks for', () => {
    expect(mayNeedScan(readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8'))).toBe(false);
    expect(mayNeedScan(readFileSync(join(REPO, 'templates', 'social-media.cy.md'), 'utf8'))).toBe(false);
    for (const text of ['![a](b)', '<b>', '[a](b)', '[a]: b', '[^1]', 'https://x', 'www.x.org', 'a@b.org'])
      expect(mayNeedScan(text)).toBe(true);
  });
});

describe('image names beside a built policy', () => {
  test('are the image’s own name, made safe, and a hash of its bytes', () => {
    expect(outputName('images/Llŷn Diagram (v2).PNG', 'png', PNG)).toMatch(/^llyn-diagram-v2-[0-9a-f]{10}\.png$/);
    expect(outputName('../../ŵ.jpeg', 'jpeg', PNG)).toMatch(/^w-[0-9a-f]{10}\.jpg$/);
    expect(outputName('日本.png', 'png', PNG)).toMatch(/^image-[0-9a-f]{10}\.png$/);
    expect(outputName('logo.png', 'png', PNG)).not.toBe('logo.png');
    expect(outputName('a.png', 'png', PNG)).not.toBe(outputName('a.png', 'png', Buffer.concat([PNG, Buffer.from([0])])));
  });
});

describe('the Markdown file', () => {
  /** A template library in a temp folder with `body` as its one template, and diagram.png in images/. */
  async function library(body: string) {
    const cwd = tempDir();
    writeFiles(cwd, { 'templates/t.md': `---\ntitle: T\n---\n${body}`, 'templates/images/diagram.png': PNG });
    const loaded = await loadTemplateLibraries([join(cwd, 'templates')], cwd);
    expect(loaded.diagnostics).toEqual([]);
    return validateTemplateLibrary(loaded.library);
  }

  test('shows raw HTML and footnotes as text, bare addresses as links every reader makes, images by their output names', async () => {
    const { library: checked, diagnostics } = await library(
      '# T\n\nA <b>claim</b>, www.gov.wales, https://gov.wales/x and help@example.org.\n\n![Diagram](diagram.png)\n\n<!-- note -->\n\n[^1]: Note.\n',
    );
    const template = checked.templates[0]!;
    const image = template.images[0]!;
    expect(image.href).toMatch(/^diagram-[0-9a-f]{10}\.png$/);
    expect(applyEdits(template.body, template.edits)).toBe(
      `# T\n\nA \\<b>claim\\</b>, [www.gov.wales](http://www.gov.wales), <https://gov.wales/x> and <help@example.org>.\n\n![Diagram](${image.href})\n\n\\<!-- note -->\n\n\\[^1]: Note.\n`,
    );
    expect(diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '6:3 UNSUPPORTED_MARKDOWN raw HTML (<b>) is shown as text in every format (and 1 more in this file)',
      '10:1 UNSUPPORTED_MARKDOWN an HTML comment is shown as text in every format',
      '12:1 UNSUPPORTED_MARKDOWN footnotes are not supported: [^1] and its note are shown as written',
    ]);
  });

  test('an edited body reads in a CommonMark and GFM reader as the documents show it, and passes markdownlint', async () => {
    const { library: checked } = await library(
      '# T\n\nA <b>claim</b> www.gov.wales.\n\n<div>\nx\n</div>\n\n| A | B |\n| - | - |\n| <br> | https://x.org |\n',
    );
    const template = checked.templates[0]!;
    const edited = applyEdits(template.body, template.edits);
    const gfm = new MarkdownIt({ html: true, linkify: false }).render(edited);
    expect(gfm).not.toMatch(/<b>|<div>|<br>/);
    expect(gfm).toContain('&lt;b&gt;claim&lt;/b&gt;');
    expect(gfm).toContain('<a href="http://www.gov.wales">www.gov.wales</a>');
    expect(gfm).toContain('<a href="https://x.org">https://x.org</a>');
    const file = join(tempDir(), 'edited.md');
    writeFiles(join(file, '..'), { 'edited.md': edited });
    const cli = join(REPO, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
    execFileSync(process.execPath, [cli, '--config', join(REPO, '.markdownlint.jsonc'), file], { stdio: 'pipe' });
  });

  test('edits land in the right place when the template is written with decomposed letters', async () => {
    // "ŷ" as "y" and a combining circumflex: the body is rendered in NFC, one character shorter.
    const { library: checked } = await library('# Ty\u0302 Gwyn <b>x</b>\n\n![Ty\u0302](diagram.png)\n');
    const template = checked.templates[0]!;
    expect(applyEdits(template.body, template.edits)).toBe(`# Tŷ Gwyn \\<b>x\\</b>\n\n![Tŷ](${template.images[0]!.href})\n`);
  });
});

test('a value ending in a backslash cannot hide the "|" after it in a table row', () => {
  const value = escapeMarkdown('C:\\');
  const html = new MarkdownIt().render(`| A | B |\n| - | - |\n|${value}|x|\n`);
  expect(html).toContain('<td>C:\\</td>\n<td>x</td>');
  expect(new MarkdownIt().render(value)).toBe('<p>C:\\</p>\n');
});

test('a template image found by parseTemplateText alone has no images read', () => {
  // Only the library load reads files: a parsed text has its Markdown, not its images.
  const parsed = parseTemplateText('---\ntitle: T\n---\n![x](x.png)\n', 't', 't.md');
  expect(parsed.template?.images).toBeUndefined();
});

describe('a template built to make the scan slow', () => {
  // A mustache comment became a line of spaces, and a pattern that could backtrack over it took minutes.
  test.each(
    Object.entries({
      '100,000 spaces and a "<"': `${' '.repeat(100_000)}<`,
      'a line of 50,000 quote markers and a footnote': `${'> '.repeat(50_000)}[^1]: x`,
      '20,000 unclosed images': '![a]('.repeat(20_000),
      '5,000 unclosed links': '[a]('.repeat(5_000),
      'a row of 5,000 cells of raw HTML': `${'| h '.repeat(5_000)}|\n${'| - '.repeat(5_000)}|\n${'| <b> '.repeat(5_000)}|\n`,
      'a paragraph of 20,000 lines, each with a tag': '<b>x</b>\n'.repeat(20_000),
      '30,000 addresses': 'www.a.org a@b.org '.repeat(30_000),
    }),
  )('%s: scanned in seconds', (_name, body) => {
    const started = Date.now();
    scanTemplateMarkdown(body);
    expect(Date.now() - started).toBeLessThan(20_000); // well under a second each here
  });
});
