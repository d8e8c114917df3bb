import { join } from 'node:path';
import { listFiles, tempDir, writeFiles, type RunResult } from '../helpers';
import type { CliCase } from './cases';

/** Lay out a case's files, run it with `runner`, and check exit code, messages and outputs. */
export async function checkCase(
  testCase: CliCase,
  runner: (args: string[], cwd: string, env: Record<string, string>) => Promise<RunResult>,
): Promise<void> {
  const cwd = tempDir();
  writeFiles(cwd, testCase.files);
  const result = await runner(testCase.args, cwd, testCase.env ?? {});

  expectInOrder(result.stderr, testCase.stderr ?? [], 'stderr', result);
  expectInOrder(result.stdout, testCase.stdout ?? [], 'stdout', result);
  expect({ exitCode: result.code }).toEqual({ exitCode: testCase.exitCode });
  expect(result.stderr).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/); // never a stack trace

  const outFolder = testCase.args.includes('-o') ? testCase.args[testCase.args.indexOf('-o') + 1]! : 'out';
  expect(listFiles(join(cwd, outFolder))).toEqual(testCase.outputs);
  // No temp files are ever left behind.
  expect(listFiles(cwd).filter((f) => f.includes('.policygen-tmp-'))).toEqual([]);
  // stdout is for data a case asks for; messages and summaries go to stderr.
  if (testCase.stdout === undefined) expect(result.stdout).toBe('');
}

function expectInOrder(text: string, expected: string[], stream: string, result: RunResult): void {
  let from = 0;
  for (const piece of expected) {
    const at = text.indexOf(piece, from);
    if (at < 0) {
      throw new Error(`${stream} lacks (in order): ${piece}\n--- stdout ---\n${result.stdout}\n--- stderr ---\n${result.stderr}`);
    }
    from = at + piece.length;
  }
}
