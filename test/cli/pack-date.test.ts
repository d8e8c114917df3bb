import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, listFiles, organisationYaml, runMain, tempDir, writeFiles } from '../helpers';
import { hasPoppler } from '../pdf-check';

/**
 * A care group commits its policy manuals and runs `build --check` in CI every day. A
 * manual's cover says the day it was compiled; a manual whose content has not changed is
 * still that day's manual, so the next day's check passes and a rebuild leaves it alone.
 * Only a manual whose content changed is compiled again, with the new day's date.
 */
const withPoppler = hasPoppler() ? test : test.skip;
const DAY_1 = ['--today', '2026-12-01'];
const DAY_2 = ['--today', '2026-12-02'];
const MANUALS = [
  'policies/bryn-awel/policy-pack.cy.pdf',
  'policies/bryn-awel/policy-pack.en.pdf',
  'policies/harbour-view/policy-pack.pdf',
  'policies/plas-y-coed/policy-pack.pdf',
];

/** The example estate (three homes, one of them bilingual), built with manuals on day 1. */
async function builtOnDay1(): Promise<string> {
  const cwd = tempDir();
  cpSync(join(EXAMPLES, 'group'), cwd, { recursive: true });
  expect((await runMain(['build', 'homes/', '--pack', '-q', ...DAY_1], cwd)).code).toBe(0);
  return cwd;
}

/** Every built file's bytes, by path. */
function snapshot(cwd: string): Map<string, Buffer> {
  return new Map(listFiles(join(cwd, 'policies')).map((file) => [file, readFileSync(join(cwd, 'policies', file))]));
}

