import { mkdirSync, readdirSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
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
    makeFolder(folder);
    madeFolders.add(folder);
  }
  const temp = join(folder, `${TEMP_PREFIX}${process.pid}-${counter++}-${basename(path)}`);
  try {
    try {
      writeFileSync(temp, contents, { flag: 'wx', mode: 0o644 });
    } catch (error) {
      // The folder went away since this process made it (a long-lived library user).
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      makeFolder(folder);
      writeFileSync(temp, contents, { flag: 'wx', mode: 0o644 });
    }
    return temp;
  } catch (error) {
    discardTemp(temp);
    throw error;
  }
}

/**
 * mkdir -p, but with the real reason when it fails: a recursive mkdir on a read-only file
 * system says ENOENT, so the first missing folder is made on its own to get EROFS, EACCES…
 */
function makeFolder(folder: string): void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    let missing = folder;
    while (statSync(dirname(missing), { throwIfNoEntry: false }) === undefined && dirname(missing) !== missing) missing = dirname(missing);
    mkdirSync(missing);
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

/**
 * Remove temporary files that a killed build left in `folder`. A file is stale when the
 * process that wrote it (its pid is in the name) is no longer running; a concurrent
 * build's files are left alone.
 */
export function removeStaleTemps(folder: string): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX)) continue;
    const pid = Number(/^(\d+)-/.exec(name.slice(TEMP_PREFIX.length))?.[1]);
    if (!Number.isInteger(pid) || pid === process.pid || isRunning(pid)) continue;
    discardTemp(join(folder, name));
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
