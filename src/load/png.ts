/*
 * PNG, read as far as policygen needs: every chunk and checksum, a header that makes sense,
 * image data that inflates to exactly the size the header declares (and no further), a
 * valid filter type on every row of every interlace pass, and decoding to pixels where
 * the PDF writer needs pixels. A file that passes here decodes without surprises.
 */
import { deflateSync, inflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

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

/** Colour type → its name, the samples a pixel has, and the bit depths the PNG standard allows. */
const COLOUR_TYPES: Record<number, { name: string; channels: number; depths: number[] }> = {
  0: { name: 'a greyscale', channels: 1, depths: [1, 2, 4, 8, 16] },
  2: { name: 'an RGB', channels: 3, depths: [8, 16] },
  3: { name: 'a palette', channels: 1, depths: [1, 2, 4, 8] },
  4: { name: 'a greyscale-with-alpha', channels: 2, depths: [8, 16] },
  6: { name: 'an RGBA', channels: 4, depths: [8, 16] },
};

/** The seven passes of Adam7 interlacing: first column and row, then the steps between them. */
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
] as const;
const WHOLE_IMAGE = [[0, 0, 1, 1]] as const;

export interface PngImage {
  width: number;
  height: number;
  bitDepth: number;
  colourType: number;
  interlaced: boolean;
  /** PLTE: three bytes an entry. */
  palette?: Buffer;
  /** tRNS: alpha per palette entry, or the one colour that is transparent. */
  transparency?: Buffer;
  /** The IDAT chunks' contents, in order. */
  data: Buffer[];
}

export type PngRead = { ok: true; png: PngImage } | { ok: false; detail: string };

const damaged = (why: string): { ok: false; detail: string } => ({ ok: false, detail: `is a damaged PNG (${why})` });

/**
 * Walk a PNG's chunks: every checksum must match, the header must come first and make
 * sense, a palette image must have its palette, and the image data must be there.
 */
export function readPng(bytes: Buffer): PngRead {
  if (bytes.length < 8 || !PNG_SIGNATURE.equals(bytes.subarray(0, 8))) return { ok: false, detail: 'is not a PNG image' };
  let offset = 8;
  let header: Omit<PngImage, 'data'> | undefined;
  const data: Buffer[] = [];
  let dataEnded = false;
  let sawEnd = false;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.toString('latin1', offset + 4, offset + 8);
    const end = offset + 12 + length;
    if (end > bytes.length) return damaged('it ends part-way through');
    if (crc32(bytes.subarray(offset + 4, end - 4)) !== bytes.readUInt32BE(end - 4))
      return damaged(`bad checksum in its ${printable(type)} chunk`);
    const body = bytes.subarray(offset + 8, end - 4);
    if (!header) {
      if (type !== 'IHDR' || length !== 13) return damaged('no header');
      const read = readHeader(body);
      if (typeof read === 'string') return damaged(read);
      header = read;
    } else if (type === 'PLTE') {
      if (data.length > 0) return damaged('its palette comes after its image data');
      if (length === 0 || length % 3 !== 0 || length / 3 > 256) return damaged('its palette has a broken length');
      if (header.colourType === 3 && length / 3 > 2 ** header.bitDepth)
        return damaged('its palette has more colours than its bit depth can use');
      if (header.colourType === 0 || header.colourType === 4)
        return damaged(`${COLOUR_TYPES[header.colourType]!.name} image cannot have a palette`);
      header.palette = body;
    } else if (type === 'tRNS') {
      const problem = transparencyProblem(header, length);
      if (problem) return damaged(problem);
      header.transparency = body;
    } else if (type === 'IDAT') {
      if (dataEnded) return damaged('its image data is split by other chunks');
      data.push(body);
    } else if (type === 'IEND') {
      sawEnd = true;
      break;
    } else if (isCritical(type)) {
      return { ok: false, detail: `is a PNG with a "${printable(type)}" chunk that no reader can skip and policygen does not know` };
    }
    if (data.length > 0 && type !== 'IDAT') dataEnded = true;
    offset = end;
  }
  if (!sawEnd || !header) return damaged('it ends part-way through');
  if (header.colourType === 3 && !header.palette) return damaged('a palette image with no palette');
  if (data.length === 0) return damaged('no image data');
  return { ok: true, png: { ...header, data } };
}

