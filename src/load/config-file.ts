import { statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics';
import { displayPathFor } from './display-path';
import { readTextFile } from './read-text';
import { parseYamlSource, yamlToData, type YamlSource } from './yaml-source';

/** The names a config file may have, in the order they are looked for in each folder. */
export const CONFIG_FILE_NAMES = ['policygen.config.yaml', 'policygen.config.yml', 'policygen.config.json'];

/** The nearest config file: in `cwd`, else in each folder above it. */
export function findConfigFile(cwd: string): string | undefined {
  for (let folder = resolve(cwd); ; folder = dirname(folder)) {
    for (const name of CONFIG_FILE_NAMES) {
      const path = join(folder, name);
      if (statSync(path, { throwIfNoEntry: false })?.isFile()) return path;
    }
    if (dirname(folder) === folder) return undefined;
  }
}

export interface LoadedConfigFile {
  file: string;
  absolutePath: string;
  yaml: YamlSource;
  data: unknown;
}

/** Read and parse a config file (YAML, or JSON, which is YAML too), keeping positions for errors. */
export function loadConfigFile(absolutePath: string, cwd: string): { loaded?: LoadedConfigFile; diagnostics: Diagnostic[] } {
  const file = displayPathFor(absolutePath, cwd);
  const read = readTextFile(absolutePath, file);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  const { yaml, diagnostics } = parseYamlSource(read.text, file);
  if (hasErrors(diagnostics)) return { diagnostics };
  const converted = yamlToData(yaml);
  if (!converted.ok) return { diagnostics: [...diagnostics, converted.diagnostic] };
  // An empty config file is a config file with no settings.
  return { loaded: { file, absolutePath, yaml, data: converted.data ?? {} }, diagnostics };
}
