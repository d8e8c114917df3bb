import { WORD_LANGUAGE_TAGS, type Language } from '../../languages';
import { wordsFor } from '../words';

/**
 * The words the Word writer adds to a policy by itself, and the language tag its runs
 * carry, in the document's language: from the one table of policygen's own words.
 */
export interface DocxWords {
  /** The `w:lang` tag of every run, so Word and LibreOffice spell-check in the right language. */
  languageTag: 'en-GB' | 'cy-GB';
  nextReview: string;
  /** "Page 3 of 5" around the PAGE and NUMPAGES fields. */
  page: string;
  of: string;
}

export function docxWordsFor(language: Language): DocxWords {
  const words = wordsFor(language);
  return {
    languageTag: WORD_LANGUAGE_TAGS[language],
    nextReview: words.nextReviewDate,
    page: words.pageFields.before,
    of: words.pageFields.between,
  };
}
