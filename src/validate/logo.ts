import type { Diagnostic } from '../diagnostics';
import type { LoadLogoResult } from '../load';
import { diagnosticAtPath } from './locate';
import type { Organisation } from './model';

/** Why the organisation's logo cannot be used, pointed at its `logo:` line. */
export function logoDiagnostic(organisation: Organisation, failure: Extract<LoadLogoResult, { ok: false }>): Diagnostic {
  return diagnosticAtPath(organisation.yaml, ['organisation', 'logo'], 'value', {
    code: failure.reason === 'not-image' ? 'LOGO_NOT_IMAGE' : failure.reason === 'not-found' ? 'LOGO_NOT_FOUND' : 'FILE_UNREADABLE',
    path: 'organisation.logo',
    message: `the logo file ${organisation.fields.logo} ${failure.detail}`,
    hint: logoHint(failure),
  });
}

/** What to do about a logo problem; a refused kind of image says so in its own message. */
function logoHint(problem: Extract<LoadLogoResult, { ok: false }>): string | undefined {
  if (problem.reason === 'not-found') return 'the path is relative to this YAML file';
  if (problem.reason !== 'not-image') return undefined;
  if (/^(is a damaged|cannot be decoded)/.test(problem.detail)) return 'open it in an image editor and save it again, as a PNG or JPEG';
  if (/^is (not|a folder)/.test(problem.detail)) return 'use a PNG or JPEG image';
  return undefined;
}
