import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, render } from '../../src/api';
import { setPdfSpeedLayer } from '../../src/render/pdf';
import { EXAMPLES, listFiles, organisationYaml, runMain, tempDir, TINY_PNG, writeFiles } from '../helpers';
import { expectSoundPdf, hasPoppler } from '../pdf-check';

/**
 * `build --pack`: each home's policy manual, read back page by page with pdftotext. The
 * contents must send the reader to the page each policy really starts on, every policy
 * must be there, each followed by its read-and-sign sheet.
 */
const withPoppler = hasPoppler() ? test : test.skip;

const WORDS = [
  'Accident',
  'Bathing',
  'Complaints',
  'Dementia',
  'Equality',
  'Fire Safety',
  'Gifts',
  'Hydration',
  'Infection Control',
  'Jewellery',
  'Keyholding',
  'Laundry',
  'Medication',
  'Nutrition',
  'Oral Health',
  'Pressure Care',
  'Quality Assurance',
  'Recruitment',
  'Safeguarding',
  'Training',
  'Uniform',
  'Visiting',
  'Whistleblowing',
  'Xmas Closure',
  'Young Visitors',
  'Zero Tolerance',
  'Agency Staff',
  'Bed Rails',
  'Continence',
];
const paragraph =
  'Staff follow this procedure every time, record what they did in the care plan, and tell the Registered Manager about anything unusual on the same day. ';

/** 29 policies of 1 to 5 sections, one with a title long enough to wrap in the contents; with the built-in one, 30. */
function library(): Record<string, string> {
  const files: Record<string, string> = {};
  WORDS.forEach((word, index) => {
    const id = word.toLowerCase().replace(/ /g, '-');
    const title =
      index === 7
        ? `${word} and Fluids Policy for Residents Living with Swallowing Difficulties, Dysphagia and Reduced Appetite`
        : `${word} Policy`;
    const sections = Array.from(
      { length: 1 + (index % 5) * 2 },
      (_, s) => `## ${s + 1}. Section\n\n${paragraph.repeat(4 + (s % 3))}\n`,
    ).join('\n');
    files[`library/${id}.md`] =
      `---\ntitle: ${title}\nversion: "${1 + (index % 3)}.${index % 4}"\n---\n{{org_field_name}}\n\n# ${title}\n\n${sections}`;
  });
  return files;
}

/** Every link annotation that goes to a page of the document: its /Contents, and the page (1-based). */
function linkTargets(pdf: string): Array<{ contents: string; page: number }> {
  type Objects = Record<string, { value?: Record<string, unknown> }>;
  const json = JSON.parse(
    execFileSync('qpdf', ['--json', '--json-key=qpdf', '--json-key=pages', pdf], { encoding: 'utf8', maxBuffer: 1 << 28 }),
  ) as {
    qpdf: [unknown, Objects];
    pages: Array<{ object: string }>;
  };
  const objects = json.qpdf[1];
  const pageOf = new Map(json.pages.map((page, index) => [page.object, index + 1]));
  return Object.values(objects)
    .map((object) => object.value)
    .filter((value): value is Record<string, unknown> => value?.['/Subtype'] === '/Link')
    .flatMap((annotation) => {
      const action = objects[`obj:${annotation['/A'] as string}`]?.value;
      const destination = action?.['/D'] as [string] | undefined;
      if (!destination) return [];
      return [{ contents: String(annotation['/Contents']).replace(/^u:/, ''), page: pageOf.get(destination[0])! }];
    });
}

/** Each page's text, as pdftotext gives it (pages end with a form feed). */
function pagesOf(pdf: string): string[] {
  return execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8', maxBuffer: 1 << 26 })
    .split('\f')
    .slice(0, -1);
}

