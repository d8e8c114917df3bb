import { build } from '../../src';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, listFiles, organisationYaml, runBin, tempDir, writeFiles } from '../helpers';
import { makePng } from '../png-maker';

/*
 * One home's damaged logo costs that home only: the others are built, the exit code is 2
 * (a problem with the input, not 70, a bug), and the library's build() settles. Before,
 * pdfkit's PNG decoder threw "Invalid filter algorithm" from a zlib callback: the whole
 * batch died with exit 70 and build() never settled.
 */

/** An RGBA logo (pdfkit decodes those to split off the alpha) whose third row has filter type 7. */
const BAD_FILTER = makePng({
  width: 8,
  height: 8,
  colourType: 6,
  bitDepth: 8,
  pixel: () => [30, 90, 60, 255],
  filter: (row) => (row === 2 ? 7 : 0),
});
const MESSAGE =
  'homes/home-2.yaml:4:9: error: the logo file ../bad.png is a damaged PNG (row 3 uses filter type 7; PNG has only types 0 to 4) [LOGO_NOT_IMAGE]';

function threeHomes(): string {
  const cwd = tempDir();
  writeFiles(cwd, {
    'good.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
    'bad.png': BAD_FILTER,
    'homes/home-1.yaml': organisationYaml({ logo: '../good.png' }),
    'homes/home-2.yaml': organisationYaml({ logo: '../bad.png' }),
    'homes/home-3.yaml': organisationYaml({ logo: '../good.png' }),
  });
  return cwd;
}

describe.each(['1', '2'])('a batch of three PDFs, the middle one with a damaged logo, --jobs %s', (jobs) => {
  test('exit 2, a positioned LOGO_NOT_IMAGE for that home, the other two built', async () => {
    const cwd = threeHomes();
    const result = await runBin(['build', 'homes', '-f', 'pdf', '--jobs', jobs, '--today', '2026-05-01'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr.split('\n').filter((line) => / (error|warning): /.test(line))).toEqual([MESSAGE]);
    expect(result.stderr).not.toContain('INTERNAL_ERROR');
    expect(listFiles(cwd).filter((file) => file.startsWith('out/'))).toEqual([
      'out/home-1/.policygen.json',
      'out/home-1/social-media.pdf',
      'out/home-3/.policygen.json',
      'out/home-3/social-media.pdf',
    ]);
  }, 60_000);

  test('through the library API, build() settles with the same report', async () => {
    const cwd = threeHomes();
    const result = await build({ inputs: ['homes'], cwd, formats: ['pdf'], jobs: Number(jobs), today: '2026-05-01' });
    expect(result.ok).toBe(false);
    expect(result.organisations.map((organisation) => [organisation.file, organisation.ok])).toEqual([
      ['homes/home-1.yaml', true],
      ['homes/home-2.yaml', false],
      ['homes/home-3.yaml', true],
    ]);
    expect(result.diagnostics.map((d) => [d.code, d.file, d.line, d.column])).toEqual([['LOGO_NOT_IMAGE', 'homes/home-2.yaml', 4, 9]]);
  }, 60_000);
});
