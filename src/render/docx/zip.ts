/*
 * A .docx file is a zip of XML parts. This writes one whose bytes depend only on the parts:
 * entries in a fixed order, every entry dated 1 January 1980 00:00 (the earliest date a zip
 * can hold, written as the DOS fields themselves, so no clock or time zone is read), and
 * DEFLATE by fflate, pure JavaScript, so the same parts compress to the same bytes on every
 * Node version and machine, which `--check` in CI relies on.
 */
import { deflateSync } from 'fflate';

export interface ZipPart {
  path: string;
  data: string | Uint8Array;
}

/** 1980-01-01 as a DOS date (year since 1980 << 9 | month << 5 | day); time 00:00:00 is 0. */
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const DOS_TIME = 0;
const DEFLATE = 8;
const STORE = 0;

interface Entry {
  crc: number;
  size: number;
  method: number;
  body: Uint8Array;
}

const encoder = new TextEncoder();

/*
 * Most parts of a policy's package are the same in every policy of a batch (styles, theme,
 * settings, the font table), and compressing them again each time was wasted work: the
 * compressed entries are remembered by their text. The least recently used is forgotten
 * first, so the shared parts stay and the parts naming one home pass through, and memory
 * stays flat however long the batch.
 */
const compressed = new Map<string, Entry>();
const REMEMBERED_PARTS = 64;

function entryOf(part: ZipPart): Entry {
  if (typeof part.data !== 'string') return storedEntry(part.data);
  let entry = compressed.get(part.data);
  if (entry) {
    compressed.delete(part.data);
  } else {
    const bytes = encoder.encode(part.data);
    entry = { crc: crc32(bytes), size: bytes.length, method: DEFLATE, body: deflateSync(bytes, { level: 6 }) };
    if (compressed.size >= REMEMBERED_PARTS) compressed.delete(compressed.keys().next().value!);
  }
  compressed.set(part.data, entry);
  return entry;
}

/** Images (PNG, JPEG) are compressed already: they are stored as they are. */
function storedEntry(bytes: Uint8Array): Entry {
  return { crc: crc32(bytes), size: bytes.length, method: STORE, body: bytes };
}

/** The zip file of `parts`, in the order given. Paths are ASCII (the package's part names). */
export function zipParts(parts: readonly ZipPart[]): Uint8Array {
  const entries = parts.map((part) => ({ name: encoder.encode(part.path), ...entryOf(part) }));
  const localSize = entries.reduce((sum, entry) => sum + 30 + entry.name.length + entry.body.length, 0);
  const centralSize = entries.reduce((sum, entry) => sum + 46 + entry.name.length, 0);
  const out = new Uint8Array(localSize + centralSize + 22);
  const view = new DataView(out.buffer);
  let offset = 0;
  const offsets: number[] = [];
  for (const entry of entries) {
    offsets.push(offset);
    view.setUint32(offset, 0x04034b50, true);
    view.setUint16(offset + 4, 20, true); // version needed: 2.0 (DEFLATE)
    view.setUint16(offset + 6, 0, true); // flags
    view.setUint16(offset + 8, entry.method, true);
    view.setUint16(offset + 10, DOS_TIME, true);
    view.setUint16(offset + 12, DOS_DATE, true);
    view.setUint32(offset + 14, entry.crc, true);
    view.setUint32(offset + 18, entry.body.length, true);
    view.setUint32(offset + 22, entry.size, true);
    view.setUint16(offset + 26, entry.name.length, true);
    view.setUint16(offset + 28, 0, true); // no extra field
    out.set(entry.name, offset + 30);
    out.set(entry.body, offset + 30 + entry.name.length);
    offset += 30 + entry.name.length + entry.body.length;
  }
  const centralStart = offset;
  entries.forEach((entry, index) => {
    view.setUint32(offset, 0x02014b50, true);
    view.setUint16(offset + 4, 20, true); // made by: MS-DOS, 2.0
    view.setUint16(offset + 6, 20, true);
    view.setUint16(offset + 8, 0, true);
    view.setUint16(offset + 10, entry.method, true);
    view.setUint16(offset + 12, DOS_TIME, true);
    view.setUint16(offset + 14, DOS_DATE, true);
    view.setUint32(offset + 16, entry.crc, true);
    view.setUint32(offset + 20, entry.body.length, true);
    view.setUint32(offset + 24, entry.size, true);
    view.setUint16(offset + 28, entry.name.length, true);
    // Extra field, comment, disk number, attributes: all zero (the buffer starts zeroed).
    view.setUint32(offset + 42, offsets[index]!, true);
    out.set(entry.name, offset + 46);
    offset += 46 + entry.name.length;
  });
  view.setUint32(offset, 0x06054b50, true);
  view.setUint16(offset + 8, entries.length, true);
  view.setUint16(offset + 10, entries.length, true);
  view.setUint32(offset + 12, offset - centralStart, true);
  view.setUint32(offset + 16, centralStart, true);
  return out;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes: Uint8Array): number {
  let crc = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) crc = CRC_TABLE[(crc ^ bytes[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
