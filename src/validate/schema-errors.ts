import type { ErrorObject } from 'ajv';
import { isScalar } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import type { YamlSource } from '../load';
import { diagnosticAtPath, formatPath, locate, type FieldPath } from './locate';

/**
 * Turn ajv's errors into positioned diagnostics in the user's words. Each message names
 * the field, says what was expected and what was found, and hints at the usual fix.
 */
export function schemaErrorsToDiagnostics(
  yaml: YamlSource,
  errors: readonly ErrorObject[],
  rootName: { whole: string; field: string } = { whole: 'the file', field: 'section' },
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  // A date that is not written YYYY-MM-DD fails both its format and its year pattern: say it once.
  const badFormats = new Set(errors.filter((e) => e.keyword === 'format').map((e) => e.instancePath));
  for (const error of errors) {
    if (error.keyword === 'pattern' && badFormats.has(error.instancePath)) continue;
    const diagnostic = describeError(yaml, error, rootName);
    if (!diagnostic) continue;
    const key = `${diagnostic.line}:${diagnostic.column}:${diagnostic.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    diagnostics.push(diagnostic);
  }
  return diagnostics;
}

function pathOf(instancePath: string): FieldPath {
  if (instancePath === '') return [];
  return instancePath
    .slice(1)
    .split('/')
    .map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text',
  integer: 'a whole number',
  number: 'a number',
  boolean: 'true or false',
  object: 'a group of indented fields',
  array: 'a list',
  null: 'empty',
};

function describeValue(value: unknown): string {
  if (value === null || value === undefined) return 'empty';
  if (value instanceof Date) return 'a timestamp';
  if (value instanceof Uint8Array) return 'binary data';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a group of fields';
  if (typeof value === 'string') return `the text "${value}"`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'boolean' ? String(value) : 'a value of another kind';
}

function describeError(yaml: YamlSource, error: ErrorObject, rootName: { whole: string; field: string }): Diagnostic | undefined {
  const path = pathOf(error.instancePath);
  const field = formatPath(path) || rootName.whole;
  const params = error.params as Record<string, unknown>;

  // A bad key name: point at the key itself. ajv reports it twice (pattern + propertyNames).
  if (error.keyword === 'propertyNames') return undefined;
  const badKey = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (badKey !== undefined) {
    return diagnosticAtPath(yaml, [...path, badKey], 'key', {
      code: 'INVALID_VALUE',
      path: formatPath([...path, badKey]),
      message: `"${badKey}" cannot be used as a name here`,
      hint: /policies/.test(field)
        ? 'policy ids are lower-case letters, digits and hyphens, e.g. social-media'
        : 'field names are a letter followed by letters, digits or underscores, e.g. safeguarding_lead',
    });
  }

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      // A key the schema does not know, close to the missing one, is probably a typo of it.
      const known = new Set(Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
      const present = error.data && typeof error.data === 'object' ? Object.keys(error.data).filter((k) => !known.has(k)) : [];
      const misspelt = closest(missing, present);
      return diagnosticAtPath(yaml, path, 'key', {
        code: 'REQUIRED_FIELD_MISSING',
        path: formatPath([...path, missing]),
        message: path.length === 0 ? `${rootName.whole} has no "${missing}" ${rootName.field}` : `${field} is missing "${missing}"`,
        hint: misspelt ? `is "${misspelt}" a misspelling of "${missing}"?` : undefined,
      });
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const suggestion = closest(unknown, known);
      return diagnosticAtPath(yaml, [...path, unknown], 'key', {
        code: 'UNKNOWN_FIELD',
        path: formatPath([...path, unknown]),
        message: path.length === 0 ? `unknown ${rootName.field} "${unknown}"` : `unknown field "${unknown}" in ${field}`,
        hint: suggestion ? `did you mean "${suggestion}"?` : known.length > 0 ? `allowed here: ${known.join(', ')}` : undefined,
      });
    }
    case 'type': {
      const expected = String(params.type)
        .split(',')
        .map((type) => TYPE_WORDS[type] ?? type)
        .join(' or ');
      const diagnostic = diagnosticAtPath(yaml, path, 'value', {
        code: 'TYPE_MISMATCH',
        path: field,
        message: `${field} must be ${expected}, not ${describeValue(error.data)}`,
      });
      const hint = typeHint(yaml, path, String(params.type), error.data);
      return hint ? { ...diagnostic, hint } : diagnostic;
    }
    case 'format':
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        ...describeBadDate(field, error.data),
      });
    case 'minimum':
    case 'maximum': {
      const limits = error.parentSchema as { minimum?: number; maximum?: number };
      const range =
        limits.maximum === undefined
          ? `at least ${limits.minimum}`
          : limits.minimum === undefined
            ? `at most ${limits.maximum}`
            : `from ${limits.minimum} to ${limits.maximum}`;
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} must be ${range}, not ${String(error.data)}`,
        hint: /interval_months/.test(field) && Number(error.data) > 12 ? 'policies must be reviewed at least once a year' : undefined,
      });
    }
    case 'enum':
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} must be one of ${(params.allowedValues as unknown[]).map((v) => `"${String(v)}"`).join(', ')}, not ${describeValue(error.data)}`,
      });
    case 'minItems':
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} must list at least one item`,
        hint: /policies/.test(field) ? 'leave the field out to mean every policy' : 'leave the field out for the default',
      });
    case 'uniqueItems':
      return diagnosticAtPath(yaml, path, 'value', { code: 'INVALID_VALUE', path: field, message: `${field} lists the same item twice` });
    case 'pattern':
      if (params.pattern === '\\S') {
        return diagnosticAtPath(yaml, path, 'value', {
          code: 'INVALID_VALUE',
          path: field,
          message: `${field} must not be blank`,
          hint: path[0] === 'organisation' && path.length === 2 ? 'give it a value, or remove the field' : undefined,
        });
      }
      if ((error.parentSchema as { format?: string } | undefined)?.format === 'date') {
        return diagnosticAtPath(yaml, path, 'value', {
          code: 'INVALID_VALUE',
          path: field,
          message: `${field}: ${String(error.data)} is not a date from 2000 to 2999`,
        });
      }
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field}: "${String(error.data)}" is not a valid id`,
        hint: 'ids are lower-case letters, digits and hyphens, e.g. social-media',
      });
    default:
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} ${error.message ?? 'is not valid'}`,
      });
  }
}

