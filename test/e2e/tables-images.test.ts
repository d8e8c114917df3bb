/**
 * A consultant's template with tables and pictures, built through the CLI in every format:
 * what each file holds, that the pictures are copied beside the Markdown only (and known
 * to --check and --prune), and that a hostile value in a cell stays in its cell.
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HtmlValidate } from 'html-validate';
import MarkdownIt from 'markdown-it';
import { EXAMPLES, FIXTURES, listFiles, organisationYaml, REPO, runBin, tempDir, writeFiles } from '../helpers';
import { expectSoundPdf, hasPoppler } from '../pdf-check';
import { makePng } from '../png-maker';
import { docxHtml, unzipDocx } from '../read-docx';

const withPoppler = hasPoppler() ? test : test.skip;
const HOSTILE = 'Smith | Sons <script>x</script> *Ltd* Tŷ \\';
const DIAGRAM = readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png'));
const PHOTO = readFileSync(join(FIXTURES, 'images', 'baseline.jpg'));

const TEMPLATE = `---
title: Safeguarding Adults
---
{{#org_field_logo}}
{{org_field_logo}}

{{/org_field_logo}}
{{org_field_name}}

# Safeguarding Adults

![Who to tell, as a flow chart](diagram.png)

Report a concern at once: www.careinspectorate.wales, https://www.gov.wales/safeguarding or help@example.org.

## Types of abuse

| Math o gam-drin | Examples | Who to tell |
| :--- | :---: | ---: |
| **Corfforol** | Hitting, *pushing*, ~~rough~~ handling | [CIW](https://www.careinspectorate.wales) |
| Ariannol | Dwyn arian — ŵ ŷ | {{org_field_registered_manager_first_name}} |
| Home | {{org_field_name}} | {{org_field_registration_no}} |

{{> contacts}}
`;

const CONTACTS = `## Contacts

| Contact | Phone |
| --- | ---: |
| Office | 01234 567890 |

A photo of the office: ![The office](office.jpg) Call in any time.
`;

/** Two homes (one with a hostile name and no logo) and a library whose template and partial show pictures. */
function writeCase(cwd: string): void {
  writeFiles(cwd, {
    'homes/ty-gwyn.yaml': organisationYaml({ logo: '../logo.png' }),
    'homes/hostile.yaml': organisationYaml({ name: HOSTILE }),
    'logo.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
    'templates/safeguarding.md': TEMPLATE,
    'templates/images/diagram.png': DIAGRAM,
    'templates/partials/contacts.md': CONTACTS,
    'templates/partials/office.jpg': PHOTO,
  });
}

async function build(cwd: string, formats: string, ...more: string[]) {
  return runBin(['build', 'homes', '-t', 'templates', '-f', formats, '--today', '2026-11-25', ...more], cwd);
}

