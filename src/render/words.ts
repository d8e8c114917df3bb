import { LANGUAGE_NAMES, type Language } from '../languages';

/**
 * Every word policygen writes into a document itself, in each language (the policy's own
 * text comes from its template). A Welsh document is Welsh throughout: no English label,
 * month or footer in it. The Welsh terms are the ones in docs/welsh-terms.md.
 */
export interface Words {
  /** The footer's label before the next review date. */
  nextReviewDate: string;
  page(n: number, of: number): string;
  /** The same words around fields that the reader fills in (Word's PAGE and NUMPAGES): "Page" … "of" …. */
  pageFields: { before: string; between: string };
  /** Alt text for the organisation's logo. */
  logoAlt(organisation: string): string;
  /** The label of the links to the same policy in the other languages. */
  languages: string;
}

const WORDS: Readonly<Record<Language, Words>> = {
  en: {
    nextReviewDate: 'Next Review Date',
    page: (n, of) => `Page ${n} of ${of}`,
    pageFields: { before: 'Page', between: 'of' },
    logoAlt: (organisation) => `${organisation} logo`,
    languages: 'Languages',
  },
  cy: {
    nextReviewDate: 'Dyddiad yr Adolygiad Nesaf',
    page: (n, of) => `Tudalen ${n} o ${of}`,
    pageFields: { before: 'Tudalen', between: 'o' },
    logoAlt: (organisation) => `Logo ${organisation}`,
    languages: 'Ieithoedd',
  },
};

export function wordsFor(language: Language): Words {
  return WORDS[language];
}

/** A language's name in itself: a link to the Welsh version says "Cymraeg" in every document. */
export function languageName(language: Language): string {
  return LANGUAGE_NAMES[language];
}
