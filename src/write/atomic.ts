import { mkdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

let counter = 0;

// Folders this process has made, so the next file into one need not look for it.
const madeFolders = new Set<string>();

/** Temporary files start with this, so a killed run's leftovers are recognisable (and git-ignored). */
export const TEMP_PREFIX = '.policygen-tmp-';

/*
 * File access is synchronous on purpose: a batch writes thousands of small files one after
 * another, and the synchronous calls are several times faster than a trip through libuv's
 * thread pool for each (docs/performance.md). Worker threads give the parallelism.
 */

/**
 * Write `contents` to a new temporary file in the folder `path` will live in. Renaming it
 * over `path` (`commitTemp`) is then atomic within one file system: readers, and a build
 * killed part-way, see the old complete file or the new complete one, never half of
 * either. The file is not fsync'd: that guards only against power loss, and costs more
 * than the rest of a Markdown build put together.
 */
export function writeTemp(path: string, contents: string | Uint8Array): string {
  const folder = dirname(path);
  if (!madeFolders.has(folder) && statSync(folder, { throwIfNoEntry: false }) === undefined) {
    mkdirSync(folder, { recursive: true });
    madeFolders.add(folder);
  }
  const temp = join(folder, `${TEMP_PREFIX}${process.pid}-${counter++}-${basename(path)}`);
  try {
    try {
      writeFileSync(temp, contents, { flag: 'wx', mode: 0o644 });
    } catch (error) {
      // The folder went away since this process made it (a long-lived library user).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      mkdirSync(folder, { recursive: true });
      writeFileSync(temp, contents, { flag: 'wx', mode: 0o644 });
    }
    return temp;
  } catch (error) {
    discardTemp(temp);
    throw error;
  }
}

export function commitTemp(temp: string, path: string): void {
  try {
    renameSync(temp, path);
  } catch (error) {
    discardTemp(temp);
    throw error;
  }
}

export function discardTemp(temp: string): void {
  try {
    unlinkSync(temp);
  } catch {
    // already gone
  }
}

/** Write one file atomically: a temporary file in the same folder, then a rename. */
export function writeFileAtomic(path: string, contents: string | Uint8Array): void {
  commitTemp(writeTemp(path, contents), path);
}
