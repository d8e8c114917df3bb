import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Temporary files start with this, so a killed run's leftovers are recognisable (and git-ignored). */
export const TEMP_PREFIX = '.policygen-tmp-';

/**
 * Write `contents` to a new temporary file in the folder `path` will live in, flushed to
 * disk. Renaming it over `path` (`commitTemp`) is then atomic within one file system:
 * readers see the old complete file or the new complete one, never half of either.
 */
export async function writeTemp(path: string, contents: string | Uint8Array): Promise<string> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `${TEMP_PREFIX}${process.pid}-${counter++}-${basename(path)}`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o644);
    await handle.writeFile(contents);
    await handle.sync();
    await handle.close();
    return temp;
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await discardTemp(temp);
    throw error;
  }
}

export async function commitTemp(temp: string, path: string): Promise<void> {
  try {
    await rename(temp, path);
  } catch (error) {
    await discardTemp(temp);
    throw error;
  }
}

export async function discardTemp(temp: string): Promise<void> {
  await unlink(temp).catch(() => undefined);
}

/** Write one file atomically: a temporary file in the same folder, then a rename. */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  await commitTemp(await writeTemp(path, contents), path);
}
