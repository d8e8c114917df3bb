import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as zlib from 'node:zlib';
import { checkJpeg, checkPng, crc32 } from '../../src/load/image-check';
import { decodeRgba, inflatePng, readPng } from '../../src/load/png';
import { FIXTURES, TINY_PNG } from '../helpers';
import { makePng, pngBomb, pngChunk, pngRows, type PngSpec } from '../png-maker';

const jpeg = (name: string) => readFileSync(join(FIXTURES, 'images', name));
const BASELINE = jpeg('baseline.jpg');

/** A 13×7 image whose every pixel differs: odd sizes leave some Adam7 passes short or empty. */
function pattern(spec: Pick<PngSpec, 'colourType' | 'bitDepth'> & Partial<PngSpec>): PngSpec {
  const max = 2 ** spec.bitDepth - 1;
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[spec.colourType];
  return {
    width: 13,
    height: 7,
    pixel: (x, y) => Array.from({ length: channels }, (_, c) => (x * 7 + y * 13 + c * 5) % (spec.colourType === 3 ? 4 : max + 1)),
    ...(spec.colourType === 3
      ? {
          palette: [
            [200, 10, 10],
            [10, 200, 10],
            [10, 10, 200],
            [90, 90, 90],
          ] as Array<[number, number, number]>,
        }
      : {}),
    ...spec,
  };
}

const KINDS: Array<Pick<PngSpec, 'colourType' | 'bitDepth'>> = [
  ...([1, 2, 4, 8, 16] as const).map((bitDepth) => ({ colourType: 0 as const, bitDepth })),
  ...([2, 4, 8] as const).map((bitDepth) => ({ colourType: 3 as const, bitDepth })),
  ...([8, 16] as const).flatMap((bitDepth) => [
    { colourType: 2 as const, bitDepth },
    { colourType: 4 as const, bitDepth },
    { colourType: 6 as const, bitDepth },
  ]),
];