/** The contents' entries as printed: the start of each title, and the page number at the end of its first line. */
function contentsOf(pages: readonly string[], titles: readonly string[]): Map<string, { page: number; line: string }> {
  const contents = new Map<string, { page: number; line: string }>();
  const contentsPages = pages.filter((text) => /^\s*(Contents|Cynnwys)\s*$/m.test(text) || /\bPOLICY\b|\bPOLISI\b/.test(text));
  for (const title of titles) {
    const start = title.slice(0, 30);
    const line = contentsPages.flatMap((text) => text.split('\n')).find((l) => l.trimStart().startsWith(start));
    if (line) contents.set(title, { page: Number(/(\d+)\s*$/.exec(line)![1]), line });
  }
  return contents;
}

describe('a 30-policy library', () => {
  let cwd: string;
  let pdf: string;
  let seconds: number;
  const titles = [
    ...WORDS.map((word, index) =>
      index === 7
        ? `${word} and Fluids Policy for Residents Living with Swallowing Difficulties, Dysphagia and Reduced Appetite`
        : `${word} Policy`,
    ),
    'Using Social Media Platforms Policy',
  ];

  beforeAll(async () => {
    cwd = tempDir();
    writeFiles(cwd, { ...library(), 'home.yaml': organisationYaml({ logo: './logo.png' }), 'logo.png': TINY_PNG });
    const started = process.hrtime.bigint();
    const result = await runMain(['build', 'home.yaml', '-t', 'library', '--pack', '--today', '2026-11-25', '-q'], cwd);
    seconds = Number(process.hrtime.bigint() - started) / 1e9;
    expect(result).toMatchObject({ code: 0, stderr: '' });
    pdf = join(cwd, 'out', 'home', 'policy-pack.pdf');
  }, 120_000);

  test('builds in reasonable time, and qpdf and poppler find it sound', () => {
    // Measured in docs/performance.md; this bound only catches a hang or an explosion.
    expect(seconds).toBeLessThan(60);
    expectSoundPdf(pdf);
  });

  withPoppler('every page number in the contents is the page where that policy starts; each is followed by its read-and-sign sheet', () => {
    const pages = pagesOf(pdf);
    expect(pages[0]).toContain('Policy manual');
    expect(pages[0]).toContain('Compiled on 25 November 2026');
    const contents = contentsOf(pages, titles);
    // Every policy is in the contents, in title order.
    expect([...contents.keys()].sort()).toEqual([...titles].sort());
    const order = [...contents.entries()].sort((a, b) => a[1].page - b[1].page).map(([title]) => title);
    expect(order).toEqual([...titles].sort((a, b) => a.localeCompare(b, 'en-GB')));
    const starts = order.map((title) => contents.get(title)!.page);
    starts.forEach((page, index) => {
      const title = order[index]!;
      const text = pages[page - 1]!;
      // The policy's first page: its letterhead (no running header) and its title.
      expect(text.replace(/\s+/g, ' ')).toContain(title.replace(/\s+/g, ' ').slice(0, 40));
      expect(text).not.toMatch(/I have read and understood this policy/);
      // The page before the next policy (or the last page) is this policy's read-and-sign sheet.
      const sheet = pages[(starts[index + 1] ?? pages.length + 1) - 2]!;
      expect(sheet).toContain('Read and sign');
      expect(sheet).toContain('I have read and understood this policy.');
      expect(sheet.replace(/\s+/g, ' ')).toContain(`Policy: ${title}`.slice(0, 50));
      expect(sheet).toMatch(/Name\s+Role\s+Signature\s+Date/);
    });
    // A policy's title never appears on a page before the one the contents give (the contents pages aside).
    const contentsPages = pages.findIndex((text) => text.includes('Contents')) + 1;
    for (const [title, { page }] of contents) {
      const first = pages.findIndex((text, index) => index >= contentsPages + 1 && text.includes(title.slice(0, 40)));
      expect(first + 1).toBe(page);
    }
    // Every page but the cover says which page of how many it is.
    pages.slice(1).forEach((text, index) => expect(text).toContain(`Page ${index + 2} of ${pages.length}`));
  });

  withPoppler('the contents entries are links to those pages, and the bookmarks nest policy > headings', () => {
    const json = JSON.parse(
      execFileSync('qpdf', ['--json', '--json-key=outlines', '--json-key=pages', pdf], { encoding: 'utf8', maxBuffer: 1 << 26 }),
    ) as {
      outlines: Array<{ title: string; destpageposfrom1: number; kids: Array<{ title: string }> }>;
    };
    const pages = pagesOf(pdf);
    const contents = contentsOf(pages, titles);
    const top = json.outlines.map((o) => [o.title, o.destpageposfrom1]);
    expect(top[0]).toEqual(['Contents', 2]);
    expect(top.slice(1)).toEqual([...contents].sort((a, b) => a[1].page - b[1].page).map(([title, { page }]) => [title, page]));
    const visiting = json.outlines.find((o) => o.title === 'Visiting Policy')!;
    expect(visiting.kids.map((k) => k.title)).toEqual(['1. Section', '2. Section', '3. Section', 'Read and sign']);
    // Each entry's links go to the page its number says.
    const links = linkTargets(pdf);
    // Title (a link on each of its lines), version, date and page number: at least four each.
    for (const title of titles) expect(links.filter((link) => link.contents === title).length).toBeGreaterThanOrEqual(4);
    expect(links.every((link) => titles.includes(link.contents))).toBe(true);
    for (const { contents: title, page } of links) expect(page).toBe(contents.get(title)!.page);
  });

  test('rebuilding gives the same bytes; --check then finds the manual up to date', async () => {
    const before = readFileSync(pdf);
    const again = await runMain(['build', 'home.yaml', '-t', 'library', '--pack', '--today', '2026-11-25', '--check'], cwd);
    expect(again).toMatchObject({ code: 0, stdout: '' });
    const other = tempDir();
    writeFiles(other, { ...library(), 'home.yaml': organisationYaml({ logo: './logo.png' }), 'logo.png': TINY_PNG });
    expect(
      (await runMain(['build', 'home.yaml', '-t', 'library', '--pack', '--today', '2026-11-25', '-q', '--jobs', '2'], other)).code,
    ).toBe(0);
    expect(readFileSync(join(other, 'out', 'home', 'policy-pack.pdf')).equals(before)).toBe(true);
  }, 120_000);

  test('the index links to where each policy starts in the manual', () => {
    const index = readFileSync(join(cwd, 'out', 'home', 'index.html'), 'utf8');
    const links = [...index.matchAll(/href="policy-pack\.pdf#page=(\d+)">Policy manual, page (\d+)</g)].map((m) => [m[1], m[2]]);
    expect(links).toHaveLength(30);
    for (const [href, label] of links) expect(href).toBe(label);
  });
});

