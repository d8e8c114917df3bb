import { lstatSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { describeFsError, displayPathFor } from '../load';
import { commitTemp, discardTemp, removeStaleTemps, writeFileAtomic, writeTemp } from './atomic';
import { findExtras, listExtras, pruneExtras, type Extra } from './extras';
import { linkedFolderDiagnostic, lookAtFolder } from './folders';
import { hashContents, isOutputName, MANIFEST_NAME, organisationEntry, readManifest, readRegularFile, serialiseManifest } from './manifest';
import type { OutputResult } from './status';

/** One file a build produces. */
export interface OutputFile {
  /** Absolute path. */
  path: string;
  /** The path as shown to the user. */
  displayPath: string;
  contents: string | Uint8Array;
}

/** One organisation's outputs: every file the build makes for it, all directly inside one folder. */
export interface HomeOutputs {
  /** Absolute path of `<out>/<organisation file name>`. */
  folder: string;
  /** The folder as shown to the user. */
  displayFolder: string;
  /** Absolute path of the organisation file, recorded in the folder's manifest. */
  organisationFile: string;
  files: readonly OutputFile[];
}

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
  if (!isOutputName(organisationName) || !isOutputName(fileName)) return undefined;
  return join(resolve(outDir), organisationName, fileName);
}

/**
 * The bytes an earlier build left at `<out>/<organisation file name>/<file name>`, for a
 * render that keeps what has not changed (a policy manual keeps the day it was compiled on).
 * Undefined when there is no such regular file, or it is over `maxBytes`; the home's folder
 * and the file are never followed if they are links, as a build never writes through them.
 */
export function readEarlierOutput(outDir: string, organisationName: string, fileName: string, maxBytes: number): Buffer | undefined {
  const folder = homeFolder(outDir, organisationName);
  const path = outputPath(outDir, organisationName, fileName);
  if (!folder || !path || lookAtFolder(folder).kind !== 'folder') return undefined;
  // Looked at first: opening a FIFO put at the file's name would wait for a writer.
  try {
    if (!lstatSync(path, { throwIfNoEntry: false })?.isFile()) return undefined;
  } catch {
    return undefined;
  }
  return readRegularFile(path, maxBytes);
}

/** `<out>/<organisation file name>`, or undefined for a name that would land outside `<out>`. */
export function homeFolder(outDir: string, organisationName: string): string | undefined {
  return isOutputName(organisationName) ? join(resolve(outDir), organisationName) : undefined;
}

/**
 * Write one organisation's outputs as a unit: every changed file, and the folder's manifest,
 * is first written to a temporary file, and a folder in the way of any of them is looked
 * for; only when all of them are on disk are they renamed into place. A failure before that
 * (a full disk, a folder in the way) leaves the old files as they were and no temporary files
 * behind. Each rename is atomic; one failing among the renames themselves (very rare once
 * the files are written) can leave the earlier ones done. A file whose bytes are already on
 * disk is left alone, so a rebuild with the same inputs touches nothing (no churn in git, no
 * new mtimes).
 *
 * Files an earlier build wrote here that this one does not make are `extra`: left, and kept
 * in the manifest so a later `--prune` still knows them, or with `prune` removed. The
 * manifest is renamed last, so it never lists a file whose bytes are not yet on disk.
 *
 * The folder is never followed if it is a link (an error); a link at a file's path is
 * replaced, since a rename replaces the name and never writes through it.
 */
export function writeHome(home: HomeOutputs, options: { prune?: boolean } = {}): { outputs: OutputResult[]; diagnostics: Diagnostic[] } {
  const state = lookAtFolder(home.folder);
  if (state.kind === 'link') return { outputs: [], diagnostics: [linkedFolderDiagnostic(home.displayFolder, state.target, false)] };
  const exists = state.kind === 'folder';
  if (exists) removeStaleTemps(home.folder);
  const previous = exists ? readManifest(home.folder) : undefined;

  const staging = stageOutputs(home.files, exists);
  if ('diagnostic' in staging) return { outputs: [], diagnostics: [staging.diagnostic] };
  const { unchanged, staged } = staging;

  const extras = findExtras(home.folder, previous, new Set(home.files.map((file) => basename(file.path))));
  const organisation = organisationEntry(home.folder, home.organisationFile);
  const hashes = home.files.map((file): [string, string] => [basename(file.path), hashContents(file.contents)]);
  // The manifest lists what is built, and the extras that stay, so a later --prune still knows them.
  const manifestText = (kept: readonly Extra[]) =>
    serialiseManifest({ organisation, files: new Map([...hashes, ...kept.map((extra): [string, string] => [extra.name, extra.hash])]) });
  const manifestPath = join(home.folder, MANIFEST_NAME);
  const manifestDisplay = `${home.displayFolder}/${MANIFEST_NAME}`;
  // Staged with the outputs on the assumption that every extra to prune goes; rewritten below if one cannot.
  const planned = options.prune ? extras.filter((extra) => extra.ownership === 'changed') : extras;
  const plannedText = manifestText(planned);
  let manifestTemp: string | undefined;
  if (plannedText !== previous?.text) {
    try {
      manifestTemp = writeTemp(manifestPath, plannedText);
    } catch (error) {
      for (const { temp } of staged) discardTemp(temp);
      return { outputs: [], diagnostics: [writeFailed(manifestDisplay, error)] };
    }
  }

  const diagnostics: Diagnostic[] = [];
  const written = new Set<OutputFile>();
  for (const { file, temp } of staged) {
    try {
      commitTemp(temp, file.path);
      written.add(file);
    } catch (error) {
      diagnostics.push(writeFailed(file.displayPath, error));
    }
  }
  const outputs: OutputResult[] = [];
  for (const file of home.files) {
    if (written.has(file)) outputs.push({ path: file.displayPath, status: 'written' });
    else if (unchanged.has(file)) outputs.push({ path: file.displayPath, status: 'unchanged' });
  }

  if (options.prune) {
    const pruned = pruneExtras(home.folder, home.displayFolder, extras);
    outputs.push(...pruned.outputs);
    diagnostics.push(...pruned.diagnostics);
    if (pruned.kept.length !== planned.length) {
      if (manifestTemp) discardTemp(manifestTemp);
      manifestTemp = undefined;
      try {
        writeFileAtomic(manifestPath, manifestText(pruned.kept));
      } catch (error) {
        diagnostics.push(writeFailed(manifestDisplay, error));
      }
    }
  } else {
    outputs.push(...listExtras(home.displayFolder, extras));
  }
  if (manifestTemp) {
    try {
      commitTemp(manifestTemp, manifestPath);
    } catch (error) {
      diagnostics.push(writeFailed(manifestDisplay, error));
    }
  }
  return { outputs, diagnostics };
}

