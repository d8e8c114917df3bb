/*
 * What a batch of PDFs can share: shaped text, font subsets, compressed streams, decoded
 * logos. Everything here reaches into pdfkit or fontkit internals, so it is kept in one
 * place, and the tests check that a PDF built in a batch is byte-identical to the same
 * PDF built alone. What policygen changes within one document is in pdfkit-fixes.ts.
 */
import type { PDFDoc } from './pdf-types';
import type { ParsedFont } from './fonts';
import { inflatePng, readPng, unfilterRows } from '../../load/png';
import { ImageDecodeError } from '../image-error';

// Shaping text (fontkit's OpenType layout) was the largest cost of a PDF, and a batch of
// policies shapes the same words again and again. pdfkit keeps a layout cache per font per
// document; every document here gets the same cache per face instead, so a word is shaped
// once per process. A cached run is what shaping would give again (same font, same text,
// no features), so the bytes do not change.
const layoutCaches = new Map<string, Record<string, unknown>>();

let documents = 0;
/**
 * Each home adds words and lines of its own (its name, its manager, numbers): start the
 * caches afresh now and then, so memory stays flat however many homes a batch has. Filling
 * them again costs about one document's shaping.
 */
const DOCUMENTS_PER_CACHE = 500;

/** As each face is selected in a document: the process-wide layout cache, the preset subset (below). */
export function shareLayoutCaches(doc: PDFDoc): void {
  if (++documents % DOCUMENTS_PER_CACHE === 0) {
    layoutCaches.clear();
    subsetEncodings.clear();
    encodedLines.clear();
  }
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
      prepareEmbeddedFont(face, font as unknown as EmbeddedFontInternals);
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

// ---------------------------------------------------------------------------------------
// Fonts: the same subset in every document of a batch.

/**
 * Every face starts each document with the same glyphs, in the same order: the printable
 * ASCII and Latin-1 letters, every Welsh letter with a circumflex, grave, acute or
 * diaeresis, the punctuation policies use, and the font's ligatures. Text outside this
 * set adds glyphs after them as usual. So two documents whose text differs only in names
 * and dates embed the same font subset, which is then encoded and compressed once per
 * batch (below) instead of once per document; a document built alone makes the very
 * same subset.
 *
 * The ligatures are there for the text layer. fontkit gives a glyph the characters it was
 * first made from, and the text layer takes them from there: "ffi" made from the single
 * character "ﬃ" (pasted from a PDF into a home's name, say) would make every later
 * "office" in the batch read "oﬃce", differently from the same policy built alone. Made
 * first from plain letters in every document, a ligature always reads as its letters.
 */
const PRESET_TEXT = [
  String.fromCharCode(...Array.from({ length: 0x7f - 0x20 }, (_, i) => 0x20 + i)),
  String.fromCharCode(...Array.from({ length: 0x100 - 0xc0 }, (_, i) => 0xc0 + i)),
  'ŴŵŶŷẀẁẂẃẄẅỲỳŸ',
  '‘’“”–—•‣…©®™€£·',
  // Noto Sans's ligatures, as words made of plain letters (see above).
  ' ff fi fl ffi ffl',
].join('');

interface FontkitGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

interface EmbeddedFontInternals {
  encode(text: string, features?: unknown): [string[], unknown[]];
  layout(text: string): { glyphs: FontkitGlyph[]; positions: unknown[] };
  subset: { glyphs: number[]; includeGlyph(id: number): number; encode(): Uint8Array };
  widths: number[];
  unicode: number[][];
  scale: number;
  layoutCache?: Record<string, unknown>;
}

const prepared = new WeakSet<object>();
const subsetEncodings = new Map<string, Map<string, Uint8Array>>();

/** Called when a face is selected in a document: share its layout cache; preset and memoise its subset. */
function prepareEmbeddedFont(face: string, font: EmbeddedFontInternals): void {
  if (prepared.has(font)) return;
  prepared.add(font);
  shareEncodedLines(face, font);
  font.encode(PRESET_TEXT);
  let encodings = subsetEncodings.get(face);
  if (!encodings) subsetEncodings.set(face, (encodings = new Map<string, Uint8Array>()));
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

/** Four hex digits for each glyph number a subset can have: pdfkit writes glyphs so. */
const HEX_GLYPH_IDS: string[] = [];

/** A policy draws a few hundred lines; those naming one home add a few dozen each. */
const LINES_PER_FACE = 4000;
const encodedLines = new Map<string, Map<string, { glyphs: FontkitGlyph[]; positions: unknown[] }>>();

/**
 * pdfkit encodes each line it draws by laying it out word by word and concatenating the
 * glyph arrays, which made the most garbage of any step (about 1.2 MB a policy). A batch
 * draws the same lines again and again, so a line's layout is kept per face and only the
 * glyph numbers of this document's subset are looked up: the same calls on the subset, the
 * widths and the character map as pdfkit's own `encode`, so the bytes are the same.
 */
function shareEncodedLines(face: string, font: EmbeddedFontInternals): void {
  let lines = encodedLines.get(face);
  if (!lines) encodedLines.set(face, (lines = new Map<string, { glyphs: FontkitGlyph[]; positions: unknown[] }>()));
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
  const zlib = require('node:zlib') as typeof import('node:zlib') & { deflateSync: (data: Uint8Array) => Buffer };

  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  const original = zlib.deflateSync;
  zlib.deflateSync = ((data: Uint8Array, options?: import('node:zlib').ZlibOptions) => {
    if (options !== undefined || data.byteLength < 4096) return original(data, options);
    const key = createHash('sha1').update(data).digest('base64') + data.byteLength;
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
    if (deflatedBytes + result.byteLength > DEFLATE_CACHE_LIMIT) {
      deflated.clear();
      deflatedBytes = 0;
    }
    deflated.set(key, result);
    deflatedBytes += result.byteLength;
    return result;
  }) as typeof zlib.deflateSync;
  try {
    return finish();
  } finally {
    zlib.deflateSync = original;
  }
}

// ---------------------------------------------------------------------------------------
// Images: decode a logo once per batch, embed its prepared streams in each document.

/** A reference pdfkit asked for while embedding an image, with its dictionary and stream. */
interface RecordedRef {
  recorded: true;
  data: Record<string, unknown>;
  chunk?: Uint8Array;
}

/** What a document needs to draw a prepared image: pdfkit draws any object of this shape. */
export interface PlacedImage {
  width: number;
  height: number;
  label: string;
  obj: unknown;
  embed(): void;
}

const recordings = new WeakMap<Uint8Array, Promise<{ width: number; height: number; root: RecordedRef }>>();

/**
 * pdfkit decodes a PNG (splitting off its alpha channel and compressing both) for every
 * document it embeds it in. Here pdfkit embeds each logo once into a recorder, and every
 * document replays the recorded objects: the same dictionaries and streams, without the
 * decoding. Whatever goes wrong on the way rejects with an ImageDecodeError, never escapes.
 */
export function recordImage(
  openImage: (bytes: Buffer) => unknown,
  bytes: Uint8Array,
): Promise<{ width: number; height: number; root: RecordedRef }> {
  let recording = recordings.get(bytes);
  if (!recording) {
    recording = new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: unknown) => {
        settled = true;
        reject(new ImageDecodeError(error instanceof Error ? error.message : String(error)));
      };
      let image: { width: number; height: number; embed(doc: unknown): void };
      try {
        image = openImage(Buffer.from(bytes)) as typeof image;
        decodeInStep(image, bytes);
      } catch (error) {
        fail(error);
        return;
      }
      let root: RecordedRef | undefined;
      const recorder = {
        compress: true,
        ref(data: Record<string, unknown> = {}): RecordedRef & { end(chunk?: Uint8Array): void } {
          const ref: RecordedRef & { end(chunk?: Uint8Array): void } = {
            recorded: true,
            data,
            end(chunk?: Uint8Array) {
              if (chunk !== undefined) ref.chunk = chunk;
              // The image's own XObject is ended last, once its mask and palette are done.
              if (ref === root) {
                settled = true;
                resolve({ width: image.width, height: image.height, root: ref });
              }
            },
          };
          root ??= ref;
          return ref;
        },
      };
      try {
        image.embed(recorder);
        if (!settled) throw new Error('the image was not embedded in one step');
      } catch (error) {
        fail(error);
      }
    });
    recordings.set(bytes, recording);
  }
  return recording;
}

