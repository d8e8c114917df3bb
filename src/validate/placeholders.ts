import type { Diagnostic } from '../diagnostics';
import { COMPUTED_PLACEHOLDERS, FIELD_PREFIX, groupPath, OPTIONAL_COMPUTED_PLACEHOLDERS, type FlatField } from './fields';
import { diagnosticAtPath } from './locate';
import type { Organisation, Template, TemplatePartial, TemplateTag } from './model';
import { closest } from './schema-errors';
import { partialsIn } from './partials';
import { MAX_DOCUMENT_CHARS } from './template-library';
import { dedupe, tagDiagnostic } from './template-tags';

/**
 * Check one template (with its partials) against what one organisation defines, with
 * messages that name the organisation file and say what to add or where the typo is.
 */
export function checkTemplateForOrganisation(
  template: Template,
  partials: ReadonlyMap<string, TemplatePartial>,
  organisation: Organisation,
  vocabulary: PlaceholderVocabulary,
): Diagnostic[] {
  const size = template.expansion.chars + template.expansion.placeholders * (vocabulary.longestValue ?? 0);
  if (size > MAX_DOCUMENT_CHARS) {
    return [
      {
        code: 'TEMPLATE_TOO_LARGE',
        severity: 'error',
        file: template.file,
        ...(template.tags[0] ? { line: template.tags[0].line, column: template.tags[0].column, excerpt: template.tags[0].excerpt } : {}),
        message: `${template.id} would be more than ${MAX_DOCUMENT_CHARS.toLocaleString('en-GB')} characters long for ${organisation.file}: it prints ${template.expansion.placeholders.toLocaleString('en-GB')} placeholders, and the longest value is ${(vocabulary.longestValue ?? 0).toLocaleString('en-GB')} characters`,
        hint: 'print fewer placeholders, or shorten the longest value',
      },
    ];
  }
  return checkPlaceholders(template.tags, partialsIn(partials, template.language), vocabulary, (problem) =>
    explainPlaceholderProblem(problem, organisation, vocabulary),
  );
}

/**
 * The defined placeholder a misspelt one most probably meant. Names that share a group
 * (`org_field_address_postcode`, `org_field_address_town`) are compared by what differs,
 * so a missing postcode is not "probably" the town.
 */
function closestField(name: string, candidates: readonly string[]): string | undefined {
  const segments = name.split('_');
  let best: string | undefined;
  for (const candidate of candidates) {
    const other = candidate.split('_');
    let shared = 0;
    while (shared < Math.min(segments.length, other.length) - 1 && segments[shared] === other[shared]) shared++;
    const match = closest(segments.slice(shared).join('_'), [other.slice(shared).join('_')]);
    if (match !== undefined && (best === undefined || closest(name, [best, candidate]) === candidate)) best = candidate;
  }
  return best;
}

function explainPlaceholderProblem(
  problem: PlaceholderProblem,
  organisation: Organisation,
  vocabulary: PlaceholderVocabulary,
): { message: string; hint?: string } {
  const { name } = problem;
  const values = [...vocabulary.values];
  const didYouMean = (candidates: string[]) => {
    const suggestion = closestField(name, candidates);
    return suggestion ? `did you mean {{${suggestion}}}?` : undefined;
  };
  if (problem.kind === 'group-as-value') {
    const members = values.filter((value) => value.startsWith(`${name}_`));
    return {
      message: `{{${name}}} is a group of fields in ${organisation.file}, not a single value`,
      hint: `use its fields: ${members.map((member) => `{{${member}}}`).join(', ')}`,
    };
  }
  if (problem.kind === 'impossible-section') {
    return {
      message: `{{#${name}}} can never be true: sections test organisation fields (${FIELD_PREFIX}…)`,
      hint: didYouMean([...values, ...vocabulary.groups]) ?? `check the name`,
    };
  }
  if (name.startsWith(FIELD_PREFIX)) {
    const field = name.slice(FIELD_PREFIX.length);
    if (field === 'logo') {
      return {
        message: `{{${name}}} is not defined: ${organisation.file} has no organisation.logo`,
        hint: `add "logo: ./logo.png" under organisation: in ${organisation.file}, or use {{#${name}}}…{{/${name}}} to show it only when there is one`,
      };
    }
    // A field of a group the organisation has (address without a postcode): add it, or make the line optional.
    const group = [...vocabulary.groups].filter((g) => name.startsWith(`${g}_`)).sort((a, b) => b.length - a.length)[0];
    // A field written as one line (`responsible_individual: Rhys Morgan`) that a template asks for by its parts.
    const text = organisation.placeholders.values
      .filter((value) => name.startsWith(`${value.name}_`))
      .sort((a, b) => b.name.length - a.name.length)[0];
    if (text && (!group || text.name.length > group.length)) return explainTextAsGroup(name, text, organisation);
    // The group as written (registered_manager, address.postal), not split at every underscore.
    const groupAt =
      group &&
      (groupPath(organisation.placeholders.values, group)?.slice(1).join('.') ?? group.slice(FIELD_PREFIX.length).replace(/_/g, '.'));
    const where = groupAt
      ? `organisation.${groupAt}.${name.slice(group.length + 1)}`
      : field.includes('_')
        ? `organisation.${field} (or organisation.${field.replace(/_/g, '.')})`
        : `organisation.${field}`;
    const add = groupAt
      ? `add "${name.slice(group.length + 1)}:" under ${groupAt}: in ${organisation.file}`
      : `add "${field}:" under organisation: in ${organisation.file}`;
    const optional = `or show the line only when it is given: {{#${name}}}…{{/${name}}}`;
    const suggestion = didYouMean(values);
    return {
      message: `{{${name}}} is not defined: ${organisation.file} has no ${where}`,
      hint: suggestion ? `${suggestion} If not, ${add}, ${optional}` : `${add}, ${optional}`,
    };
  }
  if (OPTIONAL_COMPUTED_PLACEHOLDERS.has(name)) {
    return {
      message: `{{${name}}} is not defined for this policy: ${organisation.file} records no changes for it`,
      hint: `add "changes:" under review.policies.<id> in ${organisation.file}, or show it only when there are some: {{#${name}}}…{{/${name}}}`,
    };
  }
  return {
    message: `{{${name}}} is not a known placeholder`,
    hint: didYouMean(values) ?? `placeholders are org_field_* (from the organisation file) and ${COMPUTED_PLACEHOLDERS.join(', ')}`,
  };
}

