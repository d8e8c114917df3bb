/**
 * Tables, strikethrough, bare addresses and pictures: the document model, and each writer
 * (HTML, PDF, Word) from it. The whole way through the CLI, with the Markdown file and
 * template images, is test/e2e/tables-images.test.ts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { HtmlValidate } from 'html-validate';
import { parseDocument, renderHtml, type Block } from '../../src/render/formats';
import { renderPdf } from '../../src/render/pdf';
import { renderDocx } from '../../src/render/docx';
import { distributeColumns } from '../../src/render/table-widths';
import { EXAMPLES, tempDir } from '../helpers';
import { expectSoundPdf, hasPoppler } from '../pdf-check';
import { docxHtml, xmlParts } from '../read-docx';

const withPoppler = hasPoppler() ? test : test.skip;

/** Alignment, bold, italic, code, a link, strikethrough and Welsh letters in cells. */
const ABUSE_TABLE = [
  '| Math o gam-drin | Examples | Who to tell |',
  '| :--- | :---: | ---: |',
  '| **Corfforol** | Hitting, *pushing* | [CIW](https://www.careinspectorate.wales) |',
  '| Emosiynol | `threats`, ~~old~~ new | Rheolwr Tŷ Gwyn |',
  '| Ariannol | Dwyn arian — ŵ ŷ Ŵ Ŷ | 01234 567890 |',
].join('\n');

const LOGO = readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png'));
const common = {
  title: 'Tables',
  organisationName: 'Tŷ Gwyn',
  language: 'en' as const,
  images: [
    { href: 'diagram-0123456789.png', mimeType: 'image/png' as const, bytes: LOGO, width: 240, height: 240, kind: 'picture' as const },
  ],
  nextReview: '1 April 2027',
  date: '2026-04-01',
};

function table(document: { blocks: Block[] }): Extract<Block, { type: 'table' }> {
  const found = document.blocks.find((block) => block.type === 'table');
  if (found?.type !== 'table') throw new Error('no table');
  return found;
}

describe('the document model', () => {
  test('reads a pipe table: alignment, a header row, cells of styled text', () => {
    const parsed = table(parseDocument(`# T\n\n${ABUSE_TABLE}\n`));
    expect(parsed.align).toEqual(['left', 'center', 'right']);
    expect(parsed.header.map((cell) => cell.map((inline) => (inline.type === 'text' ? inline.text : '')).join(''))).toEqual([
      'Math o gam-drin',
      'Examples',
      'Who to tell',
    ]);
    expect(parsed.rows).toHaveLength(3);
    expect(parsed.rows[0]![0]).toEqual([{ type: 'text', text: 'Corfforol', style: { bold: true, italic: false, code: false } }]);
    expect(parsed.rows[0]![2]).toEqual([
      { type: 'text', text: 'CIW', style: { bold: false, italic: false, code: false, href: 'https://www.careinspectorate.wales' } },
    ]);
    expect(parsed.rows[1]![1]).toContainEqual({
      type: 'text',
      text: 'old',
      style: { bold: false, italic: false, code: false, strike: true },
    });
  });

  test('keeps an escaped "|" as text in its cell', () => {
    const parsed = table(parseDocument('| A | B |\n| - | - |\n| Smith \\| Sons | x |\n'));
    expect(parsed.rows[0]).toHaveLength(2);
    expect(parsed.rows[0]![0]).toEqual([{ type: 'text', text: 'Smith | Sons', style: { bold: false, italic: false, code: false } }]);
  });

  test('links bare addresses where GitHub does, and nothing in an escaped value', () => {
    const [paragraph] = parseDocument(
      'See https://gov.wales/x, www.careinspectorate.wales, help@example.org, example.org, www\\.a.org, b\\@c.org and ftp://x.org.\n',
    ).blocks;
    const links =
      paragraph?.type === 'paragraph'
        ? paragraph.inlines.flatMap((inline) => (inline.type === 'text' && inline.style.href ? [inline.style.href] : []))
        : [];
    expect(links).toEqual(['https://gov.wales/x', 'http://www.careinspectorate.wales', 'mailto:help@example.org']);
  });

  test('takes a picture out of a line of text, keeping the text either side', () => {
    expect(parseDocument('Before ![A diagram](d.png) after.\n').blocks).toEqual([
      { type: 'paragraph', inlines: [{ type: 'text', text: 'Before', style: { bold: false, italic: false, code: false } }] },
      { type: 'image', src: 'd.png', alt: 'A diagram' },
      { type: 'paragraph', inlines: [{ type: 'text', text: 'after.', style: { bold: false, italic: false, code: false } }] },
    ]);
  });
});

