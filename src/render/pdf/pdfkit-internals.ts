/*
 * The one door into pdfkit's and fontkit's internals. Every cast to a shape that their
 * public API (or @types/pdfkit) does not promise is made here, and nowhere else, and
 * `checkPdfkitInternals` proves at first use that each of those shapes is still there:
 * a renamed or reshaped internal stops every PDF with a clear internal error naming the
 * installed versions and the missing piece, instead of making PDFs that are silently
 * slower or different.
 *
 * pdfkit and fontkit are pinned to exact versions in package.json for this reason.
 *
 * When upgrading pdfkit or fontkit:
 *  1. Read the diff of pdfkit's js/pdfkit.js (and fontkit's dist/main.cjs) for every name
 *     in INTERNALS below, and for what the shape check cannot see:
 *     - EmbeddedFont.layout splits text into words at spaces and keeps each word's run in
 *       `layoutCache`; nothing changes a run once made (the speed layer shares them);
 *     - EmbeddedFont.encode only adds to `subset`, `widths` and `unicode` (speed-layer.ts
 *       makes the same calls);
 *     - `_write` is the only way bytes reach the file and `_offset` counts them;
 *     - `_addInfo` reads `info` (XMP escaping); `link` passes `options` into the annotation;
 *     - images embed through `ref()`s of the document given to `embed`; a PNGImage decodes
 *       its pixels through `image.decodePixels(done)` (png-js), which images.ts replaces with
 *       a decoder that fails in step, and whose output layout (unfiltered rows) it copies;
 *     - streams are compressed by node:zlib's deflateSync, with no options;
 *     - pdfkit still loads @noble/ciphers/aes and fontkit brotli/decompress.js (loadPdfkit
 *       defers them; if they go, delete the deferral).
 *  2. `npm run build && npx jest test/unit/pdf`: the internals check fails at first use if a
 *     name is gone or has changed shape; the on/off tests prove the speed layer
 *     (speed-layer.ts) still changes no byte; qpdf and poppler check every PDF the tests make.
 *  3. Build the examples with `-f pdf` before and after and compare `pdftotext` output and
 *     `pdftoppm` pictures: a changed byte is expected after an upgrade, a changed picture or
 *     text layer needs a reason.
 *  4. `npm run build` rewrites the prepared layouts and subsets (scripts/prepare-pdf-layouts.js),
 *     which are keyed by the pdfkit and fontkit versions and the font files' hashes: an old
 *     file is never used with a new version.
 *  5. `npm run bench`, and compare with docs/performance.md: a patch that stopped reaching
 *     pdfkit shows as a slower PDF row before anything else.
 *  6. Pin the new versions exactly (`npm install --save-exact pdfkit@x fontkit@y`).
 */
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import { dirname, join } from 'node:path';
import type PDFDocumentType from 'pdfkit';

/** pdfkit's document, as @types/pdfkit describes it. */
export type PDFDoc = InstanceType<typeof PDFDocumentType>;
type PDFDocumentClass = typeof PDFDocumentType;

/** A parsed fontkit font, as pdfkit accepts it in place of a font file. */
export interface ParsedFont {
  layout(text: string, ...rest: unknown[]): unknown;
}

/** The parts of pdfkit's tagging API that @types/pdfkit leaves out or types too narrowly. */
export interface StructureElement {
  add(child: StructureElement | (() => void)): StructureElement;
  end(): void;
}
type StructureChildren = Array<StructureElement | (() => void)> | (() => void);
export interface TaggingDocument {
  struct(type: string, children?: StructureChildren): StructureElement;
  struct(
    type: string,
    options: { alt?: string; lang?: string; title?: string; scope?: 'Row' | 'Column' | 'Both' },
    children?: StructureChildren,
  ): StructureElement;
  addStructure(element: StructureElement): void;
  markContent(tag: string, options?: Record<string, unknown>): void;
  endMarkedContent(): void;
}

/** An outline (bookmark) entry: pdfkit's `doc.outline` and what `addItem` returns. */
export interface OutlineItem {
  addItem(title: string, options?: { top?: number; left?: number; expanded?: boolean }): OutlineItem;
}

// ---------------------------------------------------------------------------------------
// The internals, typed.

