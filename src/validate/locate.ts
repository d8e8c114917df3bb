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

/** A diagnostic pointing at the field at `path` in `yaml`, with line, column and excerpt. */
export function diagnosticAtPath(
  yaml: YamlSource,
  path: FieldPath,
  at: PointAt,
  fields: Omit<Diagnostic, 'file' | 'line' | 'column' | 'excerpt' | 'severity' | 'length'> & { severity?: Severity },
): Diagnostic {
  const range = locate(yaml, path, at);
  const position = yaml.lineCounter.linePos(range.start);
  const end = yaml.lineCounter.linePos(Math.max(range.start, range.end));
  const line = position.line + yaml.lineOffset;
  const length = end.line === position.line ? Math.max(1, end.col - position.col) : 1;
  return {
    severity: 'error',
    ...fields,
    file: yaml.file,
    line,
    column: position.col,
    length,
    excerpt: lineText(yaml.fileText, line),
  };
}

/** `['organisation', 'registered_manager', 'first_name']` → `organisation.registered_manager.first_name`. */
export function formatPath(path: FieldPath): string {
  return path.map((segment, i) => (typeof segment === 'number' ? `[${segment}]` : i === 0 ? segment : `.${segment}`)).join('');
}
