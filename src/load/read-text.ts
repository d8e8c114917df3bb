import type { Diagnostic } from '../diagnostics';
import { readBounded } from './read-bounded';

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
    const read = readBounded(absolutePath, MAX_INPUT_BYTES);
    if (!read.ok) {
      if (read.reason === 'folder') return fail('this is a folder, not a file');
      if (read.reason === 'not-a-file') return fail('this is not a regular file');
      return fail(
        read.size !== undefined
          ? `the file is ${read.size} bytes; files over ${MAX_INPUT_BYTES} bytes are not read`
          : `the file is over ${MAX_INPUT_BYTES} bytes; files over ${MAX_INPUT_BYTES} bytes are not read`,
      );
    }
    const bytes = read.bytes;
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

/**
 * A short, human reason for a file-system error, in our words. Node's own text names the
 * system call and the absolute path (`ELOOP: too many symbolic links encountered, stat
 * '/tmp/…'`); the diagnostic already names the file as the user gave it.
 */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === undefined) return error instanceof Error ? error.message : String(error);
  return FS_ERRORS[code] ?? `the system could not do it (${code})`;
}

const FS_ERRORS: Partial<Record<string, string>> = {
  ENOENT: 'no such file',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a folder is in the way',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a part of the path is a file, not a folder', // mkdir where a file already has the name
  ENOSPC: 'no space left on the device',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the file system is read-only',
  ELOOP: 'the path goes round in a loop of symbolic links',
  ENAMETOOLONG: 'the path, or a name in it, is too long',
  EMFILE: 'too many files are open at once',
  ENFILE: 'too many files are open on this system',
  EIO: 'the disk reported an input/output error',
  ENXIO: 'there is no device or reader behind this path',
  ENODEV: 'there is no device behind this path',
  EBUSY: 'the file is busy (in use by another program)',
  ETXTBSY: 'the file is busy (in use by another program)',
  EAGAIN: 'the file is not ready to be read; try again',
  EWOULDBLOCK: 'the file is not ready to be read; try again',
  EINVAL: 'the file cannot be read this way',
  EFBIG: 'the file is too large',
  EOVERFLOW: 'the file is too large',
  ESTALE: 'the network file system lost track of the file; try again',
  ETIMEDOUT: 'the file system took too long to answer',
  EXDEV: 'the file cannot be moved across file systems',
  ENOTEMPTY: 'a folder that is not empty is in the way',
};
