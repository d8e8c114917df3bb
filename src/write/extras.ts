import { readdirSync, rmdirSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { describeFsError } from '../load';
import { removeStaleTemps, writeFileAtomic } from './atomic';
import { MANIFEST_NAME, organisationPath, ownershipOf, readManifest, serialiseManifest, type Manifest } from './manifest';
import type { OutputResult } from './status';

/** A file a manifest lists that the build no longer makes, and that is still there. */
export interface Extra {
  name: string;
  /** The hash the manifest recorded, kept while the file stays. */
  hash: string;
  /** `ours`: the very bytes policygen wrote, so --prune may remove it; `changed`: never removed. */
  ownership: 'ours' | 'changed';
}

/** The files `manifest` lists in `folder` that are not among `current`, with whether each is still policygen's. */
export function findExtras(folder: string, manifest: Manifest | undefined, current: ReadonlySet<string>): Extra[] {
  const extras: Extra[] = [];
  if (!manifest) return extras;
  for (const [name, hash] of manifest.files) {
    if (current.has(name)) continue;
    const ownership = ownershipOf(folder, name, hash);
    if (ownership !== 'gone') extras.push({ name, hash, ownership });
  }
  return extras.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Extras as `--check` (and a build without --prune) reports them. */
export function listExtras(displayFolder: string, extras: readonly Extra[]): OutputResult[] {
  return extras.map((extra) => ({ path: `${displayFolder}/${extra.name}`, status: 'extra' }));
}

/**
 * `--prune`: remove each extra that is still exactly what policygen wrote. One that has
 * changed since (edited, or replaced by a link or a folder) is the user's now: it stays,
 * with a warning. Nothing is followed: a link is never policygen's, and unlinking a name
 * never touches what a link points to. `kept` is what the manifest must go on listing.
 */
export function pruneExtras(
  folder: string,
  displayFolder: string,
  extras: readonly Extra[],
): { outputs: OutputResult[]; kept: Extra[]; diagnostics: Diagnostic[] } {
  const outputs: OutputResult[] = [];
  const kept: Extra[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const extra of extras) {
    const path = `${displayFolder}/${extra.name}`;
    if (extra.ownership === 'changed') {
      kept.push(extra);
      outputs.push({ path, status: 'extra' });
      diagnostics.push({
        code: 'OUTPUT_KEPT',
        severity: 'warning',
        file: path,
        message: 'this file is no longer built, but it has changed since policygen wrote it, so --prune left it',
        hint: 'delete it yourself if it is not needed',
      });
      continue;
    }
    try {
      unlinkSync(join(folder, extra.name));
    } catch (error) {
      // Already gone (a build running alongside removed it) is what was wanted.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        kept.push(extra);
        outputs.push({ path, status: 'extra' });
        diagnostics.push({
          code: 'OUTPUT_WRITE_FAILED',
          severity: 'error',
          file: path,
          message: `could not remove: ${describeFsError(error)}`,
        });
        continue;
      }
    }
    outputs.push({ path, status: 'removed' });
  }
  return { outputs, kept, diagnostics };
}

/** An output folder whose organisation file no longer exists, with the manifest that says policygen made it. */
export interface LeftoverFolder {
  /** The folder's name in the output folder. */
  name: string;
  folder: string;
  manifest: Manifest;
  /** Absolute path of the organisation file it was built from. */
  organisationFile: string;
}

/**
 * The folders in `outDir` that policygen built for an organisation file that is gone: a
 * real folder (never a link), not one this run builds (`builtNames`), holding a manifest
 * whose organisation file no longer exists. Asking whether the file exists, rather than
 * whether it is among this run's inputs, keeps `build homes/one.yaml` from calling every
 * other home extra. Sorted by name, so shards split them the same way on every machine.
 */
export function findLeftoverFolders(outDir: string, builtNames: ReadonlySet<string>): LeftoverFolder[] {
  let entries;
  try {
    entries = readdirSync(outDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const found: LeftoverFolder[] = [];
  for (const entry of entries) {
    // A Dirent describes the entry itself: a link to a folder is not a directory here.
    if (!entry.isDirectory() || entry.name.startsWith('.') || builtNames.has(entry.name)) continue;
    const folder = join(outDir, entry.name);
    const manifest = readManifest(folder);
    if (!manifest) continue;
    const organisationFile = organisationPath(folder, manifest);
    if (exists(organisationFile)) continue;
    found.push({ name: entry.name, folder, manifest, organisationFile });
  }
  return found.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** False only when the file is certainly not there: a folder that cannot be read might still hold it. */
function exists(path: string): boolean {
  try {
    return statSync(path, { throwIfNoEntry: false }) !== undefined;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ENOTDIR';
  }
}

/** Every file policygen made in a leftover folder, as extras. */
export function leftoverExtras(leftover: LeftoverFolder): Extra[] {
  return findExtras(leftover.folder, leftover.manifest, new Set());
}

/**
 * `--prune` for a leftover folder: remove its extras; then, when none had to stay, its
 * manifest, any temporary files a killed build left there, and the folder itself if that
 * leaves it empty. A file of the user's keeps the folder (and the files they changed keep
 * the manifest, so they are still reported).
 */
export function pruneLeftoverFolder(
  leftover: LeftoverFolder,
  displayFolder: string,
): { outputs: OutputResult[]; diagnostics: Diagnostic[] } {
  const pruned = pruneExtras(leftover.folder, displayFolder, leftoverExtras(leftover));
  const diagnostics = [...pruned.diagnostics];
  try {
    if (pruned.kept.length > 0) {
      const files = new Map(pruned.kept.map((extra) => [extra.name, extra.hash]));
      writeFileAtomic(join(leftover.folder, MANIFEST_NAME), serialiseManifest({ ...leftover.manifest, files }));
    } else {
      unlinkSync(join(leftover.folder, MANIFEST_NAME));
      removeStaleTemps(leftover.folder);
      removeIfEmpty(leftover.folder);
    }
  } catch (error) {
    diagnostics.push({
      code: 'OUTPUT_WRITE_FAILED',
      severity: 'error',
      file: `${displayFolder}/${MANIFEST_NAME}`,
      message: `could not update: ${describeFsError(error)}`,
    });
  }
  return { outputs: pruned.outputs, diagnostics };
}

function removeIfEmpty(folder: string): void {
  try {
    rmdirSync(folder);
  } catch {
    // not empty: a file of the user's stays, and so does its folder
  }
}
