/**
 * What the commands that run until stopped (`preview`, `build --watch`) share: which files
 * to watch, one line per rebuild, one rebuild at a time, and stopping on Ctrl-C.
 */
import { join, relative, resolve } from 'node:path';
import type { FileChange } from '../watch/watcher';
import type { CliIO } from './io';

/** Settles when the user presses Ctrl-C (never, for a caller that cannot pass it on). */
export function untilInterrupted(io: CliIO): Promise<void> {
  return new Promise((resolveStop) => {
    const remove = io.onInterrupt?.(() => {
      remove?.();
      resolveStop();
    });
  });
}

/** The local time, `14:03:27`, at the start of each rebuild's line. */
export function clock(now = new Date()): string {
  return [now.getHours(), now.getMinutes(), now.getSeconds()].map((part) => String(part).padStart(2, '0')).join(':');
}

/** A batch of changes in a few words: `templates/visiting.md changed`, `home.yaml and 2 more changed`. */
export function describeChanges(changes: readonly FileChange[], cwd: string): string {
  const [first] = changes;
  if (!first) return 'rebuilt';
  const name = displayPath(first.path, cwd);
  if (changes.length === 1) return `${name} ${first.kind}`;
  return `${name} and ${changes.length - 1} more changed`;
}

function displayPath(path: string, cwd: string): string {
  const shown = relative(cwd, path);
  return shown === '' || shown.startsWith('..') ? path : shown.split('\\').join('/');
}

/**
 * The config files a change to which matters: the one named with `--config`, else the one
 * in use and any that would be found before it (one created in the working folder takes over).
 */
export function configFilesToWatch(cwd: string, flag: string | undefined): string[] {
  if (flag !== undefined) return [resolve(cwd, flag)];
  const { CONFIG_FILE_NAMES, findConfigFile } = require('../load') as typeof import('../load');
  const found = findConfigFile(cwd);
  return [...new Set([...CONFIG_FILE_NAMES.map((name) => join(resolve(cwd), name)), ...(found ? [found] : [])])];
}

/**
 * Run `task` for each batch of changes, one at a time: changes that arrive while it runs are
 * gathered into the next run, so a burst of saves costs at most one more rebuild.
 */
export function oneAtATime(task: (changes: FileChange[]) => Promise<void>): {
  push(changes: readonly FileChange[]): void;
  /** Settles when no run is going on or waiting. */
  idle(): Promise<void>;
} {
  let waiting: FileChange[] | undefined;
  let running: Promise<void> | undefined;
  const drain = async () => {
    try {
      while (waiting) {
        const next = waiting;
        waiting = undefined;
        await task(next);
      }
    } finally {
      running = undefined;
    }
  };
  return {
    push(changes) {
      waiting = [...(waiting ?? []), ...changes];
      running ??= drain();
    },
    idle: () => running ?? Promise.resolve(),
  };
}
