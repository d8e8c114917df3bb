import type { Diagnostic } from '../diagnostics';
import { LANGUAGE_NAMES_IN_ENGLISH, type Language } from '../languages';
import type { YamlSource } from '../load';
import { shownLanguage } from './localised-text';
import { diagnosticAtPath, formatPath, sourceOf, type FieldPath } from './locate';
import type { LocalisedText } from './model';

/**
 * TRANSLATION_MISSING, as a warning: a text written per language that lacks a language the
 * home is built in. Its documents in that language show another language's text (see
 * `textIn`), which the Active Offer asks us not to do silently. One text for every language
 * is the user's choice, and says nothing.
 */
export function missingTextWarnings(yaml: YamlSource, path: FieldPath, text: LocalisedText, languages: readonly Language[]): Diagnostic[] {
  if (typeof text === 'string') return [];
  // The field as written where it was written: the message is then the same for every home of a group.
  const field = formatPath(sourceOf(yaml, path).path);
  return languages
    .filter((language) => text[language] === undefined)
    .map((language) => {
      const shown = LANGUAGE_NAMES_IN_ENGLISH[shownLanguage(text, language)];
      const missing = LANGUAGE_NAMES_IN_ENGLISH[language];
      return diagnosticAtPath(yaml, path, 'key', {
        code: 'TRANSLATION_MISSING',
        severity: 'warning',
        path: formatPath(path),
        message: `${field} has no ${missing} text; the ${missing} documents show the ${shown}`,
        hint: `add the ${missing} under it: ${language}: …`,
      });
    });
}
