import { readdirSync, readFileSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { availableParallelism } from 'node:os';
import { build, due } from '../../src';
import { defaultJobs } from '../../src/api';
import { selectShard } from '../../src/batch';
import { main } from '../../src/cli';
import { EXAMPLES, listFiles, organisationYaml, runBin, runMain, tempDir, TINY_PNG, writeFiles } from '../helpers';

/** A folder of `count` valid homes (with a logo), plus whatever `extra` files. */
function homes(count: number, extra: Record<string, string> = {}): string {
  const cwd = tempDir();
  const files: Record<string, string | Uint8Array> = { 'logo.png': TINY_PNG };
  for (let i = 1; i <= count; i++) {
    files[`homes/home-${String(i).padStart(3, '0')}.yaml`] = organisationYaml({ name: `Cartref ${i} Tŷ Gwyn`, logo: '../logo.png' });
  }
  writeFiles(cwd, { ...files, ...extra });
  return cwd;
}

describe('--check', () => {
  test('exit 0 when every output is up to date, 1 when one is stale or missing, 2 on an error; writes nothing', async () => {
    const cwd = homes(3);
    await runMain(['build', 'homes', '--today', '2026-05-01', '-q'], cwd);
    const before = listFiles(join(cwd, 'out'));
    expect(before).toHaveLength(9); // two files and the manifest for each home

    const fresh = await runMain(['build', 'homes', '--today', '2026-05-01', '--check'], cwd);
    expect(fresh).toMatchObject({ code: 0, stdout: '' });
    expect(fresh.stderr).toContain('Checked 3 organisations against out: 6 up to date, 0 stale, 0 missing');

    writeFileSync(join(cwd, 'out', 'home-002', 'social-media.md'), 'edited by hand\n');
    const stale = await runMain(['build', 'homes', '--today', '2026-05-01', '--check'], cwd);
    expect(stale).toMatchObject({ code: 1, stdout: 'stale   out/home-002/social-media.md\n' });

    const nextYear = await runMain(['build', 'homes', '--today', '2027-05-01', '--check', '-q'], cwd);
    expect(nextYear.code).toBe(1); // the copyright year moved on: every policy is stale
    expect(nextYear.stdout.split('\n').filter((line) => line.startsWith('stale'))).toHaveLength(3);

    writeFiles(cwd, { 'homes/home-004.yaml': 'organisation: [' });
    const broken = await runMain(['build', 'homes', '--today', '2026-05-01', '--check'], cwd);
    expect(broken.code).toBe(2);
    expect(broken.stderr).toContain('homes/home-004.yaml:1:15: error:');
    expect(listFiles(join(cwd, 'out'))).toEqual(before);
    expect(readFileSync(join(cwd, 'out', 'home-002', 'social-media.md'), 'utf8')).toBe('edited by hand\n');
  });

  test('lists missing files', async () => {
    const cwd = homes(1);
    const result = await runMain(['build', 'homes', '--check', '-f', 'md,pdf'], cwd);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      'missing out/home-001/social-media.md\nmissing out/home-001/social-media.pdf\nmissing out/home-001/logo.png\n',
    );
  });
});

