import { statSync, type Stats } from 'node:fs';
import { checkJpeg, checkPng } from './image-check';
import { readBounded } from './read-bounded';
import { describeFsError } from './read-text';

export type ImageType = 'png' | 'jpeg';

/** A logo's bytes, checked to be a PNG or JPEG by their signature rather than the file name. */
export interface LogoImage {
  absolutePath: string;
  type: ImageType;
  bytes: Buffer;
  /** Size in pixels. */
  width: number;
  height: number;
}

export type LoadLogoResult =
  { ok: true; image: LogoImage } | { ok: false; reason: 'not-found' | 'not-image' | 'unreadable'; detail: string };

/** Logos are small images; a bigger file is almost certainly the wrong file. */
const MAX_LOGO_BYTES = 10 * 1024 * 1024;

// Homes in a batch often share one logo file: check it once, not once per home.
const checked = new Map<string, { key: string; result: LoadLogoResult }>();

/** Read a logo and make sure it is an image every output format can embed. */
export function loadLogo(absolutePath: string): LoadLogoResult {
  try {
    const info = statSync(absolutePath);
    const key = `${info.size}:${info.mtimeMs}:${info.ino}`;
    const cached = checked.get(absolutePath);
    if (cached?.key === key) return cached.result;
    const result = readLogo(absolutePath, info);
    checked.set(absolutePath, { key, result });
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
  return { ok: true, image: { absolutePath, type, bytes, width: check.width, height: check.height } };
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}
