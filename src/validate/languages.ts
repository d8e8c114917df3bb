import type { Diagnostic } from '../diagnostics';
import { LANGUAGE_NAMES_IN_ENGLISH, languageSuffix, type Language } from '../languages';
import type { YamlSource } from '../load';
import { diagnosticAtPath } from './locate';
import type { Organisation, TemplateLibrary } from './model';
import { policiesFor } from './policy-choice';

/** `locale` from policygen 0.1, and the languages it meant. */
const LOCALE_LANGUAGES: Record<'en-GB' | 'cy', Language> = { 'en-GB': 'en', cy: 'cy' };

/**
 * The languages a file asks for: `languages: [cy, en]`, or the 0.1 spelling `locale: cy`,
 * which still works (as `languages: [cy]`) with a warning that says what to write instead.
 * Giving both is an error: they could disagree.
 */
export function languagesOf(
  data: { languages?: Language[]; locale?: 'en-GB' | 'cy' },
  yaml: YamlSource,
): { languages?: Language[]; diagnostics: Diagnostic[] } {
  if (data.locale === undefined) return { ...(data.languages ? { languages: data.languages } : {}), diagnostics: [] };
  const instead = `languages: [${LOCALE_LANGUAGES[data.locale]}]`;
  if (data.languages !== undefined) {
    return {
      diagnostics: [
        diagnosticAtPath(yaml, ['locale'], 'key', {
          code: 'INVALID_VALUE',
          path: 'locale',
          message: 'the file gives both languages and locale, the old way of writing them',
          hint: 'remove the locale line',
        }),
      ],
    };
  }
  return {
    languages: [LOCALE_LANGUAGES[data.locale]],
    diagnostics: [
      diagnosticAtPath(yaml, ['locale'], 'key', {
        code: 'DEPRECATED_FIELD',
        severity: 'warning',
        path: 'locale',
        message: `locale is how policygen 0.1 wrote the language; it still reads locale: ${data.locale} as ${instead}`,
        hint: `write ${instead} instead of locale: ${data.locale}; [cy, en] builds every policy in Welsh and in English`,
      }),
    ],
  };
}

/**
 * TRANSLATION_MISSING: every language a home asks for, for every policy, or the home is not
 * built (never a silent English fallback). Each error is at the home's `languages` line,
 * and names the file that would have been used and the folders searched for it.
 */
export function missingTranslations(organisation: Organisation, library: TemplateLibrary): Diagnostic[] {
  const searched = library.folders.map((folder, index) => (index === 0 ? 'the built-in library' : folder)).join(', ');
  const key = organisation.yaml.document.has('languages') || !organisation.yaml.document.has('locale') ? 'languages' : 'locale';
  return policiesFor(organisation, library.policies).flatMap((policy) =>
    organisation.languages
      .filter((language) => !policy.templates.has(language))
      .map((language) =>
        diagnosticAtPath(organisation.yaml, [key], 'value', {
          code: 'TRANSLATION_MISSING',
          path: key,
          message: `${policy.id} has no ${LANGUAGE_NAMES_IN_ENGLISH[language]} version (${policy.id}${languageSuffix(language)}.md), and this home asks for ${LANGUAGE_NAMES_IN_ENGLISH[language]}`,
          hint: `add ${policy.id}${languageSuffix(language)}.md to a template folder (searched: ${searched}), or leave ${language} out of languages`,
        }),
      ),
  );
}
