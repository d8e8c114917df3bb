import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { main } from '../src/cli';

export const REPO = resolve(__dirname, '..');
export const BIN = join(REPO, 'bin', 'policygen.js');
export const EXAMPLES = join(REPO, 'examples');
export const FIXTURES = join(REPO, 'test', 'fixtures');

/** A fresh temp folder, removed after the test file finishes. */
const made: string[] = [];
export function tempDir(prefix = 'policygen-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  made.push(dir);
  return dir;
}
afterAll(() => {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Write files (path → text or bytes) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [name, contents] of Object.entries(files)) {
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, contents);
  }
}

/** Every file under `dir`, relative and sorted: to prove what a command wrote, or that it wrote nothing. */
export function listFiles(dir: string): string[] {
  const found: string[] = [];
  const walk = (folder: string) => {
    let entries: string[];
    try {
      entries = readdirSync(folder);
    } catch {
      return;
    }
    for (const entry of entries) {
      const path = join(folder, entry);
      if (statSync(path).isDirectory()) walk(path);
      else found.push(relative(dir, path).split('\\').join('/'));
    }
  };
  walk(dir);
  return found.sort();
}

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Run the CLI in-process through `main()`, as bin/policygen.js does. */
export async function runMain(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const code = await main({
    argv: args,
    cwd,
    env: { NO_COLOR: '1', ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
  });
  return { code, stdout, stderr };
}

/** Run the built binary as a real process, as a user would. */
export function runBin(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Promise<RunResult> {
  return new Promise((resolvePromise) => {
    execFile(
      process.execPath,
      [BIN, ...args],
      { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env }, encoding: 'utf8' },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
        resolvePromise({ code, stdout, stderr });
      },
    );
  });
}

/** A valid organisation file; `extra` lines are appended at top level. */
export function organisationYaml(fields: { name?: string; registrationNo?: string; logo?: string; extra?: string } = {}): string {
  return [
    'organisation:',
    `  name: ${JSON.stringify(fields.name ?? 'Cartref Gofal Tŷ Gwyn')}`,
    `  registration_no: ${JSON.stringify(fields.registrationNo ?? 'W0012345')}`,
    ...(fields.logo ? [`  logo: ${fields.logo}`] : []),
    '  registered_manager:',
    '    first_name: Siân',
    '    last_name: Llŷr',
    'review:',
    '  last_reviewed: 2026-04-01',
    ...(fields.extra ? [fields.extra] : []),
    '',
  ].join('\n');
}

/**
 * A valid 64×64 PNG (one green, correct checksums), for logo tests: the smallest square
 * logo that fills the PDF letterhead's height, so it draws no LOGO_SMALL warning.
 */
export const TINY_PNG = Buffer.from(
  '89504e470d0a1a0a0000000d4948445200000040000000400806000000aa6971de000000664944415478daedd0411100000400304df45142ff14e470f658814576cd6721408000010204081020408000010204081020408000010204081020408000010204081020408000010204081020408000010204081020408000010204081020408000010204dcb7718171a5ca4b799c0000000049454e44ae426082',
  'hex',
);
