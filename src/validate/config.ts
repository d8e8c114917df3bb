import { dirname, resolve } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import type { LoadedConfigFile } from '../load';
import type { Format } from '../formats';
import type { Locale } from './model';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';

/** Settings from a config file, with its paths made absolute (they are relative to the file). */
export interface PolicygenConfig {
  file: string;
  out?: string;
  formats?: Format[];
  templates?: string[];
  locale?: Locale;
  jobs?: number;
}

export function validateConfig(loaded: LoadedConfigFile): { config?: PolicygenConfig; diagnostics: Diagnostic[] } {
  const validate = schemaValidator('config');
  if (!validate(loaded.data)) {
    const diagnostics = schemaErrorsToDiagnostics(loaded.yaml, validate.errors ?? [], { whole: 'the config file', field: 'setting' });
    return { diagnostics: diagnostics.map((d) => ({ ...d, code: 'CONFIG_INVALID' as const })).sort(compareDiagnostics) };
  }
  const data = loaded.data as Omit<PolicygenConfig, 'file'>;
  const folder = dirname(loaded.absolutePath);
  return {
    config: {
      file: loaded.file,
      ...(data.out !== undefined ? { out: resolve(folder, data.out) } : {}),
      ...(data.formats !== undefined ? { formats: data.formats } : {}),
      ...(data.templates !== undefined ? { templates: data.templates.map((t) => resolve(folder, t)) } : {}),
      ...(data.locale !== undefined ? { locale: data.locale } : {}),
      ...(data.jobs !== undefined ? { jobs: data.jobs } : {}),
    },
    diagnostics: [],
  };
}
