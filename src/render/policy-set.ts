/**
 * A home's policies as a set, per language: its policy manual (`policy-pack.pdf`) and its
 * index page (`index.html`). Made once every policy of the home is rendered, from the same
 * Markdown, in the order the manual and the index share.
 */
import type { Format } from '../formats';
import type { Language } from '../languages';
import { formatLongDate, type ReviewSchedule } from '../schedule';
import type { CalendarDate, Organisation, Template, TemplateImage } from '../validate';
import { orderPolicies } from './policy-order';
import { documentImages, forPdf, logoImage } from './render-formats';
import type { EmbeddedImage } from './html';
import type { IndexEntry } from './policy-index';

/** One policy in one language, as the set needs it. */
export interface PolicySetEntry {
  id: string;
  template: Template;
  review: ReviewSchedule;
  markdown: string;
  /** The pictures from the template library that the policy may show. */
  pictures: readonly TemplateImage[];
  /** The files built of it in this language, by format, as names beside the index. */
  files: Array<{ format: Format; href: string }>;
}

/** The home's rendered policies, by language, as the build loop meets them. */
export class PolicySet {
  private readonly byLanguage = new Map<Language, PolicySetEntry[]>();

  constructor(readonly languages: readonly Language[]) {
    for (const language of languages) this.byLanguage.set(language, []);
  }

  add(language: Language, entry: PolicySetEntry): void {
    this.byLanguage.get(language)!.push(entry);
  }

  entries(language: Language): readonly PolicySetEntry[] {
    return this.byLanguage.get(language) ?? [];
  }
}

export interface PolicySetOptions {
  formats: readonly Format[];
  pack?: boolean;
  order?: readonly string[];
  /** The build date: a manual compiled now is dated with it, on its cover and in its metadata. */
  today: CalendarDate;
  /** The manual an earlier build left under this file name, if any: kept, with its date, while its content is unchanged. */
  earlierManual?: (fileName: string) => Uint8Array | undefined;
}

/** A file of the set, named by `name(language, extension, base)`: `index.html`, `policy-pack.cy.pdf`. */
export type SetFileName = (language: Language, extension: string, base: 'index' | 'policy-pack') => string;

/**
 * The manual (with `pack`) and the index (with HTML or `pack`) of each language, as
 * [file name, contents] pairs. The index links to where each policy starts in the manual.
 */
export async function renderPolicySet(
  set: PolicySet,
  organisation: Organisation,
  options: PolicySetOptions,
  name: SetFileName,
): Promise<Array<[string, string | Uint8Array]>> {
  const files: Array<[string, string | Uint8Array]> = [];
  const { renderIndex } = require('./formats') as typeof import('./formats');
  const manager = organisation.fields.registered_manager as { first_name: string; last_name: string };
  const logo = logoImage(organisation);
  for (const language of set.languages) {
    const entries = orderPolicies(set.entries(language), (entry) => entry.template.title, language, options.order);
    let startPages: readonly number[] | undefined;
    if (options.pack) {
      const fileName = name(language, 'pdf', 'policy-pack');
      const pack = await compileManual(entries, organisation, language, options.today, options.earlierManual?.(fileName));
      files.push([fileName, pack.bytes]);
      startPages = pack.startPages;
    }
    const rows: IndexEntry[] = entries.map((entry, index) => ({
      title: entry.template.title,
      version: entry.template.version,
      lastReviewed: entry.review.lastReviewed,
      nextReview: entry.review.nextReview,
      daysLeft: entry.review.daysLeft,
      files: entry.files,
      ...(startPages ? { pack: { href: name(language, 'pdf', 'policy-pack'), page: startPages[index]! } } : {}),
    }));
    files.push([
      name(language, 'html', 'index'),
      renderIndex(rows, {
        language,
        organisationName: organisation.fields.name,
        registrationNumber: organisation.fields.registration_no,
        registeredManager: `${manager.first_name} ${manager.last_name}`,
        languages: set.languages,
        ...(logo ? { logo } : {}),
        alternates: set.languages
          .filter((other) => other !== language)
          .map((other) => ({ language: other, href: name(other, 'html', 'index') })),
      }),
    ]);
  }
  return files;
}

/**
 * The policy manual of one language, dated the day it was compiled. A manual built on an
 * earlier day whose content has not changed since is that day's manual still: when
 * rendering with its date gives exactly its bytes, it is kept as it is (so `--check` finds
 * it current, and a rebuild leaves it unchanged). Otherwise the manual is compiled today.
 * An unchanged manual costs one rendering, as before; a changed one, two.
 */
async function compileManual(
  entries: readonly PolicySetEntry[],
  organisation: Organisation,
  language: Language,
  today: CalendarDate,
  earlier: Uint8Array | undefined,
): Promise<{ bytes: Uint8Array; startPages: number[] }> {
  const { compiledDateOf } = require('./pdf') as typeof import('./pdf');
  const compiledOn = earlier && compiledDateOf(earlier);
  if (earlier && compiledOn && compiledOn < today) {
    const again = await renderManual(entries, organisation, language, compiledOn);
    if (Buffer.compare(again.bytes, earlier) === 0) return again;
  }
  return renderManual(entries, organisation, language, today);
}

/** The policy manual of one language, from the policies' Markdown, in the set's order, dated `date`. */
async function renderManual(
  entries: readonly PolicySetEntry[],
  organisation: Organisation,
  language: Language,
  date: CalendarDate,
): Promise<{ bytes: Uint8Array; startPages: number[] }> {
  const { parseDocument } = require('./formats') as typeof import('./formats');
  const { renderPack } = require('./pdf') as typeof import('./pdf');
  const manager = organisation.fields.registered_manager as { first_name: string; last_name: string };
  const documents = entries.map((entry) => parseDocument(entry.markdown));
  // The logo (on the cover, even when no policy shows it) and every picture any policy shows, each embedded once.
  const images = new Map<string, EmbeddedImage>();
  const logo = logoImage(organisation);
  if (logo) images.set(logo.href, logo);
  entries.forEach((entry, index) => {
    for (const image of documentImages(documents[index]!, organisation, entry.pictures)) images.set(image.href, image);
  });
  return renderPack(
    entries.map((entry, index) => ({
      document: documents[index]!,
      title: entry.template.title,
      version: entry.template.version,
      nextReview: formatLongDate(entry.review.nextReview, language),
    })),
    {
      language,
      organisationName: organisation.fields.name,
      registrationNumber: organisation.fields.registration_no,
      registeredManager: `${manager.first_name} ${manager.last_name}`,
      images: forPdf([...images.values()]),
      date,
      dateText: formatLongDate(date, language),
    },
  );
}
