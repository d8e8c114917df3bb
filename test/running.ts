/**
 * Commands that run until stopped (`preview`, `build --watch`), driven from tests: in-process
 * through main() with a Ctrl-C the test presses, or as a real process sent SIGINT.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { main } from '../src/cli';
import { BIN } from './helpers';

/** Poll until `condition` holds. The bound is generous: a slow machine passes, a hang fails. */
export async function waitFor(condition: () => boolean, what: () => string, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

export interface Running {
  stdout(): string;
  stderr(): string;
  /** Wait until stderr (or stdout) holds `text`, counting only what came after `from` characters. */
  waitForStderr(text: string | RegExp, from?: number): Promise<void>;
  waitForStdout(text: string | RegExp): Promise<void>;
  /** Press Ctrl-C, and get the exit code. */
  stop(): Promise<number>;
}

function watching(streams: { out: () => string; err: () => string }, press: () => Promise<number>): Running {
  let stopped: Promise<number> | undefined;
  const stop = () => (stopped ??= press());
  running.add(stop);
  const has = (text: string | RegExp, within: string) => (typeof text === 'string' ? within.includes(text) : text.test(within));
  const describe = () => `--- stdout ---\n${streams.out()}\n--- stderr ---\n${streams.err()}`;
  return {
    stdout: streams.out,
    stderr: streams.err,
    waitForStderr: (text, from = 0) =>
      waitFor(
        () => has(text, streams.err().slice(from)),
        () => `${String(text)} on stderr\n${describe()}`,
      ),
    waitForStdout: (text) =>
      waitFor(
        () => has(text, streams.out()),
        () => `${String(text)} on stdout\n${describe()}`,
      ),
    stop,
  };
}

// A test that fails midway still stops what it started, before jest's teardown.
const running = new Set<() => Promise<number>>();
afterAll(async () => {
  const stops = [...running];
  running.clear();
  await Promise.all(stops.map((stop) => stop()));
});

/** Run the CLI in-process, as bin/policygen.js does, with a Ctrl-C the test presses. */
export function startMain(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Running {
  let stdout = '';
  let stderr = '';
  const listeners = new Set<() => void>();
  const done = main({
    argv: args,
    cwd,
    env: { NO_COLOR: '1', ...env },
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    onInterrupt: (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  });
  return watching({ out: () => stdout, err: () => stderr }, async () => {
    for (const listener of listeners) listener();
    return done;
  });
}

// A test that fails midway must not leave its process running.
const started = new Set<ChildProcess>();
afterAll(() => {
  for (const child of started) child.kill('SIGKILL');
});

/** Run the built binary as a real process; stop() sends SIGINT, as Ctrl-C in a terminal does. */
export function startBin(args: string[], cwd: string, env: Record<string, string | undefined> = {}): Running & { pid: number } {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { PATH: process.env.PATH, NO_COLOR: '1', ...env } });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1))));
  started.add(child);
  child.on('exit', () => started.delete(child));
  return {
    ...watching({ out: () => stdout, err: () => stderr }, () => {
      child.kill('SIGINT');
      return exited;
    }),
    pid: child.pid!,
  };
}
