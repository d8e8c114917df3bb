/*
 * Layouts and font subsets prepared when the package is built. Shaping a face's first word makes fontkit
 * decode the font's OpenType tables (a large share of a first PDF: docs/performance.md), and every word of a policy
 * is shaped once: most of a single PDF build's time. `npm run build` shapes the text every
 * policy has (the built-in templates in both languages, the page furniture, the preset
 * glyphs) and writes the results to prepared-layouts.json beside the compiled code; a
 * build then shapes only the words of its own (a home's name, say).
 *
 * A prepared run is the very run fontkit gave at build time: the same glyph numbers,
 * widths, positions and characters. The file is keyed by the pdfkit and fontkit versions
 * and a hash of each font file, and ignored if any differs.
 *
 * It also holds each face's font subset as a document embeds it when its text needs only
 * the preset glyphs (pdfkit-fixes.ts), which most policies' text does: encoding a subset
 * (fontkit decodes every glyph's outline) was the largest cost of ending a single PDF.
 * The subset's compressed form is used only with the zlib that made it.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fontFiles, type FaceName } from './fonts';
import { PRESET_TEXT } from './pdfkit-fixes';
import { packageVersion, type LaidOutGlyph, type LaidOutRun } from './pdfkit-internals';

/** The file as written: per face, a table of glyphs and the runs that index into it. */
export interface PreparedLayoutsFile {
  key: PreparedKey;
  faces: Record<string, { glyphs: Array<[id: number, advanceWidth: number, codePoints: number[]]>; runs: Record<string, PreparedRun> }>;
  subsets: Record<string, PreparedSubsetFile>;
}

/** A face's preset subset: its glyph list (as the speed layer keys it), its encoding, and that compressed by `zlib`. */
interface PreparedSubsetFile {
  glyphs: string;
  font: string;
  zlib: string;
  deflated: string;
}

/** A prepared subset, ready to seed the speed layer's caches. */
export interface PreparedSubset {
  glyphs: string;
  font: Uint8Array;
  /** Only when made by the zlib this process has. */
  deflated?: Buffer;
}

/** [glyph table indexes, positions as xAdvance, yAdvance, xOffset, yOffset, advanceWidth for each glyph, the run's advance width] */
type PreparedRun = [glyphs: number[], positions: number[], advanceWidth: number];

interface PreparedKey {
  pdfkit: string;
  fontkit: string;
  fonts: Record<string, string>;
  /** A glyph's characters come from the first text that made it, which is the preset's. */
  preset: string;
}

/** Where the build writes the file: beside this module in dist/ (tests run the sources, so they look there too). */
export function preparedLayoutsPath(): string {
  const folder = __filename.endsWith('.ts') ? resolve(__dirname, '..', '..', '..', 'dist', 'render', 'pdf') : __dirname;
  return join(folder, 'prepared-layouts.json');
}

/** What the file must say to be used with the installed packages and fonts. */
export function currentKey(): PreparedKey {
  const fonts: Record<string, string> = {};
  for (const [face, bytes] of Object.entries(fontFiles())) fonts[face] = createHash('sha256').update(bytes).digest('hex');
  const preset = createHash('sha256').update(PRESET_TEXT).digest('hex');
  return { pdfkit: packageVersion('pdfkit'), fontkit: packageVersion('fontkit'), fonts, preset };
}

interface Prepared {
  layouts: Map<string, Record<string, LaidOutRun>>;
  subsets: Map<string, PreparedSubset>;
}

let loaded: Prepared | undefined;

/** The prepared runs of `face` (none when there is no file, or it was made for other versions or fonts). */
export function preparedLayouts(face: string): Record<string, LaidOutRun> {
  loaded ??= readPrepared(preparedLayoutsPath());
  return loaded.layouts.get(face) ?? {};
}

