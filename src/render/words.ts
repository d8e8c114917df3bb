import { LANGUAGE_NAMES, type Language } from '../languages';
import type { ReviewReason } from '../schedule';

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
  /** Why the next review falls when it does: "annual review", "every 6 months", or the trigger's own reason. */
  reviewReason(reason: ReviewReason): string;
  /** The review calendar (`due --ics`). */
  calendar: {
    name: string;
    summary(policy: string, home: string): string;
    why: string;
    lastReviewed: string;
    organisationFile: string;
  };
}

const WORDS: Readonly<Record<Language, Words>> = {
  en: {
    nextReviewDate: 'Next Review Date',
    page: (n, of) => `Page ${n} of ${of}`,
    pageFields: { before: 'Page', between: 'of' },
    logoAlt: (organisation) => `${organisation} logo`,
    languages: 'Languages',
    reviewReason: (reason) =>
      reason.kind === 'trigger'
        ? reason.reason
        : reason.months === 12
          ? 'annual review'
          : reason.months === 1
            ? 'every month'
            : `every ${reason.months} months`,
    calendar: {
      name: 'Policy reviews',
      summary: (policy, home) => `Review: ${policy} – ${home}`,
      why: 'Why this date',
      lastReviewed: 'Last reviewed',
      organisationFile: 'Organisation file',
    },
  },
  cy: {
    nextReviewDate: 'Dyddiad yr Adolygiad Nesaf',
    page: (n, of) => `Tudalen ${n} o ${of}`,
    pageFields: { before: 'Tudalen', between: 'o' },
    logoAlt: (organisation) => `Logo ${organisation}`,
    languages: 'Ieithoedd',
    // "Mis" stays singular after a numeral; only "dau" mutates it (docs/welsh-terms.md).
    reviewReason: (reason) =>
      reason.kind === 'trigger'
        ? reason.reason
        : reason.months === 12
          ? 'adolygiad blynyddol'
          : reason.months === 1
            ? 'bob mis'
            : reason.months === 2
              ? 'bob 2 fis'
              : `bob ${reason.months} mis`,
    calendar: {
      name: 'Adolygiadau polisi',
      summary: (policy, home) => `Adolygiad: ${policy} – ${home}`,
      why: 'Pam y dyddiad hwn',
      lastReviewed: 'Adolygwyd ddiwethaf',
      organisationFile: 'Ffeil y sefydliad',
    },
  },
};

export function wordsFor(language: Language): Words {
  return WORDS[language];
}

/** A language's name in itself: a link to the Welsh version says "Cymraeg" in every document. */
export function languageName(language: Language): string {
  return LANGUAGE_NAMES[language];
}