test('columns share the width as their content asks', () => {
  // Everything fits: the extra is shared by how long each column is.
  expect(distributeColumns([10, 10], [30, 90], 240)).toEqual([60, 180]);
  // Some must wrap: each gets its longest word, and the rest by how much more it wants.
  expect(distributeColumns([20, 40], [220, 440], 300)).toEqual([100, 200]);
  // A column that fits in its fair share is not wrapped for the others.
  expect(distributeColumns([20, 40], [120, 440], 260)).toEqual([120, 140]);
  // Not even the longest words fit: narrower in proportion.
  expect(distributeColumns([100, 300], [100, 300], 200)).toEqual([50, 150]);
});

describe('HTML', () => {
  const html = renderHtml(parseDocument(`# T\n\n${ABUSE_TABLE}\n\n![A flow chart](diagram-0123456789.png)\n`), common);

  test('writes a table with a header row of column headers, aligned by class', () => {
    expect(html).toContain(
      '<div class="table">\n<table>\n<thead>\n<tr><th scope="col">Math o gam-drin</th><th scope="col" class="centre">Examples</th><th scope="col" class="right">Who to tell</th></tr>\n</thead>\n<tbody>\n',
    );
    expect(html).toContain(
      '<tr><td><strong>Corfforol</strong></td><td class="centre">Hitting, <em>pushing</em></td><td class="right"><a href="https://www.careinspectorate.wales">CIW</a></td></tr>',
    );
    expect(html).toContain('<code>threats</code>, <s>old</s> new');
  });

  test('scrolls a wide table sideways on a phone, repeats its header in print, and shows a picture no wider than the text', () => {
    expect(html).toContain('.table { margin: 0.9rem 0; overflow-x: auto; }');
    expect(html).toContain('thead { display: table-header-group; }');
    expect(html).toContain('<p class="picture"><img src="data:image/png;base64,');
    expect(html).toContain('.picture img { display: block; max-width: 100%; height: auto; }');
  });

  test('is valid and accessible by html-validate, with its accessibility rules', async () => {
    const validator = new HtmlValidate({ extends: ['html-validate:recommended', 'html-validate:a11y'], rules: { 'long-title': 'off' } });
    const report = await validator.validateString(html);
    expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
  });

  test('adds no table or picture style to a page without them', () => {
    const plain = renderHtml(parseDocument('# T\n\nText.\n'), { ...common, images: [] });
    expect(plain).not.toContain('.table');
    expect(plain).not.toContain('.picture');
  });
});

/** The PDF as pdftohtml reads it: each run of text with its page, position and whether it is bold. */
function pdfRuns(pdf: Buffer): Array<{ page: number; top: number; left: number; width: number; bold: boolean; text: string }> {
  const file = join(tempDir(), 'table.pdf');
  writeFileSync(file, pdf);
  const xml = execFileSync('pdftohtml', ['-xml', '-i', '-stdout', file], { encoding: 'utf8' });
  const runs: Array<{ page: number; top: number; left: number; width: number; bold: boolean; text: string }> = [];
  let page = 0;
  for (const line of xml.split('\n')) {
    const pageMatch = /^<page number="(\d+)"/.exec(line);
    if (pageMatch) page = Number(pageMatch[1]);
    const text = /^<text top="(\d+)" left="(\d+)" width="(\d+)" height="\d+" font="\d+">(.*)<\/text>$/.exec(line);
    if (!text) continue;
    const inner = text[4]!;
    runs.push({
      page,
      top: Number(text[1]),
      left: Number(text[2]),
      width: Number(text[3]),
      bold: /^<b>.*<\/b>$/.test(inner),
      text: inner
        .replace(/<[^>]+>/g, '')
        .replace(/&amp;/g, '&')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&#34;/g, '"'),
    });
  }
  return runs;
}

