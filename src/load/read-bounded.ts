import { closeSync, constants, fstatSync, openSync, readSync, statSync, type Stats } from 'node:fs';

export type ReadBoundedResult =
  | { ok: true; bytes: Buffer }
  | { ok: false; reason: 'folder' }
  | { ok: false; reason: 'not-a-file' }
  /** `size` is the size the file system reported, or undefined when reading found more than it said (a /proc file says 0). */
  | { ok: false; reason: 'too-large'; size?: number };

// A FIFO put in a file's place between our check and the open would make a plain open wait for a writer forever.
const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);
const CHUNK = 64 * 1024;

/**
 * Read a whole regular file, but never more than `limit` bytes. The size the file system
 * reports is only a first check: files under /proc say 0 and then give endless data, and
 * a file can grow while it is read. So the bytes are read through one descriptor until the
 * end or until more than `limit` bytes have come, whichever is first. File-system errors are thrown
 * (the callers word them with `describeFsError`).
 */
export function readBounded(path: string, limit: number): ReadBoundedResult {
  // Look before opening: opening some devices does something (a tape rewinds, a watchdog starts).
  const refused = refuse(statSync(path), limit);
  if (refused) return refused;
  const fd = openSync(path, OPEN_FLAGS);
  try {
    // And again through the descriptor: the path may have been swapped in between.
    const info = fstatSync(fd);
    const swapped = refuse(info, limit);
    if (swapped) return swapped;

    const chunks: Buffer[] = [];
    let total = 0;
    // The reported size is right for ordinary files: one read of it, and one more to see the end.
    // Otherwise whole chunks: some /proc files refuse reads of odd sizes (EINVAL).
    let want = info.size > 0 ? info.size + 1 : CHUNK;
    for (;;) {
      const chunk = Buffer.allocUnsafe(want);
      const read = readSync(fd, chunk, 0, want, null);
      if (read === 0) break;
      chunks.push(read === want ? chunk : chunk.subarray(0, read));
      total += read;
      if (total > limit) return { ok: false, reason: 'too-large' };
      want = CHUNK;
    }
    return { ok: true, bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, total) };
  } finally {
    closeSync(fd);
  }
}

function refuse(info: Stats, limit: number): ReadBoundedResult | undefined {
  if (info.isDirectory()) return { ok: false, reason: 'folder' };
  // A device or a pipe (/dev/zero, a FIFO) could be read forever.
  if (!info.isFile()) return { ok: false, reason: 'not-a-file' };
  if (info.size > limit) return { ok: false, reason: 'too-large', size: info.size };
  return undefined;
}