describe('PNG logos', () => {
  test('a valid PNG gives its size', () => {
    expect(checkPng(TINY_PNG)).toEqual({ ok: true, width: 64, height: 64 });
  });

  test.each(KINDS.map((kind) => [`colour type ${kind.colourType}, ${kind.bitDepth}-bit`, kind] as const))(
    '%s, plain and interlaced, with every row filter: accepted, and the same pixels either way',
    (_, kind) => {
      const plain = makePng(pattern(kind));
      const interlaced = makePng(pattern({ ...kind, interlaced: true }));
      expect(checkPng(plain)).toEqual({ ok: true, width: 13, height: 7 });
      const checked = checkPng(interlaced);
      expect(checked).toMatchObject({ ok: true, width: 13, height: 7 });
      // pdfkit garbles interlaced images: the PDF gets the same pixels as a plain PNG instead.
      const pdfBytes = (checked as { pdfBytes: Buffer }).pdfBytes;
      expect(checkPng(pdfBytes)).toEqual({ ok: true, width: 13, height: 7 });
      const pixels = (bytes: Buffer) => {
        const read = readPng(bytes);
        if (!read.ok) throw new Error(read.detail);
        const inflated = inflatePng(read.png);
        if (!inflated.ok) throw new Error(inflated.detail);
        return Buffer.from(decodeRgba(read.png, inflated.rows));
      };
      expect(pixels(interlaced).equals(pixels(plain))).toBe(true);
      expect(pixels(pdfBytes).equals(pixels(plain))).toBe(true);
    },
  );

  test('a truncated PNG is damaged, wherever it is cut, and never throws', () => {
    expect(checkPng(TINY_PNG.subarray(0, 45))).toEqual({ ok: false, detail: 'is a damaged PNG (it ends part-way through)' });
    const png = makePng(pattern({ colourType: 6, bitDepth: 8, interlaced: true }));
    for (let length = 0; length < png.length; length++) {
      expect(checkPng(png.subarray(0, length))).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^is (a damaged PNG|not a PNG image)/),
      });
    }
  });

  test('a flipped byte is caught by the checksum', () => {
    const damaged = Buffer.from(TINY_PNG);
    damaged[45] = damaged[45]! ^ 0xff; // inside the IDAT data
    expect(checkPng(damaged)).toEqual({ ok: false, detail: 'is a damaged PNG (bad checksum in its IDAT chunk)' });
  });

  test('image data that does not inflate is damaged, even with a right checksum', () => {
    const png = Buffer.concat([
      TINY_PNG.subarray(0, 33),
      pngChunk('IDAT', Buffer.from('not zlib data')),
      TINY_PNG.subarray(TINY_PNG.length - 12),
    ]);
    expect(checkPng(png)).toEqual({ ok: false, detail: 'is a damaged PNG (its image data cannot be read)' });
  });

  test('a row whose filter type does not exist is damaged: plain, and in an interlace pass', () => {
    const badRow = (rows: number) => (n: number) => (n === rows ? 7 : 0);
    expect(checkPng(makePng({ ...pattern({ colourType: 2, bitDepth: 8 }), filter: badRow(2) }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (row 3 uses filter type 7; PNG has only types 0 to 4)',
    });
    // 13×7 interlaced: passes 1-3 have 1 row each, so the fourth row written is pass 4's first.
    expect(checkPng(makePng({ ...pattern({ colourType: 2, bitDepth: 8, interlaced: true }), filter: badRow(3) }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (row 1 of interlace pass 4 uses filter type 7; PNG has only types 0 to 4)',
    });
  });

  test('image data of the wrong length is damaged: the rows must fill the declared size exactly', () => {
    const spec = pattern({ colourType: 2, bitDepth: 8 });
    expect(checkPng(makePng({ ...spec, damageRows: (rows) => rows.subarray(0, rows.length - 1) }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its image data inflates to 279 bytes; a 13×7 image needs 280)',
    });
    expect(checkPng(makePng({ ...spec, damageRows: (rows) => Buffer.concat([rows, Buffer.alloc(40)]) }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its image data inflates to more than the 280 bytes a 13×7 image holds)',
    });
    // Interlaced, the seven passes need more bytes than the plain rows: the plain rows are short.
    const interlaced = makePng({ ...spec, interlaced: true, before: [] });
    const plainRows = pngRows(spec);
    const swapped = Buffer.concat([interlaced.subarray(0, 33), pngChunk('IDAT', zlib.deflateSync(plainRows)), interlaced.subarray(-12)]);
    expect(checkPng(swapped)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^is a damaged PNG \(its image data inflates to 280 bytes; a 13×7 image needs \d+\)$/),
    });
  });

  test('a decompression bomb is refused quickly, without inflating it', () => {
    // A 4 MB file whose image data inflates to 4 GiB, declaring a 100×100 image (40,100 bytes).
    const bomb = pngBomb(100, 100, 4 * 1024 ** 3);
    expect(bomb.length).toBeLessThan(5_000_000);
    const before = process.memoryUsage().rss;
    const started = Date.now();
    expect(checkPng(bomb)).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its image data inflates to more than the 40,100 bytes a 100×100 image holds)',
    });
    // Generous: it takes about 0.1 s and a few MB here; inflating it all would take minutes and 4 GiB.
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(process.memoryUsage().rss - before).toBeLessThan(256 * 1024 * 1024);
  });

  test('header values that do not exist, or do not go together, are damage', () => {
    const withHeader = (bitDepth: number, colourType: number, interlace = 0) => {
      const header = Buffer.alloc(13);
      header.writeUInt32BE(1, 0);
      header.writeUInt32BE(1, 4);
      header[8] = bitDepth;
      header[9] = colourType;
      header[12] = interlace;
      return Buffer.concat([TINY_PNG.subarray(0, 8), pngChunk('IHDR', header), TINY_PNG.subarray(33)]);
    };
    expect(checkPng(withHeader(4, 2))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its header gives a bit depth of 4, which an RGB image cannot have)',
    });
    expect(checkPng(withHeader(16, 3))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its header gives a bit depth of 16, which a palette image cannot have)',
    });
    expect(checkPng(withHeader(8, 5))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its header gives colour type 5, which does not exist)',
    });
    expect(checkPng(withHeader(8, 6, 2))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its header gives interlace method 2, which does not exist)',
    });
  });

  test('a palette image needs its palette, and only palette and colour images may have one', () => {
    expect(checkPng(makePng({ ...pattern({ colourType: 3, bitDepth: 8 }), before: [] }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (a palette image with no palette)',
    });
    const palette = pngChunk('PLTE', Buffer.from([1, 2, 3]));
    expect(checkPng(makePng({ ...pattern({ colourType: 0, bitDepth: 8 }), before: [palette] }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (a greyscale image cannot have a palette)',
    });
    expect(checkPng(makePng({ ...pattern({ colourType: 3, bitDepth: 1 }), before: [pngChunk('PLTE', Buffer.alloc(9))] }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its palette has more colours than its bit depth can use)',
    });
  });

  test('a transparency chunk must fit the image', () => {
    const trns = (length: number) => pngChunk('tRNS', Buffer.alloc(length));
    expect(checkPng(makePng({ ...pattern({ colourType: 2, bitDepth: 8 }), before: [trns(2)] }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (its transparency chunk has a broken length)',
    });
    expect(checkPng(makePng({ ...pattern({ colourType: 6, bitDepth: 8 }), before: [trns(6)] }))).toEqual({
      ok: false,
      detail: 'is a damaged PNG (an image with an alpha channel cannot also have a transparency chunk)',
    });
  });

  test('an unknown chunk that readers must understand is refused; an unknown optional one is skipped', () => {
    const spec = pattern({ colourType: 2, bitDepth: 8 });
    expect(checkPng(makePng({ ...spec, before: [pngChunk('ABCD', Buffer.alloc(1))] }))).toEqual({
      ok: false,
      detail: 'is a PNG with a "ABCD" chunk that no reader can skip and policygen does not know',
    });
    expect(checkPng(makePng({ ...spec, before: [pngChunk('abCD', Buffer.alloc(1))] }))).toEqual({ ok: true, width: 13, height: 7 });
  });
});

test('our CRC-32 is the standard one', () => {
  const sample = Buffer.from('IHDR policygen Tŷ Gwyn');
  const builtIn = (zlib as { crc32?: (bytes: Buffer) => number }).crc32; // Node 20.15 and later
  if (builtIn) expect(crc32(sample)).toBe(builtIn(sample));
  expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926); // the CRC-32 check value
});

