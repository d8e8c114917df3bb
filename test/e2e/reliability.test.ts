import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
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