/** The prepared preset subset of `face`, if there is one. */
export function preparedSubset(face: string): PreparedSubset | undefined {
  loaded ??= readPrepared(preparedLayoutsPath());
  return loaded.subsets.get(face);
}

/** The runs in the file at `path`, by face: none if it is missing, unreadable or made for other versions or fonts. */
export function readPreparedLayouts(path: string): Map<string, Record<string, LaidOutRun>> {
  return readPrepared(path).layouts;
}

function readPrepared(path: string): Prepared {
  const faces = new Map<string, Record<string, LaidOutRun>>();
  const subsets = new Map<string, PreparedSubset>();
  const none = { layouts: faces, subsets };
  if (!existsSync(path)) return none;
  let file: PreparedLayoutsFile;
  try {
    file = JSON.parse(readFileSync(path, 'utf8')) as PreparedLayoutsFile;
  } catch {
    return none;
  }
  if (JSON.stringify(file.key) !== JSON.stringify(currentKey())) return none;
  for (const [face, { glyphs, runs }] of Object.entries(file.faces)) {
    const table: LaidOutGlyph[] = glyphs.map(([id, advanceWidth, codePoints]) => ({ id, advanceWidth, codePoints }));
    const prepared: Record<string, LaidOutRun> = Object.create(null) as Record<string, LaidOutRun>;
    for (const [text, [indexes, flat, advanceWidth]] of Object.entries(runs)) {
      const positions = indexes.map((_, i) => ({
        xAdvance: flat[5 * i]!,
        yAdvance: flat[5 * i + 1]!,
        xOffset: flat[5 * i + 2]!,
        yOffset: flat[5 * i + 3]!,
        advanceWidth: flat[5 * i + 4]!,
      }));
      prepared[text] = { glyphs: indexes.map((index) => table[index]!), positions, advanceWidth };
    }
    faces.set(face, prepared);
  }
  for (const [face, subset] of Object.entries(file.subsets ?? {})) {
    subsets.set(face, {
      glyphs: subset.glyphs,
      font: Buffer.from(subset.font, 'base64'),
      ...(subset.zlib === process.versions.zlib ? { deflated: Buffer.from(subset.deflated, 'base64') } : {}),
    });
  }
  return none;
}

/** The file for these runs and subsets (what the build script writes). */
export function serialiseLayouts(
  layouts: ReadonlyMap<string, Record<string, LaidOutRun>>,
  subsets: ReadonlyMap<string, { glyphs: string; font: Uint8Array }>,
): PreparedLayoutsFile {
  const { deflateSync } = require('node:zlib') as typeof import('node:zlib');
  const file: PreparedLayoutsFile = { key: currentKey(), faces: {}, subsets: {} };
  for (const [face, subset] of subsets) {
    file.subsets[face] = {
      glyphs: subset.glyphs,
      font: Buffer.from(subset.font).toString('base64'),
      zlib: process.versions.zlib ?? 'unknown',
      deflated: deflateSync(subset.font).toString('base64'),
    };
  }
  for (const [face, runs] of [...layouts].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const glyphs: PreparedLayoutsFile['faces'][string]['glyphs'] = [];
    const index = new Map<string, number>();
    const out: Record<string, PreparedRun> = {};
    for (const text of Object.keys(runs).sort()) {
      const run = runs[text]!;
      const indexes = run.glyphs.map((glyph) => {
        const id = `${glyph.id}:${glyph.advanceWidth}:${glyph.codePoints.join(',')}`;
        let at = index.get(id);
        if (at === undefined) {
          index.set(id, (at = glyphs.length));
          glyphs.push([glyph.id, glyph.advanceWidth, [...glyph.codePoints]]);
        }
        return at;
      });
      const flat = run.positions.flatMap((p) => [p.xAdvance, p.yAdvance, p.xOffset, p.yOffset, p.advanceWidth]);
      out[text] = [indexes, flat, run.advanceWidth];
    }
    file.faces[face as FaceName] = { glyphs, runs: out };
  }
  return file;
}