/** BASELINE with the segment that starts at `at` (its 0xFF) replaced by `segment`. */
function replaceSegment(at: number, segment: Buffer): Buffer {
  const length = BASELINE.readUInt16BE(at + 2);
  return Buffer.concat([BASELINE.subarray(0, at), segment, BASELINE.subarray(at + 2 + length)]);
}
const SOF = BASELINE.indexOf(Buffer.from([0xff, 0xc0]));

describe('JPEG logos', () => {
  test.each(['baseline.jpg', 'progressive.jpg', 'optimised.jpg', 'restart-markers.jpg', 'greyscale.jpg', 'cmyk.jpg'])(
    '%s is accepted as it is',
    (name) => {
      expect(checkJpeg(jpeg(name))).toEqual({ ok: true, width: 64, height: 32 });
    },
  );

  test('fill bytes before markers are legal: accepted, and taken out of the headers pdfkit reads', () => {
    const filled = Buffer.concat([
      BASELINE.subarray(0, 2),
      Buffer.from(BASELINE.toString('latin1', 2).replace(/\xff(?=[\xc0-\xfe])/g, '\xff\xff'), 'latin1'),
    ]);
    const checked = checkJpeg(filled);
    expect(checked).toMatchObject({ ok: true, width: 64, height: 32 });
    // Up to the image data the bytes are the file's own without fill; from there, the file's.
    const scan = BASELINE.indexOf(Buffer.from([0xff, 0xda]));
    const pdfBytes = (checked as { pdfBytes: Buffer }).pdfBytes;
    expect(pdfBytes.subarray(0, scan).equals(BASELINE.subarray(0, scan))).toBe(true);
    expect(checkJpeg(pdfBytes)).toEqual({ ok: true, width: 64, height: 32 });
  });

  test('a JPEG cut off anywhere is damaged, with our message, never a RangeError', () => {
    expect(checkJpeg(BASELINE.subarray(0, BASELINE.length - 2))).toEqual({
      ok: false,
      detail: 'is a damaged JPEG (it ends part-way through)',
    });
    for (let length = 0; length < BASELINE.length; length++) {
      expect(checkJpeg(BASELINE.subarray(0, length))).toMatchObject({
        ok: false,
        detail: expect.stringMatching(/^is (a damaged JPEG|not a JPEG image)/),
      });
    }
  });

  test('a segment longer than the file, or shorter than its own length field, is damage', () => {
    const longer = Buffer.from(BASELINE);
    longer.writeUInt16BE(0xffff, 4); // the APP0 segment
    expect(checkJpeg(longer)).toEqual({ ok: false, detail: 'is a damaged JPEG (it ends part-way through)' });
    const shorter = Buffer.from(BASELINE);
    shorter.writeUInt16BE(1, 4);
    expect(checkJpeg(shorter)).toEqual({ ok: false, detail: 'is a damaged JPEG (a segment with a length of 1)' });
    const frame = Buffer.from(BASELINE);
    frame.writeUInt16BE(5, SOF + 2);
    expect(checkJpeg(frame)).toMatchObject({ ok: false, detail: expect.stringMatching(/^is a damaged JPEG/) });
  });

  test('12-bit samples are refused: PDF takes 8-bit JPEG only', () => {
    const twelve = Buffer.from(BASELINE);
    twelve[SOF + 4] = 12;
    expect(checkJpeg(twelve)).toEqual({
      ok: false,
      detail:
        'is a JPEG with 12-bit samples; PDF takes only 8-bit JPEG samples: save it again as an ordinary (baseline) 8-bit JPEG, or as a PNG',
    });
  });

  test('a frame claiming 2 colour components is refused', () => {
    const frame = BASELINE.subarray(SOF, SOF + 2 + 17);
    const two = Buffer.concat([frame.subarray(0, 2), Buffer.from([0, 14]), frame.subarray(4, 9), Buffer.from([2]), frame.subarray(10, 16)]);
    expect(checkJpeg(replaceSegment(SOF, two))).toEqual({
      ok: false,
      detail:
        'is a JPEG with 2 colour components; a logo must be greyscale (1), colour (3) or CMYK (4): save it again as an ordinary (baseline) 8-bit JPEG, or as a PNG',
    });
  });

  test('arithmetic coding is refused, whether the frame says so or a DAC segment comes first', () => {
    const message =
      'is a JPEG with arithmetic coding, which PDF readers do not show; save it again as an ordinary (baseline) 8-bit JPEG, or as a PNG';
    expect(checkJpeg(jpeg('arithmetic.jpg'))).toEqual({ ok: false, detail: message });
    const dac = Buffer.concat([BASELINE.subarray(0, SOF), Buffer.from([0xff, 0xcc, 0x00, 0x04, 0x00, 0x10]), BASELINE.subarray(SOF)]);
    expect(checkJpeg(dac)).toEqual({ ok: false, detail: message });
  });

  test('lossless and hierarchical JPEGs are refused', () => {
    const lossless = Buffer.from(BASELINE);
    lossless[SOF + 1] = 0xc3;
    expect(checkJpeg(lossless)).toMatchObject({ ok: false, detail: expect.stringMatching(/^is a lossless JPEG, which PDF cannot hold/) });
    const hierarchical = Buffer.from(BASELINE);
    hierarchical[SOF + 1] = 0xc5;
    expect(checkJpeg(hierarchical)).toMatchObject({ ok: false, detail: expect.stringMatching(/^is a hierarchical JPEG/) });
  });

  test('a CMYK JPEG without the Adobe marker is refused: readers disagree about its colours', () => {
    const cmyk = jpeg('cmyk.jpg');
    const adobe = cmyk.indexOf(Buffer.from([0xff, 0xee]));
    const withoutMarker = Buffer.concat([cmyk.subarray(0, adobe), cmyk.subarray(adobe + 2 + cmyk.readUInt16BE(adobe + 2))]);
    expect(checkJpeg(withoutMarker)).toMatchObject({
      ok: false,
      detail: expect.stringMatching(/^is a CMYK JPEG without the Adobe marker/),
    });
  });

  test('markers out of place are damage: a marker JPEG readers reject, image data before the frame, no height', () => {
    const reserved = Buffer.concat([BASELINE.subarray(0, SOF), Buffer.from([0xff, 0xc8, 0x00, 0x02]), BASELINE.subarray(SOF)]);
    expect(checkJpeg(reserved)).toEqual({ ok: false, detail: 'is a damaged JPEG (a marker, 0xFFC8, that JPEG readers do not accept)' });
    const scan = BASELINE.indexOf(Buffer.from([0xff, 0xda]));
    const early = Buffer.concat([BASELINE.subarray(0, SOF), BASELINE.subarray(scan)]);
    expect(checkJpeg(early)).toEqual({ ok: false, detail: 'is a damaged JPEG (image data before its frame header)' });
    const noHeight = Buffer.from(BASELINE);
    noHeight.writeUInt16BE(0, SOF + 5);
    expect(checkJpeg(noHeight)).toMatchObject({ ok: false, detail: expect.stringMatching(/^is a JPEG whose header gives no height/) });
  });
});
