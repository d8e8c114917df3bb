import type { LogoImage, YamlSource } from '../load';
import type { FlatField } from './fields';

/** A calendar date as `yyyy-MM-dd`. Kept as text between stages so no time zone can shift it. */
export type CalendarDate = string;

export type Locale = 'en-GB' | 'cy';

export interface ReviewTrigger {
  date: CalendarDate;
  reason: string;
  /** Template ids; undefined means every policy. */
  policies?: string[];
}

export interface ReviewSettings {
  /** Undefined means "the build date": a yearly rebuild re-dates every policy. */
  lastReviewed?: CalendarDate;
  intervalMonths: number;
  /** Per-policy interval overrides, by template id (a Map: an id such as "constructor" is only data). */
  policyIntervals: ReadonlyMap<string, number>;
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
  locale: Locale;
  /** The `organisation` fields as placeholders, worked out once: values and groups. */
  placeholders: { values: FlatField[]; groups: string[] };
  /** Kept so that later checks (the logo, placeholders) can point at the right line. */
  yaml: YamlSource;
  logo?: LogoImage;
}

/** A template whose front matter and mustache syntax are valid. */
export interface Template {
  id: string;
  title: string;
  reviewIntervalMonths?: number;
  file: string;
  body: string;
  bodyLineOffset: number;
  /** Every placeholder, section and partial the body uses, with its position. */
  tags: TemplateTag[];
  /** How large the body becomes with its partials filled in: bounded, so rendering is too. */
  expansion: TemplateExpansion;
}

/** Characters of template text, and placeholders filled, once every partial is included. */
export interface TemplateExpansion {
  chars: number;
  placeholders: number;
}

export interface TemplatePartial {
  name: string;
  file: string;
  body: string;
  tags: TemplateTag[];
}

export interface TemplateLibrary {
  templates: Template[];
  partials: Map<string, TemplatePartial>;
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