/** pdfkit's PDFDocument, seen from inside. */
export interface DocumentInternals {
  /** Writes the XMP metadata from `info` (called once, from `end()`). */
  _addInfo(): void;
  info: Record<string, unknown>;
  addPage(...args: unknown[]): unknown;
  /** Every line and binary stream of the file goes through here; it keeps `_offset` for the cross-reference table. */
  _write(data: string | Uint8Array): void;
  _offset: number;
  /** Readable.push, which `_write` calls. */
  push(chunk: Uint8Array | null): boolean;
  page: { content: ContentStream };
  link: (x: number, y: number, w: number, h: number, url: unknown, options?: Record<string, unknown>) => unknown;
  ref(data?: Record<string, unknown>): PdfReference;
  font(...args: unknown[]): unknown;
  /** The current face, once one is selected. */
  _font?: EmbeddedFontInternals;
}

/** A page's content stream (a PDFReference): pdfkit writes each operator as its own string chunk. */
export interface ContentStream {
  write(chunk: string | Uint8Array): void;
  end(chunk?: string | Uint8Array): void;
}

/** An indirect object in a document. */
export interface PdfReference {
  data: Record<string, unknown>;
  end(chunk?: Uint8Array): void;
}

/** A glyph as pdfkit reads it from a layout: fontkit's Glyph, or a prepared copy with the same fields. */
export interface LaidOutGlyph {
  id: number;
  advanceWidth: number;
  codePoints: number[];
}

/** A position as pdfkit reads it from a layout, already scaled to 1000 units an em. */
export interface LaidOutPosition {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
  advanceWidth: number;
}

/** What pdfkit's EmbeddedFont.layoutRun returns and its layout cache holds, per word. */
export interface LaidOutRun {
  glyphs: LaidOutGlyph[];
  positions: LaidOutPosition[];
  advanceWidth: number;
}

/** pdfkit's EmbeddedFont: one face as embedded in one document. */
export interface EmbeddedFontInternals {
  /** Lays out a line word by word through `layoutCache`. */
  layout(text: string, features?: unknown, onlyWidth?: boolean): { glyphs: LaidOutGlyph[]; positions: LaidOutPosition[] };
  /** Lays out a line and adds its glyphs to the subset: [hex glyph ids, positions]. */
  encode(text: string, features?: unknown): [string[], unknown[]];
  /** Word → laid-out run; pdfkit makes one per face per document. */
  layoutCache?: Record<string, LaidOutRun>;
  subset: FontSubset;
  widths: number[];
  unicode: number[][];
  scale: number;
}

/** fontkit's TTFSubset. */
export interface FontSubset {
  glyphs: number[];
  includeGlyph(id: number): number;
  encode(): Uint8Array;
}

/** What pdfkit's openImage gives (PNGImage, JPEG): embeds itself through `ref()`s of the document it is given. */
export interface OpenedImage {
  width: number;
  height: number;
  embed(document: { compress: boolean; ref(data?: Record<string, unknown>): PdfReference }): void;
}

/** What `doc.image()` draws when handed an object instead of bytes: an image already embedded. */
export interface PlacedImage {
  width: number;
  height: number;
  label: string;
  obj: unknown;
  embed(): void;
}

// ---------------------------------------------------------------------------------------
// The check.

/** A PDF layer that does not fit the installed pdfkit: a bug to report, never a user's mistake. */
export class PdfkitInternalsError extends Error {
  constructor(problems: readonly string[]) {
    super(
      `the PDF writer does not fit the installed pdfkit ${packageVersion('pdfkit')} (fontkit ${packageVersion('fontkit')}): ` +
        `${problems.join('; ')}. See the upgrade checklist in src/render/pdf/pdfkit-internals.ts.`,
    );
    this.name = 'PdfkitInternalsError';
  }
}

type Expectation = { kind: 'function'; arity: number } | { kind: 'number' | 'object' | 'array' };
const fn = (arity: number): Expectation => ({ kind: 'function', arity });
const NUMBER: Expectation = { kind: 'number' };
const OBJECT: Expectation = { kind: 'object' };
const ARRAY: Expectation = { kind: 'array' };

/**
 * Every internal that policygen reads, writes or replaces, with the shape it relies on.
 * A function's arity is part of its shape: a new parameter is a new meaning to check.
 */
