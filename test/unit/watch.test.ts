import { spawnSync } from 'node:child_process';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rebuildFor, type BuildSources } from '../../src/watch/affected';
import { watchFiles, type FileChange, type Watcher, type WatchTargets } from '../../src/watch/watcher';
import { REPO, tempDir, writeFiles } from '../helpers';

/** Poll until `condition` holds; a generous bound, so a slow machine passes and a hang fails. */
async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('watchFiles', () => {
  let dir: string;
  let watcher: Watcher | undefined;
  let seen: FileChange[];
  const start = async (targets: WatchTargets) => {
    watcher = watchFiles(targets, (changes) => seen.push(...changes), { quietMs: 30 });
    await watcher.ready;
  };
  const sawChange = (path: string, kind?: FileChange['kind']) => () =>
    seen.some((change) => change.path === path && (kind === undefined || change.kind === kind));

  beforeEach(() => {
    dir = tempDir();
    seen = [];
    writeFiles(dir, {
      'homes/home.yaml': 'organisation: {}\n',
      'homes/notes.txt': 'not watched',
      'lib/visiting.md': '# Visiting\n',
      'out/home/visiting.md': 'built',
    });
  });
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
  });

  const targets = (): WatchTargets => ({
    files: [join(dir, 'homes', 'home.yaml'), join(dir, 'homes', 'logos', 'logo.png')],
    trees: [join(dir, 'lib')],
    folders: [],
    ignore: [join(dir, 'out')],
  });

  test('sees a file replaced by a rename, as editors save, and a file deleted and written again', async () => {
    await start(targets());
    const home = join(dir, 'homes', 'home.yaml');
    writeFileSync(`${home}.tmp`, 'organisation: { name: x }\n');
    renameSync(`${home}.tmp`, home);
    await waitFor(sawChange(home), 'the renamed file');
    seen = [];
    rmSync(home);
    await waitFor(sawChange(home, 'removed'), 'the deletion');
    writeFileSync(home, 'organisation: {}\n');
    await waitFor(sawChange(home, 'added'), 'the file written again');
  });

  test('sees a file that did not exist, in a folder that did not exist, once it is made', async () => {
    await start(targets());
    const logo = join(dir, 'homes', 'logos', 'logo.png');
    mkdirSync(join(dir, 'homes', 'logos'));
    writeFileSync(logo, 'png');
    await waitFor(sawChange(logo, 'added'), 'the new logo');
  });

  test("sees a library's new partials at any depth, but not editor swap files, hidden files or the output folder", async () => {
    await start(targets());
    writeFiles(dir, {
      'lib/.visiting.md.swp': 'swap',
      'lib/visiting.md~': 'backup',
      'lib/.git/HEAD': 'ref',
      'out/home/social-media.md': 'a build wrote this',
      'homes/notes.txt': 'changed, but no home reads it',
    });
    const partial = join(dir, 'lib', 'partials', 'sign-off.md');
    writeFiles(dir, { 'lib/partials/sign-off.md': 'Signed' });
    await waitFor(sawChange(partial, 'added'), 'the new partial');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.map((change) => change.path)).toEqual([partial]);
  });

  test('changes close together come as one batch', async () => {
    const batches: FileChange[][] = [];
    watcher = watchFiles(targets(), (changes) => batches.push(changes), { quietMs: 200 });
    await watcher.ready;
    writeFileSync(join(dir, 'lib', 'visiting.md'), '# Visiting (2)\n');
    writeFileSync(join(dir, 'homes', 'home.yaml'), 'organisation: { name: y }\n');
    await waitFor(() => batches.flat().length >= 2, 'both changes');
    expect(batches).toHaveLength(1);
  });

  test('after update, watches the new targets and no longer reports the old ones', async () => {
    await start(targets());
    const other = join(dir, 'other', 'home.yaml');
    writeFiles(dir, { 'other/home.yaml': 'organisation: {}\n' });
    watcher!.update({ files: [other], trees: [], folders: [], ignore: [] });
    await new Promise((resolve) => setTimeout(resolve, 200));
    writeFileSync(join(dir, 'lib', 'visiting.md'), '# no longer watched\n');
    writeFileSync(other, 'organisation: { name: z }\n');
    await waitFor(sawChange(other), 'the newly watched file');
    expect(seen.map((change) => change.path)).toEqual([other]);
  });

  test('files already there when they become targets are no change; a file made after is', async () => {
    await start({ files: [join(dir, 'homes', 'home.yaml')], trees: [], folders: [], ignore: [] });
    // The organisation file now names a logo, and a config file names a library: both exist already.
    writeFiles(dir, { 'homes/logos/logo.png': 'png' });
    watcher!.update(targets());
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen).toEqual([]);
    writeFiles(dir, { 'lib/complaints.md': '# Complaints\n' });
    await waitFor(sawChange(join(dir, 'lib', 'complaints.md'), 'added'), 'the new template');
    expect(seen.map((change) => change.path)).toEqual([join(dir, 'lib', 'complaints.md')]);
  });

  test('a file saved at once after it becomes a target, before chokidar looks at its folder, is still seen', async () => {
    await start({ files: [join(dir, 'homes', 'home.yaml')], trees: [], folders: [], ignore: [] });
    writeFiles(dir, { 'lib/partials/sign-off.md': 'Signed\n' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    watcher!.update(targets());
    writeFileSync(join(dir, 'lib', 'partials', 'sign-off.md'), 'Signed by the manager\n');
    await waitFor(sawChange(join(dir, 'lib', 'partials', 'sign-off.md'), 'changed'), 'the partial saved at once');
    expect(seen).toHaveLength(1);
  });

  test('once closed, it stays closed: a rebuild that finishes after Ctrl-C cannot start it again, and the process ends', () => {
    // chokidar's add() reopens a closed watcher, which would keep the process alive after Ctrl-C.
    const script = `
      const { watchFiles } = require(${JSON.stringify(join(REPO, 'dist', 'watch', 'watcher.js'))});
      const targets = { files: [${JSON.stringify(join(dir, 'homes', 'home.yaml'))}], trees: [], folders: [], ignore: [] };
      const watcher = watchFiles(targets, () => {});
      watcher.ready.then(async () => {
        await watcher.close();
        watcher.update({ ...targets, trees: [${JSON.stringify(join(dir, 'lib'))}] });
        console.log('closed');
      });`;
    const result = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    expect({ stdout: result.stdout, status: result.status, signal: result.signal }).toEqual({
      stdout: 'closed\n',
      status: 0,
      signal: null,
    });
  });

  test('in a folder of homes, sees organisation files come and go, and nothing else', async () => {
    await start({ files: [], trees: [], folders: [join(dir, 'homes')], ignore: [] });
    writeFiles(dir, { 'homes/new.yml': 'organisation: {}\n', 'homes/readme.txt': 'x', 'homes/sub/deep.yaml': 'x' });
    await waitFor(sawChange(join(dir, 'homes', 'new.yml'), 'added'), 'the new home');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(seen.map((change) => change.path)).toEqual([join(dir, 'homes', 'new.yml')]);
  });
});