/** The cover's line saying when the manual was compiled, and the dates in its metadata. */
function datesOf(pdf: string): { cover: string; created: string; modified: string } {
  const cover = execFileSync('pdftotext', ['-f', '1', '-l', '1', pdf, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  return {
    cover: /^(Compiled on|Lluniwyd ar) .*$/m.exec(cover)?.[0] ?? '(none)',
    created: /^CreationDate:\s+(.*)$/m.exec(info)![1]!,
    modified: /^ModDate:\s+(.*)$/m.exec(info)![1]!,
  };
}

const DAY_1_DATES = { created: 'Tue Dec  1 00:00:00 2026 UTC', modified: 'Tue Dec  1 00:00:00 2026 UTC' };
const DAY_2_DATES = { created: 'Wed Dec  2 00:00:00 2026 UTC', modified: 'Wed Dec  2 00:00:00 2026 UTC' };

withPoppler(
  'the next day, an unchanged manual is current: --check passes, and a build keeps it with its day-1 cover',
  async () => {
    const cwd = await builtOnDay1();
    const before = snapshot(cwd);

    const check = await runMain(['build', 'homes/', '--pack', '--check', ...DAY_2], cwd);
    expect(check).toMatchObject({ code: 0, stdout: '' });
    expect(check.stderr).toBe('Checked 3 organisations against policies: 29 up to date, 0 stale, 0 missing, 0 extra\n');
    // The same with worker threads, one shard at a time, as a CI matrix runs it.
    for (const shard of ['1/2', '2/2']) {
      expect(await runMain(['build', 'homes/', '--pack', '--check', '--jobs', '2', '--shard', shard, '-q', ...DAY_2], cwd)).toEqual({
        code: 0,
        stdout: '',
        stderr: '',
      });
    }

    const rebuilt = await runMain(['build', 'homes/', '--pack', '--json', ...DAY_2], cwd);
    expect(rebuilt.code).toBe(0);
    const json = JSON.parse(rebuilt.stdout) as {
      summary: { outputs: Record<string, number> };
      organisations: Array<{ outputs: Array<{ path: string; status: string }> }>;
    };
    expect(json.summary.outputs).toMatchObject({ written: 0, unchanged: 29 });
    const manuals = json.organisations.flatMap((o) => o.outputs).filter((o) => o.path.includes('policy-pack'));
    expect(manuals).toEqual(MANUALS.map((path) => ({ path, status: 'unchanged' })));
    expect(snapshot(cwd)).toEqual(before);

    expect(datesOf(join(cwd, 'policies/harbour-view/policy-pack.pdf'))).toEqual({ cover: 'Compiled on 1 December 2026', ...DAY_1_DATES });
    expect(datesOf(join(cwd, 'policies/plas-y-coed/policy-pack.pdf'))).toEqual({ cover: 'Lluniwyd ar 1 Rhagfyr 2026', ...DAY_1_DATES });
  },
  120_000,
);

withPoppler(
  'a home whose policy record changes on day 2 gets a manual compiled on day 2; the others keep day 1',
  async () => {
    const cwd = await builtOnDay1();
    const file = join(cwd, 'homes', 'harbour-view.yaml');
    writeFileSync(
      file,
      readFileSync(file, 'utf8').replace(
        'review:\n',
        'review:\n  policies:\n    social-media:\n      last_reviewed: 2026-12-02\n      changes: Rules for photographs of residents\n',
      ),
    );

    const check = await runMain(['build', 'homes/', '--pack', '--check', ...DAY_2], cwd);
    expect(check.code).toBe(1);
    expect(check.stdout.split('\n').filter((line) => line.includes('policy-pack'))).toEqual([
      'stale   policies/harbour-view/policy-pack.pdf',
    ]);

    const rebuilt = await runMain(['build', 'homes/', '--pack', '--json', ...DAY_2], cwd);
    expect(rebuilt.code).toBe(0);
    const statuses = (
      JSON.parse(rebuilt.stdout) as { organisations: Array<{ outputs: Array<{ path: string; status: string }> }> }
    ).organisations
      .flatMap((o) => o.outputs)
      .filter((o) => o.path.includes('policy-pack'))
      .map((o) => `${o.status} ${o.path}`);
    expect(statuses).toEqual([
      'unchanged policies/bryn-awel/policy-pack.cy.pdf',
      'unchanged policies/bryn-awel/policy-pack.en.pdf',
      'written policies/harbour-view/policy-pack.pdf',
      'unchanged policies/plas-y-coed/policy-pack.pdf',
    ]);
    const manual = join(cwd, 'policies/harbour-view/policy-pack.pdf');
    expect(datesOf(manual)).toEqual({ cover: 'Compiled on 2 December 2026', ...DAY_2_DATES });
    expect(execFileSync('pdftotext', [manual, '-'], { encoding: 'utf8' })).toContain('Rules for photographs of residents');
    expect(datesOf(join(cwd, 'policies/bryn-awel/policy-pack.en.pdf'))).toEqual({ cover: 'Compiled on 1 December 2026', ...DAY_1_DATES });

    // The re-dated manual is what a first build on day 2 makes, byte for byte; and it is current from then on.
    const fresh = await runMain(['build', 'homes/', '--pack', '-q', '-o', 'fresh', ...DAY_2], cwd);
    expect(fresh.code).toBe(0);
    expect(readFileSync(join(cwd, 'fresh/harbour-view/policy-pack.pdf')).equals(readFileSync(manual))).toBe(true);
    expect((await runMain(['build', 'homes/', '--pack', '--check', '--today', '2026-12-09'], cwd)).code).toBe(0);
  },
  120_000,
);

withPoppler(
  'a file at the manual’s name that is not that manual (other bytes, a link) is replaced by one compiled today',
  async () => {
    const cwd = await builtOnDay1();
    const day1 = join(cwd, 'policies/harbour-view/policy-pack.pdf');
    // A manual from day 1 with a byte changed: its date says 1 December, but it is not what policygen made.
    const damaged = readFileSync(day1);
    damaged.writeUInt8(damaged.readUInt8(2000) ^ 1, 2000);
    writeFileSync(day1, damaged);
    // A link to a day-1 manual elsewhere: never followed.
    const elsewhere = join(cwd, 'elsewhere.pdf');
    cpSync(join(cwd, 'policies/plas-y-coed/policy-pack.pdf'), elsewhere);
    const linked = join(cwd, 'policies/plas-y-coed/policy-pack.pdf');
    rmSync(linked);
    symlinkSync(elsewhere, linked);

    const check = await runMain(['build', 'homes/', '--pack', '--check', ...DAY_2], cwd);
    expect(check.stdout.split('\n').filter((line) => line.includes('policy-pack'))).toEqual([
      'stale   policies/harbour-view/policy-pack.pdf',
      'stale   policies/plas-y-coed/policy-pack.pdf',
    ]);
    expect((await runMain(['build', 'homes/', '--pack', '-q', ...DAY_2], cwd)).code).toBe(0);
    expect(datesOf(day1).cover).toBe('Compiled on 2 December 2026');
    expect(datesOf(linked).cover).toBe('Lluniwyd ar 2 Rhagfyr 2026');
    // The manuals that are what policygen made keep their day.
    expect(datesOf(join(cwd, 'policies/bryn-awel/policy-pack.cy.pdf')).cover).toBe('Lluniwyd ar 1 Rhagfyr 2026');
  },
  120_000,
);

test('pack: true in the config file builds the manuals without --pack, and --check counts them', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { 'home.yaml': organisationYaml(), 'policygen.config.yaml': 'pack: true\n' });
  const built = await runMain(['build', 'home.yaml', ...DAY_1], cwd);
  expect(built).toMatchObject({ code: 0, stdout: '' });
  expect(listFiles(join(cwd, 'out', 'home'))).toEqual(['.policygen.json', 'index.html', 'policy-pack.pdf', 'social-media.md']);
  expect(await runMain(['build', 'home.yaml', '--check', ...DAY_2], cwd)).toEqual({
    code: 0,
    stdout: '',
    stderr: 'Checked 1 organisation against out: 3 up to date, 0 stale, 0 missing, 0 extra\n',
  });
  // --no-pack leaves them out for one run: then they are extra.
  expect(await runMain(['build', 'home.yaml', '--check', '--no-pack', ...DAY_2], cwd)).toMatchObject({
    code: 1,
    stdout: 'extra   out/home/index.html\nextra   out/home/policy-pack.pdf\n',
  });
  // pack must be true or false.
  writeFiles(cwd, { 'policygen.config.yaml': 'pack: yes\n' });
  const bad = await runMain(['build', 'home.yaml', '-o', 'other', ...DAY_1], cwd);
  expect(bad.code).toBe(2);
  expect(bad.stderr).toContain('policygen.config.yaml:1:7: error: pack must be true or false, not the text "yes" [CONFIG_INVALID]');
  expect(listFiles(join(cwd, 'other'))).toEqual([]);
}, 60_000);
