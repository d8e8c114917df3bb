/*
 * The speed layer: everything policygen does to pdfkit and fontkit only to go faster.
 * Each part must leave every byte of every PDF as plain pdfkit would write it (fonts
 * parsed for each document, no cache), and the tests prove it by building the same
 * documents with the layer on and off (`setPdfSpeedLayer`). Its casts into pdfkit are in
 * pdfkit-internals.ts; what policygen changes in the output on purpose is in
 * pdfkit-fixes.ts.
 *
 * What a batch shares: shaped text, laid-out lines, font subsets, compressed streams and
 * decoded logos. What a single build is spared: the shaping of the text every policy has,
 * prepared when the package is built (prepared-layouts.ts).
 */
import { preparedLayouts, preparedSubset } from './prepared-layouts';
import {
  glyphCacheOf,
  internals,
  withDeflateSync,
  type ContentStream,
  type EmbeddedFontInternals,
  type LaidOutRun,
  type ParsedFont,
  type PDFDoc,
} from './pdfkit-internals';

let enabled = true;

/**
 * Turn the speed layer off (for the tests that prove it changes nothing, and for
 * measuring it) or on again. The library API never reads the environment; a test or
 * the benchmark sets this.
 */
export function setPdfSpeedLayer(on: boolean): void {
  enabled = on;
}

export function speedLayerEnabled(): boolean {
  return enabled;
}

// Shaping text (fontkit's OpenType layout) was the largest cost of a PDF, and a batch of
// policies shapes the same words again and again. pdfkit keeps a layout cache per font per
// document; every document here gets the same cache per face instead, so a word is shaped
// once per process. A cached run is what shaping would give again (same font, same text,
// no features), so the bytes do not change.
const layoutCaches = new Map<string, Record<string, LaidOutRun>>();

let documents = 0;
/**
 * Each home adds words and lines of its own (its name, its manager, numbers): start the
 * caches afresh now and then, so memory stays flat however many homes a batch has. Filling
 * them again costs about one document's shaping.
 */
const DOCUMENTS_PER_CACHE = 500;

/** Call as each document starts. */
export function startDocument(): void {
  if (++documents % DOCUMENTS_PER_CACHE === 0) {
    layoutCaches.clear();
    subsetEncodings.clear();
    encodedLines.clear();
  }
}

/**
 * fontkit caches glyph objects per font with the characters they were first made from.
 * Subsetting makes glyphs for the parts of accented letters (the "w" in "ŵ") with no
 * characters at all; a later document that then typed a plain "w" would get that glyph
 * and lose the letter from its text layer (copy, search, screen readers). Each document
 * therefore starts with an empty glyph cache; the parsed font tables are still shared.
 */
export function forgetGlyphs(fonts: Iterable<ParsedFont>): void {
  for (const font of fonts) glyphCacheOf(font).reset();
}

/**
 * As a face is first selected in a document (before its preset glyphs are added): the
 * process-wide layout cache, seeded with the prepared layouts; shared line layouts; and
 * its subset's encoding remembered by glyph list.
 */
export function shareFace(face: string, font: EmbeddedFontInternals): void {
  if (!font.layoutCache) return;
  let cache = layoutCaches.get(face);
  if (!cache) layoutCaches.set(face, (cache = Object.assign(Object.create(null) as Record<string, LaidOutRun>, preparedLayouts(face))));
  font.layoutCache = cache;
  shareEncodedLines(face, font);
  let encodings = subsetEncodings.get(face);
  if (!encodings) subsetEncodings.set(face, (encodings = preparedSubsets(face)));
  const known = encodings;
  const encode = font.subset.encode.bind(font.subset);
  font.subset.encode = () => {
    // The encoding is a function of the glyph list alone (same font, same glyphs, same order).
    const key = font.subset.glyphs.join(',');
    let bytes = known.get(key);
    if (!bytes) known.set(key, (bytes = encode()));
    return bytes;
  };
}

const subsetEncodings = new Map<string, Map<string, Uint8Array>>();

/** A face's subset encodings, starting with the prepared preset subset (and its compressed form for the deflate memo). */
function preparedSubsets(face: string): Map<string, Uint8Array> {
  const encodings = new Map<string, Uint8Array>();
  const prepared = preparedSubset(face);
  if (prepared) {
    encodings.set(prepared.glyphs, prepared.font);
    if (prepared.deflated) rememberDeflated(prepared.font, prepared.deflated);
  }
  return encodings;
}

/** A face's preset glyph list and its encoding, as a document made them (for the build script). */
export function presetSubset(font: EmbeddedFontInternals): { glyphs: string; font: Uint8Array } {
  return { glyphs: font.subset.glyphs.join(','), font: font.subset.encode() };
}

/** Four hex digits for each glyph number a subset can have: pdfkit writes glyphs so. */
const HEX_GLYPH_IDS: string[] = [];

/** A policy draws a few hundred lines; those naming one home add a few dozen each. */
const LINES_PER_FACE = 4000;
const encodedLines = new Map<string, Map<string, ReturnType<EmbeddedFontInternals['layout']>>>();

/**
 * pdfkit encodes each line it draws by laying it out word by word and concatenating the
 * glyph arrays, which made the most garbage of any step (docs/performance.md). A batch
 * draws the same lines again and again, so a line's layout is kept per face and only the
 * glyph numbers of this document's subset are looked up: the same calls on the subset, the
 * widths and the character map as pdfkit's own `encode`, so the bytes are the same.
 */
