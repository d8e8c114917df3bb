import { findInternalsProblems, INTERNALS } from '../../src/render/pdf/pdfkit-internals';
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { parseDocument } from '../../src/render/formats';
import { REPO } from '../helpers';

const options = {
  title: 'T',
  organisationName: 'Tŷ Gwyn',
  language: 'en' as const,
  images: [],
  nextReview: '1 April 2027',
  date: '2026-04-01',
};

describe('the internals check', () => {
  test('finds every internal it names in the installed pdfkit and fontkit', () => {
    expect(Object.keys(INTERNALS).length).toBeGreaterThan(5);
    // A first render runs the check against the real packages: it must pass.
    return jest.isolateModulesAsync(async () => {
      const { renderPdf } = require('../../src/render/pdf') as typeof import('../../src/render/pdf');
      await expect(renderPdf(parseDocument('# T\n'), options)).resolves.toBeInstanceOf(Buffer);
    });
  });

  test('a missing pdfkit internal stops the first PDF with an error naming pdfkit, its version and the internal', async () => {
    await jest.isolateModulesAsync(async () => {
      // The isolated registry has its own pdfkit: break it there only.
      const PDFDocument = require('pdfkit') as { prototype: Record<string, unknown> };
      delete PDFDocument.prototype._addInfo;
      const { renderPdf } = require('../../src/render/pdf') as typeof import('../../src/render/pdf');
      const rendering = renderPdf(parseDocument('# T\n'), options);
      await expect(rendering).rejects.toThrow(/^the PDF writer does not fit the installed pdfkit 0\.20\.2 \(fontkit 2\.0\.4\): /);
      await expect(rendering).rejects.toThrow('PDFDocument.prototype._addInfo is missing, not a function');
      await expect(rendering).rejects.toThrow(/upgrade checklist in src\/render\/pdf\/pdfkit-internals\.ts/);
    });
  });

  test('a changed shape is named too: a new parameter, a property that became a function', () => {
    const problems = findInternalsProblems({
      'PDFDocument.prototype': { ...allFunctions(INTERNALS['PDFDocument.prototype']), link: (a: number, b: number) => a + b },
      'EmbeddedFont (doc._font)': {
        layout: () => 0,
        encode: () => 0,
        layoutCache: () => ({}),
        subset: {},
        widths: [],
        unicode: [],
        scale: 1,
      },
    });
    expect(problems).toContain('PDFDocument.prototype.link takes 2 parameters, not 6');
    expect(problems).toContain('EmbeddedFont (doc._font).layoutCache is a function, not an object');
    expect(problems).toContain('EmbeddedFont (doc._font).layout takes 0 parameters, not 3');
    expect(problems).toContain('fontkit TTFFont could not be reached');
  });
});

/** Functions of each arity up to 6, as the real members have. */
const ARITIES: Array<(...args: never[]) => number> = [
  () => 0,
  (_a) => 1,
  (_a, _b) => 2,
  (_a, _b, _c) => 3,
  (_a, _b, _c, _d) => 4,
  (_a, _b, _c, _d, _e) => 5,
  (_a, _b, _c, _d, _e, _f) => 6,
];

/** An object with a function of the expected arity for each name. */
function allFunctions(members: Record<string, { kind: string; arity?: number }>): Record<string, unknown> {
  const made: Record<string, unknown> = {};
  for (const [name, expected] of Object.entries(members)) made[name] = ARITIES[expected.arity ?? 0];
  return made;
}

describe('work pdfkit does at start that policygen never or rarely needs', () => {
  // Jest has a module registry of its own, so this runs the build in a real Node process.
  const run = (defer: boolean) => {
    const script = `
      const { dirname } = require('node:path');
      const { brotliCompressSync } = require('node:zlib');
      const { loadPdfkit } = require(${JSON.stringify(join(REPO, 'dist', 'render', 'pdf', 'pdfkit-internals.js'))});
      const PDFDocument = loadPdfkit(${String(defer)});
      const loaded = (part) => Object.keys(require.cache).some((file) => file.includes(part));
      const before = { brotli: loaded('brotli/dec/decode'), aes: loaded('@noble/ciphers/_polyval') };
      const fontkitFolder = dirname(require.resolve('fontkit', { paths: [dirname(require.resolve('pdfkit'))] }));
      const decompress = require(require.resolve('brotli/decompress.js', { paths: [fontkitFolder] }));
      const text = Buffer.from(decompress(brotliCompressSync('Tŷ Gwyn'), Buffer.byteLength('Tŷ Gwyn'))).toString();
      // Each script goes through a shaper of its own, with Unicode tables of its own.
      const fontkit = require(require.resolve('fontkit', { paths: [dirname(require.resolve('pdfkit'))] }));
      const { readFileSync } = require('node:fs');
      const font = fontkit.create(readFileSync(require.resolve('@expo-google-fonts/noto-sans/400Regular/NotoSans_400Regular.ttf')));
      const shaped = ['Tŷ Gwyn office ﬃ', 'مرحبا بالعالم', 'नमस्ते दुनिया', '안녕하세요', 'Ἀθῆναι'].map((sample) => {
        const run = font.layout(sample);
        return run.glyphs.map((glyph, i) => [glyph.id, glyph.codePoints, run.positions[i].xAdvance, run.positions[i].xOffset]);
      });
      const doc = new PDFDocument({ userPassword: 'x', pdfVersion: '1.7ext3' });
      const chunks = [];
      doc.on('data', (chunk) => chunks.push(chunk));
      doc.on('end', () => {
        const encrypted = /\\/Encrypt \\d+ 0 R/.test(Buffer.concat(chunks).toString('latin1'));
        console.log(JSON.stringify({ before, text, encrypted, shaped, after: { brotli: loaded('brotli/dec/decode'), aes: loaded('@noble/ciphers/_polyval') } }));
      });
      doc.end();`;
    return JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' })) as Record<string, unknown>;
  };

  test('waits until something needs it, and then does it as before', () => {
    const deferred = run(true);
    expect(deferred).toMatchObject({
      before: { brotli: false, aes: false },
      text: 'Tŷ Gwyn',
      encrypted: true,
      after: { brotli: true, aes: true },
    });
    const plain = run(false);
    expect(plain).toMatchObject({ before: { brotli: true, aes: true } });
    expect(deferred.shaped).toEqual(plain.shaped);
  });
});
