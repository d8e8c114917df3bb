import { readFileSync, statSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics';

/** Organisation files and templates are typed by hand: anything this big is a mistake, not a policy. */
export const MAX_INPUT_BYTES = 1024 * 1024;

export type ReadTextResult = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/**
 * Read a UTF-8 text file. File access here is synchronous on purpose: a batch reads
 * thousands of small files one after another, and the synchronous calls are several times
 * faster than a trip through libuv's thread pool for each (measured in docs/performance.md). A byte-order mark is dropped (Windows editors add one) and the
 * text is otherwise returned as written, CRLF included: the YAML parser handles both.
 */
export function readTextFile(absolutePath: string, displayPath: string): ReadTextResult {
  const fail = (message: string, hint?: string): ReadTextResult => ({
    ok: false,
    diagnostic: { code: 'FILE_UNREADABLE', severity: 'error', file: displayPath, message, ...(hint ? { hint } : {}) },
  });
  try {
    const info = statSync(absolutePath);
    if (info.isDirectory()) return fail('this is a folder, not a file');
    // A device or pipe (/dev/zero, a FIFO) could be read forever.
    if (!info.isFile()) return fail('this is not a regular file');
    if (info.size > MAX_INPUT_BYTES) {
      return fail(`the file is ${info.size} bytes; files over ${MAX_INPUT_BYTES} bytes are not read`);
    }
    const bytes = readFileSync(absolutePath);
    const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
    let text: string;
    try {
      text = decoder.decode(bytes);
    } catch {
      return fail('the file is not UTF-8 text', 'save the file as UTF-8');
    }
    if (text.includes('\u0000')) return fail('the file is binary, not text');
    return { ok: true, text };
  } catch (error) {
    return fail(describeFsError(error));
  }
}

/** A short, human reason for a file-system error, without Node's stack or syscall noise. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'a folder is in the way';
    case 'ENOTDIR':
    case 'EEXIST': // mkdir where a file already has the name
      return 'a part of the path is a file, not a folder';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return error instanceof Error ? error.message : String(error);
  }
}
