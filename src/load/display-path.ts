import { isAbsolute, relative, sep } from 'node:path';

/** Paths inside the working folder are shown relative to it, as the user would type them. */
export function displayPathFor(absolutePath: string, cwd: string): string {
  const rel = relative(cwd, absolutePath);
  if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return absolutePath;
  return rel.split(sep).join('/');
}