function readHeader(body: Buffer): Omit<PngImage, 'data'> | string {
  const width = body.readUInt32BE(0);
  const height = body.readUInt32BE(4);
  const [bitDepth, colourType, compression, filter, interlace] = [body[8]!, body[9]!, body[10]!, body[11]!, body[12]!];
  const colour = COLOUR_TYPES[colourType];
  if (!colour) return `its header gives colour type ${colourType}, which does not exist`;
  if (!colour.depths.includes(bitDepth)) return `its header gives a bit depth of ${bitDepth}, which ${colour.name} image cannot have`;
  if (compression !== 0 || filter !== 0) return 'its header names a compression or filter method that does not exist';
  if (interlace > 1) return `its header gives interlace method ${interlace}, which does not exist`;
  if (width > 0x7fffffff || height > 0x7fffffff) return 'its header gives an impossible size';
  return { width, height, bitDepth, colourType, interlaced: interlace === 1 };
}

function transparencyProblem(header: Omit<PngImage, 'data'>, length: number): string | undefined {
  switch (header.colourType) {
    case 0:
      return length === 2 ? undefined : 'its transparency chunk has a broken length';
    case 2:
      return length === 6 ? undefined : 'its transparency chunk has a broken length';
    case 3:
      if (!header.palette) return 'its transparency chunk comes before its palette';
      return length <= header.palette.length / 3 ? undefined : 'its transparency chunk has more entries than its palette';
    default:
      return 'an image with an alpha channel cannot also have a transparency chunk';
  }
}

/** A chunk whose name starts with a capital letter must be understood, or the image cannot be shown. */
function isCritical(type: string): boolean {
  return type.charCodeAt(0) >= 0x41 && type.charCodeAt(0) <= 0x5a;
}

function printable(type: string): string {
  return /^[A-Za-z]{4}$/.test(type) ? type : 'unnamed';
}

interface Pass {
  x0: number;
  y0: number;
  dx: number;
  dy: number;
  width: number;
  height: number;
  /** Bytes a row holds, without its filter byte. */
  rowBytes: number;
}

/** The passes the image data is stored in: one for a plain image, seven (some empty) for an interlaced one. */
function passesOf(png: Pick<PngImage, 'width' | 'height' | 'bitDepth' | 'colourType' | 'interlaced'>): Pass[] {
  const bitsPerPixel = png.bitDepth * COLOUR_TYPES[png.colourType]!.channels;
  return (png.interlaced ? ADAM7 : WHOLE_IMAGE).map(([x0, y0, dx, dy]) => {
    const width = png.width > x0 ? Math.ceil((png.width - x0) / dx) : 0;
    const height = png.height > y0 ? Math.ceil((png.height - y0) / dy) : 0;
    return { x0, y0, dx, dy, width, height, rowBytes: Math.ceil((width * bitsPerPixel) / 8) };
  });
}

/** How many bytes the image data must inflate to: a filter byte and the samples, for every row of every pass. */
export function inflatedLength(png: Pick<PngImage, 'width' | 'height' | 'bitDepth' | 'colourType' | 'interlaced'>): number {
  return passesOf(png).reduce((sum, pass) => sum + (pass.width > 0 ? pass.height * (1 + pass.rowBytes) : 0), 0);
}

export type PngInflated = { ok: true; rows: Buffer } | { ok: false; detail: string };

/**
 * Inflate the image data, never past the size the header declares: a few kilobytes that
 * would inflate to gigabytes (a decompression bomb) stop as soon as they pass that size.
 * Then every row of every pass must start with one of the five filter types.
 */
