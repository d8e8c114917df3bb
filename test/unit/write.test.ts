import * as fs from 'node:fs';
import { mkdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import {
  checkHome,
  findLeftoverFolders,
  MANIFEST_NAME,
  outputPath,
  pruneLeftoverFolder,
  writeFileAtomic,
  writeHome,
  type HomeOutputs,
} from '../../src/write';
import { listFiles, tempDir } from '../helpers';

/** An organisation's outputs in `<dir>/out/home`, built from `<dir>/homes/home.yaml`. */
function homeIn(dir: string, files: Record<string, string>, folderName = 'home'): HomeOutputs {
  const folder = join(dir, 'out', folderName);
  return {
    folder,
    displayFolder: `out/${folderName}`,
    organisationFile: join(dir, 'homes', `${folderName}.yaml`),
    files: Object.entries(files).map(([name, contents]) => ({
      path: join(folder, name),
      displayPath: `out/${folderName}/${name}`,
      contents,
    })),
  };
}

function manifestOf(folder: string): { organisation: string; files: Record<string, { sha256: string }> } {
  return JSON.parse(readFileSync(join(folder, MANIFEST_NAME), 'utf8')) as never;
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

/** Every file under `dir` with its bytes and mtime: to prove a folder was not touched at all. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    listFiles(dir).map((file) => [file, `${readFileSync(join(dir, file), 'latin1')}@${statSync(join(dir, file)).mtimeMs}`]),
  );
}

describe('output paths', () => {
  test('are <out>/<organisation>/<file>', () => {
    expect(outputPath('/srv/out', 'ty-gwyn', 'social-media.md')).toBe('/srv/out/ty-gwyn/social-media.md');
  });

  test.each([
    ['..', 'social-media.md'],
    ['.', 'social-media.md'],
    ['', 'social-media.md'],
    ['ty-gwyn', '../escape.md'],
    ['ty-gwyn', '/etc/passwd'],
    ['a/../..', 'x.md'],
    ['.yaml', 'x.md'],
    ['ty-gwyn', MANIFEST_NAME],
  ])('refuse %j / %j, which would land outside the output folder or on the manifest', (organisation, file) => {
    expect(outputPath('/srv/out', organisation, file)).toBeUndefined();
  });
});

describe('atomic writes', () => {
  test('create folders, write the file and leave no temp file', () => {
    const dir = tempDir();
    writeFileAtomic(join(dir, 'a', 'b', 'policy.md'), 'text');
    expect(listFiles(dir)).toEqual(['a/b/policy.md']);
    expect(readFileSync(join(dir, 'a', 'b', 'policy.md'), 'utf8')).toBe('text');
  });

  test('a failed rename leaves what was there, and no temp file', () => {
    const dir = tempDir();
    const target = join(dir, 'policy.md');
    writeFileSync(join(dir, 'keep.md'), 'old');
    // A folder already has the target's name: the temp file is written, then rename fails.
    mkdirSync(join(target, 'inside'), { recursive: true });
    expect(() => writeFileAtomic(target, 'new')).toThrow(expect.objectContaining({ code: 'EISDIR' }));
    expect(listFiles(dir)).toEqual(['keep.md']);
    expect(readFileSync(join(dir, 'keep.md'), 'utf8')).toBe('old');
  });

  test('unchanged files are not rewritten, so their times stay put (the manifest too)', async () => {
    const dir = tempDir();
    const home = homeIn(dir, { 'p.md': 'same' });
    expect(writeHome(home).outputs).toEqual([{ path: 'out/home/p.md', status: 'written' }]);
    const before = snapshot(dir);
    await new Promise((r) => setTimeout(r, 20));
    expect(writeHome(home).outputs).toEqual([{ path: 'out/home/p.md', status: 'unchanged' }]);
    expect(snapshot(dir)).toEqual(before);
    expect(writeHome(homeIn(dir, { 'p.md': 'different' })).outputs).toEqual([{ path: 'out/home/p.md', status: 'written' }]);
  });

  test("an organisation's files are written together or not at all", () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'old.md': 'old' }));
    const before = snapshot(dir);
    mkdirSync(join(dir, 'out', 'home', 'blocked.md'));
    const result = writeHome(homeIn(dir, { 'old.md': 'new', 'blocked.md': 'x' }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({ file: 'out/home/blocked.md', message: 'could not write: a folder is in the way' }),
    ]);
    expect(snapshot(dir)).toEqual(before); // the old file and its manifest as they were, no temp file
  });

  test('a write error is a diagnostic naming the file, not an exception', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'out', 'home'), '');
    const result = writeHome(homeIn(dir, { 'p.md': 'x' }));
    expect(result.diagnostics).toEqual([
      expect.objectContaining({
        code: 'OUTPUT_WRITE_FAILED',
        file: 'out/home/p.md',
        message: 'could not write: a part of the path is a file, not a folder',
      }),
    ]);
  });
});

describe('the manifest of what policygen wrote', () => {
  test('lists every file with the hash of its bytes, and the organisation file relative to the folder', () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'b.md': 'bee', 'a.html': '<p>a</p>' }));
    expect(listFiles(join(dir, 'out'))).toEqual(['home/.policygen.json', 'home/a.html', 'home/b.md']);
    expect(manifestOf(join(dir, 'out', 'home'))).toEqual({
      about: expect.stringContaining('--prune'),
      format: 1,
      organisation: '../../homes/home.yaml',
      files: { 'a.html': { sha256: sha256('<p>a</p>') }, 'b.md': { sha256: sha256('bee') } },
    });
  });

  test('--check neither writes nor compares it', () => {
    const dir = tempDir();
    const home = homeIn(dir, { 'p.md': 'text' });
    expect(checkHome(home)).toEqual({ outputs: [{ path: 'out/home/p.md', status: 'missing' }], diagnostics: [] });
    expect(listFiles(dir)).toEqual([]);
    writeHome(home);
    writeFileSync(join(home.folder, MANIFEST_NAME), 'not what policygen wrote');
    expect(checkHome(home).outputs).toEqual([{ path: 'out/home/p.md', status: 'up-to-date' }]);
  });
});

describe('files a build no longer makes', () => {
  test('are extra: left on disk and still listed, so a later --prune removes them', () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'a.md': 'a', 'gone.md': 'g', 'gone.html': 'h' }));
    const result = writeHome(homeIn(dir, { 'a.md': 'a' }));
    expect(result).toEqual({
      outputs: [
        { path: 'out/home/a.md', status: 'unchanged' },
        { path: 'out/home/gone.html', status: 'extra' },
        { path: 'out/home/gone.md', status: 'extra' },
      ],
      diagnostics: [],
    });
    expect(Object.keys(manifestOf(join(dir, 'out', 'home')).files)).toEqual(['a.md', 'gone.html', 'gone.md']);
    expect(checkHome(homeIn(dir, { 'a.md': 'a' })).outputs.map((o) => o.status)).toEqual(['up-to-date', 'extra', 'extra']);

    const pruned = writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true });
    expect(pruned.outputs).toEqual([
      { path: 'out/home/a.md', status: 'unchanged' },
      { path: 'out/home/gone.html', status: 'removed' },
      { path: 'out/home/gone.md', status: 'removed' },
    ]);
    expect(listFiles(join(dir, 'out'))).toEqual(['home/.policygen.json', 'home/a.md']);
    expect(Object.keys(manifestOf(join(dir, 'out', 'home')).files)).toEqual(['a.md']);
    expect(checkHome(homeIn(dir, { 'a.md': 'a' })).outputs).toEqual([{ path: 'out/home/a.md', status: 'up-to-date' }]);
  });

  test('a file the user put in the folder is neither extra nor removed', () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'a.md': 'a' }));
    writeFileSync(join(dir, 'out', 'home', 'notes.md'), 'mine');
    expect(writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true }).outputs).toEqual([{ path: 'out/home/a.md', status: 'unchanged' }]);
    expect(checkHome(homeIn(dir, { 'a.md': 'a' })).outputs).toEqual([{ path: 'out/home/a.md', status: 'up-to-date' }]);
    expect(readFileSync(join(dir, 'out', 'home', 'notes.md'), 'utf8')).toBe('mine');
  });

  test('one changed since policygen wrote it is reported, but --prune keeps it, with a warning', () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'a.md': 'a', 'old.md': 'as written' }));
    writeFileSync(join(dir, 'out', 'home', 'old.md'), 'edited by hand');
    const result = writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true });
    expect(result.outputs).toContainEqual({ path: 'out/home/old.md', status: 'extra' });
    expect(result.diagnostics).toEqual([
      {
        code: 'OUTPUT_KEPT',
        severity: 'warning',
        file: 'out/home/old.md',
        message: 'this file is no longer built, but it has changed since policygen wrote it, so --prune left it',
        hint: 'delete it yourself if it is not needed',
      },
    ]);
    expect(readFileSync(join(dir, 'out', 'home', 'old.md'), 'utf8')).toBe('edited by hand');
    expect(Object.keys(manifestOf(join(dir, 'out', 'home')).files)).toEqual(['a.md', 'old.md']); // still reported next time
    // Once the user deletes it, it is forgotten.
    fs.unlinkSync(join(dir, 'out', 'home', 'old.md'));
    expect(writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true })).toEqual({
      outputs: [{ path: 'out/home/a.md', status: 'unchanged' }],
      diagnostics: [],
    });
    expect(Object.keys(manifestOf(join(dir, 'out', 'home')).files)).toEqual(['a.md']);
  });

  test('a link where an extra was is never followed nor removed', () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'a.md': 'a', 'old.md': 'old' }));
    writeFileSync(join(dir, 'target.md'), 'old'); // the same bytes, elsewhere
    fs.unlinkSync(join(dir, 'out', 'home', 'old.md'));
    symlinkSync(join(dir, 'target.md'), join(dir, 'out', 'home', 'old.md'));
    const result = writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true });
    expect(result.outputs).toContainEqual({ path: 'out/home/old.md', status: 'extra' });
    expect(result.diagnostics.map((d) => d.code)).toEqual(['OUTPUT_KEPT']);
    expect(readlinkSync(join(dir, 'out', 'home', 'old.md'))).toBe(join(dir, 'target.md'));
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toBe('old');
  });

  test('a removal that fails is an error naming the file, which stays listed', () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'a.md': 'a', 'old.md': 'old' }));
    // The module object src/write calls through (a namespace import would be a copy).
    const nodeFs = require('node:fs') as typeof fs;
    const original = nodeFs.unlinkSync;
    const unlink = jest.spyOn(nodeFs, 'unlinkSync').mockImplementation((path) => {
      if (String(path).endsWith('old.md')) throw Object.assign(new Error('EACCES'), { code: 'EACCES' });
      original(path);
    });
    try {
      const result = writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true });
      expect(result.outputs).toContainEqual({ path: 'out/home/old.md', status: 'extra' });
      expect(result.diagnostics).toEqual([
        { code: 'OUTPUT_WRITE_FAILED', severity: 'error', file: 'out/home/old.md', message: 'could not remove: permission denied' },
      ]);
    } finally {
      unlink.mockRestore();
    }
    expect(Object.keys(manifestOf(join(dir, 'out', 'home')).files)).toEqual(['a.md', 'old.md']);
    expect(listFiles(join(dir, 'out')).filter((f) => f.includes('.policygen-tmp-'))).toEqual([]);
  });

  test.each([
    ['a name that climbs out', '../../outside.txt'],
    ['an absolute path', '/etc/hostname'],
    ['a hidden name', '.git'],
    ['a path into a sub-folder', 'sub/file.txt'],
  ])('a manifest naming %s is ignored: nothing outside the listed names is touched', (_name, listed) => {
    const dir = tempDir();
    writeFileSync(join(dir, 'outside.txt'), 'precious');
    writeHome(homeIn(dir, { 'a.md': 'a' }));
    mkdirSync(join(dir, 'out', 'home', 'sub'));
    writeFileSync(join(dir, 'out', 'home', 'sub', 'file.txt'), 'precious');
    writeFileSync(join(dir, 'out', 'home', '.git'), 'precious');
    const manifest = manifestOf(join(dir, 'out', 'home'));
    manifest.files[listed] = { sha256: sha256('precious') };
    writeFileSync(join(dir, 'out', 'home', MANIFEST_NAME), JSON.stringify({ ...manifest }));
    const before = snapshot(dir);
    expect(writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true }).outputs).toEqual([{ path: 'out/home/a.md', status: 'unchanged' }]);
    const after = snapshot(dir);
    delete after['out/home/.policygen.json'];
    delete before['out/home/.policygen.json'];
    expect(after).toEqual(before);
  });

  test.each([
    ['damaged JSON', '{"format": 1, "files": '],
    ['the wrong shape', '[1, 2, 3]'],
    ['another format', JSON.stringify({ format: 2, organisation: 'x.yaml', files: {} })],
  ])('a manifest with %s knows no file: nothing is extra, and the build writes a good one', (_name, text) => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'a.md': 'a', 'old.md': 'old' }));
    writeFileSync(join(dir, 'out', 'home', MANIFEST_NAME), text);
    expect(writeHome(homeIn(dir, { 'a.md': 'a' }), { prune: true }).outputs).toEqual([{ path: 'out/home/a.md', status: 'unchanged' }]);
    expect(readFileSync(join(dir, 'out', 'home', 'old.md'), 'utf8')).toBe('old');
    expect(Object.keys(manifestOf(join(dir, 'out', 'home')).files)).toEqual(['a.md']);
  });
});

describe('output folders of organisation files that are gone', () => {
  function estate(): string {
    const dir = tempDir();
    mkdirSync(join(dir, 'homes'));
    for (const name of ['kept', 'gone']) {
      writeFileSync(join(dir, 'homes', `${name}.yaml`), 'x');
      writeHome(homeIn(dir, { 'a.md': name, 'logo.png': 'png' }, name));
    }
    fs.unlinkSync(join(dir, 'homes', 'gone.yaml'));
    return dir;
  }

  test('are found by their manifest, whatever this run builds', () => {
    const dir = estate();
    // Building only some other home does not make "kept" a leftover: its file still exists.
    expect(findLeftoverFolders(join(dir, 'out'), new Set(['other'])).map((l) => l.name)).toEqual(['gone']);
    expect(findLeftoverFolders(join(dir, 'out'), new Set(['gone']))).toEqual([]);
    expect(findLeftoverFolders(join(dir, 'nowhere'), new Set())).toEqual([]);
  });

  test('a folder without a manifest, or a link to a folder, is never one', () => {
    const dir = estate();
    mkdirSync(join(dir, 'out', 'users-own'));
    writeFileSync(join(dir, 'out', 'users-own', 'a.md'), 'mine');
    symlinkSync(join(dir, 'out', 'gone'), join(dir, 'out', 'link-to-gone'));
    expect(findLeftoverFolders(join(dir, 'out'), new Set()).map((l) => l.name)).toEqual(['gone']);
  });

  test('--prune removes their files, their manifest and the emptied folder', () => {
    const dir = estate();
    const [leftover] = findLeftoverFolders(join(dir, 'out'), new Set());
    expect(pruneLeftoverFolder(leftover!, 'out/gone')).toEqual({
      outputs: [
        { path: 'out/gone/a.md', status: 'removed' },
        { path: 'out/gone/logo.png', status: 'removed' },
      ],
      diagnostics: [],
    });
    expect(listFiles(join(dir, 'out'))).toEqual(['kept/.policygen.json', 'kept/a.md', 'kept/logo.png']);
    expect(fs.existsSync(join(dir, 'out', 'gone'))).toBe(false);
  });

  test("a file of the user's keeps the folder; a changed one keeps the manifest too", () => {
    const dir = estate();
    writeFileSync(join(dir, 'out', 'gone', 'notes.txt'), 'mine');
    writeFileSync(join(dir, 'out', 'gone', 'logo.png'), 'a better logo');
    const [leftover] = findLeftoverFolders(join(dir, 'out'), new Set());
    const result = pruneLeftoverFolder(leftover!, 'out/gone');
    expect(result.outputs).toEqual([
      { path: 'out/gone/a.md', status: 'removed' },
      { path: 'out/gone/logo.png', status: 'extra' },
    ]);
    expect(result.diagnostics.map((d) => `${d.file} ${d.code}`)).toEqual(['out/gone/logo.png OUTPUT_KEPT']);
    expect(listFiles(join(dir, 'out', 'gone'))).toEqual(['.policygen.json', 'logo.png', 'notes.txt']);
    expect(Object.keys(manifestOf(join(dir, 'out', 'gone')).files)).toEqual(['logo.png']);
  });
});

describe('symbolic links in the output folder (never written through)', () => {
  test("an organisation's folder that is a link is refused, and nothing where it points changes", () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    mkdirSync(join(dir, 'elsewhere'));
    writeFileSync(join(dir, 'elsewhere', 'p.md'), 'theirs');
    writeFileSync(join(dir, 'elsewhere', '.policygen-tmp-1-0-p.md'), 'a stale-looking temp file');
    symlinkSync('../elsewhere', join(dir, 'out', 'home'));
    const before = snapshot(join(dir, 'elsewhere'));
    const refusal = {
      code: 'OUTPUT_WRITE_FAILED',
      severity: 'error',
      file: 'out/home',
      hint: 'remove the link: the next build makes a real folder in its place',
    };
    expect(writeHome(homeIn(dir, { 'p.md': 'ours' }), { prune: true })).toEqual({
      outputs: [],
      diagnostics: [
        {
          ...refusal,
          message:
            'this output folder is a symbolic link to "../elsewhere": policygen never writes through a link, so nothing was written for this organisation',
        },
      ],
    });
    expect(checkHome(homeIn(dir, { 'p.md': 'ours' }))).toEqual({
      outputs: [],
      diagnostics: [
        {
          ...refusal,
          message: 'this output folder is a symbolic link to "../elsewhere": policygen never writes through a link, so it was not checked',
        },
      ],
    });
    expect(snapshot(join(dir, 'elsewhere'))).toEqual(before);
  });

  test('a dangling link is refused too, and nothing is made where it points', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'out'));
    symlinkSync(join(dir, 'not-yet'), join(dir, 'out', 'home'));
    expect(writeHome(homeIn(dir, { 'p.md': 'ours' })).diagnostics.map((d) => d.code)).toEqual(['OUTPUT_WRITE_FAILED']);
    expect(fs.existsSync(join(dir, 'not-yet'))).toBe(false);
  });

  test("a link at a file's path is replaced by the file, and what it pointed to is untouched", () => {
    const dir = tempDir();
    writeHome(homeIn(dir, { 'p.md': 'old' }));
    writeFileSync(join(dir, 'target.md'), 'ours'); // even the very bytes the build makes
    fs.unlinkSync(join(dir, 'out', 'home', 'p.md'));
    symlinkSync(join(dir, 'target.md'), join(dir, 'out', 'home', 'p.md'));
    expect(checkHome(homeIn(dir, { 'p.md': 'ours' })).outputs).toEqual([{ path: 'out/home/p.md', status: 'stale' }]);
    expect(writeHome(homeIn(dir, { 'p.md': 'ours' })).outputs).toEqual([{ path: 'out/home/p.md', status: 'written' }]);
    expect(fs.lstatSync(join(dir, 'out', 'home', 'p.md')).isFile()).toBe(true);
    expect(readFileSync(join(dir, 'out', 'home', 'p.md'), 'utf8')).toBe('ours');
    expect(readFileSync(join(dir, 'target.md'), 'utf8')).toBe('ours');
  });

  test('a link to a folder at a file\'s path is replaced too, not "a folder in the way"', () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'elsewhere'));
    writeHome(homeIn(dir, { 'p.md': 'old' }));
    fs.unlinkSync(join(dir, 'out', 'home', 'p.md'));
    symlinkSync(join(dir, 'elsewhere'), join(dir, 'out', 'home', 'p.md'));
    expect(writeHome(homeIn(dir, { 'p.md': 'new' }))).toEqual({ outputs: [{ path: 'out/home/p.md', status: 'written' }], diagnostics: [] });
    expect(listFiles(join(dir, 'elsewhere'))).toEqual([]);
  });
});
