/**
 * The library API's options, checked before any work starts. A script that passes a wrong
 * option gets a TypeError or RangeError naming it at once, never a build that silently
 * does nothing, reads a string letter by letter, or never settles.
 */
import { isValidShard, parseShard, type Shard } from './batch';
import { isFormat, type Format } from './formats';
import { isLanguage, LANGUAGES, type Language } from './languages';

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  return Array.isArray(value) ? 'an array' : typeof value;
}

export function checkStringList(name: string, value: unknown, { nonEmpty = false } = {}): readonly string[] | undefined {
  if (value === undefined && !nonEmpty) return undefined;
  if (!Array.isArray(value) || !value.every((item) => typeof item === 'string')) {
    throw new TypeError(`${name} must be an array of strings, not ${describe(value)}`);
  }
  if (nonEmpty && value.length === 0) throw new RangeError(`${name} must name at least one file or folder`);
  return value;
}

export function checkString(name: string, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new TypeError(`${name} must be a non-empty string, not ${describe(value)}`);
  return value;
}

export function checkWholeNumber(name: string, value: unknown, minimum: number, maximum = Number.MAX_SAFE_INTEGER): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value)) throw new TypeError(`${name} must be a whole number, not ${describe(value)}`);
  if (value < minimum || value > maximum) throw new RangeError(`${name} must be from ${minimum} to ${maximum}, not ${value}`);
  return value;
}

export function checkFormats(value: unknown): readonly Format[] | undefined {
  if (value === undefined) return undefined;
  if (!Array.isArray(value)) throw new TypeError(`formats must be an array such as ['md', 'pdf'], not ${describe(value)}`);
  if (value.length === 0) throw new RangeError('formats must list at least one format');
  for (const format of value) if (!isFormat(format)) throw new RangeError(`unknown format ${describe(format)} in formats`);
  return value as Format[];
}

export function checkShard(value: unknown): Shard | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'string') return parseShard(value);
  const { index, count } = (typeof value === 'object' && value !== null ? value : {}) as { index?: unknown; count?: unknown };
  if (typeof index !== 'number' || typeof count !== 'number') {
    throw new TypeError(`shard must be "i/n" or { index, count }, not ${describe(value)}`);
  }
  const shard = { index, count };
  if (!isValidShard(shard)) throw new RangeError(`shard must have whole numbers 1 <= index <= count, not ${shard.index}/${shard.count}`);
  return { index: shard.index, count: shard.count };
}

/**
 * `defaultLanguages` (or the 0.1 option `defaultLocale`, still read: 'en-GB' is ['en'],
 * 'cy' is ['cy']): the languages of organisation files that give none.
 */
export function checkLanguages(languages: unknown, locale: unknown): Language[] | undefined {
  if (languages !== undefined && locale !== undefined) throw new TypeError('give defaultLanguages or defaultLocale, not both');
  if (locale !== undefined) {
    if (locale !== 'en-GB' && locale !== 'cy') throw new RangeError(`defaultLocale must be one of en-GB, cy, not ${describe(locale)}`);
    return [locale === 'cy' ? 'cy' : 'en'];
  }
  if (languages === undefined) return undefined;
  if (!Array.isArray(languages)) throw new TypeError(`defaultLanguages must be an array such as ['cy', 'en'], not ${describe(languages)}`);
  if (languages.length === 0) throw new RangeError('defaultLanguages must list at least one language');
  for (const language of languages)
    if (!isLanguage(language))
      throw new RangeError(`unknown language ${describe(language)} in defaultLanguages: expected ${LANGUAGES.join(', ')}`);
  if (new Set(languages).size !== languages.length) throw new RangeError('defaultLanguages lists a language twice');
  return languages as Language[];
}

export function checkFunction(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'function') throw new TypeError(`${name} must be a function, not ${describe(value)}`);
}

export function checkBoolean(name: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean') throw new TypeError(`${name} must be true or false, not ${describe(value)}`);
}
