import { readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { describeFsError, displayPathFor } from '../load';
import { commitTemp, discardTemp, removeStaleTemps, writeTemp } from './atomic';

/** One file a build produces. */
export interface OutputFile {
  /** Absolute path. */
  path: string;
  /** The path as shown to the user. */
  displayPath: string;
  contents: string | Uint8Array;
}

/** What became of an output: written or left as it was, or (with --check) how the file on disk compares. */
export type OutputStatus = 'written' | 'unchanged' | 'up-to-date' | 'stale' | 'missing';

/**
 * Where one output of an organisation goes, or why it cannot go there (a name that is
 * hidden or would leave the output folder).
 */
export function placeOutput(
  place: { outDir: string; folder: string; fileName: string; cwd: string; organisationFile: string },
  contents: string | Uint8Array,
): OutputFile | Diagnostic {
  const path = outputPath(place.outDir, place.folder, place.fileName);
  if (!path) {
    return {
      code: 'OUTPUT_NAME_CLASH',
      severity: 'error',
      file: place.organisationFile,
      message: `cannot write an output named "${place.folder}/${place.fileName}": the name is hidden or leaves the output folder`,
      hint: 'rename the organisation file',
    };
  }
  return { path, displayPath: displayPathFor(path, place.cwd), contents };
}

/**
 * `<out>/<organisation file name>/<file name>`, refusing any name that would land
 * outside `<out>` (`..`, a path separator, an absolute path).
 */
export function outputPath(outDir: string, organisationName: string, fileName: string): string | undefined {
  // A hidden name (".yaml", "..") would put the output out of sight or out of the folder.
  // With no separator and no leading dot, neither name can climb out of `outDir`.
  const bad = (name: string) => name === '' || name.startsWith('.') || /[\\/\0]/.test(name);
  if (bad(organisationName) || bad(fileName)) return undefined;
  return join(resolve(outDir), organisationName, fileName);
}

/**
 * Write one organisation's outputs as a unit: every changed file is first written to a
 * temporary file, and a folder in the way of any of them is looked for; only when all of
 * them are on disk are they renamed into place. A failure before that (a full disk, a
 * folder in the way) leaves the old files as they were and no temporary files behind.
 * Each rename is atomic; one failing among the renames themselves (very rare once the
 * files are written) can leave the earlier ones done. A file whose bytes are already on disk is left alone, so a
 * rebuild with the same inputs touches nothing (no churn in git, no new mtimes).
 */
export function writeOutputs(files: readonly OutputFile[]): {
  results: Array<{ file: OutputFile; status: OutputStatus }>;
  diagnostics: Diagnostic[];
} {
  const results: Array<{ file: OutputFile; status: OutputStatus }> = [];
  const staged: Array<{ file: OutputFile; temp: string }> = [];
  const failed = (file: OutputFile, error: unknown): Diagnostic => ({
    code: 'OUTPUT_WRITE_FAILED',
    severity: 'error',
    file: file.displayPath,
    message: `could not write: ${describeFsError(error)}`,
  });

  // Files in a folder that does not exist yet are all new: no need to compare each one.
  const existingFolders = new Map<string, boolean>();
  const folderExists = (path: string) => {
    const folder = dirname(path);
    let exists = existingFolders.get(folder);
    if (exists === undefined) {
      try {
        exists = statSync(folder, { throwIfNoEntry: false })?.isDirectory() === true;
        if (exists) removeStaleTemps(folder);
      } catch {
        exists = false; // e.g. a file where a folder should be: writing will say so
      }
      existingFolders.set(folder, exists);
    }
    return exists;
  };
  for (const file of files) {
    if (folderExists(file.path) && hasContents(file.path, file.contents)) {
      results.push({ file, status: 'unchanged' });
      continue;
    }
    // A folder where a file should go would make its rename fail after others had been
    // made: find it before anything is renamed.
    if (folderExists(file.path) && statSync(file.path, { throwIfNoEntry: false })?.isDirectory()) {
      for (const { temp } of staged) discardTemp(temp);
      return { results: [], diagnostics: [failed(file, Object.assign(new Error('a folder is in the way'), { code: 'EISDIR' }))] };
    }
    try {
      staged.push({ file, temp: writeTemp(file.path, file.contents) });
    } catch (error) {
      for (const { temp } of staged) discardTemp(temp);
      return { results: [], diagnostics: [failed(file, error)] };
    }
  }

  const diagnostics: Diagnostic[] = [];
  for (const { file, temp } of staged) {
    try {
      commitTemp(temp, file.path);
      results.push({ file, status: 'written' });
    } catch (error) {
      diagnostics.push(failed(file, error));
    }
  }
  results.sort((a, b) => files.indexOf(a.file) - files.indexOf(b.file));
  return { results, diagnostics };
}

/**
 * `--check`: compare what would be written with what is on disk, writing nothing.
 * Reading a file that is not there is "missing", whatever the reason.
 */
export function compareOutputs(files: readonly OutputFile[]): Array<{ file: OutputFile; status: OutputStatus }> {
  return files.map((file) => ({ file, status: onDisk(file.path, file.contents) }));
}

/**
 * How the file at `path` compares with `contents`. Most builds write into an empty folder
 * or change the file, so a stat (is it there, is its size the same) answers without a read.
 * A file that cannot be read for any reason counts as missing.
 */
function onDisk(path: string, contents: string | Uint8Array): 'up-to-date' | 'stale' | 'missing' {
  try {
    const info = statSync(path, { throwIfNoEntry: false });
    if (!info) return 'missing';
    const size = typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength;
    if (info.size !== size) return 'stale';
    return readFileSync(path).equals(toBuffer(contents)) ? 'up-to-date' : 'stale';
  } catch {
    return 'missing';
  }
}

function hasContents(path: string, contents: string | Uint8Array): boolean {
  return onDisk(path, contents) === 'up-to-date';
}

function toBuffer(contents: string | Uint8Array): Buffer {
  return typeof contents === 'string' ? Buffer.from(contents) : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength);
}
