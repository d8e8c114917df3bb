import { execFileSync, spawn, spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  renameSync,
  symlinkSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { BIN, listFiles, organisationYaml, runBin, tempDir, TINY_PNG, writeFiles } from '../helpers';

/** A folder of homes, each with a logo: enough work that a build can be interrupted part-way. */
function estate(count: number): string {
  const cwd = tempDir();
  const files: Record<string, string | Uint8Array> = { 'logo.png': TINY_PNG };
  for (let i = 0; i < count; i++)
    files[`homes/home-${String(i).padStart(3, '0')}.yaml`] = organisationYaml({ name: `Cartref ${i} Tŷ Gwyn`, logo: '../logo.png' });
  writeFiles(cwd, files);
  return cwd;
}

const OLD = ['--today', '2026-11-25'];
const NEW = ['--today', '2027-01-05']; // a new year: every policy's copyright line changes

describe('a build killed part-way (SIGKILL)', () => {
  test('leaves every file either the complete old one or the complete new one, and the next run cleans up', async () => {
    const cwd = estate(120);
    expect((await runBin(['build', 'homes', ...OLD, '-f', 'md,pdf', '-o', 'out', '-q'], cwd)).code).toBe(0);
    cpSync(join(cwd, 'out'), join(cwd, 'old'), { recursive: true });
    expect((await runBin(['build', 'homes', ...NEW, '-f', 'md,pdf', '-o', 'new', '-q'], cwd)).code).toBe(0);
    const files = listFiles(join(cwd, 'old'));
    const changed = (file: string) => !readFileSync(join(cwd, 'out', file)).equals(readFileSync(join(cwd, 'old', file)));

    const child = spawn(process.execPath, [BIN, 'build', 'homes', ...NEW, '-f', 'md,pdf', '-o', 'out', '-q', '--jobs', '1'], {
      cwd,
      stdio: 'ignore',
    });
    const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
    // Kill it once it is well under way, but before it is done.
    for (let polls = 0; polls < 400; polls++) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      if (files.filter((file) => file.endsWith('.pdf')).filter(changed).length >= 10) break;
    }
    child.kill('SIGKILL');
    await exited;

    const now = listFiles(join(cwd, 'out')).filter((file) => !file.includes('.policygen-tmp-'));
    expect(now).toEqual(files);
    const updated = files.filter(changed);
    expect(updated.length).toBeGreaterThanOrEqual(10);
    expect(updated.length).toBeLessThan(files.length); // it really was interrupted
    for (const file of files) {
      const bytes = readFileSync(join(cwd, 'out', file));
      const whole = bytes.equals(readFileSync(join(cwd, 'old', file))) || bytes.equals(readFileSync(join(cwd, 'new', file)));
      expect({ file, whole }).toEqual({ file, whole: true });
    }

    // The next build finishes the job and removes what the killed one left behind.
    expect((await runBin(['build', 'homes', ...NEW, '-f', 'md,pdf', '-o', 'out', '-q'], cwd)).code).toBe(0);
    expect(listFiles(join(cwd, 'out')).filter((file) => file.includes('.policygen-tmp-'))).toEqual([]);
    for (const file of files) expect(readFileSync(join(cwd, 'out', file)).equals(readFileSync(join(cwd, 'new', file)))).toBe(true);
  }, 60_000);
});

test('two builds into the same folder at once end with complete, valid files', async () => {
  const cwd = estate(40);
  expect((await runBin(['build', 'homes', ...NEW, '-f', 'md,pdf', '-o', 'expected', '-q'], cwd)).code).toBe(0);
  const [a, b] = await Promise.all([
    runBin(['build', 'homes', ...NEW, '-f', 'md,pdf', '-o', 'out', '-q', '--jobs', '1'], cwd),
    runBin(['build', 'homes', ...NEW, '-f', 'md,pdf', '-o', 'out', '-q', '--jobs', '2'], cwd),
  ]);
  expect([a.code, b.code, a.stderr, b.stderr]).toEqual([0, 0, '', '']);
  const files = listFiles(join(cwd, 'expected'));
  expect(listFiles(join(cwd, 'out'))).toEqual(files);
  for (const file of files) expect(readFileSync(join(cwd, 'out', file)).equals(readFileSync(join(cwd, 'expected', file)))).toBe(true);
}, 60_000);

