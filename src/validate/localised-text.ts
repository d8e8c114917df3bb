import type { Language } from '../languages';
import type { LocalisedText } from './model';

/**
 * The text for a document in `language`: one text serves every language; of a text per
 * language, that language's, else the English, else the first written. So English readers
 * (`due`'s table, messages) ask for `en`.
 */
export function textIn(text: LocalisedText, language: Language): string {
  return typeof text === 'string' ? text : (text[shownLanguage(text, language)] ?? '');
}

/** Which of a text's languages a document in `language` shows. */
export function shownLanguage(text: Exclude<LocalisedText, string>, language: Language): Language {
  if (text[language] !== undefined) return language;
  if (text.en !== undefined) return 'en';
  return (Object.keys(text) as Language[]).find((key) => text[key] !== undefined) ?? language;
}
