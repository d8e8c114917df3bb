/**
 * A home's list of its policies (`index.html`): every policy with its version, languages,
 * last and next review, its status, and a link to each file built of it. One standalone
 * page per language, like the policies: a bilingual home gets `index.cy.html` and
 * `index.en.html`, each wholly in its language and linking to the other.
 */
import type { Format } from '../formats';
import type { Language } from '../languages';
import { formatLongDate } from '../schedule';
import type { CalendarDate } from '../validate';
import { COLOUR_VARIABLES, dataUri, escapeHtml, openPage, type EmbeddedImage } from './html';
import { wordsFor } from './words';

/** A review within this many days is "due". */
export const DUE_SOON_DAYS = 30;

export type ReviewStatus = 'ok' | 'due' | 'overdue';

export function reviewStatus(daysLeft: number): ReviewStatus {
  return daysLeft < 0 ? 'overdue' : daysLeft <= DUE_SOON_DAYS ? 'due' : 'ok';
}

/** One policy's row. */
export interface IndexEntry {
  /** The policy's title in the page's language. */
  title: string;
  version: string;
  lastReviewed: CalendarDate;
  nextReview: CalendarDate;
  daysLeft: number;
  /** The files built of it in the page's language, by format, as links relative to the page. */
  files: ReadonlyArray<{ format: Format; href: string }>;
  /** Where it starts in the home's policy manual, when one is built. */
  pack?: { href: string; page: number };
}

export interface IndexOptions {
  language: Language;
  organisationName: string;
  registrationNumber: string;
  registeredManager: string;
  /** The languages the home's policies are built in, the preferred first. */
  languages: readonly Language[];
  logo?: EmbeddedImage;
  /** The same page in the home's other languages. */
  alternates: ReadonlyArray<{ language: Language; href: string }>;
}

export function renderIndex(entries: readonly IndexEntry[], options: IndexOptions): string {
  const words = wordsFor(options.language);
  const { columns } = words.index;
  const e = escapeHtml;
  const date = (value: CalendarDate) => e(formatLongDate(value, options.language));
  const languageList = e(options.languages.map((language) => words.languageNames[language]).join(', '));
  const rows = entries.map((entry) => {
    const status = reviewStatus(entry.daysLeft);
    const links = entry.files.map(({ format, href }) => `<a href="${e(href)}">${e(words.index.files[format])}</a>`);
    if (entry.pack)
      links.push(`<a href="${e(`${entry.pack.href}#page=${entry.pack.page}`)}">${e(words.index.files.pack(entry.pack.page))}</a>`);
    return [
      '<tr>',
      `<th scope="row">${e(entry.title)}</th>`,
      `<td>${e(entry.version)}</td>`,
      `<td>${languageList}</td>`,
      `<td>${date(entry.lastReviewed)}</td>`,
      `<td>${date(entry.nextReview)}</td>`,
      `<td><span class="status ${status}">${e(words.index.status[status])}</span></td>`,
      `<td class="files">${links.join(' ')}</td>`,
      '</tr>\n',
    ].join('');
  });
  const logo = options.logo
    ? `<p class="logo"><img src="${dataUri(options.logo)}" alt="${e(words.logoAlt(options.organisationName))}" width="${options.logo.width}" height="${options.logo.height}"></p>\n`
    : '';
  return [
    openPage({
      language: options.language,
      title: words.index.title,
      organisationName: options.organisationName,
      alternates: options.alternates,
      style: STYLE,
    }),
    '<header class="letterhead">\n',
    logo,
    `<p class="name">${e(options.organisationName)}</p>\n`,
    `<p>${e(words.index.registrationNumber)}: ${e(options.registrationNumber)}</p>\n`,
    `<p>${e(words.index.registeredManager)}: ${e(options.registeredManager)}</p>\n`,
    '</header>\n',
    '<main>\n',
    `<h1>${e(words.index.title)}</h1>\n`,
    '<div class="table">\n<table>\n',
    '<thead><tr>',
    ...[columns.policy, columns.version, columns.languages, columns.lastReviewed, columns.nextReview, columns.status, columns.files].map(
      (column) => `<th scope="col">${e(column)}</th>`,
    ),
    '</tr></thead>\n',
    `<tbody>\n${rows.join('')}</tbody>\n`,
    '</table>\n</div>\n',
    `<p class="note">${e(words.index.statusNote)}</p>\n`,
    '</main>\n',
    '</body>\n',
    '</html>\n',
  ].join('');
}

/* The policy pages' look (colours, fonts, letterhead), with a table that scrolls on a phone and prints on A4 landscape. */
const STYLE = `
${COLOUR_VARIABLES}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 72rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink); background: #fff;
  font: 1rem/1.5 "Noto Sans", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif; }
.letterhead { border-bottom: 2px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: 0.75rem; }
.letterhead p { margin: 0.15rem 0; color: var(--muted); }
.letterhead .name { color: var(--ink); font-size: 1.2rem; font-weight: 700; }
.logo img { display: block; max-height: 5rem; max-width: 12rem; height: auto; width: auto; margin-bottom: 0.5rem; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; line-height: 1.25; }
.table { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: 0.95rem; }
th, td { text-align: left; vertical-align: top; padding: 0.45rem 0.6rem; border-bottom: 1px solid var(--rule); }
thead th { color: var(--accent); border-bottom: 2px solid var(--accent); white-space: nowrap; }
tbody th { font-weight: 600; }
.files a { color: var(--accent); margin-right: 0.6rem; white-space: nowrap; }
.status { font-weight: 600; white-space: nowrap; }
.status.due { color: #8a5a00; }
.status.overdue { color: #a1261b; }
.note { color: var(--muted); font-size: 0.9rem; }
.languages { text-align: right; font-size: 0.9rem; margin: 0 0 0.75rem; }
.languages a { margin-left: 0.75rem; }
@page { size: A4 landscape; margin: 15mm; }
@media print { body { max-width: none; padding: 0; font-size: 10pt; } .languages { display: none; } a { color: inherit; } }
`.trim();
