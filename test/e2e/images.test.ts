import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src';
import { FIXTURES, organisationYaml, tempDir, writeFiles } from '../helpers';
import { makePng, type PngSpec } from '../png-maker';

/*
 * Every kind of logo policygen accepts must come out of the PDF writer as a PDF that qpdf
 * finds sound and poppler draws without a word on stderr, in the right colours: the left
 * half of each test logo is one colour and the right half another (or transparent).
 */
const hasTools = spawnSync('qpdf', ['--version']).status === 0 && spawnSync('pdftoppm', ['-v']).status === 0;
// CI installs qpdf and poppler-utils (see .ci/run), so these only ever skip on a developer's machine without them.
const withTools = hasTools ? test : test.skip;
if (!hasTools) console.warn('qpdf or poppler-utils is not installed: skipping the embedded-image checks');

type Rgb = [number, number, number];
const RED: Rgb = [255, 0, 0];
const BLUE: Rgb = [0, 0, 255];
const BLACK: Rgb = [0, 0, 0];
const WHITE: Rgb = [255, 255, 255];

interface LogoCase {
  name: string;
  file: string;
  bytes: Buffer;
  /** What the page shows at the middle of the logo's left and right halves. */
  left: Rgb;
  right: Rgb;
  /** JPEG is lossy: how far a channel may be from the colour it was made from. */
  tolerance?: number;
}

/** 64×32 pixels, so the logo is drawn at 128×64 points: left half `a`, right half `b`. */
function halves(spec: Omit<PngSpec, 'width' | 'height' | 'pixel'>, a: number[], b: number[]): Buffer {
  return makePng({ ...spec, width: 64, height: 32, pixel: (x) => (x < 32 ? a : b) });
}

function pngCases(): LogoCase[] {
  const cases: LogoCase[] = [];
  for (const interlaced of [false, true]) {
    const kind = interlaced ? 'interlaced' : 'plain';
    const add = (name: string, bytes: Buffer, left: Rgb, right: Rgb) =>
      cases.push({ name: `${kind} ${name}`, file: 'logo.png', bytes, left, right });
    for (const bitDepth of [1, 2, 4, 8, 16] as const) {
      const max = 2 ** bitDepth - 1;
      const mid = bitDepth === 1 ? 1 : Math.round(max / 2);
      const grey = Math.round((mid / max) * 255);
      add(`greyscale ${bitDepth}-bit`, halves({ colourType: 0, bitDepth, interlaced }, [0], [mid]), BLACK, [grey, grey, grey]);
      const key = Buffer.alloc(2);
      key.writeUInt16BE(mid);
      add(
        `greyscale ${bitDepth}-bit, one colour transparent`,
        halves({ colourType: 0, bitDepth, interlaced, transparency: key }, [0], [mid]),
        BLACK,
        WHITE,
      );
    }
    for (const bitDepth of [1, 2, 4, 8] as const) {
      const palette: Array<[number, number, number]> = [
        [255, 0, 0],
        [0, 0, 255],
      ];
      add(`palette ${bitDepth}-bit`, halves({ colourType: 3, bitDepth, interlaced, palette }, [0], [1]), RED, BLUE);
      const alpha = Uint8Array.from([255, 0]);
      add(
        `palette ${bitDepth}-bit with transparency`,
        halves({ colourType: 3, bitDepth, interlaced, palette, transparency: alpha }, [0], [1]),
        RED,
        WHITE,
      );
    }
    for (const bitDepth of [8, 16] as const) {
      const max = 2 ** bitDepth - 1;
      add(`RGB ${bitDepth}-bit`, halves({ colourType: 2, bitDepth, interlaced }, [max, 0, 0], [0, 0, max]), RED, BLUE);
      const key = Buffer.alloc(6);
      key.writeUInt16BE(max, 4);
      const keyed = halves({ colourType: 2, bitDepth, interlaced, transparency: key }, [max, 0, 0], [0, 0, max]);
      add(`RGB ${bitDepth}-bit, one colour transparent`, keyed, RED, WHITE);
      add(`greyscale and alpha ${bitDepth}-bit`, halves({ colourType: 4, bitDepth, interlaced }, [0, max], [0, 0]), BLACK, WHITE);
      add(`RGBA ${bitDepth}-bit`, halves({ colourType: 6, bitDepth, interlaced }, [max, 0, 0, max], [0, 0, max, 0]), RED, WHITE);
    }
  }
  return cases;
}

