import { isMap, isPair, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { lineText, type Diagnostic, type Severity } from '../diagnostics';
import type { YamlSource } from '../load';

export type FieldPath = ReadonlyArray<string | number>;

/** Where to point: at a field's key (`registration_no:`) or at its value (`012345`). */
export type PointAt = 'key' | 'value';

interface Range {
  start: number;
  end: number;
}

/**
 * Find the text range of the node at `path` in a parsed YAML document. When the path runs
 * past what exists (a missing field), the nearest existing ancestor's key is returned,
 * which is where the user has to add it.
 */
export function locate(yaml: YamlSource, path: FieldPath, at: PointAt): Range {
  let node: unknown = yaml.document.contents;
  let pair: Pair | undefined;
  for (const segment of path) {
    let next: Pair | Node | undefined;
    if (isMap(node)) {
      next = node.items.find((item) => isPair(item) && isScalar(item.key) && String(item.key.value) === String(segment));
    } else if (isSeq(node) && typeof segment === 'number') {
      next = node.items[segment] as Node | undefined;
    }
    if (next === undefined) break;
    if (isPair(next)) {
      pair = next;
      node = next.value;
    } else {
      pair = undefined;
      node = next;
    }
  }
  const keyNode = pair?.key as Node | undefined;
  const valueNode = node as Node | null | undefined;
  const target = at === 'key' && keyNode?.range ? keyNode : valueNode?.range ? valueNode : keyNode;
  if (target?.range) {
    const [start, valueEnd] = target.range;
    return { start, end: valueEnd };
  }
  return { start: 0, end: 1 };
}

/** Where a value was written: a home's own file, or its care group's defaults in the config file. */
export type FieldOrigin = 'home' | 'group';

/** The file a value of an organisation was written in, and its path there. */
export interface FieldSource {
  yaml: YamlSource;
  path: FieldPath;
  origin: FieldOrigin;
  /** The folder a relative path in the value (the logo) is resolved against; undefined: the file's own. */
  folder?: string;
}

/**
 * A home's YAML once its care group's defaults are merged in: the home's own source (so a
 * check that knows nothing of defaults still reads the home), which can also say where
 * each value of the merged data was written, so every diagnostic points at the file and
 * line the value came from.
 */
export interface MergedYamlSource extends YamlSource {
  home: YamlSource;
  sourceOf(path: FieldPath): FieldSource;
}

function isMerged(yaml: YamlSource): yaml is MergedYamlSource {
  return typeof (yaml as Partial<MergedYamlSource>).sourceOf === 'function';
}

/** Where the value at `path` was written: in a plain file, the file itself. */
export function sourceOf(yaml: YamlSource, path: FieldPath): FieldSource {
  return isMerged(yaml) ? yaml.sourceOf(path) : { yaml, path, origin: 'home' };
}

/** The home's own file, without its defaults: where a field missing from both belongs. */
export function homeSourceOf(yaml: YamlSource): YamlSource {
  return isMerged(yaml) ? yaml.home : yaml;
}

/**
 * A diagnostic pointing at the field at `path` in `yaml`, with line, column and excerpt.
 * In a home merged with its group's defaults, it points into the file the value came from.
 */
export function diagnosticAtPath(
  yaml: YamlSource,
  path: FieldPath,
  at: PointAt,
  fields: Omit<Diagnostic, 'file' | 'line' | 'column' | 'excerpt' | 'severity' | 'length'> & { severity?: Severity },
): Diagnostic {
  const source = sourceOf(yaml, path);
  const written = source.yaml;
  const range = locate(written, source.path, at);
  const position = written.lineCounter.linePos(range.start);
  const end = written.lineCounter.linePos(Math.max(range.start, range.end));
  const line = position.line + written.lineOffset;
  const length = end.line === position.line ? Math.max(1, end.col - position.col) : 1;
  return {
    severity: 'error',
    ...fields,
    // The field as written where it was written: defaults.organisation.x in the config file.
    ...(fields.path !== undefined && source.origin === 'group' ? { path: formatPath(source.path) } : {}),
    file: written.file,
    line,
    column: position.col,
    length,
    excerpt: lineText(written.fileText, line),
  };
}

/** `['organisation', 'registered_manager', 'first_name']` → `organisation.registered_manager.first_name`. */
export function formatPath(path: FieldPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
