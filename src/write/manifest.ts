import { createHash } from 'node:crypto';
import { closeSync, fstatSync, lstatSync, openSync, readSync, constants } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

/**
 * Each organisation's output folder holds a manifest: the files policygen wrote there, each
 * with a hash of the bytes it wrote, and the organisation file they came from. It is how
 * `--check` and `--prune` know a leftover policy from a file the user keeps beside them: a
 * file is policygen's only when the manifest lists it and its bytes are still the ones
 * written. The name starts with a dot, which no output's name may, so it never clashes.
 */
export const MANIFEST_NAME = '.policygen.json';

const MANIFEST_FORMAT = 1;
// A manifest lists a few dozen files; anything far bigger was not written by policygen.
const MAX_MANIFEST_BYTES = 1024 * 1024;
const SHA256 = /^[0-9a-f]{64}$/;

export interface Manifest {
  /** The organisation file, relative to the folder the manifest is in, with "/" separators. */
  organisation: string;
  /** File name (in the same folder) → sha256 of the bytes policygen wrote, in hex. */
  files: Map<string, string>;
}

/** A manifest as read from disk, with its text: a rebuild compares the new one with it without reading it again. */
export interface ReadManifest extends Manifest {
  text: string;
}

/** What is at a path a manifest lists: the very file policygen wrote, something else, or nothing. */
export type Ownership = 'ours' | 'changed' | 'gone';

/**
 * A name policygen could have written in an output folder: not empty, not hidden, no path
 * separator. A manifest naming anything else (`../../etc/passwd`) was not written by
 * policygen, and the name is ignored.
 */
export function isOutputName(name: string): boolean {
  return name !== '' && !name.startsWith('.') && !/[\\/\0]/.test(name);
}

export function hashContents(contents: string | Uint8Array): string {
  return createHash('sha256').update(contents).digest('hex');
}

/** The organisation file as a manifest in `folder` records it: relative, so a repository can be checked out anywhere. */
export function organisationEntry(folder: string, organisationFile: string): string {
  return relative(folder, organisationFile).split(sep).join('/');
}

/** Where a manifest in `folder` says its organisation file is. */
export function organisationPath(folder: string, manifest: Manifest): string {
  return resolve(folder, manifest.organisation);
}

/**
 * The manifest in `folder`, or undefined when there is none or it is not one policygen
 * wrote (a link, a folder, damaged JSON, the wrong shape): then no file in the folder is
 * known to be policygen's, so nothing there is called extra or removed.
 */
export function readManifest(folder: string): ReadManifest | undefined {
  const text = readRegularFile(join(folder, MANIFEST_NAME), MAX_MANIFEST_BYTES)?.toString('utf8');
  if (text === undefined) return undefined;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof data !== 'object' || data === null) return undefined;
  const { format, organisation, files } = data as Record<string, unknown>;
  if (format !== MANIFEST_FORMAT || typeof organisation !== 'string' || organisation === '') return undefined;
  if (typeof files !== 'object' || files === null || Array.isArray(files)) return undefined;
  const manifest: ReadManifest = { organisation, files: new Map(), text };
  for (const [name, entry] of Object.entries(files)) {
    const hash = (entry as { sha256?: unknown } | null)?.sha256;
    if (isOutputName(name) && typeof hash === 'string' && SHA256.test(hash)) manifest.files.set(name, hash);
  }
  return manifest;
}

/** The manifest as written: keys in a fixed order and names sorted, so a rebuild with the same inputs gives the same bytes. */
export function serialiseManifest(manifest: Manifest): string {
  const files = [...manifest.files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `${JSON.stringify(
    {
      about: 'The files policygen wrote in this folder, so that build --check and --prune can tell them from yours. Do not edit.',
      format: MANIFEST_FORMAT,
      organisation: manifest.organisation,
      files: Object.fromEntries(files.map(([name, sha256]) => [name, { sha256 }])),
    },
    null,
    2,
  )}\n`;
}

/**
 * Whether `folder/name` is still the file policygen wrote with this hash. Only a regular
 * file is looked into: a link is never followed, and is never policygen's.
 */
export function ownershipOf(folder: string, name: string, hash: string): Ownership {
  const path = join(folder, name);
  let info;
  try {
    info = lstatSync(path, { throwIfNoEntry: false });
  } catch {
    return 'changed'; // there, but not readable: not provably ours
  }
  if (!info) return 'gone';
  if (!info.isFile()) return 'changed';
  const bytes = readRegularFile(path, info.size);
  return bytes !== undefined && hashContents(bytes) === hash ? 'ours' : 'changed';
}

/**
 * A regular file's bytes, read through one descriptor opened without following a link
 * (so whatever is swapped in between a look and the read is not read), or undefined when
 * it is missing, not a regular file, unreadable or over `maxBytes`.
 */
export function readRegularFile(path: string, maxBytes: number): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openSync(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    const info = fstatSync(fd);
    if (!info.isFile() || info.size > maxBytes) return undefined;
    const bytes = Buffer.alloc(info.size);
    let read = 0;
    while (read < info.size) {
      const n = readSync(fd, bytes, read, info.size - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    return bytes;
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
