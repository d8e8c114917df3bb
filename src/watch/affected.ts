import { dirname, sep } from 'node:path';
import type { FileChange } from './watcher';

/** What a build was made from, as a watcher needs to know it. Every path is absolute. */
export interface BuildSources {
  /** The config files (there or not): a change rebuilds every organisation. */
  config: readonly string[];
  /** The template folders: a change to a template, partial or image rebuilds every organisation. */
  trees: readonly string[];
  /** Each organisation file, and the files it is built from (itself, and its logo). */
  homes: ReadonlyMap<string, readonly string[]>;
  /** Organisation files named as inputs. */
  inputFiles: readonly string[];
  /** Folders named as inputs: every `*.yaml`/`*.yml` directly inside is an organisation file. */
  folders: readonly string[];
}

/** Rebuild every organisation, or only these organisation files. */
export type Rebuild = { all: true } | { all: false; homes: string[] };

const ORGANISATION_FILE = /\.ya?ml$/i;

/**
 * What a batch of changes makes stale. A config file or anything in a template library can
 * change every document; an organisation file or a logo only the organisations built from it
 * (a logo may be shared). An organisation file that is new, back, or gone is rebuilt too: the
 * build says what became of it (a leftover folder, an unreadable file).
 */
export function rebuildFor(changes: readonly FileChange[], sources: BuildSources): Rebuild {
  const homes = new Set<string>();
  for (const { path } of changes) {
    if (sources.config.includes(path)) return { all: true };
    if (sources.trees.some((tree) => path === tree || path.startsWith(tree + sep))) return { all: true };
    for (const [home, files] of sources.homes) if (files.includes(path)) homes.add(home);
    if (sources.inputFiles.includes(path) || (ORGANISATION_FILE.test(path) && sources.folders.includes(dirname(path)))) homes.add(path);
  }
  return { all: false, homes: [...homes].sort() };
}
