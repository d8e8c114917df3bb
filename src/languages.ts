/**
 * The languages policygen writes documents in, said once: every stage uses this list.
 * A language is a property of a document: a template (`<id>.md` English, `<id>.cy.md`
 * Welsh), and everything policygen writes around it, is in exactly one.
 */
export const LANGUAGES = ['en', 'cy'] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);
}

/** The tag for HTML `lang`, the PDF's /Lang and Word's language: British English, Welsh. */
export const LANGUAGE_TAGS: Readonly<Record<Language, string>> = { en: 'en-GB', cy: 'cy' };

/** Word's language tags (`w:lang`), by which Word and LibreOffice choose a spelling dictionary. */
export const WORD_LANGUAGE_TAGS: Readonly<Record<Language, 'en-GB' | 'cy-GB'>> = { en: 'en-GB', cy: 'cy-GB' };

/** Each language's name in itself, as a reader looks for it ("Cymraeg", not "Welsh"). */
export const LANGUAGE_NAMES: Readonly<Record<Language, string>> = { en: 'English', cy: 'Cymraeg' };

/** Each language's name in English, for messages. */
export const LANGUAGE_NAMES_IN_ENGLISH: Readonly<Record<Language, string>> = { en: 'English', cy: 'Welsh' };

/** English is written `<id>.md`; every other language `<id>.<language>.md`. */
export function languageSuffix(language: Language): string {
  return language === 'en' ? '' : `.${language}`;
}
