import { lstatSync, readlinkSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics';

/** What is at an organisation's output folder, looked at without following a link. */
export type FolderState = { kind: 'missing' } | { kind: 'folder' } | { kind: 'link'; target: string } | { kind: 'other' };

export function lookAtFolder(folder: string): FolderState {
  let info;
  try {
    info = lstatSync(folder, { throwIfNoEntry: false });
  } catch {
    return { kind: 'other' }; // e.g. a file where a parent folder should be: writing will say so
  }
  if (!info) return { kind: 'missing' };
  if (info.isSymbolicLink()) {
    let target = '?';
    try {
      target = readlinkSync(folder);
    } catch {
      // gone since the look: still refused, for what it was
    }
    return { kind: 'link', target };
  }
  return info.isDirectory() ? { kind: 'folder' } : { kind: 'other' };
}

/**
 * An organisation's output folder that is a symbolic link is refused: following it would
 * write (and clean temporary files) wherever it points, outside the output folder. The
 * output folder itself may be a link: that is the user's own choice of where `-o` is.
 */
export function linkedFolderDiagnostic(displayFolder: string, target: string, checking: boolean): Diagnostic {
  return {
    code: 'OUTPUT_WRITE_FAILED',
    severity: 'error',
    file: displayFolder,
    message: `this output folder is a symbolic link to ${JSON.stringify(target)}: policygen never writes through a link, so ${checking ? 'it was not checked' : 'nothing was written for this organisation'}`,
    hint: 'remove the link: the next build makes a real folder in its place',
  };
}
