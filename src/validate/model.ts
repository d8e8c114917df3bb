import type { Language } from '../languages';
import type { ImageType, LogoImage, YamlSource } from '../load';
import type { FlatField } from './fields';
import type { FieldOrigin } from './locate';

/** A calendar date as `yyyy-MM-dd`. Kept as text between stages so no time zone can shift it. */
export type CalendarDate = string;

/**
 * Text the user writes for the documents: one text for every language, or a text per
 * language (`{ cy: …, en: … }`, at least one) so that a bilingual home's Welsh documents are
 * Welsh throughout. `textIn` picks the text for a document.
 */
export type LocalisedText = string | Readonly<Partial<Record<Language, string>>>;

export interface ReviewTrigger {
  date: CalendarDate;
  reason: LocalisedText;
  /** Template ids; undefined means every policy. */
  policies?: string[];
  /** `group` when it came from the config file's defaults (a care group's trigger for every home); else the home's own. */
  origin?: FieldOrigin;
}

/**
 * One policy's own review record (`review.policies.<id>`): reviewing one policy re-dates
 * that policy alone. Whatever it leaves out comes from the organisation's settings.
 */
export interface PolicyReviewRecord {
  /** Shortens the review cycle of this policy only. */
  intervalMonths?: number;
  /** This policy's own last review; the organisation's `review.last_reviewed` when absent. */
  lastReviewed?: CalendarDate;
  reviewedBy?: string;
  approvedBy?: string;
  /** What changed at that review, in a few words. */
  changes?: LocalisedText;
}

export interface ReviewSettings {
  /** Undefined means "the build date": a yearly rebuild re-dates every policy. */
  lastReviewed?: CalendarDate;
  intervalMonths: number;
  /** Per-policy review records, by template id (a Map: an id such as "constructor" is only data). */
  policies: ReadonlyMap<string, PolicyReviewRecord>;
  triggers: ReviewTrigger[];
}

/** An organisation file that passed validation. */
export interface Organisation {
  file: string;
  absolutePath: string;
  outputName: string;
  /** The `organisation` mapping as written: names, numbers as text, custom fields. */
  fields: Record<string, unknown> & { name: string; registration_no: string; logo?: string };
  review: ReviewSettings;
  /** The languages its policies are built in, the preferred first. */
  languages: Language[];
  /** The `organisation` fields as placeholders, worked out once: values and groups. */
  placeholders: { values: FlatField[]; groups: string[] };
  /** Kept so that later checks (the logo, placeholders) can point at the right line. */
  yaml: YamlSource;
  logo?: LogoImage;
  /** The ids of the library's policies this home has (its `policies:` choice); undefined means every one. */
  chosenPolicies?: ReadonlySet<string>;
}

/** A template whose front matter and mustache syntax are valid: one language version of a policy. */
export interface Template {
  id: string;
  language: Language;
  title: string;
  /** The policy's version, as its front matter gives it ("3.1"); "1" when it gives none. */
  version: string;
  reviewIntervalMonths?: number;
  file: string;
  body: string;
  bodyLineOffset: number;
  /** Every placeholder, section and partial the body uses, with its position. */
  tags: TemplateTag[];
  /** How large the body becomes with its partials filled in: bounded, so rendering is too. */
  expansion: TemplateExpansion;
  /** The images the body shows, read and checked, by the name the documents use for each. */
  images: TemplateImage[];
  /** Changes to the body before it is filled, so the Markdown file shows what the other formats show (see TextEdit). */
  edits: TextEdit[];
}

/**
 * An image from the template library, as the documents use it: `href` is its file name
 * beside a built policy's Markdown, and its name in the HTML, PDF and Word documents.
 */
export interface TemplateImage {
  href: string;
  type: ImageType;
  bytes: Uint8Array;
  /** The same picture in a form the PDF embeds correctly, when the file itself is not. */
  pdfBytes?: Uint8Array;
  width: number;
  height: number;
}

/**
 * `start` to `end` of a body (0-based offsets) becomes `text`: an image's path becomes its
 * output name; raw HTML, footnotes and bare addresses are written so that every Markdown
 * reader shows what the HTML, PDF and Word documents show.
 */
export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** Characters of template text, and placeholders filled, once every partial is included. */
export interface TemplateExpansion {
  chars: number;
  placeholders: number;
}

export interface TemplatePartial {
  name: string;
  language: Language;
  file: string;
  body: string;
  tags: TemplateTag[];
  images: TemplateImage[];
  edits: TextEdit[];
  /** The library folder it came from, as an index into the library's `folders` (0: the built-in library). */
  libraryIndex?: number;
}

/**
 * One policy: the same id, review interval and version in each language it is written in.
 * Its review dates are the policy's, whatever the language a home reads it in.
 */
export interface Policy {
  id: string;
  /** By language, English first when there is an English version. */
  templates: ReadonlyMap<Language, Template>;
  /** The version that speaks for the policy (its review interval, title in listings): English, else the only one. */
  primary: Template;
}

export interface TemplateLibrary {
  /** Every language version of every policy, by id then language. */
  templates: Template[];
  /** The same templates grouped by policy, in id order. */
  policies: Policy[];
  /** By `partialKey(name, language)`: `sign-off` is English, `sign-off.cy` Welsh. */
  partials: Map<string, TemplatePartial>;
  /** The template folders searched, as the user names them: for TRANSLATION_MISSING. */
  folders: readonly string[];
  /** Every placeholder, section and partial name any template uses (through its partials too). */
  usedNames: ReadonlySet<string>;
}

/** One `{{…}}` in a template: a value, a section, an inverted section or a partial. */
export interface TemplateTag {
  kind: 'variable' | 'section' | 'inverted' | 'partial';
  name: string;
  file: string;
  line: number;
  column: number;
  length: number;
  excerpt: string;
  /** Tags inside a section. */
  children: TemplateTag[];
}