withPoppler('a Welsh manual is wholly Welsh; a bilingual home gets one per language', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    'ty-gwyn.yaml': readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'), 'utf8'),
    'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
  });
  expect((await runMain(['build', 'ty-gwyn.yaml', '--pack', '--today', '2026-11-25', '-q'], cwd)).code).toBe(0);
  const out = join(cwd, 'out', 'ty-gwyn');
  const welsh = pagesOf(join(out, 'policy-pack.cy.pdf'));
  const text = welsh.join('\n');
  for (const words of [
    'Llawlyfr polisïau',
    'Lluniwyd ar 25 Tachwedd 2026',
    'Rhif Cofrestru: W0012345',
    'Rheolwr cofrestredig: Siân Llŷr',
    'Cynnwys',
    'Darllen a llofnodi',
    'Rwyf wedi darllen a deall y polisi hwn.',
    'Tudalen 2 o',
    'Dyddiad yr Adolygiad Nesaf',
  ]) {
    expect(text).toContain(words);
  }
  expect(text).toMatch(/Enw\s+Rôl\s+Llofnod\s+Dyddiad/);
  expect(text).toMatch(/POLISI\s+FERSIWN\s+ADOLYGIAD NESAF\s+TUDALEN/);
  expect(text).not.toMatch(/\b(Page|Policy|Contents|Read and sign|Name|Role|Signature|Version|Next Review|Registration|Compiled|manual)\b/);
  expect(pagesOf(join(out, 'policy-pack.en.pdf')).join('\n')).toContain('Policy manual');
  expectSoundPdf(join(out, 'policy-pack.cy.pdf'));
});

