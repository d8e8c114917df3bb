import { dirname, resolve } from 'node:path';
import { compareDiagnostics, lineText, type Diagnostic } from '../diagnostics';
import { isScalar } from 'yaml';
import type { LoadedOrganisationFile, YamlSource } from '../load';
import { fieldGroups, flattenFields } from './fields';
import { diagnosticAtPath, formatPath, sourceOf, type FieldPath } from './locate';
import type { Language } from '../languages';
import { languagesOf } from './languages';
import type { Organisation, ReviewTrigger, Template } from './model';
import { choosePolicies, unknownPolicy, type PolicyChoice } from './policy-choice';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';

/** The shape the schema guarantees, as written in YAML. */
interface OrganisationData {
  organisation: Organisation['fields'];
  review?: {
    last_reviewed?: string;
    interval_months?: number;
    policies?: Record<string, { interval_months: number }>;
    triggers?: Array<{ date: string; reason: string; policies?: string[] }>;
  };
  languages?: Language[];
  locale?: 'en-GB' | 'cy';
  policies?: PolicyChoice;
}

/**
 * Check an organisation file against the schema and against the template library
 * (policy ids must exist), and turn it into an `Organisation`.
 */
export function validateOrganisation(
  loaded: LoadedOrganisationFile,
  templates: ReadonlyArray<Pick<Template, 'id' | 'file' | 'reviewIntervalMonths'>>,
  defaultLanguages: readonly Language[] = ['en'],
): { organisation?: Organisation; diagnostics: Diagnostic[] } {
  const validate = schemaValidator('organisation');
  if (!validate(loaded.data)) {
    // The schema itself, read only when there are errors to explain: it says which fields are required.
    const schema = require('../../schemas/organisation.schema.json') as object;
    const diagnostics = schemaErrorsToDiagnostics(loaded.yaml, validate.errors ?? [], { whole: 'the file', field: 'section', schema });
    return { diagnostics: diagnostics.sort(compareDiagnostics) };
  }
  const data = loaded.data as OrganisationData;
  const templateIds = templates.map((template) => template.id);
  const templatesById = new Map(templates.map((template) => [template.id, template]));
  const chosen = languagesOf(data, loaded.yaml);
  const diagnostics: Diagnostic[] = [...chosen.diagnostics];
  const at = (path: FieldPath, fields: Parameters<typeof diagnosticAtPath>[3], point: 'key' | 'value' = 'value') =>
    diagnosticAtPath(loaded.yaml, path, point, fields);

  // Two spellings of the same placeholder would make a template's meaning depend on field order.
  const firstByName = new Map<string, string[]>();
  const values = flattenFields(data.organisation);
  for (const field of values) {
    const earlier = firstByName.get(field.name);
    if (earlier) {
      diagnostics.push(
        at(
          field.path,
          {
            code: 'FIELD_NAME_CLASH',
            path: field.path.join('.'),
            message: `${field.path.join('.')} and ${earlier.join('.')} both become {{${field.name}}}`,
            hint: 'rename one of them',
          },
          'key',
        ),
      );
    } else {
      firstByName.set(field.name, field.path);
    }
  }

  // `name: Bryn Ŵyn #2`: YAML ends the value at " #", silently.
  const textFields = [
    ...values.map((field) => field.path),
    ...(data.review?.triggers ?? []).map((_, i) => ['review', 'triggers', i, 'reason']),
  ];
  for (const path of textFields) {
    const cut = findCutValue(loaded.yaml, path);
    if (cut) diagnostics.push(cut);
  }
  const checkPolicyId = (id: string, path: FieldPath) => {
    const unknown = unknownPolicy(loaded.yaml, path, id, templateIds);
    if (unknown) diagnostics.push(unknown);
  };
  const review = data.review ?? {};
  for (const id of Object.keys(review.policies ?? {})) checkPolicyId(id, ['review', 'policies', id]);

  const triggers: ReviewTrigger[] = [];
  const lastReviewedOrigin = sourceOf(loaded.yaml, ['review', 'last_reviewed']).origin;
  (review.triggers ?? []).forEach((trigger, index) => {
    trigger.policies?.forEach((id, i) => checkPolicyId(id, ['review', 'triggers', index, 'policies', i]));
    const origin = sourceOf(loaded.yaml, ['review', 'triggers', index]).origin;
    // A group's trigger before a home's own later review is no mistake: that home has already reviewed since.
    if (review.last_reviewed !== undefined && trigger.date <= review.last_reviewed && origin === lastReviewedOrigin) {
      diagnostics.push(
        at(['review', 'triggers', index, 'date'], {
          code: 'TRIGGER_BEFORE_LAST_REVIEW',
          severity: 'warning',
          path: `review.triggers[${index}].date`,
          message: `this trigger (${trigger.date}) is not after the last review (${review.last_reviewed}), so it changes nothing`,
          hint: 'remove it, or correct its date',
        }),
      );
    }
    triggers.push({ date: trigger.date, reason: trigger.reason, ...(trigger.policies ? { policies: trigger.policies } : {}), origin });
  });

  const policyChoice = choosePolicies(data.policies, loaded.yaml, templateIds);
  diagnostics.push(...policyChoice.diagnostics);

  const intervalMonths = review.interval_months ?? 12;
  const policyIntervals = new Map<string, number>();
  for (const [id, settings] of Object.entries(review.policies ?? {})) {
    policyIntervals.set(id, settings.interval_months);
    const template = templatesById.get(id);
    const ignored = (message: string) =>
      diagnostics.push(
        at(['review', 'policies', id, 'interval_months'], {
          code: 'INTERVAL_IGNORED',
          severity: 'warning',
          path: `review.policies.${id}.interval_months`,
          message,
          hint: 'a per-policy interval can only shorten the cycle',
        }),
      );
    if (settings.interval_months > intervalMonths) {
      ignored(`${id} cannot be reviewed less often than every policy: review.interval_months (${intervalMonths}) applies`);
    } else if (template?.reviewIntervalMonths !== undefined && settings.interval_months > template.reviewIntervalMonths) {
      ignored(
        `${id} cannot be reviewed less often than its template says: review_interval_months (${template.reviewIntervalMonths}) in ${template.file} applies`,
      );
    }
  }

  const organisation: Organisation = {
    file: loaded.file,
    absolutePath: loaded.absolutePath,
    outputName: loaded.outputName,
    fields: data.organisation,
    review: {
      ...(review.last_reviewed !== undefined ? { lastReviewed: review.last_reviewed } : {}),
      intervalMonths,
      policyIntervals,
      triggers,
    },
    languages: chosen.languages ?? [...defaultLanguages],
    placeholders: { values, groups: fieldGroups(data.organisation) },
    yaml: loaded.yaml,
    ...(policyChoice.chosen ? { chosenPolicies: policyChoice.chosen } : {}),
  };
  return { organisation, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/**
 * A plain (unquoted) value followed on its line by a comment that looks like part of it:
 * `#` right after a single space, or `#` followed by a letter or digit (`#2`). A comment set
 * off by two or more spaces and starting "# " is plainly a comment and is left alone.
 */
function findCutValue(merged: YamlSource, mergedPath: FieldPath): Diagnostic | undefined {
  const { yaml, path } = sourceOf(merged, mergedPath);
  const node = yaml.document.getIn(path as (string | number)[], true);
  if (!isScalar(node) || node.type !== 'PLAIN' || typeof node.value !== 'string' || !node.range) return undefined;
  const lineEnd = yaml.fileText.indexOf('\n', node.range[1]);
  const rest = yaml.fileText.slice(node.range[1], lineEnd < 0 ? undefined : lineEnd).replace(/\r$/, '');
  const comment = /^(?: #|[ \t]+#(?=[^\s#]))/.test(rest) ? rest.trim() : undefined;
  if (!comment) return undefined;
  const field = formatPath(mergedPath);
  const key = String(path[path.length - 1]);
  // Point at the comment, which is what went missing.
  const { line, col } = yaml.lineCounter.linePos(node.range[1] + rest.indexOf('#'));
  return {
    code: 'VALUE_LOOKS_CUT',
    severity: 'warning',
    file: yaml.file,
    line: line + yaml.lineOffset,
    column: col,
    length: comment.length,
    path: field,
    message: `${field} ends before "${comment}": YAML reads " #" as the start of a comment, so the value is "${node.value}"`,
    hint: `if "${comment}" is part of the value, quote it: ${key}: ${JSON.stringify(`${node.value} ${comment}`)}`,
    excerpt: lineText(yaml.fileText, line + yaml.lineOffset),
  };
}

/** Where the logo file is: relative to the file that names it (a home's, or the config file with the group's defaults). */
export function logoPathOf(organisation: Organisation): string | undefined {
  const logo = organisation.fields.logo;
  if (logo === undefined) return undefined;
  return resolve(sourceOf(organisation.yaml, ['organisation', 'logo']).folder ?? dirname(organisation.absolutePath), logo);
}
