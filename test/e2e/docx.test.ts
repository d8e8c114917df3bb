import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, listFiles, REPO, runBin, tempDir, writeFiles } from '../helpers';
import { docxHtml, xmlParts } from '../read-docx';

const HOSTILE = 'Smith & Sons <Care> *x* <script>alert(1)</script>';
const has = (program: string) => spawnSync('sh', ['-c', `command -v ${program}`]).status === 0;
// CI installs LibreOffice and poppler-utils (see .ci/run), so this check only ever skips on a developer's machine.
const canConvert = (has('soffice') && has('pdftotext')) || Boolean(process.env.CI);
const withLibreOffice = canConvert ? test : test.skip;
if (!canConvert) {
  console.warn(
    'LibreOffice or pdftotext is not installed: skipping the check that a word processor opens the .docx files (apt-get install libreoffice-writer-nogui poppler-utils)',
  );
}

/**
 * The bilingual example (a Welsh and an English document), a Welsh-only hostile copy of it,
 * a Welsh-only home with ŵ in its name, and an English home, built as Word documents.
 */
function homes(cwd: string): void {
  const bilingual = readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'), 'utf8');
  const welsh = bilingual.replace(/^languages: .*$/m, 'languages: [cy]');
  writeFiles(cwd, {
    'ty-gwyn.yaml': bilingual,
    'hostile.yaml': welsh.replace('name: Cartref Gofal Tŷ Gwyn', `name: ${JSON.stringify(HOSTILE)}`),
    'twr.yaml': welsh.replace('name: Cartref Gofal Tŷ Gwyn', 'name: Cartref Tŵr Gwyn'),
    'ocean-view.yaml': readFileSync(join(EXAMPLES, 'ocean-view.yaml'), 'utf8'),
    'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
    'logos/ocean-view.png': readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png')),
  });
}

async function build(cwd: string, args: string[], env: Record<string, string> = {}): Promise<string> {
  const result = await runBin(['build', ...args, '-f', 'docx', '--today', '2026-11-25'], cwd, env);
  expect(result).toMatchObject({ code: 0, stdout: '' });
  return join(cwd, 'out');
}

const docx = (out: string, home: string, language?: 'cy' | 'en') =>
  readFileSync(join(out, home, `social-media${language ? `.${language}` : ''}.docx`));

