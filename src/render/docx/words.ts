import type { Locale } from '../../validate';

/**
 * Every word the Word writer adds to a policy by itself, and the language tag its runs
 * carry, by the document's language. Kept in one table so that the words can move to a
 * shared place when documents choose their own language.
 */
export interface DocxWords {
  /** The `w:lang` tag of every run, so Word and LibreOffice spell-check in the right language. */
  languageTag: 'en-GB' | 'cy-GB';
  nextReview: string;
  /** "Page 3 of 5" around the PAGE and NUMPAGES fields. */
  page: string;
  of: string;
}

export const DOCX_WORDS: Readonly<Record<Locale, DocxWords>> = {
  'en-GB': { languageTag: 'en-GB', nextReview: 'Next Review Date', page: 'Page', of: 'of' },
  cy: { languageTag: 'cy-GB', nextReview: 'Dyddiad yr Adolygiad Nesaf', page: 'Tudalen', of: 'o' },
};
