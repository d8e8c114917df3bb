import { dirname, resolve } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import type { LoadedConfigFile } from '../load';
import type { Format } from '../formats';
import type { Language } from '../languages';
import { languagesOf } from './languages';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';

/** Settings from a config file, with its paths made absolute (they are relative to the file). */
export interface PolicygenConfig {
  file: string;
  out?: string;
  formats?: Format[];
  templates?: string[];
  /** The languages of organisation files that give none. */
  languages?: Language[];
  jobs?: number;
  /** Template ids that come first in each home's policy manual and index, in this order. */
  order?: string[];
}

export function validateConfig(loaded: LoadedConfigFile): { config?: PolicygenConfig; diagnostics: Diagnostic[] } {
  const validate = schemaValidator('config');
  if (!validate(loaded.data)) {
    const diagnostics = schemaErrorsToDiagnostics(loaded.yaml, validate.errors ?? [], { whole: 'the config file', field: 'setting' });
    return { diagnostics: diagnostics.map((d) => ({ ...d, code: 'CONFIG_INVALID' as const })).sort(compareDiagnostics) };
  }
  const data = loaded.data as Omit<PolicygenConfig, 'file'> & { locale?: 'en-GB' | 'cy' };
  const folder = dirname(loaded.absolutePath);
  const { languages, diagnostics } = languagesOf(data, loaded.yaml);
  if (diagnostics.some((d) => d.severity === 'error'))
    return { diagnostics: diagnostics.map((d) => ({ ...d, code: 'CONFIG_INVALID' as const })) };
  return {
    config: {
      file: loaded.file,
      ...(data.out !== undefined ? { out: resolve(folder, data.out) } : {}),
      ...(data.formats !== undefined ? { formats: data.formats } : {}),
      ...(data.templates !== undefined ? { templates: data.templates.map((t) => resolve(folder, t)) } : {}),
      ...(languages !== undefined ? { languages } : {}),
      ...(data.jobs !== undefined ? { jobs: data.jobs } : {}),
      ...(data.order !== undefined ? { order: data.order } : {}),
    },
    diagnostics,
  };
}
