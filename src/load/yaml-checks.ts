import { isAlias, isCollection, isMap, isPair, isScalar, type Document, type Node } from 'yaml';
import { MAX_NESTING, MAX_VALUES } from './yaml-limits';

/** A problem found in a parsed document, at a source offset. */
export interface DocumentProblem {
  kind: 'duplicate-key' | 'too-many-values' | 'alias-too-large' | 'alias-too-deep' | 'alias-loop' | 'control-character';
  offset: number;
  end: number;
  message: string;
  hint?: string;
  path?: string;
}

interface Extent {
  /** Keys, values and items, aliases expanded. */
  values: number;
  /** Collections nested, this one included. */
  depth: number;
}

/**
 * One linear walk over a parsed document: duplicate keys (yaml's own check is quadratic),
 * the size and depth the data reaches once its aliases are expanded (what every later stage
 * walks), aliases inside the value they name (that data would never end), and control
 * characters in keys and values. It stops at the first size problem; the data is not safe
 * to look at any further.
 */
export function checkDocument(document: Document.Parsed, text: string): DocumentProblem[] {
  const problems: DocumentProblem[] = [];
  const anchors = new Map<string, Node>();
  const extents = new Map<Node, Extent>();
  const open = new Set<Node>();
  let values = 0;
  let stopped = false;

  const stop = (problem: DocumentProblem): Extent => {
    problems.push(problem);
    stopped = true;
    return { values: 0, depth: 0 };
  };

  const walk = (node: unknown, path: string, depth: number, role: 'key' | 'value' = 'value'): Extent => {
    if (stopped || node === null || node === undefined) return { values: 0, depth: 0 };
    if (isAlias(node)) {
      const target = anchors.get(node.source);
      const [offset, end] = node.range ?? [0, 0];
      // An undefined alias is reported when the data is made, in yaml's words.
      if (!target) return { values: 1, depth: 0 };
      if (open.has(target)) {
        return stop({
          kind: 'alias-loop',
          offset,
          end,
          message: `*${node.source} is inside the value marked &${node.source}, so that value would contain itself without end`,
          hint: 'an alias can repeat a value only from outside it',
        });
      }
      const extent = extents.get(target) ?? { values: 1, depth: 0 };
      values += extent.values;
      if (values > MAX_VALUES) {
        return stop({
          kind: 'alias-too-large',
          offset,
          end,
          message: `with its aliases (*name) expanded, the file holds more than ${MAX_VALUES.toLocaleString('en-GB')} values; no policygen file needs so many`,
          hint: 'write the values out once, without aliases',
        });
      }
      if (depth + extent.depth > MAX_NESTING) {
        return stop({
          kind: 'alias-too-deep',
          offset,
          end,
          message: `with its aliases (*name) expanded, values are nested more than ${MAX_NESTING} levels deep here`,
        });
      }
      return extent;
    }
    if (++values > MAX_VALUES) {
      const range = (node as Node).range;
      return stop({
        kind: 'too-many-values',
        offset: range?.[0] ?? 0,
        end: range?.[1] ?? 0,
        message: `the file holds more than ${MAX_VALUES.toLocaleString('en-GB')} values; no policygen file needs so many`,
      });
    }
    const anchored = node as Node;
    if (anchored.anchor) {
      anchors.set(anchored.anchor, anchored);
      open.add(anchored);
    }
    let extent: Extent = { values: 1, depth: 0 };
    if (isScalar(node)) {
      if (typeof node.value === 'string') checkControl(node, node.value, path, role, text, problems);
    } else if (isCollection(node)) {
      let inner = 0;
      const keys = isMap(node) ? new Map<unknown, true>() : undefined;
      node.items.forEach((item, index) => {
        if (stopped) return;
        if (isPair(item)) {
          const key = item.key;
          let childPath = path;
          if (isScalar(key)) {
            childPath = path ? `${path}.${String(key.value)}` : String(key.value);
            if (keys?.has(key.value)) {
              const [offset, end] = key.range ?? [0, 0];
              problems.push({ kind: 'duplicate-key', offset, end, message: 'this key appears twice in the same mapping' });
            }
            keys?.set(key.value, true);
          }
          const keyExtent = walk(key, path, depth + 1, 'key');
          const valueExtent = walk(item.value, childPath, depth + 1);
          extent.values += keyExtent.values + valueExtent.values;
          inner = Math.max(inner, keyExtent.depth, valueExtent.depth);
        } else {
          const itemExtent = walk(item, `${path}[${index}]`, depth + 1);
          extent.values += itemExtent.values;
          inner = Math.max(inner, itemExtent.depth);
        }
      });
      extent = { values: extent.values, depth: inner + 1 };
    }
    if (anchored.anchor) {
      open.delete(anchored);
      extents.set(anchored, extent);
    }
    return extent;
  };
  walk(document.contents, '', 0);
  return problems;
}

// C0 controls and DEL and the C1 controls (ESC sequences, bells, backspaces...). Tab and
// line feed are ordinary text in a value; which fields may hold them is the schema's call.
const CONTROL_IN_VALUE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;
const CONTROL_IN_KEY = /[\u0000-\u001f\u007f-\u009f]/;

function checkControl(node: Node, value: string, path: string, at: 'key' | 'value', text: string, problems: DocumentProblem[]): void {
  const found = (at === 'key' ? CONTROL_IN_KEY : CONTROL_IN_VALUE).exec(value);
  if (!found) return;
  const [start, end] = node.range ?? [0, 0];
  // Point at the character itself when it is in the file as written, else at the whole
  // value (it came from an escape such as "\e" or "\x1b").
  const written = text.slice(start, end).indexOf(found[0]);
  const name = controlName(found[0].charCodeAt(0));
  problems.push({
    kind: 'control-character',
    offset: written >= 0 ? start + written : start,
    end: written >= 0 ? start + written + 1 : end,
    path,
    message:
      at === 'key'
        ? `a key${path ? ` in ${path}` : ''} holds a control character (${name})`
        : `${path || 'the value'} holds a control character (${name})`,
    hint:
      written >= 0
        ? 'delete it: it is invisible, and no policy can show it'
        : 'remove the escape that makes it (such as \\e, \\x1b or \\u001b): no policy can show it',
  });
}

const NAMES: Partial<Record<number, string>> = {
  0x00: 'NUL',
  0x07: 'BEL',
  0x08: 'a backspace',
  0x09: 'a tab',
  0x0a: 'a line break',
  0x0d: 'a carriage return',
  0x1b: 'ESC',
  0x7f: 'DEL',
};

function controlName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}${NAMES[code] ? ` ${NAMES[code]}` : ''}`;
}
