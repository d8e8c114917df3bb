import { readJpeg } from './jpeg';
import { decodeRgba, encodePng, inflatePng, pdfkitEmbedsAsIs, readPng } from './png';

export { crc32 } from './png';

/** A logo larger than this (in pixels) is refused: decoding it would take gigabytes. */
export const MAX_LOGO_PIXELS = 25_000_000;
const MAX_LOGO_SIDE = 20_000;

function tooLarge(kind: string, width: number, height: number): ImageCheck | undefined {
  if (width <= MAX_LOGO_SIDE && height <= MAX_LOGO_SIDE && width * height <= MAX_LOGO_PIXELS) return undefined;
  return {
    ok: false,
    detail: `is a ${width}×${height} ${kind}: a logo may be at most ${MAX_LOGO_SIDE} pixels a side and ${MAX_LOGO_PIXELS.toLocaleString('en-GB')} pixels in all`,
  };
}

/**
 * What a logo's bytes say about it, or why they are not a usable image. `pdfBytes` is the
 * same picture in a form the PDF writer embeds correctly, when the file itself is not.
 */
export type ImageCheck = { ok: true; width: number; height: number; pdfBytes?: Buffer } | { ok: false; detail: string };

/**
 * A PNG whose every chunk, header field, row filter and byte of image data is right: a
 * damaged file is caught here with a clear message, rather than deep inside the PDF writer.
 */
export function checkPng(bytes: Buffer): ImageCheck {
  const read = readPng(bytes);
  if (!read.ok) return read;
  const { png } = read;
  if (png.width === 0 || png.height === 0) return { ok: false, detail: 'is a PNG with no pixels' };
  const huge = tooLarge('PNG', png.width, png.height);
  if (huge) return huge;
  const inflated = inflatePng(png);
  if (!inflated.ok) return inflated;
  const size = { width: png.width, height: png.height };
  if (pdfkitEmbedsAsIs(png)) return { ok: true, ...size };
  return { ok: true, ...size, pdfBytes: encodePng(png.width, png.height, decodeRgba(png, inflated.rows)) };
}

/** A JPEG whose markers and segments are whole, in a form PDF can hold. */
export function checkJpeg(bytes: Buffer): ImageCheck {
  const read = readJpeg(bytes);
  if (!read.ok) return read;
  const { width, height } = read.frame;
  const huge = tooLarge('JPEG', width, height);
  if (huge) return huge;
  return { ok: true, width, height, ...(read.pdfBytes ? { pdfBytes: read.pdfBytes } : {}) };
}
