import { LANGUAGE_NAMES, type Language } from '../languages';
import type { ReviewReason } from '../schedule';
import { textIn } from '../validate';

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
  /** Why the next review falls when it does: "annual review", "every 6 months", or the trigger's own reason in this language. */
  reviewReason(reason: ReviewReason): string;
  /** A language's name in running text of this language: "Welsh" in English, "Saesneg" in Welsh. */
  languageNames: Readonly<Record<Language, string>>;
  /** The home's list of its policies (`index.html`). */
  index: {
    title: string;
    registrationNumber: string;
    registeredManager: string;
    columns: {
      policy: string;
      version: string;
      languages: string;
      lastReviewed: string;
      nextReview: string;
      status: string;
      files: string;
    };
    status: Record<'ok' | 'due' | 'overdue', string>;
    /** The status is as of the build, and the page carries no date, so an unchanged status leaves the page unchanged. */
    statusNote: string;
    files: { md: string; html: string; pdf: string; docx: string; pack(page: number): string };
  };
  /** The home's policy manual (`build --pack`). */
  pack: {
    title: string;
    compiledOn(date: string): string;
    contents: string;
    columns: { policy: string; version: string; nextReview: string; page: string };
    readAndSign: string;
    statement: string;
    policy: string;
    version: string;
    signatures: { name: string; role: string; signature: string; date: string };
  };
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
        ? textIn(reason.reason, 'en')
        : reason.months === 12
          ? 'annual review'
          : reason.months === 1
            ? 'every month'
            : `every ${reason.months} months`,
    languageNames: { en: 'English', cy: 'Welsh' },
    index: {
      title: 'Policies',
      registrationNumber: 'Registration Number',
      registeredManager: 'Registered manager',
      columns: {
        policy: 'Policy',
        version: 'Version',
        languages: 'Languages',
        lastReviewed: 'Last reviewed',
        nextReview: 'Next review',
        status: 'Status',
        files: 'Files',
      },
      status: { ok: 'OK', due: 'Due within 30 days', overdue: 'Overdue' },
      statusNote: 'Each status is as it was on the day these files were built: run policygen due for today’s.',
      files: { md: 'Markdown', html: 'Web page', pdf: 'PDF', docx: 'Word', pack: (page) => `Policy manual, page ${page}` },
    },
    pack: {
      title: 'Policy manual',
      compiledOn: (date) => `Compiled on ${date}`,
      contents: 'Contents',
      columns: { policy: 'Policy', version: 'Version', nextReview: 'Next review', page: 'Page' },
      readAndSign: 'Read and sign',
      statement: 'I have read and understood this policy.',
      policy: 'Policy',
      version: 'Version',
      signatures: { name: 'Name', role: 'Role', signature: 'Signature', date: 'Date' },
    },
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
        ? textIn(reason.reason, 'cy')
        : reason.months === 12
          ? 'adolygiad blynyddol'
          : reason.months === 1
            ? 'bob mis'
            : reason.months === 2
              ? 'bob 2 fis'
              : `bob ${reason.months} mis`,
    languageNames: { en: 'Saesneg', cy: 'Cymraeg' },
    index: {
      title: 'Polisïau',
      registrationNumber: 'Rhif Cofrestru',
      registeredManager: 'Rheolwr cofrestredig',
      columns: {
        policy: 'Polisi',
        version: 'Fersiwn',
        languages: 'Ieithoedd',
        lastReviewed: 'Adolygwyd ddiwethaf',
        nextReview: 'Adolygiad nesaf',
        status: 'Statws',
        files: 'Ffeiliau',
      },
      status: { ok: 'Iawn', due: 'Yn ddyledus o fewn 30 diwrnod', overdue: 'Hwyr' },
      statusNote: 'Mae pob statws fel yr oedd ar y diwrnod y lluniwyd y ffeiliau hyn: rhedwch policygen due i gael statws heddiw.',
      files: { md: 'Markdown', html: 'Tudalen we', pdf: 'PDF', docx: 'Word', pack: (page) => `Llawlyfr polisïau, tudalen ${page}` },
    },
    pack: {
      title: 'Llawlyfr polisïau',
      compiledOn: (date) => `Lluniwyd ar ${date}`,
      contents: 'Cynnwys',
      columns: { policy: 'Polisi', version: 'Fersiwn', nextReview: 'Adolygiad nesaf', page: 'Tudalen' },
      readAndSign: 'Darllen a llofnodi',
      statement: 'Rwyf wedi darllen a deall y polisi hwn.',
      policy: 'Polisi',
      version: 'Fersiwn',
      signatures: { name: 'Enw', role: 'Rôl', signature: 'Llofnod', date: 'Dyddiad' },
    },
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
