import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { preparedLayoutsPath, readPreparedLayouts, type PreparedLayoutsFile } from '../../src/render/pdf/prepared-layouts';
import { EXAMPLES, REPO, tempDir } from '../helpers';

/*
 * `npm run build` prepares the shaping of the text every policy has
 * (scripts/prepare-pdf-layouts.js). That the prepared runs change no byte is proven by
 * test/unit/pdf-speed-layer.test.ts; these tests prove they are there and used, and never
 * used with other fonts or versions.
 */
describe('prepared PDF layouts', () => {
  const file = JSON.parse(readFileSync(preparedLayoutsPath(), 'utf8')) as PreparedLayoutsFile;

  test('are written by the build for every face, with the policy text, the dates and the preset subsets', () => {
    expect(Object.keys(file.faces).sort()).toEqual(['bold', 'boldItalic', 'italic', 'regular']);
    expect(Object.keys(file.subsets).sort()).toEqual(['bold', 'boldItalic', 'italic', 'regular']);
    const regular = readPreparedLayouts(preparedLayoutsPath()).get('regular')!;
    for (const word of ['Social ', 'confidentiality, ', 'Ebrill ', 'April ', '2027', 'Page ', 'Tudalen '])
      expect(regular[word]).toBeDefined();
  });

  test('are ignored when made for another font file or pdfkit version', () => {
    const dir = tempDir();
    for (const [name, key] of [
      ['font', { ...file.key, fonts: { ...file.key.fonts, regular: '0'.repeat(64) } }],
      ['pdfkit', { ...file.key, pdfkit: '0.0.1' }],
    ] as const) {
      const path = join(dir, `${name}.json`);
      writeFileSync(path, JSON.stringify({ ...file, key }));
      expect(readPreparedLayouts(path).size).toBe(0);
    }
    expect(readPreparedLayouts(join(dir, 'missing.json')).size).toBe(0);
    writeFileSync(join(dir, 'broken.json'), '{');
    expect(readPreparedLayouts(join(dir, 'broken.json')).size).toBe(0);
  });

  // Shaping a face's first word costs fontkit about 0.1 s; the example's every word is prepared.
  test('spare a fresh process all shaping for a policy whose words are all prepared', () => {
    const script = `
      const fontkit = require('fontkit');
      const { readFileSync } = require('node:fs');
      const probe = fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')));
      let shaped = 0;
      const layout = Object.getPrototypeOf(probe).layout;
      // Same arity as fontkit's, or the internals check (rightly) stops the build.
      Object.getPrototypeOf(probe).layout = function (text, features, script, language, direction) {
        shaped++;
        return layout.call(this, text, features, script, language, direction);
      };
      let encoded = 0;
      const subset = Object.getPrototypeOf(probe.createSubset());
      const encode = subset.encode;
      subset.encode = function () {
        encoded++;
        return encode.call(this);
      };
      const { build } = require(${JSON.stringify(join(REPO, 'dist'))});
      build({ inputs: [${JSON.stringify(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'))}], out: ${JSON.stringify(tempDir())}, formats: ['pdf'], check: true, today: '2026-11-25' })
        .then((result) => console.log(JSON.stringify({ ok: result.ok, shaped, encoded })));`;
    expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8', cwd: REPO }))).toEqual({
      ok: true,
      shaped: 0,
      encoded: 0,
    });
  });
});