/** Every entry under `dir`, links as links (never followed), with its bytes, mode and mtime: proof that nothing there changed. */
function snapshot(dir: string): Record<string, string> {
  const entries: Record<string, string> = {};
  const walk = (folder: string, prefix: string) => {
    for (const name of readdirSync(folder)) {
      const path = join(folder, name);
      const info = lstatSync(path);
      const key = `${prefix}${name}`;
      if (info.isSymbolicLink()) entries[key] = `link to ${readlinkSync(path)}`;
      else if (info.isDirectory()) walk(path, `${key}/`);
      else entries[key] = `${readFileSync(path, 'latin1')} mode ${info.mode} mtime ${info.mtimeMs}`;
    }
  };
  walk(dir, '');
  return entries;
}

describe('symbolic links in the output folder: nothing outside -o is ever written', () => {
  /** A folder outside -o, with files a build that followed a link would overwrite, clean up or remove. */
  function outside(cwd: string): string {
    const dir = join(cwd, 'outside');
    writeFiles(dir, {
      'social-media.md': 'not a policy of ours',
      'logo.png': TINY_PNG,
      '.policygen-tmp-999999999-0-social-media.md': "looks like a killed build's temp file",
    });
    return dir;
  }

  test("an organisation's output folder that is a link is refused, by build, --prune and --check; the other homes are built", async () => {
    const cwd = estate(2);
    const elsewhere = outside(cwd);
    mkdirSync(join(cwd, 'out'));
    symlinkSync('../outside', join(cwd, 'out', 'home-000'));
    const before = snapshot(elsewhere);
    for (const args of [['-f', 'md,pdf', '--prune'], ['--check']]) {
      const result = await runBin(['build', 'homes', ...NEW, ...args], cwd);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        `out/home-000: error: this output folder is a symbolic link to "../outside": policygen never writes through a link, so ${args[0] === '--check' ? 'it was not checked' : 'nothing was written for this organisation'} [OUTPUT_WRITE_FAILED]\n  hint: remove the link: the next build makes a real folder in its place`,
      );
      expect(snapshot(elsewhere)).toEqual(before);
    }
    expect(listFiles(join(cwd, 'out', 'home-001'))).toEqual(['.policygen.json', 'logo.png', 'social-media.md', 'social-media.pdf']);
    expect(readlinkSync(join(cwd, 'out', 'home-000'))).toBe('../outside');
  }, 60_000);

  test('-o itself may be a link: that is where the user chose to build', async () => {
    const cwd = estate(1);
    mkdirSync(join(cwd, 'real-out'));
    symlinkSync('real-out', join(cwd, 'out'));
    expect((await runBin(['build', 'homes', ...NEW, '-q'], cwd)).code).toBe(0);
    expect(listFiles(join(cwd, 'real-out'))).toEqual(['home-000/.policygen.json', 'home-000/logo.png', 'home-000/social-media.md']);
  });

  test("a link at an output file's path is replaced by the file; what it pointed to is untouched", async () => {
    const cwd = estate(1);
    expect((await runBin(['build', 'homes', ...NEW, '-q'], cwd)).code).toBe(0);
    const elsewhere = outside(cwd);
    // Even the very bytes the build makes: a link is never "unchanged".
    renameSync(join(cwd, 'out', 'home-000', 'social-media.md'), join(elsewhere, 'social-media.md'));
    symlinkSync(join(elsewhere, 'social-media.md'), join(cwd, 'out', 'home-000', 'social-media.md'));
    const before = snapshot(elsewhere);
    const check = await runBin(['build', 'homes', ...NEW, '--check', '-q'], cwd);
    expect(check).toMatchObject({ code: 1, stdout: 'stale   out/home-000/social-media.md\n' });
    expect((await runBin(['build', 'homes', ...NEW, '-q'], cwd)).code).toBe(0);
    expect(lstatSync(join(cwd, 'out', 'home-000', 'social-media.md')).isFile()).toBe(true);
    expect(snapshot(elsewhere)).toEqual(before);
  });

  test('--prune follows no link: not a leftover folder that is a link, nor a link where a leftover file was', async () => {
    const cwd = estate(3);
    expect((await runBin(['build', 'homes', ...NEW, '-q'], cwd)).code).toBe(0);
    // home-001's file is deleted and its folder moved outside, a link left in its place: its
    // manifest (now outside) lists files whose bytes still match, for an organisation file that is gone.
    unlinkSync(join(cwd, 'homes', 'home-001.yaml'));
    renameSync(join(cwd, 'out', 'home-001'), join(cwd, 'outside-folder'));
    symlinkSync('../outside-folder', join(cwd, 'out', 'home-001'));
    // home-002's file is deleted too, and one of its policies replaced by a link to a file outside.
    unlinkSync(join(cwd, 'homes', 'home-002.yaml'));
    const elsewhere = outside(cwd);
    const policy = join(cwd, 'out', 'home-002', 'social-media.md');
    renameSync(policy, join(elsewhere, 'policy.md'));
    symlinkSync(join(elsewhere, 'policy.md'), policy);
    const before = { folder: snapshot(join(cwd, 'outside-folder')), files: snapshot(elsewhere) };

    const result = await runBin(['build', 'homes', ...NEW, '--prune'], cwd);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('removed out/home-002/logo.png\n');
    expect(result.stderr).toContain(
      'out/home-002/social-media.md: warning: this file is no longer built, but it has changed since policygen wrote it, so --prune left it [OUTPUT_KEPT]',
    );
    expect({ folder: snapshot(join(cwd, 'outside-folder')), files: snapshot(elsewhere) }).toEqual(before);
    expect(readlinkSync(join(cwd, 'out', 'home-001'))).toBe('../outside-folder');
    expect(readlinkSync(policy)).toBe(join(elsewhere, 'policy.md'));
  });
});