function shareEncodedLines(face: string, font: EmbeddedFontInternals): void {
  let lines = encodedLines.get(face);
  if (!lines) encodedLines.set(face, (lines = new Map<string, ReturnType<EmbeddedFontInternals['layout']>>()));
  const known = lines;
  const encode = font.encode.bind(font);
  font.encode = (text, features) => {
    if (features) return encode(text, features);
    let line = known.get(text);
    if (!line) {
      line = font.layout(text);
      // The lines that name a home pass through; the ones every policy shares come back at once.
      if (known.size >= LINES_PER_FACE) known.clear();
      known.set(text, line);
    }
    const hex = new Array<string>(line.glyphs.length);
    for (let i = 0; i < line.glyphs.length; i++) {
      const glyph = line.glyphs[i]!;
      const gid = font.subset.includeGlyph(glyph.id);
      hex[i] = HEX_GLYPH_IDS[gid] ??= `0000${gid.toString(16)}`.slice(-4);
      font.widths[gid] ??= glyph.advanceWidth * font.scale;
      font.unicode[gid] ??= glyph.codePoints;
    }
    // pdfkit reads the positions without changing them, so one array serves every document.
    return [hex, line.positions];
  };
}

// ---------------------------------------------------------------------------------------
// Writing: fewer, larger chunks.

/**
 * pdfkit turns every drawing operator it adds to a page (hundreds a page), and every line
 * of every object it writes out, into its own small byte array, which made more garbage
 * than the drawing itself. Here the text is collected and turned into bytes once: a page's
 * content when the page ends, the file's own lines before each binary stream and at the
 * end. The bytes and their order are the same (each chunk followed by a newline), and so
 * are the offsets pdfkit records for the cross-reference table.
 */
export function writeInFewerChunks(doc: PDFDoc): void {
  const inside = internals(doc);
  const addPage = inside.addPage.bind(doc);
  inside.addPage = (...args: unknown[]) => {
    const result = addPage(...args);
    collectOperators(inside.page.content);
    return result;
  };
  collectOperators(inside.page.content);

  const push = inside.push.bind(doc);
  let lines: string[] = [];
  const flush = () => {
    if (lines.length === 0) return;
    push(Buffer.from(lines.join(''), 'latin1'));
    lines = [];
  };
  inside._write = (data) => {
    if (typeof data === 'string') {
      const line = `${data}\n`;
      lines.push(line);
      inside._offset += line.length;
    } else {
      flush();
      push(data);
      inside._offset += data.length;
    }
  };
  inside.push = (chunk) => {
    flush();
    return push(chunk);
  };
}

function collectOperators(content: ContentStream): void {
  const write = content.write.bind(content);
  const end = content.end.bind(content);
  let pending: string[] = [];
  const flush = () => {
    if (pending.length === 0) return;
    // pdfkit adds the newline after each chunk; join puts one between the operators.
    write(Buffer.from(`${pending.join('\n')}\n`, 'latin1'));
    pending = [];
  };
  content.write = (chunk) => {
    if (typeof chunk === 'string') pending.push(chunk);
    else {
      flush();
      write(chunk);
    }
  };
  content.end = (chunk) => {
    if (chunk !== undefined) content.write(chunk);
    flush();
    end();
  };
}

// ---------------------------------------------------------------------------------------
// Compression: each distinct stream once per batch.

const deflated = new Map<string, Buffer>();
const seenOnce = new Set<string>();
let deflatedBytes = 0;
const DEFLATE_CACHE_LIMIT = 64 * 1024 * 1024;

/**
 * Run `finish` (pdfkit's `doc.end()`, which compresses every stream) with zlib's
 * deflateSync remembering what it has compressed: the font subsets, and any other stream
 * that repeats across a batch, are compressed once. deflateSync is deterministic for the
 * same input and options, so the bytes are the same as compressing again. Small streams
 * are not worth hashing and pass straight through.
 */
export function withDeflateMemo<T>(finish: () => T): T {
  return withDeflateSync(
    (original) => (data, options) => {
      if (options !== undefined || data.byteLength < 4096) return original(data, options);
      const key = deflateKey(data);
      const cached = deflated.get(key);
      if (cached) return cached;
      const result = original(data);
      // Keep a result only once its stream has been seen twice: a page's own text never
      // repeats, and keeping those would grow memory with the size of the batch.
      if (!seenOnce.delete(key)) {
        if (seenOnce.size > 10_000) seenOnce.clear();
        seenOnce.add(key);
        return result;
      }
      rememberDeflated(data, result, key);
      return result;
    },
    finish,
  );
}

function deflateKey(data: Uint8Array): string {
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha1').update(data).digest('base64') + data.byteLength;
}

function rememberDeflated(data: Uint8Array, result: Buffer, key = deflateKey(data)): void {
  if (deflatedBytes + result.byteLength > DEFLATE_CACHE_LIMIT) {
    deflated.clear();
    deflatedBytes = 0;
  }
  deflated.set(key, result);
  deflatedBytes += result.byteLength;
}

/** Every face's shared runs so far: what the build script prepares from. */
export function sharedLayouts(): ReadonlyMap<string, Record<string, LaidOutRun>> {
  return layoutCaches;
}
