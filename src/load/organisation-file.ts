import { basename, extname } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics';
import { readTextFile } from './read-text';
import { parseYamlSource, yamlToData, type YamlSource } from './yaml-source';

/** An organisation file read and parsed, keeping the YAML tree so later stages can position their errors. */
export interface LoadedOrganisationFile {
  /** The path as shown to the user. */
  file: string;
  absolutePath: string;
  /** The file name without `.yaml`/`.yml`: names the output folder. */
  outputName: string;
  yaml: YamlSource;
  /** The plain data, before validation. */
  data: unknown;
}

export type LoadOrganisationResult =
  { ok: true; loaded: LoadedOrganisationFile; diagnostics: Diagnostic[] } | { ok: false; diagnostics: Diagnostic[] };

/**
 * Read and parse one organisation file. YAML 1.2 core schema (the `yaml` default) keeps
 * `2026-04-01` as a string and `NO` as a string, which is what a policy author means.
 */
export function loadOrganisationFile(absolutePath: string, displayPath: string): LoadOrganisationResult {
  const read = readTextFile(absolutePath, displayPath);
  if (!read.ok) return { ok: false, diagnostics: [read.diagnostic] };
  return parseOrganisationText(read.text, absolutePath, displayPath);
}

/** Parse an organisation file's text. Pure, so tests can feed it text directly. */
export function parseOrganisationText(text: string, absolutePath: string, displayPath: string): LoadOrganisationResult {
  const { yaml, diagnostics } = parseYamlSource(text, displayPath);
  if (hasErrors(diagnostics)) return { ok: false, diagnostics };

  if (yaml.document.contents === null) {
    diagnostics.push({
      code: 'EMPTY_FILE',
      severity: 'error',
      file: displayPath,
      line: 1,
      column: 1,
      message: 'the file is empty',
      hint: 'an organisation file needs at least organisation.name, registration_no and registered_manager',
    });
    return { ok: false, diagnostics };
  }

  const converted = yamlToData(yaml);
  if (!converted.ok) return { ok: false, diagnostics: [...diagnostics, converted.diagnostic] };

  const outputName = basename(absolutePath, extname(absolutePath));
  return {
    ok: true,
    loaded: { file: displayPath, absolutePath, outputName, yaml, data: converted.data },
    diagnostics,
  };
}
