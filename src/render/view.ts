import type { ReviewSchedule } from '../schedule';
import { formatLongDate, yearOf } from '../schedule';
import {
  FIELD_PREFIX,
  OPTIONAL_COMPUTED_PLACEHOLDERS,
  type CalendarDate,
  type Organisation,
  type PlaceholderVocabulary,
  type Template,
  textIn,
} from '../validate';
import type { Language } from '../languages';
import { escapeMarkdown, MarkdownFragment } from './escape-markdown';
import { wordsFor } from './words';

/** Where the logo will be, relative to the rendered document. */
export interface LogoReference {
  href: string;
}

/** A group of fields (`organisation.address`): true in a section, never printed itself. */
export const FIELD_GROUP: Readonly<Record<string, never>> = Object.freeze({});

export type View = Record<string, string | MarkdownFragment | typeof FIELD_GROUP>;

/**
 * The values a template is filled with: `organisation.X.Y` as `org_field_X_Y`, the review
 * dates in the document's language, the current year, and the policy's document control
 * (its title and version, and its review record). The logo is the image itself, not its
 * path, described in the document's language.
 */
export function buildView(
  organisation: Organisation,
  schedule: ReviewSchedule,
  today: CalendarDate,
  logo: LogoReference | undefined,
  language: Language,
  template: Pick<Template, 'title' | 'version'>,
): View {
  // No prototype: a template id or field called "constructor" must find nothing it did not define.
  const view = Object.create(null) as View;
  for (const group of organisation.placeholders.groups) view[group] = FIELD_GROUP;
  for (const field of organisation.placeholders.values) view[field.name] = field.value;
  if (logo) {
    const alt = wordsFor(language).logoAlt(organisation.fields.name);
    view.org_field_logo = new MarkdownFragment(`![${escapeMarkdown(alt)}](${logo.href})`);
  } else {
    delete view.org_field_logo;
  }
  view.last_update_date = formatLongDate(schedule.lastReviewed, language);
  view.next_review_date = formatLongDate(schedule.nextReview, language);
  view.current_year = String(yearOf(today));
  const record = organisation.review.policies.get(schedule.policyId);
  const manager = organisation.fields.registered_manager as { first_name: string; last_name: string };
  const managerName = personName(manager);
  const responsible = organisation.fields.responsible_individual as string | { first_name: string; last_name: string } | undefined;
  view.policy_title = template.title;
  view.policy_version = template.version;
  // The registered manager reviews; the responsible individual, when named, approves (the RI answers to CIW for the policies).
  view.reviewed_by = record?.reviewedBy ?? managerName;
  view.approved_by = record?.approvedBy ?? (responsible === undefined ? managerName : personName(responsible));
  view.review_reason = wordsFor(language).reviewReason(schedule.reason);
  if (record?.changes !== undefined) view.review_changes = textIn(record.changes, language);
  return view;
}

/** What a view defines, as the placeholder check needs it: printable values, and groups usable only as sections. */
export function vocabularyOf(view: View): PlaceholderVocabulary {
  const names = Object.keys(view);
  let longestValue = 0;
  for (const name of names) {
    const value = view[name];
    if (typeof value === 'string') longestValue = Math.max(longestValue, value.length);
  }
  return {
    values: new Set(names.filter((name) => view[name] !== FIELD_GROUP)),
    groups: new Set(names.filter((name) => view[name] === FIELD_GROUP)),
    fieldPrefix: FIELD_PREFIX,
    optional: OPTIONAL_COMPUTED_PLACEHOLDERS,
    longestValue,
  };
}

/** A person as the schema lets a file name them: one line of text, or first_name and last_name. */
function personName(person: string | { first_name: string; last_name: string }): string {
  return typeof person === 'string' ? person : `${person.first_name} ${person.last_name}`;
}