/**
 * Write every file whose bytes are not already on disk to a temporary file beside it. On
 * the first failure, or a folder in the way of a file (its rename would fail after others
 * had been made), the temporary files are removed and nothing else has changed.
 */
function stageOutputs(
  files: readonly OutputFile[],
  folderExists: boolean,
): { unchanged: Set<OutputFile>; staged: Array<{ file: OutputFile; temp: string }> } | { diagnostic: Diagnostic } {
  const unchanged = new Set<OutputFile>();
  const staged: Array<{ file: OutputFile; temp: string }> = [];
  const abandon = (diagnostic: Diagnostic) => {
    for (const { temp } of staged) discardTemp(temp);
    return { diagnostic };
  };
  for (const file of files) {
    if (folderExists && onDisk(file.path, file.contents) === 'up-to-date') {
      unchanged.add(file);
      continue;
    }
    // A link to a folder is only a name: the rename replaces it.
    if (folderExists && lstatSync(file.path, { throwIfNoEntry: false })?.isDirectory()) {
      return abandon(writeFailed(file.displayPath, Object.assign(new Error('a folder is in the way'), { code: 'EISDIR' })));
    }
    try {
      staged.push({ file, temp: writeTemp(file.path, file.contents) });
    } catch (error) {
      return abandon(writeFailed(file.displayPath, error));
    }
  }
  return { unchanged, staged };
}

function writeFailed(displayPath: string, error: unknown): Diagnostic {
  return { code: 'OUTPUT_WRITE_FAILED', severity: 'error', file: displayPath, message: `could not write: ${describeFsError(error)}` };
}

/**
 * `--check`: compare what would be written with what is on disk, writing nothing, and list
 * the files an earlier build made here that this one would not (`extra`). The manifest is
 * bookkeeping, not a policy: it is not compared.
 */
export function checkHome(home: HomeOutputs): { outputs: OutputResult[]; diagnostics: Diagnostic[] } {
  const state = lookAtFolder(home.folder);
  if (state.kind === 'link') return { outputs: [], diagnostics: [linkedFolderDiagnostic(home.displayFolder, state.target, true)] };
  const exists = state.kind === 'folder';
  const outputs: OutputResult[] = home.files.map((file) => ({
    path: file.displayPath,
    status: exists ? onDisk(file.path, file.contents) : 'missing',
  }));
  if (exists) {
    const current = new Set(home.files.map((file) => basename(file.path)));
    outputs.push(...listExtras(home.displayFolder, findExtras(home.folder, readManifest(home.folder), current)));
  }
  return { outputs, diagnostics: [] };
}

/**
 * How the file at `path` compares with `contents`. Most builds write into an empty folder
 * or change the file, so a look (is it there, is its size the same) answers without a read.
 * Anything but a regular file (a link, a folder) is stale: the build would replace it. A
 * file that cannot be read for any other reason counts as missing.
 */
function onDisk(path: string, contents: string | Uint8Array): 'up-to-date' | 'stale' | 'missing' {
  try {
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (!info) return 'missing';
    if (!info.isFile()) return 'stale';
    const size = typeof contents === 'string' ? Buffer.byteLength(contents) : contents.byteLength;
    if (info.size !== size) return 'stale';
    return readFileSync(path).equals(toBuffer(contents)) ? 'up-to-date' : 'stale';
  } catch {
    return 'missing';
  }
}

function toBuffer(contents: string | Uint8Array): Buffer {
  return typeof contents === 'string' ? Buffer.from(contents) : Buffer.from(contents.buffer, contents.byteOffset, contents.byteLength);
}