describe('Word documents from the CLI', () => {
  let cwd: string;
  let out: string;
  beforeAll(async () => {
    cwd = tempDir();
    homes(cwd);
    out = await build(cwd, ['.']);
  });

  test('writes one .docx per home and policy, and no loose logo', () => {
    expect(listFiles(out).filter((file) => !file.endsWith('/.policygen.json'))).toEqual([
      'hostile/social-media.docx',
      'ocean-view/social-media.docx',
      'twr/social-media.docx',
      'ty-gwyn/social-media.cy.docx',
      'ty-gwyn/social-media.en.docx',
    ]);
  });

  test('holds every heading of the template, in order, as Word headings', async () => {
    const html = await docxHtml(docx(out, 'ty-gwyn', 'en'));
    const markdown = readFileSync(join(REPO, 'templates', 'social-media.md'), 'utf8');
    const expected = [...markdown.matchAll(/^(#+) (.+)$/gm)].map((m) => `<h${m[1]!.length}>${m[2]!}</h${m[1]!.length}>`);
    expect(expected).toHaveLength(16);
    const found = [...html.matchAll(/<h(\d)>.*?<\/h\1>/g)].map((m) => m[0]);
    expect(found).toEqual(expected);
    expect(html).toMatch(
      /^<p><img alt="Cartref Gofal Tŷ Gwyn logo" src="data:image\/png;base64,[^"]+" \/><\/p><p>Cartref Gofal Tŷ Gwyn<\/p>/,
    );
    expect(html).toContain('<ul><li>Promote positive care experiences.</li>'); // a list inside a list item
    expect(html).toContain('Siân Llŷr');
  });

  test('shows a hostile name as literal text', async () => {
    const html = await docxHtml(docx(out, 'hostile'));
    expect(html).toContain('<p>Smith &amp; Sons &lt;Care&gt; *x* &lt;script&gt;alert(1)&lt;/script&gt;</p>');
    expect(html).not.toMatch(/<script|<em>x/);
    const parts = xmlParts(docx(out, 'hostile')); // every part still well-formed
    expect(parts.get('docProps/core.xml')).toContain(
      '<dc:creator>Smith &amp; Sons &lt;Care&gt; *x* &lt;script&gt;alert(1)&lt;/script&gt;</dc:creator>',
    );
  });

  test('follows each home’s language in its footer, properties and runs', () => {
    const welsh = xmlParts(docx(out, 'ty-gwyn', 'cy'));
    const english = xmlParts(docx(out, 'ty-gwyn', 'en'));
    expect(welsh.get('word/footer1.xml')).toContain('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027');
    expect(english.get('word/footer1.xml')).toContain('Next Review Date: 1 April 2027');
    expect(welsh.get('word/document.xml')).toContain('<w:lang w:val="cy-GB"/>');
    expect(welsh.get('word/document.xml')).not.toContain('<w:lang w:val="en-GB"/>');
    expect(english.get('word/document.xml')).not.toContain('<w:lang w:val="cy-GB"/>');
    expect(welsh.get('docProps/core.xml')).toContain('<dcterms:created xsi:type="dcterms:W3CDTF">2026-04-01T00:00:00Z</dcterms:created>');
  });

  test('is byte-identical when rebuilt in another time zone, alone, or on two worker threads', async () => {
    const elsewhere = tempDir();
    homes(elsewhere);
    const honolulu = await build(elsewhere, ['.', '--jobs', '2'], { TZ: 'Pacific/Honolulu' });
    const alone = tempDir();
    homes(alone);
    const aloneOut = await build(alone, ['ty-gwyn.yaml'], { TZ: 'Pacific/Kiritimati' });
    for (const home of ['hostile', 'ocean-view', 'twr']) expect(docx(honolulu, home).equals(docx(out, home))).toBe(true);
    for (const language of ['cy', 'en'] as const) {
      expect(docx(honolulu, 'ty-gwyn', language).equals(docx(out, 'ty-gwyn', language))).toBe(true);
      expect(docx(aloneOut, 'ty-gwyn', language).equals(docx(out, 'ty-gwyn', language))).toBe(true);
    }
  });

  test('--check finds the files up to date, and a changed one stale', async () => {
    const check = ['build', '.', '-f', 'docx', '--today', '2026-11-25', '--check'];
    expect(await runBin(check, cwd)).toMatchObject({ code: 0 });
    const file = join(out, 'twr', 'social-media.docx');
    const bytes = readFileSync(file);
    writeFileSync(file, Buffer.concat([bytes, Buffer.from([0])]));
    const stale = await runBin(check, cwd);
    expect(stale.code).toBe(1);
    expect(stale.stderr + stale.stdout).toContain('twr/social-media.docx');
    writeFileSync(file, bytes);
  });

  // A real word processor: LibreOffice lays the file out, and its PDF has the words, the fields' page numbers and ŵ ŷ.
  withLibreOffice(
    'opens in LibreOffice with its text, Welsh letters and "Page 1 of N" footer',
    () => {
      const pdfs = tempDir();
      execFileSync(
        'soffice',
        [
          `-env:UserInstallation=file://${tempDir('policygen-lo-profile-')}`,
          '--headless',
          '--convert-to',
          'pdf',
          '--outdir',
          pdfs,
          join(out, 'twr', 'social-media.docx'),
        ],
        { stdio: 'ignore', timeout: 110_000 },
      );
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(pdfs, 'social-media.pdf'), '-'], { encoding: 'utf8' });
      expect(text).toContain('Cartref Tŵr Gwyn');
      expect(text).toContain('Person Cyfrifol: Siân Llŷr');
      expect(text).toContain("Polisi Defnyddio Platfformau'r Cyfryngau Cymdeithasol");
      expect(text).toContain('4.1 Cyfrifon Swyddogol ar y Cyfryngau Cymdeithasol');
      expect(text).toContain('Dyddiad yr Adolygiad Nesaf: 1 Ebrill 2027');
      const pages = Number(/Tudalen 1 o (\d+)/.exec(text)?.[1]);
      expect(pages).toBeGreaterThan(1);
      expect(text).toContain(`Tudalen ${pages} o ${pages}`);
    },
    120_000,
  );
});

test('Markdown and HTML builds never load docx', () => {
  const script = `
    const { build } = require(${JSON.stringify(join(REPO, 'dist'))});
    build({ inputs: [${JSON.stringify(join(EXAMPLES, 'ocean-view.yaml'))}], out: ${JSON.stringify(tempDir())}, formats: ['md', 'html'], today: '2026-11-25' }).then((r) => {
      console.log(JSON.stringify({ ok: r.ok, docx: Object.keys(require.cache).some((f) => /node_modules[\\\\/]docx[\\\\/]/.test(f)) }));
    });`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual({ ok: true, docx: false });
});
