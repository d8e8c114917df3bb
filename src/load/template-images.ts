import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { displayPathFor } from './display-path';
import { loadLogo, type LogoImage } from './logo';
import type { ImageReference } from './template-markdown';

/** Why an image a template shows cannot be used. */
export type TemplateImageProblem =
  /** A web address, or another scheme (`data:`, `file:`): builds read nothing from the network. */
  | { reason: 'remote'; detail: string }
  /** An absolute path, or one that leaves the template library. */
  | { reason: 'outside'; detail: string }
  /** A placeholder in the path: images belong to the library, not to one home. */
  | { reason: 'placeholder'; detail: string }
  /** `![alt][label]`, or a path policygen could not read exactly where it is written. */
  | { reason: 'not-inline'; detail: string }
  | { reason: 'not-found'; detail: string; looked: string[] }
  | { reason: 'not-image'; detail: string };

/** An image a template or partial shows, and what was found at its path. */
export interface TemplateImageFile {
  reference: ImageReference;
  result: { ok: true; image: LogoImage } | ({ ok: false } & TemplateImageProblem);
}

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/**
 * Read the images a template (or partial) at `file` shows: each path is relative to the
 * file's folder, or else to its library's `images/` folder, and must stay inside the
 * library, so a library is a folder that can be copied whole. Each is checked as a logo is
 * (a PNG or JPEG every format can embed, within the same limits).
 */
export function loadTemplateImages(references: readonly ImageReference[], file: string, library: string, cwd: string): TemplateImageFile[] {
  return references.map((reference) => ({ reference, result: loadOne(reference, file, library, cwd) }));
}

function loadOne(reference: ImageReference, file: string, library: string, cwd: string): TemplateImageFile['result'] {
  const path = reference.path;
  if (!reference.destination) {
    return {
      ok: false,
      reason: 'not-inline',
      detail: 'this image names its file elsewhere (a reference-style image) or across lines; write it as ![description](path) on one line',
    };
  }
  if (path.includes('{{')) return { ok: false, reason: 'placeholder', detail: `the image path ${path} holds a placeholder` };
  if (SCHEME.test(path) || path.startsWith('//')) {
    const web = /^(https?:)?\/\//i.test(path);
    return {
      ok: false,
      reason: 'remote',
      detail: web ? `the image ${path} is on the web` : `the image ${shorten(path)} is not a file in the template library`,
    };
  }
  if (path.trim() === '') return { ok: false, reason: 'not-found', detail: 'this image names no file', looked: [] };
  if (isAbsolute(path)) return { ok: false, reason: 'outside', detail: `the image ${path} is an absolute path` };
  // Beside the file first, and only a path that stays inside the library; then in its images/ folder.
  const beside = resolve(dirname(file), path);
  if (!isInside(beside, library)) return { ok: false, reason: 'outside', detail: `the image ${path} is outside the template library` };
  const inImages = resolve(library, 'images', path);
  const inside = [...new Set([beside, ...(isInside(inImages, library) ? [inImages] : [])])];
  for (const candidate of inside) {
    const loaded = loadLogo(candidate);
    if (loaded.ok) return { ok: true, image: loaded.image };
    if (loaded.reason === 'not-found') continue;
    // The logo checks word their limits for a logo; the same limits hold for any image.
    return { ok: false, reason: 'not-image', detail: `the image ${path} ${loaded.detail.replace(/\ba logo\b/g, 'an image')}` };
  }
  return {
    ok: false,
    reason: 'not-found',
    detail: `the image ${path} does not exist`,
    looked: inside.map((candidate) => displayPathFor(candidate, cwd)),
  };
}

function isInside(path: string, folder: string): boolean {
  const inner = relative(folder, path);
  return inner !== '' && !inner.startsWith(`..${sep}`) && inner !== '..' && !isAbsolute(inner);
}

/** A `data:` URI can be kilobytes long: name its start only. */
function shorten(path: string): string {
  return path.length > 60 ? `${path.slice(0, 40)}…` : path;
}
