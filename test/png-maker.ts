/*
 * PNGs of every kind for tests, written from first principles so that they do not share
 * policygen's own code: each colour type and bit depth, interlaced or not, with palette
 * and transparency, every row filter in turn, and hooks to damage what a test wants damaged.
 */
import { constants, deflateRawSync, deflateSync } from 'node:zlib';

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };
const ADAM7 = [
  [0, 0, 8, 8],
  [4, 0, 8, 8],
  [0, 4, 4, 8],
  [2, 0, 4, 4],
  [0, 2, 2, 4],
  [1, 0, 2, 2],
  [0, 1, 1, 2],
];

const TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** One chunk with its length and a correct checksum. */
export function pngChunk(type: string, body: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length, 0);
  head.write(type, 4, 'latin1');
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(crc(Buffer.concat([head.subarray(4), body])), 0);
  return Buffer.concat([head, body, sum]);
}

export interface PngSpec {
  width: number;
  height: number;
  colourType: 0 | 2 | 3 | 4 | 6;
  bitDepth: 1 | 2 | 4 | 8 | 16;
  interlaced?: boolean;
  /** The samples of the pixel at (x, y): one per channel, each within the bit depth. */
  pixel: (x: number, y: number) => number[];
  palette?: Array<[number, number, number]>;
  transparency?: Uint8Array;
  /** The filter type of each row (default: 0 to 4 in turn, so every filter is used). */
  filter?: (row: number) => number;
  /** Change the filtered, uncompressed rows before they are compressed. */
  damageRows?: (rows: Buffer) => Buffer;
  /** Chunks to put between the header and the image data (default: PLTE and tRNS from the spec). */
  before?: Buffer[];
}

function filterRow(type: number, row: Uint8Array, previous: Uint8Array, bpp: number): Uint8Array {
  const out = new Uint8Array(row.length);
  for (let i = 0; i < row.length; i++) {
    const left = i >= bpp ? row[i - bpp]! : 0;
    const up = previous[i] ?? 0;
    const upLeft = i >= bpp ? (previous[i - bpp] ?? 0) : 0;
    let predictor = 0;
    if (type === 1) predictor = left;
    else if (type === 2) predictor = up;
    else if (type === 3) predictor = (left + up) >> 1;
    else if (type === 4) {
      const p = left + up - upLeft;
      const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
      predictor = pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
    }
    out[i] = (row[i]! - predictor) & 0xff;
  }
  return out;
}

/** The filtered rows (each with its filter byte) of every pass, before compression. */
export function pngRows(spec: PngSpec): Buffer {
  const channels = CHANNELS[spec.colourType]!;
  const bitsPerPixel = channels * spec.bitDepth;
  const bpp = Math.max(1, bitsPerPixel / 8);
  const passes = spec.interlaced ? ADAM7 : [[0, 0, 1, 1]];
  const out: Buffer[] = [];
  let rowNumber = 0;
  for (const [x0, y0, dx, dy] of passes as Array<[number, number, number, number]>) {
    const w = spec.width > x0 ? Math.ceil((spec.width - x0) / dx) : 0;
    const h = spec.height > y0 ? Math.ceil((spec.height - y0) / dy) : 0;
    if (w === 0) continue;
    let previous = new Uint8Array(Math.ceil((w * bitsPerPixel) / 8));
    for (let r = 0; r < h; r++) {
      const row = new Uint8Array(Math.ceil((w * bitsPerPixel) / 8));
      let bit = 0;
      for (let c = 0; c < w; c++) {
        for (const sample of spec.pixel(x0 + c * dx, y0 + r * dy)) {
          if (spec.bitDepth === 16) {
            row[bit / 8] = sample >> 8;
            row[bit / 8 + 1] = sample & 0xff;
          } else if (spec.bitDepth === 8) row[bit / 8] = sample;
          else row[bit >> 3]! |= sample << (8 - spec.bitDepth - (bit & 7));
          bit += spec.bitDepth;
        }
      }
      const type = (spec.filter ?? ((n: number) => n % 5))(rowNumber++);
      out.push(Buffer.from([type]), Buffer.from(filterRow(type, row, previous, bpp)));
      previous = row;
    }
  }
  return Buffer.concat(out);
}

/** A complete PNG file, with correct checksums. */
export function makePng(spec: PngSpec): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(spec.width, 0);
  header.writeUInt32BE(spec.height, 4);
  header[8] = spec.bitDepth;
  header[9] = spec.colourType;
  header[12] = spec.interlaced ? 1 : 0;
  const rows = pngRows(spec);
  const before = spec.before ?? [
    ...(spec.palette ? [pngChunk('PLTE', Buffer.from(spec.palette.flat()))] : []),
    ...(spec.transparency ? [pngChunk('tRNS', spec.transparency)] : []),
  ];
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    ...before,
    pngChunk('IDAT', deflateSync(spec.damageRows ? spec.damageRows(rows) : rows)),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}

/**
 * A PNG that declares `width`×`height` RGBA pixels and whose image data inflates to
 * about `bytes` of zeros: a decompression bomb, about a kilobyte of file per megabyte.
 */
export function pngBomb(width: number, height: number, bytes: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  // One 16 MiB run of zeros, compressed without ending the stream, then repeated: the test
  // never holds the gigabytes itself. The final checksum is never reached by a reader that
  // stops at the declared size, so a dummy one will do.
  const piece = deflateRawSync(Buffer.alloc(16 * 1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const times = Math.ceil(bytes / (16 * 1024 * 1024));
  const data = Buffer.concat([
    Buffer.from([0x78, 0xda]),
    ...Array.from({ length: times }, () => piece),
    deflateRawSync(Buffer.alloc(0)),
    Buffer.alloc(4),
  ]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', data),
    pngChunk('IEND', new Uint8Array(0)),
  ]);
}
