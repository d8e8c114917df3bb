import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseDocument } from '../../src/render/formats';
import { renderDocx, type DocxOptions } from '../../src/render/docx';
import { REPO, TINY_PNG } from '../helpers';
import { docxHtml, runsOf, unzipDocx, xmlParts, zipEntryTimes } from '../read-docx';

const options: DocxOptions = {
  title: 'Test Policy',
  organisationName: 'Tŷ Gwyn',
  language: 'en',
  images: [{ href: 'logo.png', mimeType: 'image/png', bytes: TINY_PNG, width: 1, height: 1 }],
  nextReview: '1 April 2027',
  date: '2026-04-01',
};

const render = (markdown: string, overrides: Partial<DocxOptions> = {}) =>
  renderDocx(parseDocument(markdown), { ...options, ...overrides });

const LETTERHEAD = '![Tŷ Gwyn logo](logo.png)\n\nTŷ Gwyn\n\nRegistration Number: W0012345\n\n';

/** The Word writer must cope with any shape a custom template can give it. */
const shapes: Record<string, string> = {
  'only a logo before the title': '![Tŷ Gwyn logo](logo.png)\n\n# Visiting Policy\n\nText.\n',
  'no letterhead at all': '# Title\n\n## Section\n\nText.\n',
  'no headings at all': 'Just a paragraph.\n',
  'an empty document': '',
  'an image nobody embedded': '![missing](other.png)\n\n# Title\n',
  'every inline style, a link and a hard break':
    '# T\n\n**bold** *italic* ***both*** `code` [link](https://example.org/?a=1&b=2)  \nafter a break\n',
  'ordered lists of 10 and 100 items': `# T\n\n${Array.from({ length: 120 }, (_, i) => `${i + 1}. item ${i + 1}`).join('\n')}\n`,
  'ordered lists, deep nesting, quotes, code and rules':
    '# T\n\n3. three\n4. four\n   - a\n     - b\n       - c\n         - d\n           - e\n             - f\n               - g\n                 - h\n                   - i\n                     - j\n\n> quoted\n>\n> - in a quote\n\n    code\n\twith a tab\n\n---\n\n###### six\n',
  'a list item that starts with a list, and a loose list': '# T\n\n- - inner\n\n- one\n\n  two\n\n- three\n',
  'a list in the letterhead': '- a\n- b\n\n# T\n',
};

