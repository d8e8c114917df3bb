import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { EXAMPLES, listFiles, runMain, tempDir } from '../helpers';

/**
 * examples/ci/ holds the CI files a care group's IT person copies. Every `policygen` command
 * in them is run here, matrix values filled in, in a copy of examples/group (a repository
 * of homes laid out as those files expect), so the examples can never rot.
 */
const CI = join(EXAMPLES, 'ci');
// 2026-12-01 (UTC): the example homes' policies are current, and one review is due within eight weeks.
const TODAY = { SOURCE_DATE_EPOCH: String(Date.UTC(2026, 11, 1) / 1000) };

/** Every shell line in the file's steps or scripts that runs policygen, once per matrix value. */
function policygenLines(file: string): string[] {
  const document = parse(readFileSync(join(CI, file), 'utf8')) as Record<string, unknown>;
  const lines: string[] = [];
  const add = (script: unknown, expand: (line: string) => string[]) => {
    const texts = Array.isArray(script) ? script : typeof script === 'string' ? [script] : [];
    for (const text of texts as string[]) {
      for (const line of text.split('\n').map((l) => l.trim())) if (/\bpolicygen\b/.test(line)) lines.push(...expand(line));
    }
  };
  if (file === 'github-actions.yml') {
    for (const job of Object.values(document.jobs as Record<string, GithubJob>)) {
      const shards = job.strategy?.matrix?.shard ?? [undefined];
      for (const step of job.steps) {
        add(step.run, (line) =>
          line.includes('${{ matrix.shard }}') ? shards.map((shard) => line.replaceAll('${{ matrix.shard }}', String(shard))) : [line],
        );
      }
    }
  } else {
    for (const [name, job] of Object.entries(document as Record<string, GitlabJob>)) {
      if (name === 'default' || name === 'stages' || typeof job !== 'object') continue;
      const nodes = Array.from({ length: job.parallel ?? 1 }, (_, i) => i + 1);
      const expand = (line: string) =>
        line.includes('$CI_NODE_INDEX')
          ? nodes.map((node) => line.replaceAll('$CI_NODE_INDEX', String(node)).replaceAll('$CI_NODE_TOTAL', String(nodes.length)))
          : [line];
      for (const script of [job.before_script, job.script, job.after_script]) add(script, expand);
    }
  }
  return lines;
}

interface GithubJob {
  strategy?: { matrix?: { shard?: number[] } };
  steps: Array<{ run?: string }>;
}

interface GitlabJob {
  parallel?: number;
  before_script?: string[];
  script?: string[];
  after_script?: string[];
}

describe.each(['github-actions.yml', 'gitlab-ci.yml'])('examples/ci/%s', (file) => {
  const lines = policygenLines(file);

  test('schedules a check sharded four ways, a rebuild and a due job', () => {
    expect(lines).toEqual([
      ...[1, 2, 3, 4].map((i) => `npx policygen build homes/ --check --shard ${i}/4`),
      ...[1, 2, 3, 4].map((i) => `npx policygen build homes/ --shard ${i}/4`),
      'npx policygen due homes/ --within 8w',
    ]);
    const text = readFileSync(join(CI, file), 'utf8');
    if (file === 'github-actions.yml') {
      const workflow = parse(text) as { on: { schedule: Array<{ cron: string }>; workflow_dispatch: unknown } };
      expect(workflow.on.schedule.map((s) => s.cron)).toEqual(['0 6 2 1 *', '0 7 * * 1']);
      expect('workflow_dispatch' in workflow.on).toBe(true);
    } else {
      expect((parse(text) as { check: { parallel: number } }).check.parallel).toBe(4);
    }
  });

  test('every policygen command in it runs against the example estate, as the file says', async () => {
    const cwd = tempDir();
    cpSync(join(EXAMPLES, 'group'), cwd, { recursive: true });
    // Before anything is built, the check fails (exit 1, "missing …") on every shard that has homes.
    const checks = lines.filter((line) => line.includes('--check'));
    const before = [];
    for (const line of checks) before.push(await runMain(line.replace(/^npx policygen /, '').split(/\s+/), cwd, TODAY));
    expect(before.map((result) => result.code).sort()).toEqual([0, 1, 1, 1]); // three homes: one shard of four has none
    expect(before.map((result) => result.stdout).join('')).toMatch(/^missing policies\/plas-y-coed\/complaints\.md$/m);
    // A repository of homes commits its built policies: the rebuild commands make them first.
    const writes = lines.filter((line) => /\bbuild\b/.test(line) && !line.includes('--check'));
    const others = lines.filter((line) => !writes.includes(line));
    for (const line of [...writes, ...others]) {
      // Run as the CI job does, with the package installed in the repository: `npx policygen …`.
      expect(line).toMatch(/^npx policygen /);
      const result = await runMain(line.replace(/^npx policygen /, '').split(/\s+/), cwd, TODAY);
      const expected = /\bdue\b/.test(line) ? 1 : 0; // due's answer is "yes, a review is due": the job fails, and says which
      expect({ line, code: result.code, problems: result.stderr.split('\n').filter((l) => / (error|warning): /.test(l)) }).toEqual({
        line,
        code: expected,
        problems: [],
      });
      if (/\bdue\b/.test(line)) expect(result.stdout).toContain('DUE     Harbour View Care Home     minibus');
    }
    // The four shards built every home between them.
    expect(new Set(listFiles(join(cwd, 'policies')).map((f) => f.split('/')[0]))).toEqual(
      new Set(['bryn-awel', 'harbour-view', 'plas-y-coed']),
    );
  }, 120_000);
});