describe('rebuildFor', () => {
  const sources: BuildSources = {
    config: ['/w/policygen.config.yaml'],
    trees: ['/w/lib'],
    homes: new Map([
      ['/w/homes/a.yaml', ['/w/homes/a.yaml', '/w/logos/shared.png']],
      ['/w/homes/b.yaml', ['/w/homes/b.yaml', '/w/logos/shared.png']],
      ['/w/c.yaml', ['/w/c.yaml', '/w/logos/c.png']],
    ]),
    inputFiles: ['/w/c.yaml'],
    folders: ['/w/homes'],
  };
  const change = (path: string, kind: FileChange['kind'] = 'changed'): FileChange => ({ path, kind });

  test('an organisation file rebuilds that organisation only', () => {
    expect(rebuildFor([change('/w/homes/a.yaml')], sources)).toEqual({ all: false, homes: ['/w/homes/a.yaml'] });
  });

  test('a logo rebuilds every organisation that shows it', () => {
    expect(rebuildFor([change('/w/logos/shared.png')], sources)).toEqual({ all: false, homes: ['/w/homes/a.yaml', '/w/homes/b.yaml'] });
    expect(rebuildFor([change('/w/logos/c.png')], sources)).toEqual({ all: false, homes: ['/w/c.yaml'] });
  });

  test('a template, a partial or the config file rebuilds everything', () => {
    expect(rebuildFor([change('/w/lib/visiting.md')], sources)).toEqual({ all: true });
    expect(rebuildFor([change('/w/lib/partials/sign-off.md', 'added')], sources)).toEqual({ all: true });
    expect(rebuildFor([change('/w/homes/a.yaml'), change('/w/policygen.config.yaml')], sources)).toEqual({ all: true });
  });

  test('a new or deleted organisation file in a folder of homes is built (or its leftovers found)', () => {
    expect(rebuildFor([change('/w/homes/new.yaml', 'added')], sources)).toEqual({ all: false, homes: ['/w/homes/new.yaml'] });
    expect(rebuildFor([change('/w/homes/b.yaml', 'removed')], sources)).toEqual({ all: false, homes: ['/w/homes/b.yaml'] });
  });
});
