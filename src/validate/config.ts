import { dirname, resolve } from 'node:path';
import { compareDiagnostics, type Diagnostic } from '../diagnostics';
import type { LoadedConfigFile } from '../load';
import type { GroupDefaults } from './defaults';
import type { Format } from '../formats';
import type { Language } from '../languages';
import { languagesOf } from './languages';
import { diagnosticAtPath } from './locate';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';

/** Settings from a config file, with its paths made absolute (they are relative to the file). */
export interface PolicygenConfig {
  file: string;
  out?: string;
  formats?: Format[];
  /** Also build each home's policy manual and index page, as `build --pack`. */
  pack?: boolean;
  templates?: string[];
  /** The languages of organisation files that give none. */
  languages?: Language[];
  jobs?: number;
  /** Template ids that come first in each home's policy manual and index, in this order. */
  order?: string[];
  /** A care group's `defaults:` for every home: pass it on as the `defaults` option of build, validate and due. */
  defaults?: ConfigDefaults;
}

/**
 * Where a care group's defaults are written: the config file, and its text as it was read
 * (plain data, so it crosses to worker threads, and every thread reads the same defaults).
 */
export interface ConfigDefaults {
  /** The config file, as shown to the user. */
  file: string;
  absolutePath: string;
  text: string;
}

export function validateConfig(loaded: LoadedConfigFile): { config?: PolicygenConfig; diagnostics: Diagnostic[] } {
  const validate = schemaValidator('config');
  if (!validate(loaded.data)) {
    const diagnostics = schemaErrorsToDiagnostics(loaded.yaml, validate.errors ?? [], { whole: 'the config file', field: 'setting' });
    // A mistake in the defaults is the same mistake as in an organisation file, and keeps its code.
    const code = (d: Diagnostic) => (isInDefaults(d) ? d.code : ('CONFIG_INVALID' as const));
    return { diagnostics: diagnostics.map((d) => ({ ...d, code: code(d) })).sort(compareDiagnostics) };
  }
  const data = loaded.data as Omit<PolicygenConfig, 'file' | 'defaults'> & { locale?: 'en-GB' | 'cy'; defaults?: { languages?: unknown } };
  const folder = dirname(loaded.absolutePath);
  const { languages, diagnostics } = languagesOf(data, loaded.yaml);
  if (languages !== undefined && data.defaults?.languages !== undefined) {
    diagnostics.push(
      diagnosticAtPath(loaded.yaml, [data.languages !== undefined ? 'languages' : 'locale'], 'key', {
        code: 'CONFIG_INVALID',
        path: data.languages !== undefined ? 'languages' : 'locale',
        message: 'the config file gives the languages twice: here, and as defaults.languages',
        hint: 'keep defaults.languages and remove this line',
      }),
    );
  }
  if (diagnostics.some((d) => d.severity === 'error'))
    return { diagnostics: diagnostics.map((d) => ({ ...d, code: 'CONFIG_INVALID' as const })) };
  return {
    config: {
      file: loaded.file,
      ...(data.out !== undefined ? { out: resolve(folder, data.out) } : {}),
      ...(data.formats !== undefined ? { formats: data.formats } : {}),
      ...(data.pack !== undefined ? { pack: data.pack } : {}),
      ...(data.templates !== undefined ? { templates: data.templates.map((t) => resolve(folder, t)) } : {}),
      ...(languages !== undefined ? { languages } : {}),
      ...(data.jobs !== undefined ? { jobs: data.jobs } : {}),
      ...(data.defaults !== undefined
        ? { defaults: { file: loaded.file, absolutePath: loaded.absolutePath, text: loaded.yaml.fileText } }
        : {}),
      ...(data.order !== undefined ? { order: data.order } : {}),
    },
    diagnostics,
  };
}

function isInDefaults(diagnostic: Diagnostic): boolean {
  return diagnostic.path === 'defaults' || diagnostic.path?.startsWith('defaults.') === true;
}

/** The defaults of a config file that passed `validateConfig`, with the YAML they were written in. */
export function groupDefaultsOf(loaded: LoadedConfigFile): GroupDefaults | undefined {
  const defaults = (loaded.data as { defaults?: Record<string, unknown> }).defaults;
  if (defaults === undefined) return undefined;
  return { yaml: loaded.yaml, base: ['defaults'], folder: dirname(loaded.absolutePath), data: defaults };
}
