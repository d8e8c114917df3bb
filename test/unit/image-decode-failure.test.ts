import { build } from '../../src';
import { organisationYaml, tempDir, TINY_PNG, writeFiles } from '../helpers';
import { makePng } from '../png-maker';

/*
 * The checks when a logo is loaded catch every damaged image we know of. If one still got
 * past them and failed inside the PDF writer, it must cost only its own home, as a
 * positioned LOGO_NOT_IMAGE: here the checks are switched off to prove that.
 */
jest.mock('../../src/load/image-check', () => {
  const actual = jest.requireActual<typeof import('../../src/load/image-check')>('../../src/load/image-check');
  return {
    ...actual,
    checkPng: (bytes: Buffer) => ({ ok: true, width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) }),
    checkJpeg: () => ({ ok: true, width: 8, height: 8 }),
  };
});

const BAD_FILTER = makePng({
  width: 8,
  height: 8,
  colourType: 6,
  bitDepth: 8,
  pixel: () => [30, 90, 60, 255],
  filter: (row) => (row === 2 ? 7 : 0),
});

test('an image that fails while the PDF is written is a LOGO_NOT_IMAGE for its home; the batch goes on and build() settles', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    'good.png': TINY_PNG,
    'bad.png': BAD_FILTER,
    'bad.jpg': Buffer.from('ffd8ffe0000210ffd9', 'hex'),
    'homes/home-1.yaml': organisationYaml({ logo: '../good.png' }),
    'homes/home-2.yaml': organisationYaml({ logo: '../bad.png' }),
    'homes/home-3.yaml': organisationYaml({ logo: '../bad.jpg' }),
    'homes/home-4.yaml': organisationYaml({ logo: '../good.png' }),
  });
  const result = await build({ inputs: ['homes'], cwd, formats: ['pdf'], jobs: 1, today: '2026-05-01' });
  expect(result.organisations.map((organisation) => organisation.ok)).toEqual([true, false, false, true]);
  expect(
    result.diagnostics.filter((d) => d.severity === 'error').map((d) => `${d.file}:${d.line}:${d.column} ${d.code} ${d.message}`),
  ).toEqual([
    'homes/home-2.yaml:4:9 LOGO_NOT_IMAGE the logo file ../bad.png cannot be decoded: the image is a damaged PNG (row 3 uses filter type 7; PNG has only types 0 to 4)',
    'homes/home-3.yaml:4:9 LOGO_NOT_IMAGE the logo file ../bad.jpg cannot be decoded: Invalid JPEG.',
  ]);
});
