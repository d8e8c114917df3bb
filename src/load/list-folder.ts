import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * The names of the regular files directly in `folder` that `accept` wants, in name order.
 * Symbolic links count as what they point to (a shared library of templates is often
 * linked in); hidden files are skipped, as shells and editors do. A link that leads
 * nowhere (dangling, or a loop) is not silently lost: it is returned in `broken`.
 */
export async function listFolder(folder: string, accept: (name: string) => boolean): Promise<{ names: string[]; broken: string[] }> {
  const entries = await readdir(folder, { withFileTypes: true });
  const names: string[] = [];
  const broken: string[] = [];
  for (const entry of entries) {
    if (entry.name.startsWith('.') || !accept(entry.name)) continue;
    if (entry.isFile()) {
      names.push(entry.name);
    } else if (entry.isSymbolicLink()) {
      const target = await stat(join(folder, entry.name)).catch(() => undefined);
      if (target?.isFile()) names.push(entry.name);
      else if (!target) broken.push(entry.name);
    }
  }
  return { names: names.sort(), broken: broken.sort() };
}
