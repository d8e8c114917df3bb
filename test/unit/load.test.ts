import { symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { BUILT_IN_TEMPLATES, expandInputs, loadOrganisationFile, loadTemplateLibraries } from '../../src/load';
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
      'empty: this template folder holds no .md templates and no partials/ folder of them',
    ]);
  });
});
