import { build, validate } from '../../src';
import { FONT_COVERAGE } from '../../src/render/font-coverage';
import { describeGlyphs, findMissingGlyphs } from '../../src/render/glyphs';
import { organisationYaml, tempDir, writeFiles } from '../helpers';

const { fontCoverageRanges } = require('../../scripts/font-coverage-ranges.js') as { fontCoverageRanges(): Array<[number, number]> };

test('the coverage table is the PDF font’s own (after a font upgrade: npm run update-font-coverage)', () => {
  const fromFont = fontCoverageRanges()
    .map(([from, to]) => (from === to ? from.toString(16) : `${from.toString(16)}-${to.toString(16)}`))
    .join(',');
  expect(FONT_COVERAGE).toBe(fromFont);
});

describe('characters the PDF font cannot show', () => {
  test('Welsh, the punctuation policies use, Greek and Cyrillic are all there', () => {
    expect(findMissingGlyphs('Cartref Gofal Tŷ Gwyn, Siân Llŷr: ŵ ẁ ẃ ẅ ỳ – “quotes” € £ Ωμέγα Привет\n\ttab')).toEqual([]);
  });

  test('CJK, emoji and Arabic are named once each, where they first appear', () => {
    expect(findMissingGlyphs('Tŷ 中文 中 😀 أحمد')).toEqual([
      { character: '中', offset: 3 },
      { character: '文', offset: 4 },
      { character: '😀', offset: 8 },
      { character: 'أ', offset: 11 },
      { character: 'ح', offset: 12 },
      { character: 'م', offset: 13 },
      { character: 'د', offset: 14 },
    ]);
    expect(describeGlyphs(['中', '😀'])).toBe('U+4E2D 中, U+1F600 😀');
    expect(describeGlyphs([...'一二三四五六七八九十'])).toBe(
      'U+4E00 一, U+4E8C 二, U+4E09 三, U+56DB 四, U+4E94 五, U+516D 六, U+4E03 七, U+516B 八 and 2 more',
    );
  });
});

describe('GLYPH_MISSING', () => {
  const home = () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'home.yaml': organisationYaml({ name: 'Cartref 中文 😀', extra: '' }).replace('first_name: Siân', 'first_name: أحمد'),
      'library/visiting.md': '---\ntitle: Visiting\n---\n# Visiting\n\nCroeso 歓迎 {{org_field_name}}.\n',
    });
    return cwd;
  };
  const warnings = (diagnostics: Array<{ code: string; file: string; line?: number; column?: number; message: string }>) =>
    diagnostics.filter((d) => d.code === 'GLYPH_MISSING').map((d) => `${d.file}:${d.line}:${d.column} ${d.message}`);
  const expected = [
    "home.yaml:2:9 organisation.name has characters the PDF's font cannot show: U+4E2D 中, U+6587 文, U+1F600 😀; the PDF shows an empty box for each",
    "home.yaml:5:17 organisation.registered_manager.first_name has characters the PDF's font cannot show: U+0623 أ, U+062D ح, U+0645 م, U+062F د; the PDF shows an empty box for each",
    "library/visiting.md:6:8 this template has characters the PDF's font cannot show: U+6B53 歓, U+8FCE 迎; the PDF shows an empty box for each",
  ];

  test('validate and a PDF build warn, naming the characters and where they are', async () => {
    const cwd = home();
    const checked = await validate({ inputs: ['home.yaml'], cwd, templates: ['library'], today: '2026-05-01' });
    expect({ ok: checked.ok, warnings: warnings(checked.diagnostics) }).toEqual({ ok: true, warnings: expected });
    const built = await build({ inputs: ['home.yaml'], cwd, templates: ['library'], formats: ['pdf'], today: '2026-05-01' });
    expect({ ok: built.ok, warnings: warnings(built.diagnostics) }).toEqual({ ok: true, warnings: expected });
  }, 30_000);

  test('a Markdown or HTML build says nothing: those show every character', async () => {
    const built = await build({ inputs: ['home.yaml'], cwd: home(), templates: ['library'], formats: ['md', 'html'], today: '2026-05-01' });
    expect(warnings(built.diagnostics)).toEqual([]);
  });
});