describe('the Word writer', () => {
  test.each(Object.entries(shapes))('writes well-formed parts for %s', (_name, markdown) => {
    const parts = xmlParts(render(markdown));
    for (const path of [
      '[Content_Types].xml',
      '_rels/.rels',
      'word/document.xml',
      'word/styles.xml',
      'word/numbering.xml',
      'docProps/core.xml',
    ]) {
      expect(parts.has(path)).toBe(true);
    }
  });

  test('names Noto Sans, A4 and the PDF margins, with the first page free of the running header', () => {
    const parts = xmlParts(render(`${LETTERHEAD}# T\n`));
    expect(parts.get('word/styles.xml')).toMatch(
      /<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Noto Sans"[^>]*w:hAnsi="Noto Sans"/,
    );
    const document = parts.get('word/document.xml')!;
    expect(document).toContain('<w:pgSz w:w="11906" w:h="16838" w:orient="portrait"/>');
    expect(document).toContain('<w:pgMar w:top="1560" w:right="1280" w:bottom="1480" w:left="1280"');
    expect(document).toContain('<w:titlePg/>');
    expect(document).toMatch(/<w:headerReference w:type="first" r:id="rId\d+"\/>/);
  });

  test('has no first-page header of its own when there is no letterhead', () => {
    const document = xmlParts(render('# T\n')).get('word/document.xml')!;
    expect(document).not.toContain('<w:titlePg/>');
    expect(document).not.toContain('w:type="first"');
  });

  test('gives Heading 1-6 outline levels and the PDF colours, and uses them for headings', () => {
    const parts = xmlParts(render('# One\n\n## Two\n\n### Three\n\n#### Four\n'));
    const styles = parts.get('word/styles.xml')!;
    const style = (id: string) => new RegExp(`<w:style w:type="paragraph" w:styleId="${id}">.*?</w:style>`).exec(styles)?.[0] ?? '';
    expect(style('Heading1')).toContain('<w:outlineLvl w:val="0"/>');
    expect(style('Heading1')).toContain('<w:color w:val="1d2421"/>');
    expect(style('Heading2')).toContain('<w:outlineLvl w:val="1"/>');
    expect(style('Heading2')).toContain('<w:color w:val="1f5f4a"/>');
    expect(style('Heading3')).toContain('<w:outlineLvl w:val="2"/>');
    expect(style('Heading4')).toContain('<w:outlineLvl w:val="3"/>');
    const document = parts.get('word/document.xml')!;
    for (const level of [1, 2, 3, 4]) expect(document).toContain(`<w:pStyle w:val="Heading${level}"/>`);
  });

  test('puts the logo in word/media with its alt text, the letterhead over an accent rule', async () => {
    const bytes = render(`${LETTERHEAD}# T\n`);
    const files = unzipDocx(bytes);
    expect(Buffer.from(files.get('word/media/image1.png')!).equals(TINY_PNG)).toBe(true);
    const document = xmlParts(bytes).get('word/document.xml')!;
    expect(document).toMatch(/<wp:docPr id="1" name="Tŷ Gwyn logo" descr="Tŷ Gwyn logo"/);
    expect(document).toContain('<w:pStyle w:val="LetterheadName"/>');
    expect(document).toMatch(/<w:pBdr><w:bottom w:val="single" w:color="1f5f4a" w:sz="12"/);
    expect(await docxHtml(bytes)).toMatch(
      /^<p><img alt="Tŷ Gwyn logo" src="data:image\/png;base64,[^"]+" \/><\/p><p>Tŷ Gwyn<\/p><p>Registration Number: W0012345<\/p><h1>T<\/h1>$/,
    );
  });

  test('makes real nested lists that mammoth reads back', async () => {
    const html = await docxHtml(render('# T\n\n- one\n  - one a\n    - one a i\n- two\n\n1. first\n2. second\n   1. second a\n'));
    expect(html).toContain('<ul><li>one<ul><li>one a<ul><li>one a i</li></ul></li></ul></li><li>two</li></ul>');
    expect(html).toContain('<ol><li>first</li><li>second<ol><li>second a</li></ol></li></ol>');
  });

  test('starts each numbered list at its own first number', () => {
    const parts = xmlParts(render('# T\n\n3. three\n4. four\n\nBetween.\n\n1. one\n2. two\n\nAgain.\n\n1. one again\n'));
    const document = parts.get('word/document.xml')!;
    const numIds = [...document.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(numIds).toHaveLength(5);
    const [a, b, c, d, e] = numIds;
    expect(a).toBe(b);
    expect(c).toBe(d);
    expect(new Set([a, c, e]).size).toBe(3);
    const numbering = parts.get('word/numbering.xml')!;
    const startOf = (numId: string) =>
      new RegExp(`<w:num w:numId="${numId}">.*?<w:lvlOverride w:ilvl="0"><w:startOverride w:val="(\\d+)"/>`).exec(numbering)?.[1];
    expect([startOf(a!), startOf(c!), startOf(e!)]).toEqual(['3', '1', '1']);
  });

  test('numbers each nesting depth at its own Word level', () => {
    const document = xmlParts(render('# T\n\n- a\n  - b\n    1. c\n')).get('word/document.xml')!;
    expect([...document.matchAll(/<w:ilvl w:val="(\d)"\/>/g)].map((m) => m[1])).toEqual(['0', '1', '2']);
  });

  test('makes links hyperlinks and keeps bold, italic and code as run formatting', async () => {
    const bytes = render(
      '# T\n\nSee **the [CIW guidance](https://www.careinspectorate.wales/?a=1&b=2)** and *this* `code`. [Mail](mailto:a@b.cymru)\n',
    );
    const html = await docxHtml(bytes);
    expect(html).toContain(
      'See <strong>the </strong><a href="https://www.careinspectorate.wales/?a=1&amp;b=2"><strong>CIW guidance</strong></a>',
    );
    expect(html).toContain('<em>this</em>');
    expect(html).toContain('<a href="mailto:a@b.cymru">Mail</a>');
    const parts = xmlParts(bytes);
    expect(parts.get('word/_rels/document.xml.rels')).toContain(
      'Id="rIdL1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://www.careinspectorate.wales/?a=1&amp;b=2" TargetMode="External"',
    );
    const document = parts.get('word/document.xml')!;
    expect(document).toContain('<w:hyperlink w:history="1" r:id="rIdL1">');
    expect(document).toContain('<w:hyperlink w:history="1" r:id="rIdL2">');
    expect(document).toMatch(/<w:rFonts w:ascii="Courier New"[^>]*\/>.*code<\/w:t>/);
  });

  test('shows only safe links as links: other schemes stay text', async () => {
    const html = await docxHtml(render('# T\n\n[run me](javascript:alert(1)) [file](file:///etc/passwd) [ok](tel:+441234)\n'));
    expect(html).toContain('[run me](javascript:alert(1)) [file](file:///etc/passwd)');
    expect(html).not.toMatch(/href="(javascript|file):/);
    expect(html).toContain('<a href="tel:+441234">ok</a>');
  });

  test('shows a link to a heading as its text: Word would open it as a web address', async () => {
    const bytes = render('# T\n\n## Scope\n\nSee [the scope](#scope).\n');
    expect(await docxHtml(bytes)).toContain('<p>See the scope.</p>');
    expect(xmlParts(bytes).get('word/_rels/document.xml.rels')).not.toContain('hyperlink');
  });

  test('tags every run with the document language', () => {
    for (const [language, tag] of [
      ['cy', 'cy-GB'],
      ['en', 'en-GB'],
    ] as const) {
      const parts = xmlParts(render(`${LETTERHEAD}# T\n\n- **a** [b](https://example.org)\n\n> q\n\n    code\n`, { language }));
      expect(parts.get('word/styles.xml')).toContain(`<w:rPrDefault><w:rPr>`);
      expect(parts.get('word/styles.xml')).toMatch(new RegExp(`<w:rPrDefault><w:rPr>.*<w:lang w:val="${tag}"/></w:rPr></w:rPrDefault>`));
      for (const [path, xml] of parts) {
        if (!/^word\/(document|header\d|footer\d)\.xml$/.test(path)) continue;
        for (const run of runsOf(xml)) expect(run).toMatch(new RegExp(`^<w:r><w:rPr>(?:(?!</w:rPr>).)*<w:lang w:val="${tag}"/></w:rPr>`));
      }
      expect(runsOf(parts.get('word/document.xml')!).length).toBeGreaterThan(5);
    }
  });

  test('writes the running header and a footer with PAGE and NUMPAGES fields, in Welsh for cy', () => {
    const parts = xmlParts(render(`${LETTERHEAD}# T\n`, { language: 'cy', nextReview: '1 Ebrill 2027' }));
    const relsOf = (type: string) =>
      [...parts.get('word/document.xml')!.matchAll(new RegExp(`<w:${type}Reference w:type="(\\w+)" r:id="(rId\\d+)"/>`, 'g'))].map((m) => [
        m[1],
        m[2],
      ]);
    const rels = parts.get('word/_rels/document.xml.rels')!;
    const target = (id: string) => new RegExp(`Id="${id}" [^>]*Target="([^"]+)"`).exec(rels)![1]!;
    const text = (xml: string) => [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:tab\/>/g)].map((m) => m[1] ?? '\t').join('');
    const headers = Object.fromEntries(relsOf('header').map(([type, id]) => [type, parts.get(`word/${target(id!)}`)!]));
    expect(text(headers.default)).toBe('Tŷ Gwyn\tTest Policy');
    expect(text(headers.first)).toBe('');
    const footers = relsOf('footer').map(([, id]) => parts.get(`word/${target(id!)}`)!);
    expect(footers).toHaveLength(2);
    for (const footer of footers) {
      expect(text(footer)).toBe('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027\tTudalen  o ');
      expect(footer).toMatch(
        /Tudalen <\/w:t>.*<w:fldChar w:fldCharType="begin"\/>.*<w:instrText xml:space="preserve">PAGE<\/w:instrText>.*<w:t xml:space="preserve"> o <\/w:t>.*<w:instrText xml:space="preserve">NUMPAGES<\/w:instrText>/,
      );
    }
  });

  test('sets title, subject, author, company and language, dated with the review date', () => {
    const parts = xmlParts(render('# T\n', { language: 'cy' }));
    const core = parts.get('docProps/core.xml')!;
    expect(core).toContain('<dc:title>Test Policy</dc:title>');
    expect(core).toContain('<dc:subject>Test Policy – Tŷ Gwyn</dc:subject>');
    expect(core).toContain('<dc:creator>Tŷ Gwyn</dc:creator>');
    expect(core).toContain('<dc:language>cy-GB</dc:language>');
    expect(core).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-04-01T00:00:00Z</dcterms:created>');
    expect(core).toContain('<dcterms:modified xsi:type="dcterms:W3CDTF">2026-04-01T00:00:00Z</dcterms:modified>');
    expect(parts.get('docProps/app.xml')).toContain('<Company>Tŷ Gwyn</Company>');
  });
});