function pdfText(pdf: Buffer, ...args: string[]): string {
  const file = join(tempDir(), 'table.pdf');
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', ...args, file, '-'], { encoding: 'utf8' });
}

describe('PDF', () => {
  const sixty = [
    '| # | Item | Note |',
    '| ---: | --- | --- |',
    ...Array.from({ length: 60 }, (_, i) => `| ${i + 1} | Row ${i + 1} **bold** ŵ ŷ | [link ${i + 1}](https://example.org/${i + 1}) |`),
  ].join('\n');

  let abuse: Buffer;
  let long: Buffer;
  beforeAll(async () => {
    abuse = await renderPdf(parseDocument(`# T\n\n${ABUSE_TABLE}\n\nAfter.\n`), common);
    long = await renderPdf(parseDocument(`# Long\n\nBefore.\n\n${sixty}\n\nAfter the table.\n`), common);
  });

  test('is sound by qpdf and poppler', () => {
    expectSoundPdf(abuse);
    expectSoundPdf(long);
  });

  withPoppler('reads back cell by cell, in row order, Welsh letters intact', () => {
    const words = pdfText(abuse)
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const cells = [
      'Math o gam-drin',
      'Examples',
      'Who to tell',
      'Corfforol',
      'Hitting, pushing',
      'CIW',
      'Emosiynol',
      'threats, old new',
      'Rheolwr Tŷ Gwyn',
      'Ariannol',
      'Dwyn arian — ŵ ŷ Ŵ Ŷ',
      '01234 567890',
    ];
    const at = cells.map((cell) => words.indexOf(cell));
    expect(at.every((index) => index >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
  });

  withPoppler('sets the header and bold runs in bold, aligns each column as its Markdown says', () => {
    const runs = pdfRuns(abuse);
    const run = (text: string) => runs.find((r) => r.text === text)!;
    expect(['Math o gam-drin', 'Examples', 'Who to tell', 'Corfforol'].map((text) => run(text).bold)).toEqual([true, true, true, true]);
    expect(run('Emosiynol').bold).toBe(false);
    // Left: the cells start together. Right: they end together. Centre: their middles meet.
    expect(run('Corfforol').left).toBe(run('Emosiynol').left);
    const right = (text: string) => run(text).left + run(text).width;
    expect(Math.abs(right('01234 567890') - right('Rheolwr Tŷ Gwyn'))).toBeLessThanOrEqual(2);
    const middle = (text: string) => run(text).left + run(text).width / 2;
    expect(Math.abs(middle('Examples') - middle('Dwyn arian — ŵ ŷ Ŵ Ŷ'))).toBeLessThanOrEqual(2);
  });

  withPoppler('is tagged as a table: Table, TR, TH scoped to its column, TD, and a Link in a cell', () => {
    const file = join(tempDir(), 'abuse.pdf');
    writeFileSync(file, abuse);
    const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
    expect(tree).toContain('  Table (block)\n    TR\n      TH:\n         /Scope /Column\n');
    expect(tree.match(/^ {4}TR$/gm)).toHaveLength(4);
    expect(tree.match(/^ {6}TD$/gm)).toHaveLength(9);
    expect(tree).toMatch(/ {6}TD\n {8}Link \(inline\)/);
  });

  withPoppler('runs a 60-row table over pages with its header row at the top of each, every row whole and in order', () => {
    const pages = pdfText(long)
      .split('\f')
      .filter((page) => page.includes('Row '));
    expect(pages.length).toBeGreaterThan(1);
    for (const [index, page] of pages.entries()) {
      const lines = page
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean);
      // The running header (home and title) from page 2, then the table's own header row.
      const header = lines.indexOf('#');
      expect({ page: index + 1, header: lines.slice(header, header + 3) }).toEqual({ page: index + 1, header: ['#', 'Item', 'Note'] });
    }
    const numbers = pdfRuns(long).flatMap((run) => [...run.text.matchAll(/Row (\d+)/g)].map((match) => Number(match[1])));
    expect(numbers).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    // The header is text for the eye on later pages, and a screen reader reads it once.
    const file = join(tempDir(), 'long.pdf');
    writeFileSync(file, long);
    const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
    expect(tree.match(/TH:/g)).toHaveLength(3);
    expect(tree.match(/^ {4}TR$/gm)).toHaveLength(61);
  });

  withPoppler('never splits a row between pages unless it is taller than a page', async () => {
    const tall = (i: number) => `Start ${i} ${'word '.repeat(60)} End ${i}`;
    const markdown = `# T\n\n| A | B |\n| - | - |\n${Array.from({ length: 30 }, (_, i) => `| ${i} | ${tall(i)} |`).join('\n')}\n`;
    const pages = pdfText(await renderPdf(parseDocument(markdown), common)).split('\f');
    for (let i = 0; i < 30; i++) {
      const start = pages.findIndex((page) => page.includes(`Start ${i} `));
      expect({ row: i, end: pages.findIndex((page) => page.includes(`End ${i}`)) }).toEqual({ row: i, end: start });
    }
    // A row of 200 lines cannot be kept whole: it runs on, under the repeated header, and nothing is lost.
    const huge = `# T\n\n| A | B |\n| - | - |\n| x | ${'wrap '.repeat(3000)} Last |\n`;
    const hugePdf = await renderPdf(parseDocument(huge), common);
    expectSoundPdf(hugePdf);
    const hugePages = pdfText(hugePdf)
      .split('\f')
      .filter((page) => page.trim() !== '');
    expect(hugePages.length).toBeGreaterThan(1);
    expect(hugePages.join('')).toContain('Last');
    // The header row starts the table, and again each page it runs onto.
    for (const page of hugePages.filter((page) => page.includes('wrap'))) expect(page).toMatch(/^A$/m);
    expect(hugePages[0]).toContain('wrap');
  });

  withPoppler(
    'keeps a heading with the table after it',
    async () => {
      for (let lines = 26; lines <= 34; lines++) {
        const filler = Array.from({ length: lines }, (_, i) => `Filler ${i}.`).join('\n\n');
        const pdf = await renderPdf(parseDocument(`# Title\n\n${filler}\n\n## Kept Heading\n\n${ABUSE_TABLE}\n`), common);
        const pages = pdfText(pdf).split('\f');
        expect({ lines, heading: pages.findIndex((page) => page.includes('Kept Heading')) }).toEqual({
          lines,
          heading: pages.findIndex((page) => page.includes('Corfforol')),
        });
      }
    },
    60_000,
  );

  test.each(
    Object.entries({
      'a table with only a header row': '| A | B |\n| - | - |\n',
      'empty cells and missing cells': '| A | B | C |\n| - | - | - |\n|  | x |\n| y |  |  |\n',
      'thirty columns': `${'| c '.repeat(30)}|\n${'| - '.repeat(30)}|\n${'| wide text '.repeat(30)}|\n`,
      'a word far wider than its cell': `| A | B |\n| - | - |\n| ${'Llanfairpwllgwyngyll'.repeat(20)} | https://example.org/${'x'.repeat(300)} |\n`,
      'a table in a list and in a quote': '- item\n\n  | A | B |\n  | - | - |\n  | 1 | 2 |\n\n> | A | B |\n> | - | - |\n> | 1 | 2 |\n',
      'a table in the letterhead': '| A | B |\n| - | - |\n| 1 | 2 |\n\n# T\n',
    }),
  )('lays out %s', async (_name, markdown) => {
    expectSoundPdf(await renderPdf(parseDocument(`${markdown}\n\nAfter.\n`), common));
  });

  withPoppler('draws a picture from the template library as a tagged figure within the text width', async () => {
    const pdf = await renderPdf(parseDocument('# T\n\n![A flow chart](diagram-0123456789.png)\n\n![](diagram-0123456789.png)\n'), common);
    expectSoundPdf(pdf);
    const file = join(tempDir(), 'picture.pdf');
    writeFileSync(file, pdf);
    const tree = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8' });
    // The one with a description is a Figure; the one without is decoration.
    expect(tree.match(/Figure/g)).toHaveLength(1);
    // Drawn twice, embedded once: both drawings are the same object.
    const drawn = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line))
      .map((line) => line.trim().split(/\s+/).slice(10, 12).join(' '));
    expect(drawn).toHaveLength(2);
    expect(drawn[0]).toBe(drawn[1]);
  });
});