describe('a template with tables and pictures, in every format', () => {
  let cwd: string;
  let out: string;
  let names: { diagram: string; office: string };
  beforeAll(async () => {
    cwd = tempDir();
    writeCase(cwd);
    const built = await build(cwd, 'md,html,pdf,docx');
    expect(built).toMatchObject({ code: 0, stdout: '' });
    expect(built.stderr).not.toMatch(/warning|error/);
    out = join(cwd, 'out');
    const files = listFiles(join(out, 'ty-gwyn'));
    names = { diagram: files.find((file) => file.startsWith('diagram-'))!, office: files.find((file) => file.startsWith('office-'))! };
  }, 120_000);

  test('copies each picture beside the Markdown once, by a name of its own, and embeds it everywhere else', () => {
    expect(names.diagram).toMatch(/^diagram-[0-9a-f]{10}\.png$/);
    expect(names.office).toMatch(/^office-[0-9a-f]{10}\.jpg$/);
    const policy = (home: string) => ['docx', 'html', 'md', 'pdf'].map((format) => `${home}/safeguarding.${format}`);
    const builtIn = (home: string) => ['docx', 'html', 'md', 'pdf'].map((format) => `${home}/social-media.${format}`);
    expect(listFiles(out)).toEqual(
      [
        'hostile/.policygen.json',
        `hostile/${names.diagram}`,
        `hostile/${names.office}`,
        'hostile/index.html',
        ...policy('hostile'),
        ...builtIn('hostile'),
        'ty-gwyn/.policygen.json',
        `ty-gwyn/${names.diagram}`,
        'ty-gwyn/logo.png',
        `ty-gwyn/${names.office}`,
        'ty-gwyn/index.html',
        ...policy('ty-gwyn'),
        ...builtIn('ty-gwyn'),
      ].sort(),
    );
    expect(readFileSync(join(out, 'ty-gwyn', names.diagram)).equals(DIAGRAM)).toBe(true);
    expect(readFileSync(join(out, 'ty-gwyn', names.office)).equals(PHOTO)).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, 'ty-gwyn', '.policygen.json'), 'utf8')) as { files: Record<string, unknown> };
    expect(Object.keys(manifest.files)).toEqual(expect.arrayContaining([names.diagram, names.office]));
  });

  test('Markdown: the table passed through, the hostile name in one cell, bare addresses linked, and markdownlint-clean', async () => {
    const markdown = readFileSync(join(out, 'hostile', 'safeguarding.md'), 'utf8');
    expect(markdown).toContain('| :--- | :---: | ---: |');
    expect(markdown).toContain(`![Who to tell, as a flow chart](${names.diagram})`);
    expect(markdown).toContain(`![The office](${names.office})`);
    expect(markdown).toContain(
      '[www.careinspectorate.wales](http://www.careinspectorate.wales), <https://www.gov.wales/safeguarding> or <help@example.org>',
    );
    const html = new MarkdownIt().render(markdown);
    expect(html).toContain(
      '<td style="text-align:left">Home</td>\n<td style="text-align:center">Smith | Sons &lt;script&gt;x&lt;/script&gt; *Ltd* Tŷ \\</td>\n<td style="text-align:right">W0012345</td>',
    );
    const cli = join(REPO, 'node_modules', 'markdownlint-cli2', 'markdownlint-cli2-bin.mjs');
    const files = listFiles(out)
      .filter((file) => file.endsWith('.md'))
      .map((file) => join(out, file));
    await expect(
      promisify(execFile)(process.execPath, [cli, '--config', join(REPO, '.markdownlint.jsonc'), ...files]),
    ).resolves.toBeDefined();
  });

  test.each(['ty-gwyn', 'hostile'])(
    'HTML of %s: valid and accessible by html-validate, pictures embedded, the hostile name text',
    async (home) => {
      const html = readFileSync(join(out, home, 'safeguarding.html'), 'utf8');
      const validator = new HtmlValidate({ extends: ['html-validate:recommended', 'html-validate:a11y'], rules: { 'long-title': 'off' } });
      const report = await validator.validateString(html);
      expect(report.results.flatMap((r) => r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId} ${m.message}`))).toEqual([]);
      expect(html).toContain('<p class="picture"><img src="data:image/png;base64,');
      expect(html).toContain('alt="Who to tell, as a flow chart" width="240" height="240"');
      expect(html).toContain('<p class="picture"><img src="data:image/jpeg;base64,');
      expect(html).not.toMatch(/\bsrc="(?!data:)/);
      if (home === 'hostile') {
        expect(html).toContain('<td class="centre">Smith | Sons &#60;script&#62;x&#60;/script&#62; *Ltd* Tŷ \\</td>');
        expect(html).not.toMatch(/<script/);
      }
    },
  );

  withPoppler(
    'the policy manual shows the pictures its policies show, each embedded once, and the logo on its cover',
    async () => {
      const packed = await build(cwd, 'pdf', '--pack', '-o', 'packed');
      expect(packed).toMatchObject({ code: 0, stdout: '' });
      const rows = execFileSync('pdfimages', ['-list', join(cwd, 'packed', 'ty-gwyn', 'policy-pack.pdf')], { encoding: 'utf8' })
        .split('\n')
        .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line))
        .map((line) => line.trim().split(/\s+/));
      // Columns: page, num, type, width, height, …, object id. The logo and the diagram are 240x240, the office photo 64x32.
      const objects = new Map(rows.map((row) => [row[10], `${row[3]}x${row[4]}`]));
      expect([...objects.values()].sort()).toEqual(['240x240', '240x240', '64x32']);
      expect(rows.filter((row) => row[0] === '1').map((row) => `${row[3]}x${row[4]}`)).toEqual(['240x240']);
    },
    60_000,
  );

  withPoppler('PDF: sound, the tables in row order with the hostile name in its cell, the pictures drawn', () => {
    for (const home of ['ty-gwyn', 'hostile']) expectSoundPdf(join(out, home, 'safeguarding.pdf'));
    const file = join(out, 'hostile', 'safeguarding.pdf');
    const lines = execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    const order = ['Corfforol', 'Ariannol', 'Dwyn arian — ŵ ŷ', 'Siân', 'Home', HOSTILE, 'W0012345', 'Contact', 'Office', '01234 567890'];
    // Each after the one before (the name is in the letterhead too).
    let from = lines.indexOf('Types of abuse');
    for (const text of order) {
      const at = lines.indexOf(text, from + 1);
      expect({ text, found: at > from }).toEqual({ text, found: true });
      from = at;
    }
    const images = execFileSync('pdfimages', ['-list', file], { encoding: 'utf8' })
      .split('\n')
      .filter((line) => /^\s*\d+\s+\d+\s+image\s/.test(line));
    expect(images).toHaveLength(2);
    const tree = execFileSync('pdfinfo', ['-struct', file], { encoding: 'utf8' });
    expect(tree.match(/^ {2}Table \(block\)$/gm)).toHaveLength(2);
    expect(tree.match(/^ {2}Figure/gm)).toHaveLength(2);
  });

  test('Word: both tables and both pictures, read back by mammoth', async () => {
    const bytes = readFileSync(join(out, 'hostile', 'safeguarding.docx'));
    const html = await docxHtml(bytes);
    expect(html.match(/<table>/g)).toHaveLength(2);
    expect(html).toContain('<td><p>Smith | Sons &lt;script&gt;x&lt;/script&gt; *Ltd* Tŷ \\</p></td>');
    expect(html).toMatch(/<img alt="Who to tell, as a flow chart" src="data:image\/png;base64,/);
    expect(html).toMatch(/<img alt="The office" src="data:image\/jpeg;base64,/);
    expect([...unzipDocx(bytes).keys()].filter((path) => path.startsWith('word/media/'))).toHaveLength(2);
  });

  test('HTML alone copies no picture', async () => {
    const alone = tempDir();
    writeCase(alone);
    expect(await build(alone, 'html')).toMatchObject({ code: 0 });
    expect(listFiles(join(alone, 'out')).filter((file) => !/\.(html|json)$/.test(file))).toEqual([]);
  });

  test('--check knows the pictures: a changed picture is a new file, and --prune removes the old one', async () => {
    const again = tempDir();
    writeCase(again);
    expect(await build(again, 'md,html')).toMatchObject({ code: 0 });
    expect(await build(again, 'md,html', '--check')).toMatchObject({ code: 0 });
    const oldName = listFiles(join(again, 'out', 'ty-gwyn')).find((file) => file.startsWith('diagram-'))!;
    writeFileSync(
      join(again, 'templates', 'images', 'diagram.png'),
      makePng({ width: 8, height: 8, colourType: 2, bitDepth: 8, pixel: () => [9, 9, 9] }),
    );
    const checked = await build(again, 'md,html', '--check');
    expect(checked.code).toBe(1);
    expect(checked.stdout).toContain(`extra   out/ty-gwyn/${oldName}`);
    expect(checked.stdout).toMatch(/missing out\/ty-gwyn\/diagram-[0-9a-f]{10}\.png/);
    expect(checked.stdout).toContain('stale   out/ty-gwyn/safeguarding.md');
    const pruned = await build(again, 'md,html', '--prune');
    expect(pruned).toMatchObject({ code: 0 });
    expect(pruned.stdout).toContain(`removed out/ty-gwyn/${oldName}`);
    expect(listFiles(join(again, 'out', 'ty-gwyn')).filter((file) => file.startsWith('diagram-'))).toHaveLength(1);
  });
});

describe('a picture that pdfkit would garble', () => {
  // An interlaced palette PNG with transparency: pdfkit garbles it, so the PDF gets the same pixels as plain RGBA (as for logos).
  withPoppler('is drawn in its own colours', async () => {
    const cwd = tempDir();
    const picture = makePng({
      width: 64,
      height: 32,
      colourType: 3,
      bitDepth: 4,
      interlaced: true,
      palette: [
        [255, 0, 0],
        [0, 0, 255],
      ],
      transparency: Uint8Array.from([255, 255]),
      pixel: (x) => (x < 32 ? [0] : [1]),
    });
    writeFiles(cwd, {
      'home.yaml': organisationYaml(),
      'templates/t.md': '---\ntitle: T\n---\n# T\n\n![Red and blue](picture.png)\n',
      'templates/picture.png': picture,
    });
    expect(await runBin(['build', 'home.yaml', '-t', 'templates', '-f', 'pdf', '--today', '2026-11-25'], cwd)).toMatchObject({ code: 0 });
    const page = spawnSync('pdftoppm', ['-r', '72', '-f', '1', '-l', '1', join(cwd, 'out', 'home', 't.pdf')], {
      maxBuffer: 64 * 1024 * 1024,
    }).stdout;
    const header = /^P6\s+(\d+)\s+(\d+)\s+255\s/.exec(page.toString('latin1', 0, 40))!;
    const width = Number(header[1]);
    const pixel = (x: number, y: number) => {
      const at = header[0].length + (y * width + x) * 3;
      return [page[at]!, page[at + 1]!, page[at + 2]!];
    };
    // 64×32 pixels at 96 to the inch: 48×24 points, below the title, from the left margin (64).
    const top = [...Array(400).keys()].find((y) => pixel(70, y)[0]! > 200 && pixel(70, y)[1]! < 60)!;
    expect(top).toBeGreaterThan(80);
    expect(pixel(70, top + 10)).toEqual([255, 0, 0]);
    expect(pixel(105, top + 10)).toEqual([0, 0, 255]);
  });
});