export const INTERNALS = {
  'PDFDocument.prototype': {
    _addInfo: fn(0),
    addPage: fn(1),
    _write: fn(1),
    push: fn(2),
    link: fn(6),
    ref: fn(1),
    font: fn(3),
    openImage: fn(1),
    struct: fn(1),
    addStructure: fn(1),
    markContent: fn(1),
    endMarkedContent: fn(0),
  },
  PDFDocument: { _offset: NUMBER, info: OBJECT, page: OBJECT, outline: OBJECT },
  'PDFDocument.page.content (PDFReference)': { write: fn(1), end: fn(1), data: OBJECT },
  'EmbeddedFont (doc._font)': {
    layout: fn(3),
    encode: fn(2),
    layoutCache: OBJECT,
    subset: OBJECT,
    widths: ARRAY,
    unicode: ARRAY,
    scale: NUMBER,
  },
  'TTFSubset (EmbeddedFont.subset)': { glyphs: ARRAY, includeGlyph: fn(1), encode: fn(0) },
  'fontkit TTFFont': { _glyphs: OBJECT, layout: fn(5), createSubset: fn(0) },
  'PNGImage (doc.openImage)': { embed: fn(1), width: NUMBER, height: NUMBER, image: OBJECT },
  'png-js PNG (PNGImage.image)': { decodePixels: fn(1) },
} satisfies Record<string, Record<string, Expectation>>;

type Probe = Partial<Record<keyof typeof INTERNALS, unknown>>;

/** What is missing or different in `probe` (objects found by exercising pdfkit), one line each. */
export function findInternalsProblems(probe: Probe): string[] {
  const problems: string[] = [];
  for (const [where, members] of Object.entries(INTERNALS) as Array<[keyof typeof INTERNALS, Record<string, Expectation>]>) {
    const target = probe[where];
    if (target === undefined || target === null) {
      problems.push(`${where} could not be reached`);
      continue;
    }
    for (const [name, expected] of Object.entries(members)) {
      const value = (target as Record<string, unknown>)[name];
      if (expected.kind === 'function') {
        if (typeof value !== 'function') problems.push(`${where}.${name} is ${describe(value)}, not a function`);
        else if (value.length !== expected.arity) problems.push(`${where}.${name} takes ${value.length} parameters, not ${expected.arity}`);
      } else if (expected.kind === 'array' ? !Array.isArray(value) : typeof value !== expected.kind || value === null) {
        problems.push(
          `${where}.${name} is ${describe(value)}, not ${expected.kind === 'array' ? 'an array' : expected.kind === 'object' ? 'an object' : 'a number'}`,
        );
      }
    }
  }
  return problems;
}

function describe(value: unknown): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

/** The smallest valid PNG (one pixel), for probing pdfkit's image decoder. */
const PROBE_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c63908ff7fa0f00033101c805ea085b0000000049454e44ae426082',
  'hex',
);

let checked = false;

/**
 * Check once per process, before the first PDF, that every internal in INTERNALS is there
 * with its shape, and that pdfkit still compresses through node:zlib's deflateSync (which
 * the speed layer memoises). Throws PdfkitInternalsError listing every problem found.
 */