function jpegCases(): LogoCase[] {
  const jpeg = (name: string) => readFileSync(join(FIXTURES, 'images', name));
  const baseline = jpeg('baseline.jpg');
  // Fill bytes (0xFF) before every marker of the headers, as JPEG allows.
  const filled = Buffer.concat([
    baseline.subarray(0, 2),
    Buffer.from(baseline.toString('latin1', 2).replace(/\xff(?=[\xc0-\xfe])/g, '\xff\xff\xff'), 'latin1'),
  ]);
  return [
    { name: 'baseline JPEG', file: 'logo.jpg', bytes: baseline, left: RED, right: BLUE, tolerance: 40 },
    { name: 'progressive JPEG', file: 'logo.jpg', bytes: jpeg('progressive.jpg'), left: RED, right: BLUE, tolerance: 40 },
    { name: 'JPEG with optimised tables', file: 'logo.jpg', bytes: jpeg('optimised.jpg'), left: RED, right: BLUE, tolerance: 40 },
    { name: 'JPEG with restart markers', file: 'logo.jpg', bytes: jpeg('restart-markers.jpg'), left: RED, right: BLUE, tolerance: 40 },
    { name: 'JPEG with fill bytes before its markers', file: 'logo.jpg', bytes: filled, left: RED, right: BLUE, tolerance: 40 },
    { name: 'greyscale JPEG', file: 'logo.jpg', bytes: jpeg('greyscale.jpg'), left: BLACK, right: WHITE, tolerance: 40 },
    // Printed blue (full cyan and magenta) is a duller blue than the screen's; inverted, it would be yellow.
    { name: 'CMYK JPEG (Adobe)', file: 'logo.jpg', bytes: jpeg('cmyk.jpg'), left: RED, right: [40, 40, 150], tolerance: 60 },
  ];
}

/** The RGB of the pixel at (x, y) of a binary PPM. */
function ppmPixel(ppm: Buffer, x: number, y: number): Rgb {
  const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(ppm.toString('latin1', 0, 40))!;
  const width = Number(header[1]);
  const at = header[0].length + (y * width + x) * 3;
  return [ppm[at]!, ppm[at + 1]!, ppm[at + 2]!];
}

describe('every accepted kind of logo, embedded in a PDF', () => {
  const cases = [...pngCases(), ...jpegCases()];
  let out: string;
  beforeAll(async () => {
    const cwd = tempDir();
    const files: Record<string, string | Uint8Array> = {};
    cases.forEach((logo, index) => {
      files[`homes/home-${index}.yaml`] = organisationYaml({ logo: `../logos/${index}-${logo.file}` });
      files[`logos/${index}-${logo.file}`] = logo.bytes;
    });
    writeFiles(cwd, files);
    const result = await build({ inputs: ['homes'], cwd, out: 'out', formats: ['pdf'], today: '2026-11-25', jobs: 1 });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    out = join(cwd, 'out');
  }, 120_000);

  withTools.each(cases.map((logo, index) => [logo.name, index, logo] as const))(
    '%s: sound, silent and in its colours',
    (_, index, logo) => {
      const pdf = join(out, `home-${index}`, 'social-media.pdf');
      const qpdf = spawnSync('qpdf', ['--check', pdf], { encoding: 'utf8' });
      expect({ status: qpdf.status, warnings: `${qpdf.stdout}${qpdf.stderr}`.match(/^WARNING.*$/gm) }).toEqual({
        status: 0,
        warnings: null,
      });
      const page = spawnSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', pdf], { maxBuffer: 64 * 1024 * 1024 });
      expect(page.stderr.toString()).toBe('');
      // The letterhead logo: 128×64 points from (64, 48); the middle of each half.
      const near = (actual: Rgb, expected: Rgb) =>
        actual.every((value, channel) => Math.abs(value - expected[channel]!) <= (logo.tolerance ?? 8));
      const left = ppmPixel(page.stdout, 96, 80);
      const right = ppmPixel(page.stdout, 160, 80);
      expect({ left: near(left, logo.left) ? logo.left : left, right: near(right, logo.right) ? logo.right : right }).toEqual({
        left: logo.left,
        right: logo.right,
      });
    },
  );
});

describe('a small logo', () => {
  withTools('is drawn at most twice its size in pixels: a 16×16 logo at 32×32 points, not a blurred 64×64', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'home.yaml': organisationYaml({ logo: './logo.png' }),
      'logo.png': makePng({ width: 16, height: 16, colourType: 2, bitDepth: 8, pixel: () => [0, 0, 0] }),
    });
    const result = await build({ inputs: ['home.yaml'], cwd, out: 'out', formats: ['pdf'], today: '2026-11-25' });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['LOGO_SMALL']);
    const page = spawnSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', join(cwd, 'out', 'home', 'social-media.pdf')]).stdout;
    // The black square starts at the letterhead's corner (64, 48): measure its run across and down from there.
    const isDark = (x: number, y: number) => ppmPixel(page, x, y).every((value) => value < 60);
    const run = (step: (i: number) => [number, number]) => {
      let length = 0;
      while (length < 100 && isDark(...step(length))) length++;
      return length;
    };
    const extent = (axis: 0 | 1) => (axis === 0 ? run((i) => [64 + i, 56]) : run((i) => [70, 48 + i]));
    // 32 points, give or take the pixel that anti-aliasing darkens at an edge.
    for (const axis of [0, 1] as const) expect(Math.abs(extent(axis) - 32)).toBeLessThanOrEqual(1);
  });
});
