import * as zlib from 'node:zlib';
import { checkJpeg, checkPng, crc32 } from '../../src/load/image-check';
import { TINY_PNG } from '../helpers';

/** A structurally complete 2×3 baseline JPEG: SOI, APP0, SOF0, SOS, scan data, EOI. */
const JPEG = Buffer.from(
  'ffd8' +
    'ffe000104a46494600010100000100010000' +
    'ffc0001108000300020301220002110103110' +
    '1' +
    'ffda000c03010002110311003f00' +
    'd2cf20' +
    'ffd9',
  'hex',
);

describe('PNG logos', () => {
  test('a valid PNG gives its size', () => {
    expect(checkPng(TINY_PNG)).toEqual({ ok: true, width: 1, height: 1 });
  });

  test('a truncated PNG is damaged', () => {
    expect(checkPng(TINY_PNG.subarray(0, 45))).toEqual({ ok: false, detail: 'is a damaged PNG (it ends part-way through)' });
    expect(checkPng(TINY_PNG.subarray(0, TINY_PNG.length - 12))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (it ends part-way through)',
    });
  });

  test('a flipped byte is caught by the checksum', () => {
    const damaged = Buffer.from(TINY_PNG);
    damaged[45] = damaged[45]! ^ 0xff; // inside the IDAT data
    expect(checkPng(damaged)).toEqual({ ok: false, detail: 'is a damaged PNG (bad checksum in its IDAT chunk)' });
  });

  test('image data that does not inflate is damaged, even with a right checksum', () => {
    const body = Buffer.from('IDAT' + 'not zlib data', 'latin1');
    const idat = Buffer.concat([Buffer.from([0, 0, 0, 13]), body, Buffer.alloc(4)]);
    idat.writeUInt32BE(crc32(body), idat.length - 4);
    const png = Buffer.concat([TINY_PNG.subarray(0, 33), idat, TINY_PNG.subarray(TINY_PNG.length - 12)]);
    expect(checkPng(png)).toEqual({ ok: false, detail: 'is a damaged PNG (its image data cannot be read)' });
  });
});

test('our CRC-32 is the standard one', () => {
  const sample = Buffer.from('IHDR policygen Tŷ Gwyn');
  const builtIn = (zlib as { crc32?: (bytes: Buffer) => number }).crc32; // Node 20.15 and later
  if (builtIn) expect(crc32(sample)).toBe(builtIn(sample));
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
});

describe('JPEG logos', () => {
  test('a complete JPEG gives its size', () => {
    expect(checkJpeg(JPEG)).toEqual({ ok: true, width: 2, height: 3 });
  });

  test('a JPEG cut off in its scan data is damaged', () => {
    expect(checkJpeg(JPEG.subarray(0, JPEG.length - 2))).toEqual({ ok: false, detail: 'is a damaged JPEG (it ends part-way through)' });
    expect(checkJpeg(JPEG.subarray(0, 30))).toEqual({ ok: false, detail: 'is a damaged JPEG (it ends part-way through)' });
  });
});