// A tiny or read-only file system needs `mount` (root, as in CI); elsewhere these skip with a note.
async function withTmpfs(options: string, use: (dir: string) => Promise<void>): Promise<void> {
  const dir = join(tempDir(), 'mnt');
  mkdirSync(dir);
  expect(spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir]).status).toBe(0);
  try {
    await use(dir);
  } finally {
    spawnSync('umount', [dir]);
  }
}
const canMount = spawnSync('sh', ['-c', 'd=$(mktemp -d) && mount -t tmpfs -o size=4k tmpfs "$d" && umount "$d"']).status === 0;
if (!canMount) console.warn('mount is not permitted here: skipping the full-disk and read-only tests (CI runs them as root)');
const withMount = canMount ? test : test.skip;

withMount('a full disk is a clear error, exit 2, with no partial file and no temp file left', async () => {
  const cwd = estate(3);
  await withTmpfs('size=96k', async (out) => {
    const result = await runBin(['build', 'homes', ...NEW, '-f', 'md,pdf', '-o', out], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/: error: could not write: no space left on the device \[OUTPUT_WRITE_FAILED\]/);
    // Whatever did fit is whole: each organisation's files are renamed into place only together.
    for (const file of listFiles(out)) {
      expect(file).not.toContain('.policygen-tmp-');
      if (file.endsWith('.pdf')) expect(execFileSync('tail', ['-c', '6', join(out, file)], { encoding: 'latin1' })).toContain('%%EOF');
    }
  });
});

