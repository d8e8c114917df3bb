import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { build, render } from '../../src';
import { EXAMPLES, listFiles, tempDir, writeFiles } from '../helpers';

/** The bilingual example and the English one, with their logos. */
function layout(cwd: string): void {
  writeFiles(cwd, {
    'homes/ty-gwyn.yaml': readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml')),
    'homes/ocean-view.yaml': readFileSync(join(EXAMPLES, 'ocean-view.yaml')),
    'homes/logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
    'homes/logos/ocean-view.png': readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png')),
  });
}

test('render() gives every file build writes, byte for byte, in every format, and writes nothing', async () => {
  const cwd = tempDir();
  layout(cwd);
  const options = { cwd, inputs: ['homes/'], formats: ['md', 'html', 'pdf', 'docx'] as const, today: '2026-11-25' };
  const rendered = await render({ ...options, formats: [...options.formats] });
  expect(listFiles(cwd).filter((file) => !file.startsWith('homes/'))).toEqual([]);
  expect(rendered.ok).toBe(true);

  const built = await build({ ...options, formats: [...options.formats] });
  expect(built.ok).toBe(true);
  for (const organisation of rendered.organisations) {
    const folder = join(cwd, 'out', organisation.file.replace(/^homes\//, '').replace(/\.yaml$/, ''));
    const names = organisation.files!.map((file) => file.name).sort();
    expect(names).toEqual(listFiles(folder).filter((name) => name !== '.policygen.json'));
    for (const file of organisation.files!) {
      expect(file.path).toBe(`out/${folder.split('/').pop()}/${file.name}`);
      expect(Buffer.from(file.contents).equals(readFileSync(join(folder, file.name)))).toBe(true);
    }
  }
  const welsh = rendered.organisations.find((o) => o.file === 'homes/ty-gwyn.yaml')!;
  expect(welsh.files!.find((file) => file.name === 'social-media.cy.pdf')!.document).toEqual({
    policy: 'social-media',
    language: 'cy',
    title: "Polisi Defnyddio Platfformau'r Cyfryngau Cymdeithasol",
    format: 'pdf',
  });
  expect(welsh.sources).toEqual(['homes/ty-gwyn.yaml', 'homes/logos/ty-gwyn.png']);
  expect(welsh.files!.find((file) => file.name === 'logo.png')!.document).toBeUndefined();
});

test('render() of a broken home: its diagnostics, no files, and still its sources so a watcher can wait for the fix', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { 'home.yaml': 'organisation:\n  name: [\n' });
  const result = await render({ cwd, inputs: ['home.yaml'], today: '2026-11-25' });
  expect(result.ok).toBe(false);
  expect(result.organisations[0]).toMatchObject({ file: 'home.yaml', ok: false, sources: ['home.yaml'] });
  expect(result.organisations[0]!.files).toBeUndefined();
  expect(result.diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.code}`)).toEqual(['home.yaml:2:9 YAML_SYNTAX']);
});

test('build({ only }) builds just those homes, and the others are never leftovers, even with prune', async () => {
  const cwd = tempDir();
  layout(cwd);
  await build({ cwd, inputs: ['homes/'], today: '2026-11-25' });
  const before = listFiles(join(cwd, 'out'));
  const result = await build({ cwd, inputs: ['homes/'], only: ['homes/ocean-view.yaml'], prune: true, today: '2026-11-25' });
  expect(result.organisations.map((o) => o.file)).toEqual(['homes/ocean-view.yaml']);
  expect(result.leftovers).toEqual([]);
  expect(result.summary.outputs.removed).toBe(0);
  expect(listFiles(join(cwd, 'out'))).toEqual(before);
});