/**
 * pdfkit's PNG decoder (png-js) inflates in a zlib callback and throws from there on a bad
 * row ("Invalid filter algorithm"), where no caller can catch it: the process died and a
 * library build() never settled. Its pixels are decoded here instead, in the same layout
 * and synchronously, so an error rejects the recording like any other.
 */
function decodeInStep(image: unknown, bytes: Uint8Array): void {
  const png = (image as { image?: { decodePixels?: unknown } }).image;
  if (png === undefined) return; // a JPEG: pdfkit embeds its bytes as they are
  if (typeof png.decodePixels !== 'function') throw new Error("pdfkit's PNG decoder is not the one policygen knows");
  png.decodePixels = (done: (pixels: Uint8Array) => void) => done(decodePngRows(Buffer.from(bytes)));
}

/** The unfiltered rows of a plain PNG with whole-byte samples, as png-js gives them. */
function decodePngRows(bytes: Buffer): Uint8Array {
  const read = readPng(bytes);
  if (!read.ok) throw new Error(`the image ${read.detail}`);
  const inflated = inflatePng(read.png);
  if (!inflated.ok) throw new Error(`the image ${inflated.detail}`);
  return unfilterRows(read.png, inflated.rows);
}

/** Recreate a recorded image's objects in `doc`, and return something `doc.image()` draws. */
export function placeImage(doc: PDFDoc, recording: { width: number; height: number; root: RecordedRef }, label: string): PlacedImage {
  const refs = doc as unknown as { ref(data: Record<string, unknown>): { end(chunk?: Uint8Array): void } };
  const replay = (recorded: RecordedRef): unknown => {
    const copy = (value: unknown): unknown => {
      if (Array.isArray(value)) return value.map(copy);
      if (value && typeof value === 'object' && (value as RecordedRef).recorded === true) return replay(value as RecordedRef);
      return value;
    };
    const data: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(recorded.data)) data[key] = copy(value);
    const ref = refs.ref(data);
    ref.end(recorded.chunk);
    return ref;
  };
  return { width: recording.width, height: recording.height, label, obj: replay(recording.root), embed: () => undefined };
}
