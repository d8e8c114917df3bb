import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDocument } from '../../src/render/formats';
import { renderPdf } from '../../src/render/pdf';
import { REPO, tempDir, TINY_PNG } from '../helpers';
import { expectSoundPdf, hasPoppler, hasQpdf, pdfProblems } from '../pdf-check';

const options = {
  title: 'Test Policy',
  organisationName: 'Tŷ Gwyn',
  language: 'en' as const,
  images: [{ href: 'logo.png', mimeType: 'image/png' as const, bytes: TINY_PNG, width: 1, height: 1 }],
  nextReview: '1 April 2027',
  date: '2026-04-01',
};

/** The PDF writer must cope with any shape a custom template can give it. */
const shapes: Record<string, string> = {
  'only a logo before the title': '![Tŷ Gwyn logo](logo.png)\n\n# Visiting Policy\n\nText.\n',
  'no letterhead at all': '# Title\n\n## Section\n\nText.\n',
  'no headings at all': 'Just a paragraph.\n',
  'an empty document': '',
  'an image nobody embedded': '![missing](other.png)\n\n# Title\n',
  'every inline style, a link and a hard break':
    '# T\n\n**bold** *italic* ***both*** `code` [link](https://example.org)  \nafter a break\n',
  'ordered lists of 10 and 100 items': `# T\n\n${Array.from({ length: 120 }, (_, i) => `${i + 1}. item ${i + 1}`).join('\n')}\n`,
  'a very long organisation name and title in the header': '# T\n\n' + 'text '.repeat(900),
  'ordered lists, deep nesting, quotes, code and rules':
    '# T\n\n3. three\n4. four\n   - a\n     - b\n       - c\n\n> quoted\n\n    code\n\n---\n\n###### six\n',
  'many pages': `# Long\n\n${Array.from({ length: 120 }, (_, i) => `## Heading ${i}\n\n- item ${'word '.repeat(40)}\n  - nested ${'word '.repeat(30)}`).join('\n\n')}\n`,
};

describe('the PDF writer', () => {
  test.each(Object.entries(shapes))('lays out %s', async (_name, markdown) => {
    const pdf = await renderPdf(parseDocument(markdown), options);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
    expectSoundPdf(pdf);
  });

  // The check itself must be able to fail: poppler reads this file (it repairs the table
  // quietly), so only qpdf and poppler's stderr can tell.
  (hasQpdf() ? test : test.skip)('the structure check catches a cross-reference table that points at the wrong bytes', async () => {
    const pdf = (await renderPdf(parseDocument('# T\n\nText.\n'), options)).toString('latin1');
    const broken = pdf.replace(
      /^(\d{10}) 00000 n $/m,
      (_line, offset: string) => `${String(Number(offset) + 7).padStart(10, '0')} 00000 n `,
    );
    expect(broken).not.toBe(pdf);
    expect(pdfProblems(Buffer.from(broken, 'latin1'))).toContainEqual(expect.stringMatching(/^qpdf --check \(exit [23]\)/));
  });

  test('breaks a long document across pages', async () => {
    const pdf = (await renderPdf(parseDocument(shapes['many pages']!), options)).toString('latin1');
    expect(pdf.match(/\/Type \/Page$/gm)?.length).toBeGreaterThan(10);
  });
});

