import { statSync, type Stats } from 'node:fs';
import { checkJpeg, checkPng } from './image-check';
import { PNG_SIGNATURE } from './png';
import { readBounded } from './read-bounded';
import { describeFsError } from './read-text';

export type ImageType = 'png' | 'jpeg';

/** A logo's bytes, checked to be a PNG or JPEG by their signature rather than the file name. */
export interface LogoImage {
  absolutePath: string;
  type: ImageType;
  bytes: Buffer;
  /**
   * The same picture in a form pdfkit embeds correctly, when the file itself is not
   * (an interlaced or colour-keyed PNG, a JPEG with fill bytes in its headers).
   */
  pdfBytes?: Buffer;
  /** Size in pixels. */
  width: number;
  height: number;
}

export type LoadLogoResult =
  { ok: true; image: LogoImage } | { ok: false; reason: 'not-found' | 'not-image' | 'unreadable'; detail: string };

/** Logos are small images; a bigger file is almost certainly the wrong file. */
const MAX_LOGO_BYTES = 10 * 1024 * 1024;

/**
 * Homes in a batch often share one logo file: check it once, not once per home. A
 * long-running process (a server calling build() again and again) may meet many logos of
 * up to 10 MiB each, so only the most recently used few are kept: at most
 * LOGO_CACHE_ENTRIES of them and LOGO_CACHE_BYTES in all.
 */
export const LOGO_CACHE_ENTRIES = 16;
export const LOGO_CACHE_BYTES = 32 * 1024 * 1024;
const checked = new Map<string, { key: string; result: LoadLogoResult; bytes: number }>();
let cachedBytes = 0;

/** What the logo cache holds now, for tests that prove it stays bounded. */
export function logoCacheUsage(): { entries: number; bytes: number } {
  return { entries: checked.size, bytes: cachedBytes };
}

function remember(absolutePath: string, key: string, result: LoadLogoResult): void {
  forget(absolutePath);
  const bytes = result.ok ? result.image.bytes.length + (result.image.pdfBytes?.length ?? 0) : 0;
  checked.set(absolutePath, { key, result, bytes });
  cachedBytes += bytes;
  // Map keeps insertion order, and a hit re-inserts: the first entry is the least recently used.
  for (const oldest of checked.keys()) {
    if (checked.size <= LOGO_CACHE_ENTRIES && cachedBytes <= LOGO_CACHE_BYTES) break;
    if (oldest === absolutePath) continue; // the logo just read stays, however large
    forget(oldest);
  }
}

function forget(absolutePath: string): void {
  const entry = checked.get(absolutePath);
  if (!entry) return;
  checked.delete(absolutePath);
  cachedBytes -= entry.bytes;
}

/** Read a logo and make sure it is an image every output format can embed. */
export function loadLogo(absolutePath: string): LoadLogoResult {
  try {
    const info = statSync(absolutePath);
    const key = `${info.size}:${info.mtimeMs}:${info.ino}`;
    const cached = checked.get(absolutePath);
    if (cached?.key === key) {
      checked.delete(absolutePath);
      checked.set(absolutePath, cached);
      return cached.result;
    }
    const result = readLogo(absolutePath, info);
    remember(absolutePath, key, result);
    return result;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', detail: 'does not exist' };
    return { ok: false, reason: 'unreadable', detail: `cannot be read: ${describeFsError(error)}` };
  }
}

function readLogo(absolutePath: string, info: Stats): LoadLogoResult {
  if (info.isDirectory()) return { ok: false, reason: 'not-image', detail: 'is a folder, not an image' };
  if (!info.isFile()) return { ok: false, reason: 'not-image', detail: 'is not a regular file' };
  if (info.size > MAX_LOGO_BYTES) {
    return { ok: false, reason: 'not-image', detail: `is ${info.size} bytes; a logo may be at most ${MAX_LOGO_BYTES} bytes` };
  }
  // A /proc file says it is empty and then never ends: read no further than the limit.
  const read = readBounded(absolutePath, MAX_LOGO_BYTES);
  if (!read.ok) {
    return {
      ok: false,
      reason: 'not-image',
      detail:
        read.reason === 'too-large'
          ? `is over ${MAX_LOGO_BYTES} bytes; a logo may be at most ${MAX_LOGO_BYTES} bytes`
          : 'is not a regular file',
    };
  }
  const bytes = read.bytes;
  const type = sniffImageType(bytes);
  if (!type) return { ok: false, reason: 'not-image', detail: 'is not a PNG or JPEG image' };
  const check = type === 'png' ? checkPng(bytes) : checkJpeg(bytes);
  if (!check.ok) return { ok: false, reason: 'not-image', detail: check.detail };
  const pdfBytes = check.pdfBytes ? { pdfBytes: check.pdfBytes } : {};
  return { ok: true, image: { absolutePath, type, bytes, ...pdfBytes, width: check.width, height: check.height } };
}

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}
