import { readFile, stat } from 'node:fs/promises';
import { checkJpeg, checkPng } from './image-check';
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
  | { ok: true; image: LogoImage }
  | { ok: false; reason: 'not-found' | 'not-image' | 'unreadable'; detail: string };

/** Logos are small images; a bigger file is almost certainly the wrong file. */
const MAX_LOGO_BYTES = 10 * 1024 * 1024;

/** Read a logo and make sure it is an image every output format can embed. */
export async function loadLogo(absolutePath: string): Promise<LoadLogoResult> {
  try {
    const info = await stat(absolutePath);
    if (info.isDirectory()) return { ok: false, reason: 'not-image', detail: 'is a folder, not an image' };
    if (!info.isFile()) return { ok: false, reason: 'not-image', detail: 'is not a regular file' };
    if (info.size > MAX_LOGO_BYTES) {
      return { ok: false, reason: 'not-image', detail: `is ${info.size} bytes; a logo may be at most ${MAX_LOGO_BYTES} bytes` };
    }
    const bytes = await readFile(absolutePath);
    const type = sniffImageType(bytes);
    if (!type) return { ok: false, reason: 'not-image', detail: 'is not a PNG or JPEG image' };
    const checked = type === 'png' ? checkPng(bytes) : checkJpeg(bytes);
    if (!checked.ok) return { ok: false, reason: 'not-image', detail: checked.detail };
    return { ok: true, image: { absolutePath, type, bytes, width: checked.width, height: checked.height } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { ok: false, reason: 'not-found', detail: 'does not exist' };
    return { ok: false, reason: 'unreadable', detail: `cannot be read: ${describeFsError(error)}` };
  }
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

export function sniffImageType(bytes: Uint8Array): ImageType | undefined {
  if (bytes.length >= 8 && PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return 'png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  return undefined;
}