export function checkPdfkitInternals(PDFDocument: PDFDocumentClass, font: ParsedFont): void {
  if (checked) return;
  const problems: string[] = [];
  const probe: Probe = { 'PDFDocument.prototype': PDFDocument.prototype as unknown, 'fontkit TTFFont': font };
  const zlib = require('node:zlib') as { deflateSync: (...args: unknown[]) => Buffer };
  const deflateSync = zlib.deflateSync;
  let deflated = 0;
  try {
    // Selecting a face and opening an image cost little; laying out text would cost the
    // font's first shaping, so the probe draws none.
    const doc = createPdfDocument(PDFDocument, { autoFirstPage: true });
    probe.PDFDocument = doc;
    probe['PDFDocument.page.content (PDFReference)'] = (doc as unknown as Partial<DocumentInternals>).page?.content;
    registerParsedFont(doc, 'probe', font);
    doc.font('probe');
    const embedded = internals(doc)._font;
    probe['EmbeddedFont (doc._font)'] = embedded;
    probe['TTFSubset (EmbeddedFont.subset)'] = embedded?.subset;
    const opened = openImage(doc, PROBE_PNG);
    probe['PNGImage (doc.openImage)'] = opened;
    probe['png-js PNG (PNGImage.image)'] = (opened as unknown as { image?: unknown }).image;
    const written = createPdfDocument(PDFDocument, { autoFirstPage: true });
    written.on('data', () => undefined);
    zlib.deflateSync = (...args: unknown[]) => {
      deflated++;
      return deflateSync(...args);
    };
    written.moveTo(0, 0).lineTo(1, 1).stroke();
    written.end();
  } catch (error) {
    problems.push(`probing pdfkit failed: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    zlib.deflateSync = deflateSync;
  }
  problems.push(...findInternalsProblems(probe));
  if (deflated === 0) problems.push('pdfkit no longer compresses streams through node:zlib deflateSync');
  if (problems.length > 0) throw new PdfkitInternalsError(problems);
  checked = true;
}

/** The installed version of a package, read from its package.json (pdfkit does not export it). */
export function packageVersion(name: string): string {
  try {
    let folder = dirname(require.resolve(name));
    // Walk up from the entry point to the package's own folder.
    for (let i = 0; i < 4; i++) {
      const manifest = join(folder, 'package.json');
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string; version?: string };
        if (parsed.name === name) return parsed.version ?? 'unknown';
      } catch {
        // not this folder
      }
      folder = dirname(folder);
    }
  } catch {
    // not installed
  }
  return 'unknown';
}

// ---------------------------------------------------------------------------------------
// Loading.

/**
 * pdfkit, loaded. With `deferUnused`, work its packages do at start that policygen never
 * or rarely needs waits until something needs it: @noble/ciphers' AES (pdfkit's
 * encryption) and brotli (fontkit's WOFF2 decoding) load on first call, and fontkit's
 * Unicode tables (unicode-trie: character classes for Arabic, Indic and other shapers, and
 * the script of each character) are decompressed on first lookup. Together these were
 * about a third of loading pdfkit, in every process and worker that makes a PDF. If pdfkit
 * or fontkit stops loading them, or starts using them, nothing changes but the time: the
 * stand-in does the real work on first use.
 */
export function loadPdfkit(deferUnused: boolean): PDFDocumentClass {
  const entry = require.resolve('pdfkit');
  if (deferUnused && !(entry in require.cache)) {
    const fontkitEntry = require.resolve('fontkit', { paths: [dirname(entry)] });
    deferModule(resolveFrom('@noble/ciphers/aes', entry), 'object');
    deferModule(resolveFrom('brotli/decompress.js', fontkitEntry), 'function');
    deferModule(resolveFrom('unicode-trie', fontkitEntry), 'trie');
  }
  return require('pdfkit') as PDFDocumentClass;
}

function resolveFrom(request: string, from: string): string | undefined {
  try {
    return require.resolve(request, { paths: [dirname(from)] });
  } catch {
    return undefined;
  }
}

/**
 * Put a stand-in for the module at `path` in require's cache: the real module loads when the
 * stand-in is first used. A `trie` stand-in is unicode-trie's class, whose instances build
 * the real trie (the costly part) on their first `get`, the only method fontkit and
 * unicode-properties call.
 */
function deferModule(path: string | undefined, kind: 'object' | 'function' | 'trie'): void {
  if (path === undefined || path in require.cache) return;
  let real: unknown;
  const load = (): unknown => {
    if (real === undefined) {
      delete require.cache[path];
      real = require(path);
    }
    return real;
  };
  const standIn = new Module(path);
  standIn.filename = path;
  standIn.loaded = true;
  type Trie = { get(codePoint: number): unknown };
  const lazyTrie = function (this: Trie, ...args: unknown[]) {
    let real: Trie | undefined;
    this.get = (codePoint) => (real ??= new (load() as new (...args: unknown[]) => Trie)(...args)).get(codePoint);
  };
  standIn.exports =
    kind === 'trie'
      ? lazyTrie
      : kind === 'function'
        ? (...args: unknown[]) => (load() as (...args: unknown[]) => unknown)(...args)
        : new Proxy(
            {},
            {
              get: (_target, key): unknown => Reflect.get(load() as object, key),
              has: (_target, key) => Reflect.has(load() as object, key),
              ownKeys: () => Reflect.ownKeys(load() as object),
              getOwnPropertyDescriptor: (_target, key) => {
                const descriptor = Reflect.getOwnPropertyDescriptor(load() as object, key);
                return descriptor && { ...descriptor, configurable: true };
              },
            },
          );
  require.cache[path] = standIn;
}

// ---------------------------------------------------------------------------------------
// The casts: each gives the rest of the PDF layer a typed view.

/** The document's internals. Only the modules of this folder use them, and only the ones in INTERNALS. */
export function internals(doc: PDFDoc): DocumentInternals {
  return doc as unknown as DocumentInternals;
}

/** pdfkit's tagging API, which @types/pdfkit lacks. */
export function tagging(doc: PDFDoc): TaggingDocument {
  return doc as unknown as TaggingDocument;
}

/** The document's outline root, typed with `addItem` returning an item. */
export function outlineRoot(doc: PDFDoc): OutlineItem {
  return doc.outline;
}

/** pdfkit's constructor options as pdfkit takes them (@types/pdfkit lacks `font: null` and `subset: 'PDF/UA'`). */
export interface DocumentOptions {
  size?: string;
  margins?: { top: number; bottom: number; left: number; right: number };
  pdfVersion?: '1.7';
  tagged?: boolean;
  lang?: string;
  displayTitle?: boolean;
  bufferPages?: boolean;
  autoFirstPage?: boolean;
  subset?: 'PDF/UA';
  info?: Record<string, string | Date>;
}

/**
 * A document that never loads pdfkit's standard Helvetica (`font: null`), which cannot
 * encode ŵ or ŷ: a face must be registered and selected before any text.
 */
export function createPdfDocument(PDFDocument: PDFDocumentClass, options: DocumentOptions): PDFDoc {
  return new PDFDocument({ ...options, font: null } as unknown as ConstructorParameters<PDFDocumentClass>[0]);
}

/** Register a parsed fontkit font under `name` (pdfkit accepts one where @types/pdfkit says a path). */
export function registerParsedFont(doc: PDFDoc, name: string, font: ParsedFont): void {
  doc.registerFont(name, font as never);
}

/** fontkit's per-font glyph cache, which keeps the characters a glyph was first made from. */
export function glyphCacheOf(font: ParsedFont): { reset(): void } {
  return {
    reset: () => {
      (font as unknown as { _glyphs: Record<number, unknown> })._glyphs = {};
    },
  };
}

/** pdfkit's image decoder (PNG or JPEG), through a document that is never written. */
export function openImage(scratch: PDFDoc, bytes: Buffer): OpenedImage {
  return (scratch as unknown as { openImage(bytes: Buffer): OpenedImage }).openImage(bytes);
}

/**
 * pdfkit's PNG decoder (png-js) inflates in a zlib callback and throws from there on a bad
 * row ("Invalid filter algorithm"), where no caller can catch it: the process died and a
 * library build() never settled. Give it pixels decoded in step by `decode` instead, in
 * the same layout, so an error is thrown where the caller can catch it. A JPEG has no such
 * decoder and is left alone.
 */
export function decodePngInStep(image: OpenedImage, decode: () => Uint8Array): void {
  const png = (image as unknown as { image?: { decodePixels?: unknown } }).image;
  if (png === undefined || typeof png.decodePixels !== 'function') return;
  png.decodePixels = (done: (pixels: Uint8Array) => void) => done(decode());
}

/** Draw an image embedded beforehand: pdfkit's `image()` takes such an object where @types/pdfkit says bytes or a path. */
export function drawPlacedImage(doc: PDFDoc, image: PlacedImage, x: number, y: number, size: { width: number; height: number }): void {
  doc.image(image as never, x, y, size);
}

/** node:zlib's deflateSync, which pdfkit calls through the module object each time: replaceable for the span of `run`. */
export type DeflateSync = (data: Uint8Array, options?: unknown) => Buffer;
export function withDeflateSync<T>(replace: (original: DeflateSync) => DeflateSync, run: () => T): T {
  const zlib = require('node:zlib') as { deflateSync: DeflateSync };
  const original = zlib.deflateSync;
  zlib.deflateSync = replace(original);
  try {
    return run();
  } finally {
    zlib.deflateSync = original;
  }
}

/** A link to a page of the document by its index: pdfkit's `link` option takes one where @types/pdfkit says a URL. */
export function pageLink(pageIndex: number): string {
  return pageIndex as unknown as string;
}
