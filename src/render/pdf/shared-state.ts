/*
 * What a batch of PDFs can share, and the one pdfkit fix policygen needs. Everything here
 * reaches into pdfkit or fontkit internals, so it is kept in one place, and the tests
 * check that a PDF built in a batch is byte-identical to the same PDF built alone.
 */
import type { PDFDoc } from './pdf-types';
import type { ParsedFont } from './fonts';

// Shaping text (fontkit's OpenType layout) was the largest cost of a PDF, and a batch of
// policies shapes the same words again and again. pdfkit keeps a layout cache per font per
// document; every document here gets the same cache per face instead, so a word is shaped
// once per process. A cached run is what shaping would give again (same font, same text,
// no features), so the bytes do not change.
const layoutCaches = new Map<string, Record<string, unknown>>();

/** Make the document's fonts use the process-wide layout cache of their face as they are selected. */
export function shareLayoutCaches(doc: PDFDoc): void {
  const select = doc.font.bind(doc) as (...args: unknown[]) => PDFDoc;
  const internals = doc as unknown as { _font?: { layoutCache?: Record<string, unknown> } };
  (doc as unknown as { font: (...args: unknown[]) => PDFDoc }).font = (...args: unknown[]) => {
    select(...args);
    const face = args[0];
    const font = internals._font;
    if (typeof face === 'string' && font?.layoutCache) {
      let cache = layoutCaches.get(face);
      if (!cache) layoutCaches.set(face, (cache = font.layoutCache));
      font.layoutCache = cache;
    }
    return doc;
  };
}

/**
 * fontkit caches glyph objects per font with the characters they were first made from.
 * Subsetting makes glyphs for the parts of accented letters (the "w" in "ŵ") with no
 * characters at all; a later document that then typed a plain "w" would get that glyph
 * and lose the letter from its text layer (copy, search, screen readers). Each document
 * therefore starts with an empty glyph cache; the parsed font tables are still shared.
 */
export function forgetGlyphs(fonts: Iterable<ParsedFont>): void {
  for (const font of fonts) (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
}

/**
 * pdfkit writes the title, author and subject into the XMP metadata without escaping
 * them, so "Health & Safety" or "Smith & Sons <Care>" made the XML invalid. Escape them
 * there only: the document information dictionary keeps the plain text.
 */
export function escapeXmpMetadata(doc: PDFDoc): void {
  const internals = doc as unknown as { _addInfo: () => void; info: Record<string, unknown> };
  const addInfo = internals._addInfo.bind(doc);
  internals._addInfo = () => {
    const info = internals.info;
    const escaped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(info)) escaped[key] = typeof value === 'string' ? escapeXml(value) : value;
    internals.info = escaped;
    try {
      addInfo();
    } finally {
      internals.info = info;
    }
  };
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