describe('files a build no longer makes', () => {
  const TODAY = ['--today', '2026-05-01'];
  const statusLines = (stdout: string) => stdout.split('\n').filter(Boolean).sort();

  test('a format no longer asked for is extra; --prune removes it (in worker threads too)', async () => {
    const cwd = homes(2);
    await runMain(['build', 'homes', ...TODAY, '-f', 'md,html', '-q'], cwd);
    const check = await runMain(['build', 'homes', ...TODAY, '--check'], cwd);
    expect(check.code).toBe(1);
    // The index page goes with the HTML: it is made whenever HTML is.
    expect(statusLines(check.stdout)).toEqual([
      'extra   out/home-001/index.html',
      'extra   out/home-001/social-media.html',
      'extra   out/home-002/index.html',
      'extra   out/home-002/social-media.html',
    ]);
    expect(check.stderr).toContain('Checked 2 organisations against out: 4 up to date, 0 stale, 0 missing, 4 extra');

    const pruned = await runMain(['build', 'homes', ...TODAY, '--prune', '--jobs', '2'], cwd);
    expect(pruned.code).toBe(0);
    expect(statusLines(pruned.stdout)).toEqual([
      'removed out/home-001/index.html',
      'removed out/home-001/social-media.html',
      'removed out/home-002/index.html',
      'removed out/home-002/social-media.html',
    ]);
    expect(pruned.stderr).toContain('Built 2 organisations into out: 0 files written, 4 unchanged, 4 removed');
    expect(listFiles(join(cwd, 'out')).filter((f) => f.endsWith('.html'))).toEqual([]);
    expect(await runMain(['build', 'homes', ...TODAY, '--check', '-q'], cwd)).toMatchObject({ code: 0, stdout: '' });
  });

  test('a template taken out of the library leaves its policies extra, and --prune removes only them', async () => {
    const cwd = homes(1, { 'library/visiting.md': '---\ntitle: Visiting\n---\n# Visiting {{org_field_name}}\n' });
    await runMain(['build', 'homes', ...TODAY, '-t', 'library', '-f', 'md,pdf', '-q'], cwd);
    writeFileSync(join(cwd, 'out', 'home-001', 'README.txt'), 'our notes on these policies');
    const check = await runMain(['build', 'homes', ...TODAY, '-f', 'md,pdf', '--check', '-q'], cwd);
    expect(check).toMatchObject({ code: 1, stdout: 'extra   out/home-001/visiting.md\nextra   out/home-001/visiting.pdf\n' });
    const pruned = await runMain(['build', 'homes', ...TODAY, '-f', 'md,pdf', '--prune', '-q'], cwd);
    expect(pruned).toMatchObject({ code: 0, stdout: 'removed out/home-001/visiting.md\nremoved out/home-001/visiting.pdf\n' });
    expect(listFiles(join(cwd, 'out'))).toEqual([
      'home-001/.policygen.json',
      'home-001/README.txt',
      'home-001/logo.png',
      'home-001/social-media.md',
      'home-001/social-media.pdf',
    ]);
  });

  test('a renamed organisation file leaves its old folder extra, and --prune removes the folder', async () => {
    const cwd = homes(2);
    await runMain(['build', 'homes', ...TODAY, '-q'], cwd);
    renameSync(join(cwd, 'homes', 'home-002.yaml'), join(cwd, 'homes', 'home-two.yaml'));
    const check = await runMain(['build', 'homes', ...TODAY, '--check', '-q'], cwd);
    expect(statusLines(check.stdout)).toEqual([
      'extra   out/home-002/logo.png',
      'extra   out/home-002/social-media.md',
      'missing out/home-two/logo.png',
      'missing out/home-two/social-media.md',
    ]);
    const pruned = await runMain(['build', 'homes', ...TODAY, '--prune', '-q'], cwd);
    expect(statusLines(pruned.stdout)).toEqual(['removed out/home-002/logo.png', 'removed out/home-002/social-media.md']);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['home-001', 'home-two']);
  });

  test("building one organisation file does not make the other homes' folders extra", async () => {
    const cwd = homes(3);
    await runMain(['build', 'homes', ...TODAY, '-q'], cwd);
    const before = listFiles(join(cwd, 'out'));
    expect(await runMain(['build', 'homes/home-002.yaml', ...TODAY, '--check', '-q'], cwd)).toMatchObject({ code: 0, stdout: '' });
    expect(await runMain(['build', 'homes/home-002.yaml', ...TODAY, '--prune', '-q'], cwd)).toMatchObject({ code: 0, stdout: '' });
    expect(listFiles(join(cwd, 'out'))).toEqual(before);
  });

  test("shards never call each other's homes extra, and each leftover folder is one shard's", async () => {
    const cwd = homes(7);
    await runMain(['build', 'homes', ...TODAY, '-q'], cwd);
    unlinkSync(join(cwd, 'homes', 'home-002.yaml'));
    unlinkSync(join(cwd, 'homes', 'home-006.yaml'));
    const reported: string[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const result = await runMain(['build', 'homes', ...TODAY, '--check', '--shard', shard, '-q'], cwd);
      expect(result.code).toBe(result.stdout === '' ? 0 : 1);
      reported.push(...statusLines(result.stdout));
    }
    expect(reported.sort()).toEqual([
      'extra   out/home-002/logo.png',
      'extra   out/home-002/social-media.md',
      'extra   out/home-006/logo.png',
      'extra   out/home-006/social-media.md',
    ]);
    let removed = 0;
    for (const shard of ['1/3', '2/3', '3/3']) {
      const result = await runMain(['build', 'homes', ...TODAY, '--prune', '--shard', shard, '--json'], cwd);
      expect(result.code).toBe(0);
      removed += (JSON.parse(result.stdout) as { summary: { outputs: { removed: number } } }).summary.outputs.removed;
    }
    expect(removed).toBe(4);
    expect(readdirSync(join(cwd, 'out')).sort()).toEqual(['home-001', 'home-003', 'home-004', 'home-005', 'home-007']);
  });
});

