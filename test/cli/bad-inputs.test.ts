import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES, listFiles, runMain, tempDir } from '../helpers';

const { layOutCase } = require('../fixtures/bad/lay-out-case.js') as {
  layOutCase(folder: string, cwd: string, spec: BadCase): void;
};

/**
 * Every case in test/fixtures/bad/: the exact diagnostic lines (file:line:column where a
 * position exists), the exit code, no stack trace, and nothing written when it fails.
 * `npm run update-bad-fixtures` records the messages; review them before committing.
 */
interface BadCase {
  args: string[];
  exitCode: number;
  stderr: string[];
  note?: string;
  generate?: Record<string, number | { before?: string; repeat: string; times: number; after?: string }>;
  /** Symbolic links to make, path → target. */
  links?: Record<string, string>;
  /** Files (outside the output folder) whose bytes must be the same afterwards. */
  unchanged?: string[];
}

const root = join(FIXTURES, 'bad');
const cases = readdirSync(root, { withFileTypes: true })
  .filter((entry) => entry.isDirectory())
  .map((entry) => [entry.name, JSON.parse(readFileSync(join(root, entry.name, 'case.json'), 'utf8')) as BadCase] as const);

test('the corpus has at least 40 cases of bad input', () => {
  expect(cases.filter(([, spec]) => spec.exitCode === 2).length).toBeGreaterThanOrEqual(40);
});

describe.each(cases)('%s', (name, spec) => {
  test(`exit ${spec.exitCode}, with the exact messages${spec.exitCode === 2 ? ', writing nothing' : ''}`, async () => {
    const cwd = tempDir();
    layOutCase(join(root, name), cwd, spec);
    const before = listFiles(cwd);
    const kept = (spec.unchanged ?? []).map((file) => readFileSync(join(cwd, file), 'latin1'));
    const result = await runMain(spec.args, cwd);

    expect(result.code).toBe(spec.exitCode);
    const lines = result.stderr.split('\n');
    let from = 0;
    for (const expected of spec.stderr) {
      const at = lines.indexOf(expected, from);
      if (at < 0) throw new Error(`missing line: ${expected}\n--- stderr ---\n${result.stderr}`);
      from = at + 1;
    }
    // Only the recorded diagnostics: a new one appearing would be a change worth a review.
    expect(lines.filter((line) => /^\S.*: (error|warning): /.test(line))).toEqual(
      // A case may also list a hint line, to hold its wording.
      spec.stderr.filter((line) => !line.startsWith('policygen: ') && !line.startsWith('  hint: ')),
    );
    expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);
    expect(result.stderr).not.toContain('INTERNAL_ERROR');

    const after = listFiles(cwd);
    expect(after.filter((file) => file.includes('.policygen-tmp-'))).toEqual([]);
    if (spec.exitCode === 2) expect(after).toEqual(before);
    else {
      const out = spec.args.includes('-o') ? spec.args[spec.args.indexOf('-o') + 1]! : 'out';
      expect(after.filter((file) => file.startsWith(`${out}/`)).length).toBeGreaterThan(0);
    }
    expect((spec.unchanged ?? []).map((file) => readFileSync(join(cwd, file), 'latin1'))).toEqual(kept);

    // No key in any file may reach Object.prototype.
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(Object.prototype)).toEqual([]);
  });
});
