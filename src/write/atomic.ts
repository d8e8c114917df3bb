import { mkdir, open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

let counter = 0;

/** Temporary files start with this, so a killed run's leftovers are recognisable (and git-ignored). */
export const TEMP_PREFIX = '.policygen-tmp-';

/**
 * Write a file so that readers only ever see the old complete file or the new complete
 * one: write a temporary file in the same folder, flush it to disk, then rename it over
 * the target (rename is atomic within one file system).
 */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true });
  const temp = join(folder, `${TEMP_PREFIX}${process.pid}-${counter++}-${basename(path)}`);
  let handle;
  try {
    handle = await open(temp, 'wx', 0o644);
    await handle.writeFile(contents);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