describe('--shard', () => {
  test('slices cover every item exactly once, in even contiguous runs', () => {
    for (let items = 0; items <= 40; items++) {
      for (let count = 1; count <= 9; count++) {
        const all = Array.from({ length: items }, (_, i) => i);
        const slices = Array.from({ length: count }, (_, i) => selectShard(all, { index: i + 1, count }));
        expect(slices.flat()).toEqual(all);
        const sizes = slices.map((slice) => slice.length);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
  });

  test('three shards of a build write exactly what one full build writes', async () => {
    const cwd = homes(7);
    await runMain(['build', 'homes', '--today', '2026-05-01', '-q', '-o', 'full'], cwd);
    const counts: number[] = [];
    for (const shard of ['1/3', '2/3', '3/3']) {
      const result = await runMain(['build', 'homes', '--today', '2026-05-01', '--shard', shard, '--json', '-o', 'sharded'], cwd);
      expect(result.code).toBe(0);
      counts.push(JSON.parse(result.stdout).summary.organisations);
    }
    expect(counts).toEqual([2, 2, 3]);
    expect(listFiles(join(cwd, 'sharded'))).toEqual(listFiles(join(cwd, 'full')));
  });

  test('a bad --shard is a usage error', async () => {
    const result = await runMain(['build', 'homes', '--shard', '4/3'], tempDir());
    expect(result).toMatchObject({ code: 2, stderr: 'policygen: --shard must be i/n with 1 <= i <= n <= 10000, e.g. 1/4, not "4/3"\n' });
  });

  test('a shard count too large to be a CI matrix is refused, not read as "build nothing"', async () => {
    const result = await runMain(['build', 'homes', '--shard', '1/99999999999999999999'], tempDir());
    expect(result).toMatchObject({ code: 2, stderr: expect.stringContaining('policygen: --shard must be i/n with 1 <= i <= n <= 10000') });
  });
});

describe('worker threads', () => {
  // Two real processes building PDFs: generous, since CI machines vary (this is no timing test).
  test('--jobs 2 writes the same bytes as --jobs 1, PDFs included', async () => {
    const cwd = homes(4);
    const one = await runBin(['build', 'homes', '--today', '2026-05-01', '-f', 'md,html,pdf', '--jobs', '1', '-o', 'one'], cwd);
    const two = await runBin(['build', 'homes', '--today', '2026-05-01', '-f', 'md,html,pdf', '--jobs', '2', '-o', 'two'], cwd);
    expect([one.code, two.code]).toEqual([0, 0]);
    const files = listFiles(join(cwd, 'one'));
    expect(files).toHaveLength(24);
    expect(listFiles(join(cwd, 'two'))).toEqual(files);
    for (const file of files) expect(readFileSync(join(cwd, 'two', file)).equals(readFileSync(join(cwd, 'one', file)))).toBe(true);
  }, 60_000);

  test('one broken home among many: the others are built, it is reported, exit 2', async () => {
    const cwd = homes(5, { 'homes/home-003.yaml': organisationYaml({ registrationNo: '', logo: '../logo.png' }) });
    const result = await runBin(['build', 'homes', '--today', '2026-05-01', '--jobs', '2'], cwd);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('homes/home-003.yaml:3:20: error: organisation.registration_no must not be blank [INVALID_VALUE]');
    expect(result.stderr).toContain('Built 4 organisations into out: 8 files written, 0 unchanged; 1 organisation failed');
    expect(listFiles(join(cwd, 'out')).filter((f) => f.startsWith('home-003'))).toEqual([]);
    expect(listFiles(join(cwd, 'out'))).toHaveLength(12);
  }, 60_000);

  test('the API reports progress once per organisation', async () => {
    const cwd = homes(3);
    const seen: string[] = [];
    const result = await build({
      inputs: ['homes'],
      cwd,
      today: '2026-05-01',
      jobs: 1,
      onProgress: (p) => seen.push(`${p.done}/${p.total} ${p.file}`),
    });
    expect(result.ok).toBe(true);
    expect(seen).toEqual(['1/3 homes/home-001.yaml', '2/3 homes/home-002.yaml', '3/3 homes/home-003.yaml']);
  });
});

describe('--json', () => {
  test('has a stable shape with every output and its status', async () => {
    const cwd = homes(1, { 'homes/bad.yaml': 'organisation: {}\n' });
    const result = await runMain(['build', 'homes', '--today', '2026-05-01', '--json'], cwd);
    expect(result.code).toBe(2);
    const json = JSON.parse(result.stdout);
    expect(Object.keys(json)).toEqual(['command', 'ok', 'today', 'summary', 'organisations', 'leftovers', 'diagnostics']);
    expect(json.summary).toEqual({
      organisations: 2,
      failed: 1,
      outputs: { written: 2, unchanged: 0, 'up-to-date': 0, stale: 0, missing: 0, extra: 0, removed: 0 },
    });
    expect(json.organisations[1]).toEqual({
      file: 'homes/home-001.yaml',
      name: 'Cartref 1 Tŷ Gwyn',
      ok: true,
      outputs: [
        { path: 'out/home-001/social-media.md', status: 'written' },
        { path: 'out/home-001/logo.png', status: 'written' },
      ],
      reviews: [
        {
          policy: 'social-media',
          version: '1',
          lastReviewed: '2026-04-01',
          nextReview: '2027-04-01',
          daysLeft: 335,
          intervalMonths: 12,
          reason: { kind: 'interval', months: 12 },
        },
      ],
    });
    expect(json.diagnostics[0]).toMatchObject({
      code: 'REQUIRED_FIELD_MISSING',
      file: 'homes/bad.yaml',
      line: 1,
      column: 1,
      severity: 'error',
    });
  });
});

describe('policygen due', () => {
  const examples = [join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml'), join(EXAMPLES, 'ocean-view.yaml')];

  test('exit 0 when nothing is due within the window', async () => {
    const result = await runMain(['due', ...examples, '--today', '2026-10-01'], tempDir());
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('0 overdue, 0 due within 30 days, 2 not yet due\n');
  });

  test('a window of one day says "1 day"', async () => {
    const result = await runMain(['due', ...examples, '--today', '2026-10-01', '--within', '1d'], tempDir());
    expect(result.stderr).toBe('0 overdue, 0 due within 1 day, 2 not yet due\n');
  });

  test('exit 1 with a table, most urgent first, saying why', async () => {
    const result = await runMain(['due', ...examples, '--today', '2027-03-20', '--within', '2w'], tempDir());
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      [
        'STATUS   ORGANISATION           POLICY        LANGUAGES  LAST REVIEWED  NEXT REVIEW  DAYS LEFT  WHY',
        'OVERDUE  Ocean View Care Home   social-media  en         2026-09-15     2027-01-15         -64  trigger: New CIW guidance on digital safeguarding',
        'DUE      Cartref Gofal Tŷ Gwyn  social-media  cy, en     2026-04-01     2027-04-01          12  annual review',
        '',
      ].join('\n'),
    );
  });

  test('--json lists every entry', async () => {
    const result = await runMain(['due', ...examples, '--today', '2026-12-20', '--json'], tempDir());
    expect(result.code).toBe(1);
    const json = JSON.parse(result.stdout);
    expect(json).toMatchObject({ command: 'due', ok: true, today: '2026-12-20', withinDays: 30, anyDue: true });
    expect(json.entries.map((e: { policy: string; status: string; daysLeft: number }) => [e.status, e.daysLeft])).toEqual([
      ['due', 26],
      ['ok', 102],
    ]);
  });

  test('a broken file is exit 2, and due still lists the good ones', async () => {
    const cwd = tempDir();
    writeFiles(cwd, { 'bad.yaml': 'organisation:\n  name: [\n' });
    const result = await due({ inputs: [examples[0]!, join(cwd, 'bad.yaml')], today: '2026-10-01', jobs: 1 });
    expect(result.ok).toBe(false);
    expect(result.entries).toHaveLength(1);
    const cli = await runMain(['due', examples[0]!, 'bad.yaml', '--today', '2026-10-01'], cwd);
    expect(cli.code).toBe(2);
  });

  test('--within counts calendar months and years, as review dates do', async () => {
    // Cartref Gofal Tŷ Gwyn is next due on 2027-04-01: 2m from 31 January reaches only 31 March.
    const within = (period: string, today: string) =>
      runMain(['due', examples[0]!, '--today', today, '--within', period, '--json'], tempDir());
    const statusOf = async (period: string, today: string) =>
      (JSON.parse((await within(period, today)).stdout) as { entries: Array<{ status: string }> }).entries[0]!.status;
    expect(await statusOf('2m', '2027-01-31')).toBe('ok');
    expect(await statusOf('2m', '2027-02-01')).toBe('due');
    expect(await statusOf('1y', '2026-04-02')).toBe('due');
    expect(await statusOf('1y', '2026-03-31')).toBe('ok');
    expect(JSON.parse((await within('2m', '2027-01-31')).stdout)).toMatchObject({ withinDays: 59 });
  });

  test('--within refuses more than ten years', async () => {
    expect(await runMain(['due', ...examples, '--within', '11y'], tempDir())).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('at most ten years'),
    });
  });

  test('a bad --within is a usage error', async () => {
    expect(await runMain(['due', ...examples, '--within', 'soon'], tempDir())).toMatchObject({
      code: 2,
      stderr: 'policygen: --within must be a number of days, weeks, months or years, e.g. 30d, 6w, 2m or 1y, not "soon"\n',
    });
  });
});