describe('PDFs built one after another in a process', () => {
  const withPoppler = hasPoppler() ? test : test.skip;
  const text = (pdf: Buffer) => {
    const file = join(tempDir(), 'x.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
  };

  // Subsetting "Tŵr" makes a glyph for the bare "w" inside "ŵ", with no letter attached.
  // A document built after it in the same process must still say "Framework".
  withPoppler('keep every letter in the text layer, whatever was built before', async () => {
    await renderPdf(parseDocument('# **Tŵr Ŵyn** ŵ ŷ\n\n**ŵŷ**\n'), options);
    const after = await renderPdf(parseDocument('# Framework\n\n**Framework Awareness Review**\n'), options);
    expect(text(after)).toContain('Framework Awareness Review');
  });

  // "ﬃ" and "ﬁ" typed as single characters (pasted from a PDF into a home's name) share
  // their glyphs with the letters "ffi" and "fi": a later PDF must still read "office".
  withPoppler('read ligatures as their letters, whatever was built before', async () => {
    const body = 'confidentiality, office, affluent, baffle, flow\n\n**Official** *first*\n';
    await renderPdf(parseDocument(`# Oﬃce ﬁrst ﬀ ﬂ ﬄ\n\n**Oﬃce** *ﬁrst* ﬀ ﬂ ﬄ\n\n# Official\n\n${body}`), options);
    const after = await renderPdf(parseDocument(`# Official\n\n${body}`), options);
    const extracted = text(after);
    expect(extracted).toContain('Official');
    expect(extracted).toContain('confidentiality, office, affluent, baffle, flow');
    expect(extracted).toContain('first');
  });

  test('are byte-identical to the same PDF built alone in a fresh process', async () => {
    const markdown = '# **Framework** Tŷ\n\n**Awareness** and *review* of ŵ in the office, *first*.\n';
    await renderPdf(parseDocument('# **Tŵr Ŵyn** ŵ ŷ ẅ ẃ Oﬃce\n\n*ŵŷ* **ŵŷ** ***ŵ*** *ﬁrst*\n'), options);
    const inBatch = await renderPdf(parseDocument(markdown), options);
    const script = `
      const { parseDocument } = require(${JSON.stringify(join(REPO, 'dist', 'render', 'formats'))});
      const { renderPdf } = require(${JSON.stringify(join(REPO, 'dist', 'render', 'pdf'))});
      const options = JSON.parse(process.argv[1]);
      options.images = [];
      renderPdf(parseDocument(${JSON.stringify(markdown)}), options).then((pdf) => process.stdout.write(pdf.toString('base64')));`;
    const alone = Buffer.from(execFileSync(process.execPath, ['-e', script, JSON.stringify(options)], { encoding: 'utf8' }), 'base64');
    const batchWithoutImages = await renderPdf(parseDocument(markdown), { ...options, images: [] });
    expect(batchWithoutImages.equals(alone)).toBe(true);
    expect(inBatch.length).toBeGreaterThan(0);
  });
});

describe('links', () => {
  // PDF/UA: a link annotation carries a description that assistive technology can list.
  test('each link annotation is described by its text', async () => {
    const pdf = (
      await renderPdf(parseDocument('# T\n\nRead the [CIW guidance](https://www.careinspectorate.wales) today.\n'), options)
    ).toString('latin1');
    const annotations = (pdf.match(/\d+ 0 obj\n<<[^>]*?>>/g) ?? []).filter((object) => object.includes('/Type /Annot'));
    expect(annotations).toHaveLength(1);
    expect(annotations[0]).toContain('/Contents (CIW guidance)');
    expect(annotations[0]).toContain('/Subtype /Link');
  });
});

describe('metadata', () => {
  test('title and organisation are escaped in the XMP metadata', async () => {
    const pdf = await renderPdf(parseDocument('# T\n'), {
      ...options,
      title: 'Health & Safety <Policy>',
      organisationName: 'Smith & Sons <Care>',
    });
    const xmp = /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(pdf.toString('latin1'))?.[0] ?? '';
    expect(xmp).toContain('Health &#38; Safety &#60;Policy&#62;');
    expect(xmp).toContain('Smith &#38; Sons &#60;Care&#62;');
    expect(xmp).not.toMatch(/Health & Safety|<Policy>|<Care>/);
  });
});

describe('the running header', () => {
  // Cutting the name to fit used to measure the whole remaining text once per character
  // cut: 2,000 characters took 9 s, 10,000 ran out of memory. Now it measures a few
  // prefixes, each at most twice as long as what fits.
  test.each([
    ['one 10,000-character word', 'Ŵ'.repeat(10_000)],
    ['10,000 characters of words', 'Cartref Gofal Tŷ Gwyn Llanfair '.repeat(400).slice(0, 10_000)],
  ])(
    'fits %s quickly, cut with an ellipsis',
    async (_name, name) => {
      const markdown = `# Title\n\n${'A paragraph of ordinary words. '.repeat(400)}\n`;
      const started = Date.now();
      const pdf = await renderPdf(parseDocument(markdown), { ...options, organisationName: name, title: name });
      expect(Date.now() - started).toBeLessThan(30_000); // about 0.5 s here; the old cut never finished
      expectSoundPdf(pdf);
      if (!hasPoppler()) return;
      const file = join(tempDir(), 'long.pdf');
      writeFileSync(file, pdf);
      const pageTwo = execFileSync('pdftotext', ['-f', '2', '-l', '2', '-enc', 'UTF-8', file, '-'], { encoding: 'utf8' });
      const header = pageTwo.split('\n')[0]!;
      expect(header).toMatch(/…/);
      const shown = header.split('…')[0]!;
      expect(shown.length).toBeGreaterThan(10);
      expect(name.startsWith(shown.trimEnd())).toBe(true);
    },
    60_000,
  );
});

describe('a heading', () => {
  const three = 'Marker words that run on and on across the width of the page, ' + 'filling it up with more and more words '.repeat(4);
  const following: Record<string, string> = {
    'a three-line paragraph': `${three}\n`,
    'a long paragraph': `${three.repeat(3)}\n`,
    'a list': `- ${three}\n- Second item\n`,
    'a list that opens with a sub-list': `- Marker staff must not:\n  - ${three}\n`,
    'a quote': `> ${three}\n`,
    'a code block': `    Marker code line one\n    line two\n    line three\n`,
    'another heading and a paragraph': `### Marker subheading\n\n${three}\n`,
  };
  const pages = (pdf: Buffer) => {
    const file = join(tempDir(), 'heading.pdf');
    writeFileSync(file, pdf);
    return execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }).split('\f');
  };

  // Filler moves the heading down a page in steps of a line or so, through the foot of the page.
  (hasPoppler() ? test.each(Object.entries(following)) : test.skip.each(Object.entries(following)))(
    'stays on the page where %s starts, wherever the page ends',
    async (_name, block) => {
      for (let lines = 20; lines <= 34; lines++) {
        const filler = Array.from({ length: lines }, (_, i) => `Filler ${i}.`).join('\n\n');
        const pdf = await renderPdf(parseDocument(`# Title\n\n${filler}\n\n## Kept Heading\n\n${block}`), { ...options, images: [] });
        const text = pages(pdf);
        const headingPage = text.findIndex((page) => page.includes('Kept Heading'));
        const blockPage = text.findIndex((page) => page.includes('Marker'));
        expect({ lines, headingPage }).toEqual({ lines, headingPage: blockPage });
      }
    },
    60_000,
  );
});
