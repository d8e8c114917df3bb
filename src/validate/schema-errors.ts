import type { ErrorObject } from 'ajv';
import { isScalar } from 'yaml';
import type { Diagnostic } from '../diagnostics';
import { isLanguage, LANGUAGE_NAMES_IN_ENGLISH } from '../languages';
import type { YamlSource } from '../load';
import { diagnosticAtPath, formatPath, homeSourceOf, locate, sourceOf, type FieldPath } from './locate';

/**
 * Turn ajv's errors into positioned diagnostics in the user's words. Each message names
 * the field, says what was expected and what was found, and hints at the usual fix.
 */
export function schemaErrorsToDiagnostics(
  yaml: YamlSource,
  errors: readonly ErrorObject[],
  rootName: RootName = { whole: 'the file', field: 'section' },
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

/** How to name the whole file and its top-level fields; `schema` (the JSON Schema itself) tells which fields are required. */
export interface RootName {
  whole: string;
  field: string;
  schema?: object;
}

/** Text fields that must fit on one line; the same pattern also refuses blank text. */
export const ONE_LINE_PATTERN = '^[^\\t\\n]*\\S[^\\t\\n]*$';

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
  if (typeof value === 'string') return `the text "${shorten(value)}"`;
  if (typeof value === 'number') return `the number ${value}`;
  return typeof value === 'boolean' ? String(value) : 'a value of another kind';
}