/**
 * A template asks for a part of a field the organisation gives as one line of text. The
 * field may be written in the home's file or in its care group's defaults: the hint names
 * the file and line where it was written, which is where it would be changed.
 */
function explainTextAsGroup(name: string, text: FlatField, organisation: Organisation): { message: string; hint: string } {
  const at = diagnosticAtPath(organisation.yaml, text.path, 'value', { code: 'UNKNOWN_PLACEHOLDER', message: '' });
  const written = `${at.file}:${at.line}`;
  const dotted = text.path.join('.');
  const key = text.path[text.path.length - 1]!;
  const member = name.slice(text.name.length + 1);
  // The Responsible Individual may be written either way (README, Document control); {{approved_by}} prints it in both.
  const isResponsible = dotted === 'organisation.responsible_individual';
  const parts = isResponsible ? 'first_name: and last_name:' : `"${member}:"`;
  const whole = isResponsible
    ? `{{${text.name}}} or {{approved_by}} (the Responsible Individual in either form, unless a policy's review record names another approver)`
    : `{{${text.name}}}`;
  return {
    message: `{{${name}}} is not defined: ${dotted} is one line of text for ${organisation.file}, not a group with ${member}`,
    hint: `write ${key} at ${written} as a group, with ${parts} under it, or print it whole: ${whole}`,
  };
}

/** What one organisation defines, as a template sees it. */
export interface PlaceholderVocabulary {
  /** Names with a text value: `org_field_name`, `next_review_date`, … */
  values: ReadonlySet<string>;
  /** Names of groups of fields, such as `org_field_address`: usable as sections only. */
  groups: ReadonlySet<string>;
  /** Prefix that a section name must have to be able to test anything. */
  fieldPrefix: string;
  /** Other names a section may test, defined for some documents only (`review_changes`). */
  optional?: ReadonlySet<string>;
  /** The length of the longest value, to bound how large a rendering can be. */
  longestValue?: number;
}

/** Why a tag is wrong, in words for the user. */
export type PlaceholderProblem =
  { kind: 'undefined-value'; name: string } | { kind: 'group-as-value'; name: string } | { kind: 'impossible-section'; name: string };

/**
 * Every placeholder a rendering would print must be defined: a missing one is an error,
 * never a silent blank. A section over an undefined field is a test ("if defined") and its
 * body is only checked when the field is defined, because only then is it printed. A
 * section name that no organisation could define (a typo outside `org_field_…`) is an error.
 */
export function checkPlaceholders(
  tags: TemplateTag[],
  partials: ReadonlyMap<string, TemplatePartial>,
  vocabulary: PlaceholderVocabulary,
  explain: (problem: PlaceholderProblem) => { message: string; hint?: string },
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (tag: TemplateTag, problem: PlaceholderProblem) => {
    const { message, hint } = explain(problem);
    diagnostics.push(tagDiagnostic(tag, 'UNKNOWN_PLACEHOLDER', message, hint));
  };
  // A partial's tags give the same answer wherever it is included: check each partial once.
  const visited = new Set<string>();
  const walk = (list: TemplateTag[]) => {
    for (const tag of list) {
      switch (tag.kind) {
        case 'variable':
          if (vocabulary.groups.has(tag.name)) report(tag, { kind: 'group-as-value', name: tag.name });
          else if (!vocabulary.values.has(tag.name)) report(tag, { kind: 'undefined-value', name: tag.name });
          break;
        case 'section':
        case 'inverted': {
          const defined = vocabulary.values.has(tag.name) || vocabulary.groups.has(tag.name);
          const testable = tag.name.startsWith(vocabulary.fieldPrefix) || vocabulary.optional?.has(tag.name) === true;
          if (!defined && !testable) report(tag, { kind: 'impossible-section', name: tag.name });
          if (tag.kind === 'inverted' || defined) walk(tag.children);
          break;
        }
        case 'partial': {
          const partial = partials.get(tag.name);
          if (partial && !visited.has(tag.name)) {
            visited.add(tag.name);
            walk(partial.tags);
          }
          break;
        }
      }
    }
  };
  walk(tags);
  return dedupe(diagnostics);
}
