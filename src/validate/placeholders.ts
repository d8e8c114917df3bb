import type { Diagnostic } from '../diagnostics';
import { COMPUTED_PLACEHOLDERS, FIELD_PREFIX } from './fields';
import type { Organisation, Template, TemplatePartial } from './model';
import { closest } from './schema-errors';
import { checkPlaceholders, type PlaceholderProblem, type PlaceholderVocabulary } from './templates';

/**
 * Check one template (with its partials) against what one organisation defines, with
 * messages that name the organisation file and say what to add or where the typo is.
 */
export function checkTemplateForOrganisation(
  template: Template,
  partials: Map<string, TemplatePartial>,
  organisation: Organisation,
  vocabulary: PlaceholderVocabulary,
): Diagnostic[] {
  return checkPlaceholders(template.tags, partials, vocabulary, (problem) => explainPlaceholderProblem(problem, organisation, vocabulary));
}

function explainPlaceholderProblem(
  problem: PlaceholderProblem,
  organisation: Organisation,
  vocabulary: PlaceholderVocabulary,
): { message: string; hint?: string } {
  const { name } = problem;
  const values = [...vocabulary.values];
  const didYouMean = (candidates: string[]) => {
    const suggestion = closest(name, candidates);
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
    const where = field.includes('_') ? `organisation.${field} (or organisation.${field.replace(/_/g, '.')})` : `organisation.${field}`;
    return {
      message: `{{${name}}} is not defined: ${organisation.file} has no ${where}`,
      hint: didYouMean(values) ?? `add "${field}:" under organisation: in ${organisation.file}`,
    };
  }
  return {
    message: `{{${name}}} is not a known placeholder`,
    hint: didYouMean(values) ?? `placeholders are org_field_* (from the organisation file) and ${COMPUTED_PLACEHOLDERS.join(', ')}`,
  };
}
