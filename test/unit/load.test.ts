import { spawnSync } from 'node:child_process';
import { existsSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_TEMPLATES, describeFsError, expandInputs, loadLogo, loadOrganisationFile, loadTemplateLibraries } from '../../src/load';
import { readBounded } from '../../src/load/read-bounded';
import { MAX_INPUT_BYTES, readTextFile } from '../../src/load/read-text';
import { organisationYaml, tempDir, writeFiles } from '../helpers';

describe('inputs', () => {
  test('a folder means its *.yaml and *.yml files, in name order', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'homes/b.yml': '', 'homes/a.yaml': '', 'homes/c.txt': '', 'homes/sub/d.yaml': '' });
    const { files, diagnostics } = await expandInputs(['homes', 'homes/a.yaml'], cwd);
    expect(diagnostics).toEqual([]);
    expect(files.map((f) => f.displayPath)).toEqual(['homes/a.yaml', 'homes/b.yml']);
  });

  test('symbolic links count as the files they point to; hidden files are skipped', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'shared/ty-gwyn.yaml': '', 'homes/.hidden.yaml': '', 'homes/.yaml': '' });
    symlinkSync(join(cwd, 'shared', 'ty-gwyn.yaml'), join(cwd, 'homes', 'linked.yaml'));
    symlinkSync(join(cwd, 'nowhere.yaml'), join(cwd, 'homes', 'dangling.yaml'));
    const { files } = await expandInputs(['homes'], cwd);
    expect(files.map((f) => f.displayPath)).toEqual(['homes/linked.yaml']);
  });

  test('an empty folder or a missing path is reported', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'empty/readme.txt': '' });
    const { diagnostics } = await expandInputs(['empty', 'missing.yaml'], cwd);
    expect(diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      'empty: this folder holds no .yaml or .yml files',
      'missing.yaml: no such file',
    ]);
  });
});

describe('organisation files', () => {
  test('a byte-order mark is dropped and CRLF line endings are read', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': `\uFEFF${organisationYaml().replace(/\n/g, '\r\n')}` });
    const result = loadOrganisationFile(join(cwd, 'home.yaml'), 'home.yaml');
    expect(result.ok && result.loaded.data).toMatchObject({ organisation: { name: 'Cartref Gofal Tŷ Gwyn' } });
  });

  test('dates stay calendar-date text, and quoted numbers keep their zeros', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml({ registrationNo: '0012345' }) });
    const result = loadOrganisationFile(join(cwd, 'home.yaml'), 'home.yaml');
    expect(result.ok && result.loaded.data).toMatchObject({
      organisation: { registration_no: '0012345' },
      review: { last_reviewed: '2026-04-01' },
    });
  });
});

describe('template libraries', () => {
  test('the built-in library holds the social media policy', async () => {
    const { library, diagnostics } = await loadTemplateLibraries([BUILT_IN_TEMPLATES], '/');
    expect(diagnostics).toEqual([]);
    expect(library.templates.map((t) => t.id)).toEqual(['social-media']);
  });

  test('a later library overrides a template and partial with the same name, and skips README.md', async () => {
    const cwd = tempDir();
    writeFiles(cwd, {
      'one/social-media.md': '---\ntitle: One\n---\nx\n',
      'one/partials/sign-off.md': 'one',
      'two/social-media.md': '---\ntitle: Two\n---\ny\n',
      'two/README.md': '# About this library\n',
      'two/partials/sign-off.md': 'two',
    });
    const { library, diagnostics } = await loadTemplateLibraries(['one', 'two'], cwd);
    expect(diagnostics).toEqual([]);
    expect(library.templates.map((t) => [t.id, t.file, t.body])).toEqual([['social-media', 'two/social-media.md', 'y\n']]);
    expect(library.partials.get('sign-off')?.body).toBe('two');
  });

  test('a missing or empty template folder is an error', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'empty/.keep': '' });
    const { diagnostics } = await loadTemplateLibraries(['missing', 'empty'], cwd);
    expect(diagnostics.map((d) => `${d.file}: ${d.message}`)).toEqual([
      'missing: template folder: no such file',
      'empty: this template folder holds no .md templates',
    ]);
  });
});

describe('reading files', () => {
  const read = (path: string) => {
    const result = readTextFile(path, 'shown.yaml');
    return result.ok ? 'ok' : result.diagnostic.message;
  };

  // Linux only: CI and this machine have it.
  const withProc = existsSync('/proc/self/pagemap') ? test : test.skip;
  withProc('a /proc file that says it is empty is read only up to the limit, in bounded time and memory', () => {
    const started = Date.now();
    const heap = process.memoryUsage().rss;
    expect(read('/proc/self/pagemap')).toBe(`the file is over ${MAX_INPUT_BYTES} bytes; files over ${MAX_INPUT_BYTES} bytes are not read`);
    expect(Date.now() - started).toBeLessThan(10_000);
    expect(process.memoryUsage().rss - heap).toBeLessThan(200 * 1024 * 1024);
    const logo = loadLogo('/proc/self/pagemap');
    expect(logo).toEqual({ ok: false, reason: 'not-image', detail: 'is over 10485760 bytes; a logo may be at most 10485760 bytes' });
  });

  test('a file over the limit is refused by its size; one at the limit is read whole', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'big.yaml': 'x'.repeat(200) });
    expect(readBounded(join(cwd, 'big.yaml'), 100)).toEqual({ ok: false, reason: 'too-large', size: 200 });
    expect(readBounded(join(cwd, 'big.yaml'), 200)).toEqual({ ok: true, bytes: Buffer.from('x'.repeat(200)) });
  });

  test('a FIFO, a device and a folder are refused without waiting for a writer', () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'folder/x': '' });
    expect(read(join(cwd, 'folder'))).toBe('this is a folder, not a file');
    expect(read('/dev/zero')).toBe('this is not a regular file');
    if (spawnSync('mkfifo', [join(cwd, 'pipe.yaml')]).status === 0) expect(read(join(cwd, 'pipe.yaml'))).toBe('this is not a regular file');
  });

  test('file-system errors are said in our words, without Node’s text or the absolute path', () => {
    const cwd = tempDir();
    symlinkSync(join(cwd, 'b.yaml'), join(cwd, 'a.yaml'));
    symlinkSync(join(cwd, 'a.yaml'), join(cwd, 'b.yaml'));
    expect(read(join(cwd, 'a.yaml'))).toBe('the path goes round in a loop of symbolic links');
    expect(read(join(cwd, `${'n'.repeat(300)}.yaml`))).toBe('the path, or a name in it, is too long');
    expect(read(join(cwd, 'missing.yaml'))).toBe('no such file');
    for (const code of ['EMFILE', 'EIO', 'ENXIO', 'ESOMETHINGNEW']) {
      const message = describeFsError(Object.assign(new Error(`${code}: failed, open '${cwd}/x'`), { code }));
      expect(message).not.toContain(cwd);
      expect(message).not.toContain(`${code}:`);
    }
    expect(describeFsError(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))).toBe('the disk reported an input/output error');
  });
});