/** The usual reasons a value has the wrong type, and what to write instead. */
function typeHint(yaml: YamlSource, path: FieldPath, expected: string, data: unknown): string | undefined {
  const range = locate(yaml, path, 'value');
  const node = yaml.document.getIn(path as (string | number)[], true);
  const written = isScalar(node) && typeof node.source === 'string' ? node.source : yaml.fileText.slice(range.start, range.end);
  if (expected.includes('string') && (typeof data === 'number' || typeof data === 'boolean')) {
    const key = path[path.length - 1];
    const leadingZero = typeof data === 'number' && /^[-+]?0\d/.test(written);
    return leadingZero
      ? `quote it, as ${String(key)}: "${written}", or the leading zero is lost (YAML reads ${written} as the number ${String(data)})`
      : `quote it: ${String(key)}: "${written}"`;
  }
  if (data instanceof Date) {
    return 'write the date as plain YYYY-MM-DD, without a !!timestamp tag or a %YAML 1.1 line';
  }
  if (expected === 'integer' && typeof data === 'string' && /^\d+$/.test(data)) {
    return `remove the quotes: ${data}`;
  }
  return undefined;
}

function describeBadDate(field: string, data: unknown): { message: string; hint?: string } {
  const text = String(data);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return { message: `${field}: ${text} is not a real date` };
  if (/^\d{4}-\d{2}-\d{2}[T ]/.test(text)) {
    return { message: `${field} must be a calendar date, not a timestamp`, hint: `write ${text.slice(0, 10)}` };
  }
  return { message: `${field} must be a date written YYYY-MM-DD, not "${text}"`, hint: 'e.g. 2026-04-01 for 1 April 2026' };
}

/** The known name nearest to a misspelt one, if it is close enough to be a likely typo. */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