describe('escaping', () => {
  const HOSTILE = 'Smith & Sons <Care> *x* "quoted" \u0001\u000b\uffff\ud800 ŵŷ';
  const SHOWN = 'Smith & Sons <Care> *x* "quoted"  ŵŷ';

  test('a hostile name is literal text in every part, and every part is well-formed', async () => {
    const markdown = `![${HOSTILE.replace(/[\\[\]*<>&]/g, '\\$&')}](logo.png)\n\n${HOSTILE.replace(/[\\*<>&]/g, '\\$&')}\n\n# T\n`;
    const bytes = render(markdown, { organisationName: HOSTILE, title: `Health & Safety <Policy> ${HOSTILE}` });
    const parts = xmlParts(bytes);
    expect(parts.get('docProps/core.xml')).toContain('<dc:creator>Smith &amp; Sons &lt;Care&gt; *x* &quot;quoted&quot;  ŵŷ</dc:creator>');
    expect(parts.get('docProps/app.xml')).toContain('<Company>Smith &amp; Sons &lt;Care&gt; *x* &quot;quoted&quot;  ŵŷ</Company>');
    const text = (await docxHtml(bytes))
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"');
    expect(text).toContain(`<p>${SHOWN}</p>`);
    expect(text).toContain(`alt="${SHOWN}"`);
    expect(text).not.toContain('<em>');
    const header = [...parts].find(([path, xml]) => path.startsWith('word/header') && xml.includes('Health'))![1];
    expect(header).toContain('Smith &amp; Sons &lt;Care&gt; *x* &quot;quoted&quot;  ŵŷ');
  });
});

