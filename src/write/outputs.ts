import { readFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { describeFsError } from '../load';
import { writeFileAtomic } from './atomic';

/** One file a build produces. */
export interface OutputFile {
  /** Absolute path. */
  path: string;
  /** The path as shown to the user. */
  displayPath: string;
  contents: string | Uint8Array;
}

export type OutputStatus = 'written' | 'unchanged';

/**
 * `<out>/<organisation file name>/<file name>`, refusing any name that would land
 * outside `<out>` (`..`, a path separator, an absolute path).
 */
export function outputPath(outDir: string, organisationName: string, fileName: string): string | undefined {
  const bad = (name: string) => name === '' || name === '.' || name === '..' || /[\\/\0]/.test(name);
  if (bad(organisationName) || bad(fileName)) return undefined;
  const target = resolve(outDir, organisationName, fileName);
  const rel = relative(resolve(outDir), target);
  if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
  return join(resolve(outDir), organisationName, fileName);
}

/**
 * Write each output atomically. A file whose bytes are already on disk is left alone, so
 * a rebuild with the same inputs touches nothing (no churn in git, no new mtimes).
 */
export async function writeOutputs(
  files: readonly OutputFile[],
): Promise<{ results: Array<{ file: OutputFile; status: OutputStatus }>; diagnostics: Diagnostic[] }> {
  const results: Array<{ file: OutputFile; status: OutputStatus }> = [];
  const diagnostics: Diagnostic[] = [];
  for (const file of files) {
    try {
      if (await hasContents(file.path, file.contents)) {
        results.push({ file, status: 'unchanged' });
        continue;
      }
      await writeFileAtomic(file.path, file.contents);
      results.push({ file, status: 'written' });
    } catch (error) {
      diagnostics.push({
        code: 'OUTPUT_WRITE_FAILED',
        severity: 'error',
        file: file.displayPath,
        message: `could not write: ${describeFsError(error)}`,
      });
    }
  }
  return { results, diagnostics };
}

async function hasContents(path: string, contents: string | Uint8Array): Promise<boolean> {
  try {
    const existing = await readFile(path);
    return existing.equals(typeof contents === 'string' ? Buffer.from(contents) : contents);
  } catch {
    return false;
  }
}
