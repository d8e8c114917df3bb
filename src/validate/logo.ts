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
    hint:
      failure.reason === 'not-found'
        ? 'the path is relative to this YAML file'
        : failure.reason === 'not-image'
          ? 'use a PNG or JPEG image'
          : undefined,
  });
}
