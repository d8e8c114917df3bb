import { readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles, organisationYaml, tempDir, TINY_PNG, writeFiles } from '../helpers';
import { startBin, startMain } from '../running';

const VISITING = '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n\nVisitors are welcome at {{org_field_name}}.\n';

/** Two homes in a folder, one with a logo, and a library of one extra template. */
function layout(cwd: string): void {
  writeFiles(cwd, {
    'homes/a.yaml': organisationYaml({ name: 'Home A', logo: '../logos/a.png' }),
    'homes/b.yaml': organisationYaml({ name: 'Home B' }),
    'logos/a.png': TINY_PNG,
    'lib/visiting.md': VISITING,
  });
}

const LONG_AGO = new Date('2000-01-01T00:00:00Z');

/** Date every output back to 2000, so that any file a rebuild writes shows by its time. */
function ageOutputs(out: string): void {
  for (const file of listFiles(out)) utimesSync(join(out, file), LONG_AGO, LONG_AGO);
}

/** The outputs written since ageOutputs. */
function rewritten(out: string): string[] {
  return listFiles(out).filter((file) => statSync(join(out, file)).mtimeMs !== LONG_AGO.getTime());
}

test('build --watch rebuilds what a change affects: a home, a logo, every home for a template; errors never stop it', async () => {
  const cwd = tempDir();
  layout(cwd);
  const out = join(cwd, 'out');
  const run = startMain(['build', 'homes', '-t', 'lib', '-f', 'md,html', '--today', '2026-05-01', '--watch'], cwd);
  await run.waitForStderr('Watching for changes (Ctrl-C stops)');
  expect(run.stderr()).toContain('Built 2 organisations into out: 11 files written, 0 unchanged');
  ageOutputs(out);

  // One home's file: that home only.
  let from = run.stderr().length;
  writeFileSync(join(cwd, 'homes', 'a.yaml'), organisationYaml({ name: 'Home A (renamed)', logo: '../logos/a.png' }));
  await run.waitForStderr(/\d\d:\d\d:\d\d homes\/a\.yaml changed: Built 1 organisation into out: 5 files written, 1 unchanged\n/, from);
  expect(rewritten(out).sort()).toEqual([
    'a/.policygen.json',
    'a/index.html',
    'a/social-media.html',
    'a/social-media.md',
    'a/visiting.html',
    'a/visiting.md',
  ]);
  expect(readFileSync(join(out, 'a', 'visiting.md'), 'utf8')).toContain('Home A (renamed).');
  ageOutputs(out);

  // The logo: the home that shows it (the HTML of the policy that shows it embeds it; the Markdown sits beside a copy).
  from = run.stderr().length;
  writeFileSync(join(cwd, 'logos', 'a.png'), Buffer.concat([TINY_PNG, Buffer.from('trailing bytes')]));
  await run.waitForStderr(/logos\/a\.png changed: Built 1 organisation into out: 3 files written, 3 unchanged\n/, from);
  expect(rewritten(out).sort()).toEqual(['a/.policygen.json', 'a/index.html', 'a/logo.png', 'a/social-media.html']);
  ageOutputs(out);

  // A template: every home, and only that template's files.
  from = run.stderr().length;
  writeFileSync(join(cwd, 'lib', 'visiting.md'), VISITING.replace('welcome', 'always welcome'));
  await run.waitForStderr(/lib\/visiting\.md changed: Built 2 organisations into out: 4 files written, 7 unchanged\n/, from);
  expect(rewritten(out).sort()).toEqual([
    'a/.policygen.json',
    'a/visiting.html',
    'a/visiting.md',
    'b/.policygen.json',
    'b/visiting.html',
    'b/visiting.md',
  ]);
  ageOutputs(out);

  // Broken YAML: the positioned error, nothing written, and it keeps watching.
  from = run.stderr().length;
  writeFileSync(join(cwd, 'homes', 'b.yaml'), 'organisation:\n  name: [\n');
  await run.waitForStderr(
    /homes\/b\.yaml changed: Built 0 organisations into out: 0 files written, 0 unchanged; 1 organisation failed\n/,
    from,
  );
  expect(run.stderr().slice(from)).toContain(
    'homes/b.yaml:2:9: error: this [ is never closed with ] [YAML_SYNTAX]\n  2 |   name: [\n    |         ^',
  );
  expect(rewritten(out)).toEqual([]);
  expect(listFiles(join(out, 'b'))).toContain('visiting.md'); // an error never removes what was built

  // The next good save builds it again.
  from = run.stderr().length;
  writeFileSync(join(cwd, 'homes', 'b.yaml'), organisationYaml({ name: 'Home B, again' }));
  await run.waitForStderr(/homes\/b\.yaml changed: Built 1 organisation into out: 5 files written, 0 unchanged\n/, from);

  // A template error stops every home from building until it is fixed, and is said with its position.
  from = run.stderr().length;
  writeFileSync(join(cwd, 'lib', 'visiting.md'), `${VISITING}{{#org_field_name}}\n`);
  await run.waitForStderr('Nothing built: fix the errors above', from);
  expect(run.stderr().slice(from)).toMatch(/lib\/visiting\.md:7:1: error: .*\[TEMPLATE_SYNTAX\]/);

  expect(await run.stop()).toBe(0);
  expect(run.stderr()).toMatch(/Stopped watching\.\n$/);
  expect(run.stdout()).toBe('');
});