describe('Word', () => {
  const docx = renderDocx(parseDocument(`# T\n\n${ABUSE_TABLE}\n\n- In a list:\n\n  | A | B |\n  | - | - |\n  | 1 | 2 |\n`), common);
  const document = xmlParts(docx).get('word/document.xml')!;

  test('is a real Word table that mammoth reads back, header, bold, links and Welsh letters included', async () => {
    const html = await docxHtml(docx);
    expect(html).toContain(
      '<table><thead><tr><th><p><strong>Math o gam-drin</strong></p></th><th><p><strong>Examples</strong></p></th><th><p><strong>Who to tell</strong></p></th></tr></thead>',
    );
    expect(html).toContain('<td><p><strong>Corfforol</strong></p></td>');
    expect(html).toContain('<a href="https://www.careinspectorate.wales">CIW</a>');
    expect(html).toContain('<s>old</s>');
    expect(html).toContain('Dwyn arian — ŵ ŷ Ŵ Ŷ');
  });

  test('repeats the header row on each page, keeps rows whole, aligns columns and draws thin borders in the rule colour', () => {
    const firstRow = /<w:tr>.*?<\/w:tr>/.exec(document)![0];
    expect(firstRow).toContain('<w:tblHeader/>');
    expect(firstRow).toContain('<w:cantSplit/>');
    expect(firstRow).toMatch(/<w:shd w:fill="eef3f1"/);
    expect(document.match(/<w:cantSplit\/>/g)).toHaveLength(4 + 2);
    expect(document).toContain('<w:jc w:val="center"/>');
    expect(document).toContain('<w:jc w:val="right"/>');
    expect(document).toMatch(/<w:tblBorders><w:top w:val="single" w:color="c9d3cf" w:sz="6"\/>/);
    expect(document).toContain('<w:tblLayout w:type="fixed"/>');
  });

  test('moves a table in a list in with the list, and tags its runs with the language', () => {
    const tables = [...document.matchAll(/<w:tblPr>.*?<\/w:tblPr>/g)].map((match) => match[0]);
    expect(tables).toHaveLength(2);
    expect(tables[0]).not.toContain('<w:tblInd');
    expect(tables[1]).toContain('<w:tblInd w:type="dxa" w:w="360"/>');
    const cellRuns = [...document.matchAll(/<w:tc>.*?<\/w:tc>/g)].flatMap((cell) =>
      [...cell[0].matchAll(/<w:r>.*?<\/w:r>/g)].map((run) => run[0]),
    );
    expect(cellRuns.length).toBeGreaterThan(10);
    for (const run of cellRuns) expect(run).toContain('<w:lang w:val="en-GB"/>');
  });

  test('embeds a picture at its size, within the text width', async () => {
    const bytes = renderDocx(parseDocument('# T\n\n![A flow chart](diagram-0123456789.png)\n'), common);
    expect(await docxHtml(bytes)).toMatch(/<img alt="A flow chart" src="data:image\/png;base64,/);
    // 240 pixels at 96 to the inch, as HTML shows it: 240 × 9525 EMU.
    expect(xmlParts(bytes).get('word/document.xml')).toContain('<wp:extent cx="2286000" cy="2286000"/>');
  });
});
