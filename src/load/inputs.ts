import { stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { CONFIG_FILE_NAMES } from './config-file';
import { displayPathFor } from './display-path';
import { brokenLinkDiagnostics, listFolder } from './list-folder';
import { describeFsError } from './read-text';

/** One organisation file to build: where it is, and how to name it to the user. */
export interface InputFile {
  absolutePath: string;
  displayPath: string;
}

const ORGANISATION_FILE = /\.ya?ml$/i;

/**
 * Expand the command line's files and folders into organisation files. A folder means
 * every `*.yaml`/`*.yml` directly inside it, in name order so that output is stable.
 */
export async function expandInputs(inputs: readonly string[], cwd: string): Promise<{ files: InputFile[]; diagnostics: Diagnostic[] }> {
  const files: InputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  const add = (absolutePath: string) => {
    if (seen.has(absolutePath)) return;
    seen.add(absolutePath);
    files.push({ absolutePath, displayPath: displayPathFor(absolutePath, cwd) });
  };

  for (const input of inputs) {
    const absolutePath = resolve(cwd, input);
    let isDirectory: boolean;
    try {
      isDirectory = (await stat(absolutePath)).isDirectory();
    } catch (error) {
      diagnostics.push({ code: 'FILE_UNREADABLE', severity: 'error', file: input, message: describeFsError(error) });
      continue;
    }
    if (!isDirectory) {
      add(absolutePath);
      continue;
    }
    // A config file kept beside the homes is not a home.
    const { names, broken } = await listFolder(absolutePath, (name) => ORGANISATION_FILE.test(name) && !CONFIG_FILE_NAMES.includes(name));
    diagnostics.push(...brokenLinkDiagnostics(absolutePath, broken, cwd, 'error'));
    if (names.length === 0 && broken.length === 0) {
      diagnostics.push({
        code: 'NO_INPUT_FILES',
        severity: 'error',
        file: input,
        message: 'this folder holds no .yaml or .yml files',
      });
    }
    for (const name of names) add(join(absolutePath, name));
  }
  return { files, diagnostics };
}