export function inflatePng(png: PngImage): PngInflated {
  const expected = inflatedLength(png);
  const size = `${png.width}×${png.height}`;
  let rows: Buffer;
  try {
    rows = inflateSync(Buffer.concat(png.data), { maxOutputLength: expected + 1 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      return damaged(`its image data inflates to more than the ${expected.toLocaleString('en-GB')} bytes a ${size} image holds`);
    }
    return damaged('its image data cannot be read');
  }
  if (rows.length !== expected) {
    return damaged(
      `its image data inflates to ${rows.length.toLocaleString('en-GB')} bytes; a ${size} image needs ${expected.toLocaleString('en-GB')}`,
    );
  }
  let offset = 0;
  for (const [index, pass] of passesOf(png).entries()) {
    if (pass.width === 0) continue;
    for (let row = 0; row < pass.height; row++) {
      const filter = rows[offset]!;
      if (filter > 4) {
        const where = png.interlaced ? `row ${row + 1} of interlace pass ${index + 1}` : `row ${row + 1}`;
        return damaged(`${where} uses filter type ${filter}; PNG has only types 0 to 4`);
      }
      offset += 1 + pass.rowBytes;
    }
  }
  return { ok: true, rows };
}

/** Undo the row filters of one pass, from `offset` in `rows` into `into`; returns the offset after it. */
function unfilterPass(rows: Buffer, offset: number, pass: Pass, bytesPerPixel: number, into: Uint8Array, intoOffset: number): number {
  const { rowBytes } = pass;
  const bpp = bytesPerPixel;
  for (let row = 0; row < pass.height; row++) {
    const filter = rows[offset++]!;
    const out = intoOffset + row * rowBytes;
    const up = out - rowBytes;
    // A loop per filter type, not a test per byte: this runs for every byte of the image.
    if (filter === 0 || (filter === 2 && row === 0)) {
      into.set(rows.subarray(offset, offset + rowBytes), out);
    } else if (filter === 1) {
      for (let i = 0; i < rowBytes; i++) into[out + i] = (rows[offset + i]! + (i >= bpp ? into[out + i - bpp]! : 0)) & 0xff;
    } else if (filter === 2) {
      for (let i = 0; i < rowBytes; i++) into[out + i] = (rows[offset + i]! + into[up + i]!) & 0xff;
    } else if (filter === 3) {
      for (let i = 0; i < rowBytes; i++) {
        const left = i >= bpp ? into[out + i - bpp]! : 0;
        const above = row > 0 ? into[up + i]! : 0;
        into[out + i] = (rows[offset + i]! + ((left + above) >> 1)) & 0xff;
      }
    } else if (filter === 4) {
      for (let i = 0; i < rowBytes; i++) {
        const left = i >= bpp ? into[out + i - bpp]! : 0;
        const above = row > 0 ? into[up + i]! : 0;
        const aboveLeft = row > 0 && i >= bpp ? into[up + i - bpp]! : 0;
        const p = left + above - aboveLeft;
        const pa = Math.abs(p - left);
        const pb = Math.abs(p - above);
        const pc = Math.abs(p - aboveLeft);
        into[out + i] = (rows[offset + i]! + (pa <= pb && pa <= pc ? left : pb <= pc ? above : aboveLeft)) & 0xff;
      }
    } else {
      throw new Error(`filter type ${filter} does not exist`);
    }
    offset += rowBytes;
  }
  return offset;
}

/**
 * The samples of a plain (not interlaced) image with whole-byte samples, row after row
 * without filter bytes: the layout pdfkit's PNG decoder gives, decoded here at once.
 */
export function unfilterRows(png: PngImage, rows: Buffer): Uint8Array {
  const [pass] = passesOf(png);
  if (png.interlaced || png.bitDepth < 8 || !pass) throw new Error('only plain images with whole-byte samples decode to rows');
  const bytesPerPixel = (png.bitDepth / 8) * COLOUR_TYPES[png.colourType]!.channels;
  const out = new Uint8Array(pass.height * pass.rowBytes);
  unfilterPass(rows, 0, pass, bytesPerPixel, out, 0);
  return out;
}

/**
 * Whether pdfkit embeds this PNG as it is. pdfkit copies the image data of a plain image
 * straight into the PDF, and splits off the alpha channel of an RGBA or grey-and-alpha
 * one; those come out right at every bit depth. It gets the rest wrong: interlaced images
 * and palette images with transparency (garbled or refused below 8 bits), and the single
 * transparent colour of a greyscale or RGB image (a wrong key, or a colour-key mask the
 * PDF standard forbids). Those are given to it as 8-bit RGBA instead (see toPlainRgba).
 */
export function pdfkitEmbedsAsIs(png: PngImage): boolean {
  return !png.interlaced && png.transparency === undefined;
}

/** Every pixel as 8-bit RGBA, whatever the bit depth, colour type, transparency and interlacing. */
export function decodeRgba(png: PngImage, rows: Buffer): Uint8Array {
  const { width, colourType, bitDepth } = png;
  const channels = COLOUR_TYPES[colourType]!.channels;
  const bytesPerPixel = Math.max(1, (bitDepth * channels) / 8);
  const rgba = new Uint8Array(width * png.height * 4);
  const maxSample = 2 ** bitDepth - 1;
  // One function per bit depth, chosen once: this loop runs for every sample of the image.
  const read: (samples: Uint8Array, start: number, index: number) => number =
    bitDepth === 8
      ? (samples, start, index) => samples[start + index]!
      : bitDepth === 16
        ? (samples, start, index) => (samples[start + 2 * index]! << 8) | samples[start + 2 * index + 1]!
        : (samples, start, index) => {
            const bit = index * bitDepth;
            return (samples[start + (bit >> 3)]! >> (8 - bitDepth - (bit & 7))) & maxSample;
          };
  const to8 = (value: number) => (bitDepth === 16 ? value >> 8 : bitDepth === 8 ? value : Math.round((value * 255) / maxSample));
  const key = png.transparency && (colourType === 0 || colourType === 2) ? png.transparency : undefined;
  const [keyRed, keyGreen, keyBlue] = key
    ? colourType === 0
      ? [0, 0, 0].map(() => key.readUInt16BE(0))
      : [0, 2, 4].map((at) => key.readUInt16BE(at))
    : [-1, -1, -1];
  const palette = png.palette ?? Buffer.alloc(0);
  const alphas = png.transparency ?? Buffer.alloc(0);
  let offset = 0;
  for (const pass of passesOf(png)) {
    if (pass.width === 0) continue;
    const samples = new Uint8Array(pass.height * pass.rowBytes);
    offset = unfilterPass(rows, offset, pass, bytesPerPixel, samples, 0);
    for (let row = 0; row < pass.height; row++) {
      const start = row * pass.rowBytes;
      let at = ((pass.y0 + row * pass.dy) * width + pass.x0) * 4;
      const step = pass.dx * 4;
      for (let column = 0; column < pass.width; column++, at += step) {
        const first = column * channels;
        if (colourType === 3) {
          const index = read(samples, start, first);
          rgba[at] = palette[index * 3] ?? 0;
          rgba[at + 1] = palette[index * 3 + 1] ?? 0;
          rgba[at + 2] = palette[index * 3 + 2] ?? 0;
          rgba[at + 3] = colourType === 3 && index < alphas.length ? alphas[index]! : 255;
          continue;
        }
        const grey = colourType === 0 || colourType === 4;
        const red = read(samples, start, first);
        const green = grey ? red : read(samples, start, first + 1);
        const blue = grey ? red : read(samples, start, first + 2);
        rgba[at] = to8(red);
        rgba[at + 1] = to8(green);
        rgba[at + 2] = to8(blue);
        if (colourType === 4) rgba[at + 3] = to8(read(samples, start, first + 1));
        else if (colourType === 6) rgba[at + 3] = to8(read(samples, start, first + 3));
        else rgba[at + 3] = red === keyRed && green === keyGreen && blue === keyBlue ? 0 : 255;
      }
    }
  }
  return rgba;
}

function chunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, crc]);
}

/** A plain 8-bit PNG of these pixels: RGB when every pixel is opaque, else RGBA. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  let opaque = true;
  for (let i = 3; i < rgba.length && opaque; i += 4) opaque = rgba[i] === 255;
  const channels = opaque ? 3 : 4;
  const rows = Buffer.alloc(height * (1 + width * channels));
  let at = 0;
  for (let y = 0; y < height; y++) {
    rows[at++] = 0;
    for (let x = 0; x < width; x++) {
      const from = (y * width + x) * 4;
      for (let c = 0; c < channels; c++) rows[at++] = rgba[from + c]!;
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = opaque ? 2 : 6;
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
}