withMount('a read-only output folder is a clear error, exit 2', async () => {
  const cwd = estate(1);
  await withTmpfs('ro,size=64k', async (out) => {
    const result = await runBin(['build', 'homes', ...NEW, '-o', out], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('error: could not write: the file system is read-only [OUTPUT_WRITE_FAILED]');
    expect(listFiles(out)).toEqual([]);
  });
});

describe('hostile input is refused in bounded time and memory, by the real binary', () => {
  // A run-away would be killed by the heap cap (exit 134) or take minutes; refusing takes a second.
  const bounded = { NODE_OPTIONS: '--max-old-space-size=256' };
  const HOME = organisationYaml();
  const refused = async (args: string[], cwd: string) => {
    const started = Date.now();
    const result = await runBin(args, cwd, bounded);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toContain('INTERNAL_ERROR');
    expect(listFiles(cwd).filter((file) => file.startsWith('out/'))).toEqual([]);
    return result.stderr.split('\n').filter((line) => /: (error|warning): /.test(line));
  };

  test.each([
    [
      'aliases that multiply fields (4,000 fields copied 1,000 times)',
      HOME.replace(
        'review:',
        `  base: &a\n${Array.from({ length: 4_000 }, (_, i) => `    f${i}: value ${i}\n`).join('')}${Array.from({ length: 1_000 }, (_, i) => `  g${i}: *a\n`).join('')}review:`,
      ),
      /^home\.yaml:4008:7: error: with its aliases \(\*name\) expanded, the file holds more than 10,000 values/,
    ],
    [
      '80,000 keys (the duplicate-key check was quadratic)',
      HOME.replace('review:', `${Array.from({ length: 80_000 }, (_, i) => `  k${i}: v\n`).join('')}review:`),
      /^home\.yaml:\d+:\d+: error: the file holds more than 10,000 values/,
    ],
    [
      'nesting 20,000 deep on one line (was exit 70)',
      HOME.replace('review:', `  deep:\n    ${'- '.repeat(20_000)}x\nreview:`),
      /^home\.yaml:8:129: error: values are nested more than 64 levels deep here/,
    ],
    [
      'an alias inside itself (was exit 70)',
      HOME.replace('organisation:', 'organisation: &o').replace('review:', '  self: *o\nreview:'),
      /^home\.yaml:7:9: error: \*o is inside/,
    ],
  ])(
    '%s',
    async (_, text, expected) => {
      const cwd = tempDir();
      writeFiles(cwd, { 'home.yaml': text });
      const lines = await refused(['build', 'home.yaml', '-f', 'md,pdf', '-o', 'out', '--today', '2026-11-25'], cwd);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(expected);
    },
    60_000,
  );

  const withProc = existsSync('/proc/self/pagemap') ? test : test.skip;
  withProc(
    'a /proc file as the organisation file, config, template or logo is read no further than the limit',
    async () => {
      const cwd = tempDir();
      writeFiles(cwd, { 'home.yaml': HOME, 'logo-home.yaml': organisationYaml({ logo: '/proc/self/pagemap' }), 'templates/.keep': '' });
      symlinkSync('/proc/self/pagemap', join(cwd, 'templates', 'pagemap.md'));
      const tooLarge = 'error: the file is over 1048576 bytes; files over 1048576 bytes are not read [FILE_UNREADABLE]';
      expect(await refused(['validate', '/proc/self/pagemap'], cwd)).toEqual([`/proc/self/pagemap: ${tooLarge}`]);
      expect(await refused(['build', 'home.yaml', '-o', 'out', '--config', '/proc/self/pagemap'], cwd)).toEqual([
        `/proc/self/pagemap: ${tooLarge}`,
      ]);
      expect(await refused(['build', 'home.yaml', '-o', 'out', '-t', 'templates'], cwd)).toEqual([`templates/pagemap.md: ${tooLarge}`]);
      expect(await refused(['build', 'logo-home.yaml', '-o', 'out'], cwd)).toEqual([
        'logo-home.yaml:4:9: error: the logo file /proc/self/pagemap is over 10485760 bytes; a logo may be at most 10485760 bytes [LOGO_NOT_IMAGE]',
      ]);
    },
    60_000,
  );

  test('a file-system error is said in our words, with the path as the user gave it', async () => {
    const cwd = tempDir();
    symlinkSync('loop-b.yaml', join(cwd, 'loop-a.yaml'));
    symlinkSync('loop-a.yaml', join(cwd, 'loop-b.yaml'));
    const result = await runBin(['validate', 'loop-a.yaml'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('loop-a.yaml: error: the path goes round in a loop of symbolic links [FILE_UNREADABLE]');
    expect(result.stderr).not.toContain(cwd);
    expect(result.stderr).not.toContain('ELOOP');
  });

  test('a control character in a value is refused, and never reaches the terminal raw', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'home.yaml': organisationYaml().replace('name: "Cartref Gofal Tŷ Gwyn"', 'name: "Tŷ\\e]0;pwned\\a\\e[2J"') });
    const result = await runBin(['build', 'home.yaml', '-o', 'out'], cwd, { FORCE_COLOR: '1', NO_COLOR: undefined });
    expect(result.code).toBe(2);
    expect(result.stderr.replace(/\u001b\[\d+m/g, '')).toContain(
      'home.yaml:2:9: error: organisation.name holds a control character (U+001B ESC) [CONTROL_CHARACTER]',
    );
    // The only escapes are policygen's own colours: no title change, no clear screen, no bell.
    expect(result.stderr.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
    expect(listFiles(cwd)).toEqual(['home.yaml']);
  });
});