describe('a bug in policygen', () => {
  test('is a short internal error with exit 70, never a stack trace', async () => {
    let stderr = '';
    const code = await main({
      argv: ['--version'],
      cwd: tempDir(),
      env: {},
      stdout: {
        write: () => {
          throw new Error('the output stream went away');
        },
      },
      stderr: { write: (text: string) => (stderr += text) },
    });
    expect(code).toBe(70);
    expect(stderr).toBe(
      'policygen: internal error: the output stream went away\n' +
        'This is a bug in policygen, not in your files; please report it with the command you ran.\n',
    );
  });
});

describe('default --jobs', () => {
  // Workers cost a start-up each (pdfkit, fonts, first shaping): small PDF batches stay on
  // one thread, large ones use the cores; Markdown and HTML never start workers.
  test('a PDF build gets a worker per 500 PDFs, up to the cores; other builds one thread', () => {
    const cores = availableParallelism();
    expect(defaultJobs(['pdf'], 'write', 1)).toBe(1);
    expect(defaultJobs(['md', 'html', 'pdf'], 'write', 999)).toBe(1);
    expect(defaultJobs(['pdf'], 'check', 1000)).toBe(Math.min(cores, 2));
    expect(defaultJobs(['pdf'], 'write', 1_000_000)).toBe(cores);
    expect(defaultJobs(['md', 'html'], 'write', 1_000_000)).toBe(1);
    expect(defaultJobs(['pdf'], 'validate', 1_000_000)).toBe(1);
  });
});