test('build --watch: a new home in the folder is built, a deleted one leaves its files (or --prune removes them)', async () => {
  const cwd = tempDir();
  layout(cwd);
  const run = startMain(['build', 'homes', '-t', 'lib', '--prune', '--today', '2026-05-01', '--watch'], cwd);
  await run.waitForStderr('Watching for changes (Ctrl-C stops)');

  let from = run.stderr().length;
  writeFileSync(join(cwd, 'homes', 'c.yml'), organisationYaml({ name: 'Home C' }));
  await run.waitForStderr(/homes\/c\.yml added: Built 1 organisation into out: 2 files written, 0 unchanged, 0 removed\n/, from);
  expect(listFiles(join(cwd, 'out', 'c'))).toEqual(['.policygen.json', 'social-media.md', 'visiting.md']);

  from = run.stderr().length;
  writeFileSync(join(cwd, 'homes', 'notes.txt'), 'not a home');
  writeFileSync(join(cwd, 'homes', 'c.yml.swp'), 'an editor');
  await new Promise((resolve) => setTimeout(resolve, 500));
  expect(run.stderr().slice(from)).toBe(''); // no home reads those: nothing to rebuild
  rmSync(join(cwd, 'homes', 'c.yml'));
  await run.waitForStderr(
    /\d\d:\d\d:\d\d homes\/c\.yml removed: Built 0 organisations into out: 0 files written, 0 unchanged, 2 removed\n/,
    from,
  );
  expect(run.stdout()).toContain('removed out/c/social-media.md');
  expect(listFiles(join(cwd, 'out')).filter((file) => file.startsWith('c/'))).toEqual([]);
  // The other homes were never leftovers of the one-home rebuilds.
  expect(listFiles(join(cwd, 'out', 'a'))).toContain('visiting.md');
  expect(listFiles(join(cwd, 'out', 'b'))).toContain('visiting.md');

  expect(await run.stop()).toBe(0);
});

test('build --watch: the config file changes where and what it builds, and a broken one waits for a fix', async () => {
  const cwd = tempDir();
  layout(cwd);
  const run = startMain(['build', 'homes/a.yaml', '--today', '2026-05-01', '--watch'], cwd);
  await run.waitForStderr('Watching for changes (Ctrl-C stops)');
  expect(listFiles(join(cwd, 'out', 'a'))).toEqual(['.policygen.json', 'logo.png', 'social-media.md']);

  let from = run.stderr().length;
  writeFileSync(join(cwd, 'policygen.config.yaml'), 'out: policies\nformats: [html]\ntemplates: [lib]\n');
  await run.waitForStderr(/policygen\.config\.yaml added: Built 1 organisation into policies: 3 files written, 0 unchanged\n/, from);
  expect(listFiles(join(cwd, 'policies', 'a'))).toEqual(['.policygen.json', 'index.html', 'social-media.html', 'visiting.html']);

  from = run.stderr().length;
  writeFileSync(join(cwd, 'policygen.config.yaml'), 'out: [policies\n');
  await run.waitForStderr(/policygen\.config\.yaml changed: the config file has errors; fix it and save\n/, from);
  expect(run.stderr().slice(from)).toContain('policygen.config.yaml:1:6: error:');

  // The library named in the config is watched: a change to it rebuilds, once the config is good again.
  from = run.stderr().length;
  writeFileSync(join(cwd, 'policygen.config.yaml'), 'out: policies\nformats: [html]\ntemplates: [lib]\n');
  await run.waitForStderr(/policygen\.config\.yaml changed: Built 1 organisation into policies: 0 files written, 3 unchanged\n/, from);
  from = run.stderr().length;
  writeFileSync(join(cwd, 'lib', 'visiting.md'), VISITING.replace('welcome', 'very welcome'));
  await run.waitForStderr(/lib\/visiting\.md changed: Built 1 organisation into policies: 1 file written, 2 unchanged\n/, from);

  expect(await run.stop()).toBe(0);
});

test('build --watch as a real process: Ctrl-C stops it cleanly, exit 0', async () => {
  const cwd = tempDir();
  layout(cwd);
  const run = startBin(['build', 'homes', '--today', '2026-05-01', '--watch'], cwd);
  await run.waitForStderr('Watching for changes (Ctrl-C stops)');
  expect(await run.stop()).toBe(0);
  expect(run.stderr()).toMatch(/Stopped watching\.\n$/);
});
