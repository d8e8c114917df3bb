/*
 * Where policygen changes what pdfkit writes: metadata that stays valid XML, links that
 * assistive technology can describe, and font subsets that start the same in every
 * document. These change the output on purpose, so they apply with the speed layer on or
 * off. Their casts into pdfkit are in pdfkit-internals.ts.
 */
import { escapeHtml } from '../html';
import { internals, type EmbeddedFontInternals, type PDFDoc } from './pdfkit-internals';

/**
 * pdfkit writes the title, author and subject into the XMP metadata without escaping
 * them (XML escapes as HTML's do), so "Health & Safety" or "Smith & Sons <Care>" made the
 * XML invalid. Escape them there only: the document information dictionary keeps the
 * plain text.
 */
export function escapeXmpMetadata(doc: PDFDoc): void {
  const inside = internals(doc);
  const addInfo = inside._addInfo.bind(doc);
  inside._addInfo = () => {
    const info = inside.info;
    const escaped: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(info)) escaped[key] = typeof value === 'string' ? escapeHtml(value) : value;
    inside.info = escaped;
    try {
      addInfo();
    } finally {
      inside.info = info;
    }
  };
}

/**
 * pdfkit gives a tagged link annotation an empty /Contents, and PDF/UA asks for a
 * description there: assistive technology that lists a page's links reads it. Links that
 * `draw` makes are described by `description` (the link's visible text).
 */
export function describeLinks(doc: PDFDoc, description: string, draw: () => void): void {
  const inside = internals(doc);
  const link = inside.link;
  inside.link = (x, y, w, h, url, options = {}) => link.call(doc, x, y, w, h, url, { ...options, Contents: new String(description) });
  try {
    draw();
  } finally {
    inside.link = link;
  }
}

/**
 * Every face starts each document with the same glyphs, in the same order: the printable
 * ASCII and Latin-1 letters, every Welsh letter with a circumflex, grave, acute or
 * diaeresis, the punctuation policies use, and the font's ligatures. Text outside this
 * set adds glyphs after them as usual. So two documents whose text differs only in names
 * and dates embed the same font subset, which the speed layer then encodes and compresses
 * once per batch instead of once per document; a document built alone makes the very
 * same subset.
 *
 * The ligatures are there for the text layer. fontkit gives a glyph the characters it was
 * first made from, and the text layer takes them from there: "ffi" made from the single
 * character "ﬃ" (pasted from a PDF into a home's name, say) would make every later
 * "office" in the batch read "oﬃce", differently from the same policy built alone. Made
 * first from plain letters in every document, a ligature always reads as its letters.
 */
export const PRESET_TEXT = [
  String.fromCharCode(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i)),
  String.fromCharCode(...Array.from({ length: 0x100 - 0xc0 }, (_, i) => 0xc0 + i)),
  'ŴŵŶŷẀẁẂẃẄẅỲỳŸ',
  '‘’“”–—•‣…©®™€£·',
  // Noto Sans's ligatures, as words made of plain letters (see above).
  ' ff fi fl ffi ffl',
].join('');

/**
 * As each face is first selected in `doc`, add the preset glyphs to its subset.
 * `prepare` runs first, on the face as pdfkit made it (the speed layer shares its caches there).
 */
export function presetSubsets(doc: PDFDoc, prepare: (face: string, font: EmbeddedFontInternals) => void = () => undefined): void {
  const inside = internals(doc);
  const select = inside.font.bind(doc);
  const preset = new WeakSet<object>();
  inside.font = (...args: unknown[]) => {
    select(...args);
    const face = args[0];
    const font = inside._font;
    if (typeof face === 'string' && font && !preset.has(font)) {
      preset.add(font);
      prepare(face, font);
      font.encode(PRESET_TEXT);
    }
    return doc;
  };
}
