import { readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LOGO_CACHE_BYTES, LOGO_CACHE_ENTRIES, loadLogo, logoCacheUsage } from '../../src/load/logo';
import { FIXTURES, tempDir, writeFiles } from '../helpers';
import { makePng } from '../png-maker';

const BASELINE = readFileSync(join(FIXTURES, 'images', 'baseline.jpg'));

describe('the logo cache of a long-running process', () => {
  test('a logo shared by many homes is read and checked once', () => {
    const dir = tempDir();
    writeFiles(dir, { 'logo.png': makePng({ width: 4, height: 4, colourType: 2, bitDepth: 8, pixel: () => [1, 2, 3] }) });
    const first = loadLogo(join(dir, 'logo.png'));
    const again = loadLogo(join(dir, 'logo.png'));
    expect(again).toBe(first);
  });

  test('a logo changed on disk is read again', () => {
    const dir = tempDir();
    const path = join(dir, 'logo.png');
    writeFileSync(path, makePng({ width: 4, height: 4, colourType: 2, bitDepth: 8, pixel: () => [1, 2, 3] }));
    expect(loadLogo(path)).toMatchObject({ ok: true, image: { width: 4 } });
    writeFileSync(path, makePng({ width: 6, height: 4, colourType: 2, bitDepth: 8, pixel: () => [1, 2, 3] }));
    utimesSync(path, new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(loadLogo(path)).toMatchObject({ ok: true, image: { width: 6 } });
  });

  test('keeps at most a few logos, however many different ones a process meets', () => {
    const dir = tempDir();
    for (let i = 0; i < LOGO_CACHE_ENTRIES * 3; i++) {
      const path = join(dir, `logo-${i}.png`);
      writeFileSync(path, makePng({ width: 4 + i, height: 4, colourType: 2, bitDepth: 8, pixel: () => [i, 2, 3] }));
      expect(loadLogo(path)).toMatchObject({ ok: true, image: { width: 4 + i } });
      expect(logoCacheUsage().entries).toBeLessThanOrEqual(LOGO_CACHE_ENTRIES);
    }
    expect(logoCacheUsage().entries).toBe(LOGO_CACHE_ENTRIES);
  });

  test('holds at most its byte budget of large logos', () => {
    const dir = tempDir();
    // 9 MiB JPEGs (bytes after the end-of-image marker are allowed and ignored): a few fill the budget.
    const large = Buffer.concat([BASELINE, Buffer.alloc(9 * 1024 * 1024)]);
    for (let i = 0; i < 8; i++) {
      const path = join(dir, `large-${i}.jpg`);
      writeFileSync(path, large);
      expect(loadLogo(path)).toMatchObject({ ok: true, image: { type: 'jpeg' } });
      expect(logoCacheUsage().bytes).toBeLessThanOrEqual(LOGO_CACHE_BYTES);
    }
    expect(logoCacheUsage().bytes).toBeGreaterThan(LOGO_CACHE_BYTES / 2);
  });
});
