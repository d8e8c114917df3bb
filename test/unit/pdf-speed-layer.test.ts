/**
 * The speed layer (src/render/pdf/speed-layer.ts) may only make PDFs faster: the same
 * documents built with it on and off must be the same bytes. "Off" is plain pdfkit use:
 * fonts parsed for each document, no shared cache, no prepared layouts.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from '../../src';
import { setPdfSpeedLayer } from '../../src/render/pdf';
import { EXAMPLES, FIXTURES, listFiles, organisationYaml, REPO, tempDir, writeFiles } from '../helpers';
import { expectSoundPdf } from '../pdf-check';

const PNG_LOGO = readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png'));
const OTHER_PNG_LOGO = readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png'));
const JPEG_LOGO = readFileSync(join(FIXTURES, 'pdf', 'gradient.jpg'));

/** A second template: long and nested lists, quotes, code, a rule, links, every heading level, tables over pages, a picture. */
const LISTS_TEMPLATE = [
  '---',
  'id: lists',
  'title: Long Lists – Rhestrau Hir',
  '---',
  '{{org_field_name}}',
  '',
  '# Long Lists for {{org_field_name}}',
  '',
  ...Array.from({ length: 60 }, (_, i) => `${i + 1}. Item ${i + 1}: ${'ŵ ŷ Tŷ Gwyn office flow '.repeat(1 + (i % 4))}`),
  '',
  '## Nested',
  '',
  ...Array.from(
    { length: 20 },
    (_, i) =>
      `- Level one ${i}\n  - Level two ${i} with *italic* and **bold** and ***both***\n    - Level three [a link](https://example.org/${i})`,
  ),
  '',
  '> A quotation from {{org_field_name}}, long enough to wrap onto a second line of the page at this width.',
  '',
  '    code block {{org_field_registration_no}}',
  '',
  '---',
  '',
  '###### Six',
  '',
  '## Tables',
  '',
  '| Math | Examples ŵ ŷ | Who |',
  '| :--- | :---: | ---: |',
  ...Array.from(
    { length: 50 },
    (_, i) => `| **Row ${i}** | ${'Tŷ Gwyn office flow '.repeat(1 + (i % 5))} | [{{org_field_name}}](https://example.org/${i}) ~~old~~ |`,
  ),
  '',
  '![A diagram](diagram.png)',
  '',
  'The end, `code` and a hard break  ',
  'after it.',
  '',
].join('\n');

const HOMES: Record<string, { name: string; logo?: string; languages?: string }> = {
  'ty-gwyn': { name: 'Cartref Gofal Tŷ Gwyn', logo: 'png', languages: '[cy, en]' },
  hostile: { name: 'Smith & Sons <Care> *x*', logo: 'jpeg' },
  welsh: { name: 'Llys Ŵyn ŵ ŷ Ŷ Ŵ ẁ ẃ ẅ ỳ', logo: 'other', languages: '[cy]' },
  ligatures: { name: 'Oﬃce ﬁrst ﬂow Home' },
  long: { name: `Ocean View ${'Care Home '.repeat(12)}Limited`, logo: 'png' },
  greek: { name: 'Ἀθῆναι Care ✓', logo: 'jpeg' },
};

/** The homes' files and the extra template, in a fresh folder. */
function writeHomes(): string {
  const cwd = tempDir();
  const files: Record<string, string | Uint8Array> = {
    'homes/logo.png': PNG_LOGO,
    'homes/other.png': OTHER_PNG_LOGO,
    'homes/logo.jpg': JPEG_LOGO,
    'templates/lists.md': LISTS_TEMPLATE,
    'templates/diagram.png': OTHER_PNG_LOGO,
    // The Welsh homes read every policy in Welsh too: the same lists, under a Welsh title.
    'templates/lists.cy.md': LISTS_TEMPLATE.replace(/^title: .*$/m, 'title: Rhestrau'),
  };
  for (const [file, home] of Object.entries(HOMES)) {
    const logo =
      home.logo === 'png' ? './logo.png' : home.logo === 'jpeg' ? './logo.jpg' : home.logo === 'other' ? './other.png' : undefined;
    files[`homes/${file}.yaml`] = organisationYaml({
      name: home.name,
      ...(logo ? { logo } : {}),
      ...(home.languages ? { extra: `languages: ${home.languages}` } : {}),
    });
  }
  writeFiles(cwd, files);
  return cwd;
}

async function buildAll(speedLayer: boolean): Promise<Map<string, Buffer>> {
  const cwd = writeHomes();
  setPdfSpeedLayer(speedLayer);
  try {
    const result = await build({ inputs: ['homes'], cwd, templates: ['templates'], formats: ['pdf'], jobs: 1, today: '2026-11-25' });
    // The Greek home's tick is outside the font on purpose, and the small test logos are small: warnings only.
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(new Set(result.diagnostics.map((d) => d.code))).toEqual(new Set(['GLYPH_MISSING', 'LOGO_SMALL']));
  } finally {
    setPdfSpeedLayer(true);
  }
  const out = join(cwd, 'out');
  return new Map(
    listFiles(out)
      .filter((file) => file.endsWith('.pdf'))
      .map((file) => [file, readFileSync(join(out, file))]),
  );
}

describe('the PDF speed layer', () => {
  let plain: Map<string, Buffer>;
  let fast: Map<string, Buffer>;
  let fastAgain: Map<string, Buffer>;
  beforeAll(async () => {
    // Fast first, in a process that has built nothing yet; then plain; then fast again,
    // with every cache already full of other homes' text.
    fast = await buildAll(true);
    plain = await buildAll(false);
    fastAgain = await buildAll(true);
  }, 120_000);

  test('builds every home and template', () => {
    const documents = Object.values(HOMES).reduce((sum, home) => sum + 2 * (home.languages === '[cy, en]' ? 2 : 1), 0);
    expect([...plain.keys()]).toHaveLength(documents);
    expect([...fast.keys()]).toEqual([...plain.keys()]);
  });

  test('changes no byte of any PDF of a batch, built first or after other homes', () => {
    for (const [file, bytes] of plain) {
      expect({ file, same: fast.get(file)?.equals(bytes) }).toEqual({ file, same: true });
      expect({ file, same: fastAgain.get(file)?.equals(bytes) }).toEqual({ file, same: true });
    }
  });

  // Jest reuses its worker processes: only a process of its own has built nothing before.
  test('changes no byte of a single home built in a fresh process (the prepared layouts at work)', () => {
    const cwd = writeHomes();
    for (const home of ['welsh', 'hostile']) {
      const script = `
        const { build } = require(${JSON.stringify(join(REPO, 'dist'))});
        build({ inputs: ['homes/${home}.yaml'], templates: ['templates'], formats: ['pdf'], today: '2026-11-25' })
          .then((result) => console.log(JSON.stringify(result.diagnostics.filter((d) => d.severity === 'error'))));`;
      expect(execFileSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8' }).trim()).toBe('[]');
      for (const file of [`${home}/social-media.pdf`, `${home}/lists.pdf`]) {
        expect({ file, same: readFileSync(join(cwd, 'out', file)).equals(plain.get(file)!) }).toEqual({ file, same: true });
      }
    }
  });

  test('every PDF passes qpdf --check and reads in poppler without a complaint', () => {
    for (const bytes of plain.values()) expectSoundPdf(bytes);
  });
});
