import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { displayPathFor } from './display-path';

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

/**
 * A symbolic link that leads nowhere is never lost silently: among homes it is a home that
 * cannot be read (an error); in a template library, a template that is skipped (a warning).
 */
export function brokenLinkDiagnostics(folder: string, names: readonly string[], cwd: string, severity: 'error' | 'warning'): Diagnostic[] {
  return names.map((name) => ({
    code: 'FILE_UNREADABLE',
    severity,
    file: displayPathFor(join(folder, name), cwd),
    message: `this symbolic link leads to no file (its target is missing, or links loop)${severity === 'warning' ? ', so it is skipped' : ''}`,
    ...(severity === 'warning' ? { hint: 'point the link at an existing template, or remove it' } : {}),
  }));
}
