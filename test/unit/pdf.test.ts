import { parseDocument } from '../../src/render';
import { renderPdf } from '../../src/render/pdf';
import { TINY_PNG } from '../helpers';

const options = {
  title: 'Test Policy',
  organisationName: 'Tŷ Gwyn',
  locale: 'en-GB' as const,
  images: [{ href: 'logo.png', mimeType: 'image/png' as const, bytes: TINY_PNG, width: 1, height: 1 }],
  footerText: 'Next Review Date: 1 April 2027',
  date: '2026-04-01',
};

/** The PDF writer must cope with any shape a custom template can give it. */
const shapes: Record<string, string> = {
  'only a logo before the title': '![Tŷ Gwyn logo](logo.png)\n\n# Visiting Policy\n\nText.\n',
  'no letterhead at all': '# Title\n\n## Section\n\nText.\n',
  'no headings at all': 'Just a paragraph.\n',
  'an empty document': '',
  'an image nobody embedded': '![missing](other.png)\n\n# Title\n',
  'every inline style, a link and a hard break': '# T\n\n**bold** *italic* ***both*** `code` [link](https://example.org)  \nafter a break\n',
  'ordered lists, deep nesting, quotes, code and rules': '# T\n\n3. three\n4. four\n   - a\n     - b\n       - c\n\n> quoted\n\n    code\n\n---\n\n###### six\n',
  'many pages': `# Long\n\n${Array.from({ length: 120 }, (_, i) => `## Heading ${i}\n\n- item ${'word '.repeat(40)}\n  - nested ${'word '.repeat(30)}`).join('\n\n')}\n`,
};

describe('the PDF writer', () => {
  test.each(Object.entries(shapes))('lays out %s', async (_name, markdown) => {
    const pdf = await renderPdf(parseDocument(markdown), options);
    expect(pdf.subarray(0, 8).toString('latin1')).toBe('%PDF-1.7');
    expect(pdf.subarray(-6).toString('latin1')).toContain('%%EOF');
  });

  test('breaks a long document across pages', async () => {
    const pdf = (await renderPdf(parseDocument(shapes['many pages']!), options)).toString('latin1');
    expect(pdf.match(/\/Type \/Page$/gm)?.length).toBeGreaterThan(10);
  });
});