function describeError(yaml: YamlSource, error: ErrorObject, rootName: RootName): Diagnostic | undefined {
  const path = pathOf(error.instancePath);
  const field = shorten(formatPath(path) || rootName.whole);
  const params = error.params as Record<string, unknown>;

  // A bad key name: point at the key itself. ajv reports it twice (pattern + propertyNames).
  if (error.keyword === 'propertyNames') return undefined;
  const badKey = (error as ErrorObject & { propertyName?: string }).propertyName;
  if (badKey !== undefined) {
    return diagnosticAtPath(yaml, [...path, badKey], 'key', {
      code: 'INVALID_VALUE',
      path: formatPath([...path, badKey]),
      message: `"${shorten(badKey)}" cannot be used as a name here`,
      hint: /policies/.test(field)
        ? 'policy ids are lower-case letters, digits and hyphens, e.g. social-media'
        : 'field names are a letter followed by letters, digits or underscores, e.g. safeguarding_lead',
    });
  }

  switch (error.keyword) {
    case 'required': {
      const missing = String(params.missingProperty);
      // A key the schema does not know, close to the missing one, is probably a typo of it
      // (`registation_no`), or a short form of it (`manager` for `registered_manager`).
      const known = new Set(Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {}));
      const present = error.data && typeof error.data === 'object' ? Object.keys(error.data).filter((k) => !known.has(k)) : [];
      const misspelt = closest(missing, present) ?? present.find((key) => isShortFormOf(key, missing));
      const message = path.length === 0 ? `${rootName.whole} has no "${missing}" ${rootName.field}` : `${field} is missing "${missing}"`;
      if (misspelt !== undefined) {
        return diagnosticAtPath(yaml, [...path, misspelt], 'key', {
          code: 'REQUIRED_FIELD_MISSING',
          path: formatPath([...path, missing]),
          message,
          hint: `did you mean "${missing}"? rename "${misspelt}" to "${missing}"`,
        });
      }
      // Missing from a home and from its group's defaults alike: each home gives its own, so say it at the home.
      return diagnosticAtPath(homeSourceOf(yaml), path, 'key', {
        code: 'REQUIRED_FIELD_MISSING',
        path: formatPath([...path, missing]),
        message,
      });
    }
    case 'additionalProperties': {
      const unknown = String(params.additionalProperty);
      const shown = shorten(unknown);
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      // Two-letter language codes are all "close" to one another: name them rather than guess.
      const suggestion = perLanguage(error) ? undefined : closest(unknown, known);
      return diagnosticAtPath(yaml, [...path, unknown], 'key', {
        code: 'UNKNOWN_FIELD',
        path: formatPath([...path, unknown]),
        message: path.length === 0 ? `unknown ${rootName.field} "${shown}"` : `unknown field "${shown}" in ${field}`,
        hint: perLanguage(error)
          ? `a text per language is written under ${languageKeys(known)}`
          : suggestion
            ? `did you mean "${suggestion}"?`
            : known.length > 0
              ? `allowed here: ${known.join(', ')}`
              : undefined,
      });
    }
    case 'type': {
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      const expected = perLanguage(error)
        ? `text, or a text per language (${known.map((language) => `${language}:`).join(', ')})`
        : String(params.type)
            .split(',')
            .map((type) => TYPE_WORDS[type] ?? type)
            .join(' or ');
      const diagnostic = diagnosticAtPath(yaml, path, 'value', {
        code: 'TYPE_MISMATCH',
        path: field,
        message: `${field} must be ${expected}, not ${describeValue(error.data)}`,
      });
      const hint = typeHint(yaml, path, String(params.type), error.data) ?? emptyHint(error, rootName);
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
    case 'maxLength': {
      const length = [...String(error.data)].length;
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} is ${length.toLocaleString('en-GB')} characters long; it may be at most ${Number(params.limit).toLocaleString('en-GB')}`,
        hint: 'shorten it',
      });
    }
    case 'maxProperties':
      return diagnosticAtPath(yaml, path, 'key', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} has ${Object.keys(error.data as object).length.toLocaleString('en-GB')} fields; it may have at most ${Number(params.limit).toLocaleString('en-GB')}`,
      });
    case 'minProperties': {
      // An empty mapping says nothing: name what it may hold.
      const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} is empty`,
        hint: perLanguage(error)
          ? `give its text under ${languageKeys(known)}, or write one text for every language`
          : known.length > 0
            ? `give at least one of ${known.join(', ')}, or remove it`
            : 'give it a value, or remove it',
      });
    }
    case 'maxItems':
      return diagnosticAtPath(yaml, path, 'key', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field} lists ${(error.data as unknown[]).length.toLocaleString('en-GB')} items; it may list at most ${Number(params.limit).toLocaleString('en-GB')}`,
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
      if (params.pattern === ONE_LINE_PATTERN && /\S/.test(String(error.data))) {
        const key = String(path[path.length - 1]);
        return diagnosticAtPath(yaml, path, 'value', {
          code: 'INVALID_VALUE',
          path: field,
          message: `${field} must be on one line, without tabs or line breaks`,
          hint: `write it on one line: ${key}: ${JSON.stringify(shorten(String(error.data).replace(/\s+/g, ' ').trim()))}`,
        });
      }
      if (params.pattern === '\\S' || params.pattern === ONE_LINE_PATTERN) {
        return diagnosticAtPath(yaml, path, 'value', {
          code: 'INVALID_VALUE',
          path: field,
          message: `${field} must not be blank`,
          hint: isRequired(error.schemaPath, rootName.schema) ? 'give it a value' : 'give it a value, or remove the line',
        });
      }
      if ((error.parentSchema as { format?: string } | undefined)?.format === 'date') {
        return diagnosticAtPath(yaml, path, 'value', {
          code: 'INVALID_VALUE',
          path: field,
          message: `${field}: ${shorten(String(error.data))} is not a date from 2000 to 2999`,
        });
      }
      return diagnosticAtPath(yaml, path, 'value', {
        code: 'INVALID_VALUE',
        path: field,
        message: `${field}: "${shorten(String(error.data))}" is not a valid id`,
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

/** A field written as one text or a text per language (`reason: { cy: …, en: … }`): its only fields are languages. */
function perLanguage(error: ErrorObject): boolean {
  const known = Object.keys((error.parentSchema as { properties?: object } | undefined)?.properties ?? {});
  return known.length > 0 && known.every(isLanguage);
}

/** `en: (English) or cy: (Welsh)`. */
function languageKeys(languages: readonly string[]): string {
  return languages
    .filter(isLanguage)
    .map((language) => `${language}: (${LANGUAGE_NAMES_IN_ENGLISH[language]})`)
    .join(' or ');
}

/** The user's text in a message: a 40 KB value would bury the message it is quoted in. */
function shorten(text: string, max = 80): string {
  const characters = [...text];
  return characters.length <= max ? text : `${characters.slice(0, max - 1).join('')}…`;
}

/** `manager` for `registered_manager`, `reg_no` for `registration_no`: each word of `key` starts a word of `name`, in order. */
function isShortFormOf(key: string, name: string): boolean {
  if (key.length < 3 || key === name) return false;
  const words = name.toLowerCase().split('_');
  let next = 0;
  for (const part of key.toLowerCase().split('_')) {
    while (next < words.length && !words[next]!.startsWith(part)) next++;
    if (next === words.length || part === '') return false;
    next++;
  }
  return true;
}

/** An empty value (`phone:` with nothing after it): fill it in, or, when the field is optional, remove it. */
function emptyHint(error: ErrorObject, rootName: RootName): string | undefined {
  if (error.data !== null) return undefined;
  return isRequired(error.schemaPath, rootName.schema) ? 'give it a value' : 'give it a value, or remove the line';
}

/** Whether the schema requires the field that `schemaPath` (…/properties/NAME/type) checks. */
function isRequired(schemaPath: string, schema: object | undefined): boolean {
  const parts = schemaPath.replace(/^#\//, '').split('/');
  if (!schema || parts.length < 3 || parts[parts.length - 3] !== 'properties') return false;
  let parent: unknown = schema;
  for (const part of parts.slice(0, -3))
    parent = (parent as Record<string, unknown> | undefined)?.[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  const required = (parent as { required?: unknown } | undefined)?.required;
  return Array.isArray(required) && required.includes(parts[parts.length - 2]);
}

/** The usual reasons a value has the wrong type, and what to write instead. */
function typeHint(merged: YamlSource, mergedPath: FieldPath, expected: string, data: unknown): string | undefined {
  const { yaml, path } = sourceOf(merged, mergedPath);
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
  // `    - first_name: Siân` under `registered_manager:`: a list where a group of fields belongs.
  if (expected.includes('object') && Array.isArray(data)) {
    const first: unknown = data[0];
    const entry = first && typeof first === 'object' && !Array.isArray(first) ? Object.entries(first)[0] : undefined;
    const example = entry && typeof entry[1] !== 'object' ? `, e.g. ${entry[0]}: ${String(entry[1])}` : '';
    return `write the group's fields without "- ", one under another${example}`;
  }
  return undefined;
}

function describeBadDate(field: string, data: unknown): { message: string; hint?: string } {
  const text = shorten(String(data));
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