test('the speed layer changes no byte of a manual', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    'ty-gwyn.yaml': readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'), 'utf8'),
    'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
  });
  const manual = async (fast: boolean, out: string) => {
    setPdfSpeedLayer(fast);
    try {
      const result = await build({ inputs: ['ty-gwyn.yaml'], cwd, out, pack: true, formats: ['md'], today: '2026-11-25', jobs: 1 });
      expect(result.ok).toBe(true);
    } finally {
      setPdfSpeedLayer(true);
    }
    return readFileSync(join(cwd, out, 'ty-gwyn', 'policy-pack.cy.pdf'));
  };
  const plain = await manual(false, 'plain');
  expect((await manual(true, 'fast')).equals(plain)).toBe(true);
});

test('the config file orders the manual and the index; an id it does not know is a warning at its line', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    ...library(),
    'home.yaml': organisationYaml(),
    'policygen.config.yaml': 'templates: [library]\norder: [visiting, social-media, visting]\n',
  });
  const result = await runMain(['build', 'home.yaml', '-f', 'html', '--pack', '--today', '2026-11-25', '--json'], cwd);
  expect(result.code).toBe(0);
  expect(result.stderr).toContain(
    'policygen.config.yaml:2:33: warning: there is no policy template with id "visting", so it cannot be ordered [UNKNOWN_POLICY]',
  );
  expect(result.stderr).toContain('hint: did you mean "visiting"?');
  const json = JSON.parse(result.stdout) as { organisations: Array<{ outputs: Array<{ path: string; status: string }> }> };
  expect(json.organisations[0]!.outputs.map((o) => o.path)).toEqual(
    expect.arrayContaining(['out/home/policy-pack.pdf', 'out/home/index.html']),
  );
  const index = readFileSync(join(cwd, 'out', 'home', 'index.html'), 'utf8');
  const rows = [...index.matchAll(/<th scope="row">(.*?)<\/th>/g)].map((m) => m[1]);
  expect(rows.slice(0, 3)).toEqual(['Visiting Policy', 'Using Social Media Platforms Policy', 'Accident Policy']);
});

test('validate checks the config file’s order too, at its line, as build does', async () => {
  const cwd = tempDir();
  writeFiles(cwd, {
    ...library(),
    'home.yaml': organisationYaml(),
    'policygen.config.yaml': 'templates: [library]\norder: [visiting, social-media, visting]\n',
  });
  const result = await runMain(['validate', 'home.yaml', '--today', '2026-11-25'], cwd);
  expect(result).toMatchObject({ code: 0, stdout: 'home.yaml: valid\n' });
  expect(result.stderr).toContain(
    'policygen.config.yaml:2:33: warning: there is no policy template with id "visting", so it cannot be ordered [UNKNOWN_POLICY]',
  );
});

test('render() takes pack and order as build does: the manual and the ordered index in memory', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { ...library(), 'home.yaml': organisationYaml() });
  const options = { cwd, inputs: ['home.yaml'], templates: ['library'], formats: ['html' as const], today: '2026-11-25' };
  const rendered = await render({ ...options, pack: true, order: ['visiting'] });
  expect(listFiles(cwd).filter((file) => file.startsWith('out/'))).toEqual([]);
  const files = rendered.organisations[0]!.files!;
  const index = files.find((file) => file.name === 'index.html')!.contents as string;
  const rows = [...index.matchAll(/<th scope="row">(.*?)<\/th>/g)].map((m) => m[1]);
  expect(rows[0]).toBe('Visiting Policy');
  expect(index).toContain('policy-pack.pdf#page=');
  const built = await build({ ...options, pack: true, order: ['visiting'] });
  expect(built.ok).toBe(true);
  for (const name of ['policy-pack.pdf', 'index.html']) {
    const file = files.find((f) => f.name === name)!;
    expect(Buffer.from(file.contents).equals(readFileSync(join(cwd, 'out', 'home', name)))).toBe(true);
  }
  await expect(render({ ...options, order: ['nope'] })).rejects.toThrow(RangeError);
  expect(rendered).not.toHaveProperty('library');
});
