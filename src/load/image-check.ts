import { inflateSync } from 'node:zlib';

// zlib.crc32 only arrived in Node 20.15; this is the same CRC-32 (ISO-HDLC), as PNG uses.
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

export function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

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

/** What a logo's bytes say about it, or why they are not a usable image. */
export type ImageCheck = { ok: true; width: number; height: number } | { ok: false; detail: string };

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Walk a PNG's chunks: every checksum must match, the header must come first and make
 * sense, and the image data must inflate. A truncated or damaged file is caught here,
 * with a clear message, rather than deep inside the PDF writer.
 */
export function checkPng(bytes: Buffer): ImageCheck {
  if (bytes.length < 8 || !PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return { ok: false, detail: 'is not a PNG image' };
  let offset = 8;
  let width = 0;
  let height = 0;
  const data: Buffer[] = [];
  let sawEnd = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) return { ok: false, detail: 'is a damaged PNG (it ends part-way through)' };
    const expected = bytes.readUInt32BE(end - 4);
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== expected)
      return { ok: false, detail: `is a damaged PNG (bad checksum in its ${type} chunk)` };
    if (offset === 8 && type !== 'IHDR') return { ok: false, detail: 'is a damaged PNG (no header)' };
    if (type === 'IHDR') {
      width = bytes.readUInt32BE(offset + 8);
      height = bytes.readUInt32BE(offset + 12);
    } else if (type === 'IDAT') {
      data.push(bytes.subarray(offset + 8, end - 4));
    } else if (type === 'IEND') {
      sawEnd = true;
      break;
    }
    offset = end;
  }
  if (!sawEnd) return { ok: false, detail: 'is a damaged PNG (it ends part-way through)' };
  if (width === 0 || height === 0) return { ok: false, detail: 'is a PNG with no pixels' };
  const huge = tooLarge('PNG', width, height);
  if (huge) return huge;
  if (data.length === 0) return { ok: false, detail: 'is a damaged PNG (no image data)' };
  try {
    inflateSync(Buffer.concat(data));
  } catch {
    return { ok: false, detail: 'is a damaged PNG (its image data cannot be read)' };
  }
  return { ok: true, width, height };
}

/**
 * Walk a JPEG's segments to its frame header (for the size) and its image data, and make
 * sure the file ends where a JPEG ends.
 */
export function checkJpeg(bytes: Buffer): ImageCheck {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return { ok: false, detail: 'is not a JPEG image' };
  let offset = 2;
  let width = 0;
  let height = 0;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) return { ok: false, detail: 'is a damaged JPEG' };
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset += 1; // padding
      continue;
    }
    const length = bytes.readUInt16BE(offset + 2);
    if (length < 2 || offset + 2 + length > bytes.length) return { ok: false, detail: 'is a damaged JPEG (it ends part-way through)' };
    const isFrame = marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
    if (isFrame) {
      height = bytes.readUInt16BE(offset + 5);
      width = bytes.readUInt16BE(offset + 7);
    }
    if (marker === 0xda) {
      // Start of scan: the compressed data runs to the end-of-image marker.
      if (width === 0 || height === 0) return { ok: false, detail: 'is a damaged JPEG (no frame header before its image data)' };
      const huge = tooLarge('JPEG', width, height);
      if (huge) return huge;
      const tail = bytes.subarray(Math.max(0, bytes.length - 16));
      if (!tail.includes(Buffer.from([0xff, 0xd9]))) return { ok: false, detail: 'is a damaged JPEG (it ends part-way through)' };
      return { ok: true, width, height };
    }
    offset += 2 + length;
  }
  return { ok: false, detail: 'is a damaged JPEG (it ends part-way through)' };
}