describe('identical bytes', () => {
  const markdown = `${LETTERHEAD}# **Framework** Tŷ\n\n[Link](https://example.org) and [another](https://example.com)\n\n1. one\n   - two\n`;

  test('the same document twice gives the same bytes, every zip entry dated 1 January 1980', () => {
    const first = render(markdown);
    const second = render(markdown);
    expect(Buffer.from(first).equals(Buffer.from(second))).toBe(true);
    const times = zipEntryTimes(first);
    expect(times[0]!.name).toBe('[Content_Types].xml');
    expect(times.map((entry) => entry.name).slice(1)).toEqual(
      times
        .map((entry) => entry.name)
        .slice(1)
        .sort(),
    );
    for (const entry of times) expect([entry.date, entry.time]).toEqual([(0 << 9) | (1 << 5) | 1, 0]);
  });

  // The styles, theme, list definitions and zip entries a batch shares must not leak from one document to the next.
  test.each(['cy', 'en'] as const)(
    'a %s document built after others in a process is byte-identical to the same one built alone',
    (language) => {
      for (const other of ['cy', 'en'] as const) render(`${LETTERHEAD}# Other\n\n3. a\n\n- b\n\n[x](https://x.org)\n`, { language: other });
      const inBatch = render(markdown, { images: [], language });
      const script = `
      const { parseDocument } = require(${JSON.stringify(join(REPO, 'dist', 'render', 'formats'))});
      const { renderDocx } = require(${JSON.stringify(join(REPO, 'dist', 'render', 'docx'))});
      const options = JSON.parse(process.argv[1]);
      process.stdout.write(Buffer.from(renderDocx(parseDocument(${JSON.stringify(markdown)}), options)).toString('base64'));`;
      const alone = execFileSync(process.execPath, ['-e', script, JSON.stringify({ ...options, images: [], language })], {
        encoding: 'utf8',
      });
      expect(Buffer.from(inBatch).equals(Buffer.from(alone, 'base64'))).toBe(true);
    },
  );
});

describe('the docx adapter', () => {
  test('stops with a clear error when the docx internals it uses are gone', () => {
    jest.isolateModules(() => {
      const docx = require('docx') as { Packer: { compiler?: unknown } };
      const { renderDocx: isolated } = require('../../src/render/docx') as typeof import('../../src/render/docx');
      delete docx.Packer.compiler;
      expect(() => isolated(parseDocument('# T\n'), options)).toThrow(/^docx has changed: Packer\.compiler\.compile is gone/);
    });
  });
});
