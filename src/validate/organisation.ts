import { dirname, resolve } from 'node:path';
import { compareDiagnostics, lineText, type Diagnostic } from '../diagnostics';
import { isScalar } from 'yaml';
import type { LoadedOrganisationFile, YamlSource } from '../load';
import { fieldGroups, flattenFields } from './fields';
import { diagnosticAtPath, formatPath, sourceOf, type FieldPath } from './locate';
import type { Language } from '../languages';
import { languagesOf } from './languages';
import { missingTextWarnings } from './missing-text';
import type { LocalisedText, Organisation, PolicyReviewRecord, ReviewTrigger, Template } from './model';
import { choosePolicies, unknownPolicy, type PolicyChoice } from './policy-choice';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';

/** One `review.policies.<id>` entry as written. */
interface PolicyReviewData {
  interval_months?: number;
  last_reviewed?: string;
  reviewed_by?: string;
  approved_by?: string;
  changes?: LocalisedText;
}

/** The shape the schema guarantees, as written in YAML. */
interface OrganisationData {
  organisation: Organisation['fields'];
  review?: {
    last_reviewed?: string;
    interval_months?: number;
    policies?: Record<string, PolicyReviewData>;
    triggers?: Array<{ date: string; reason: LocalisedText; policies?: string[] }>;
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

  // Texts that may be written per language (`reason: { cy: …, en: … }`), with their paths.
  const localised: Array<{ path: FieldPath; text: LocalisedText }> = [
    ...(data.review?.triggers ?? []).map((trigger, i) => ({ path: ['review', 'triggers', i, 'reason'], text: trigger.reason })),
    ...Object.entries(data.review?.policies ?? {}).flatMap(([id, record]) =>
      record.changes === undefined ? [] : [{ path: ['review', 'policies', id, 'changes'], text: record.changes }],
    ),
  ];
  // `name: Bryn Ŵyn #2`: YAML ends the value at " #", silently.
  const textFields = [
    ...values.map((field) => field.path),
    ...localised.flatMap(({ path, text }) =>
      typeof text === 'string' ? [path] : Object.keys(text).map((language) => [...path, language]),
    ),
    ...Object.entries(data.review?.policies ?? {}).flatMap(([id, record]) =>
      RECORD_TEXT_FIELDS.filter((key) => record[key] !== undefined).map((key) => ['review', 'policies', id, key]),
    ),
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
  // Where each policy's last review is recorded: its own record, else the organisation's date.
  const recordOrigin = (id: string) =>
    sourceOf(
      loaded.yaml,
      review.policies?.[id]?.last_reviewed !== undefined ? ['review', 'policies', id, 'last_reviewed'] : ['review', 'last_reviewed'],
    ).origin;
  (review.triggers ?? []).forEach((trigger, index) => {
    trigger.policies?.forEach((id, i) => checkPolicyId(id, ['review', 'triggers', index, 'policies', i]));
    const origin = sourceOf(loaded.yaml, ['review', 'triggers', index]).origin;
    // A trigger answered by a review recorded in another file is no mistake: a home that has
    // reviewed since a group's trigger has done what it asked. Written in one file, the two
    // say the trigger is done with, and it can go.
    const stale = triggerChangesNothing(trigger, review, templateIds, (id) => recordOrigin(id) === origin);
    if (stale) {
      diagnostics.push(
        at(['review', 'triggers', index, 'date'], {
          code: 'TRIGGER_BEFORE_LAST_REVIEW',
          severity: 'warning',
          path: `review.triggers[${index}].date`,
          message: `this trigger (${trigger.date}) is not after ${stale}, which answers it, so it changes nothing`,
          hint: 'the review it asked for is recorded: remove the trigger (or, if its date is wrong, correct it)',
        }),
      );
    }
    triggers.push({ date: trigger.date, reason: trigger.reason, ...(trigger.policies ? { policies: trigger.policies } : {}), origin });
  });

  const policyChoice = choosePolicies(data.policies, loaded.yaml, templateIds);
  diagnostics.push(...policyChoice.diagnostics);

  const intervalMonths = review.interval_months ?? 12;
  const policyRecords = new Map<string, PolicyReviewRecord>();
  for (const [id, settings] of Object.entries(review.policies ?? {})) {
    policyRecords.set(id, policyReviewRecord(settings));
    if (settings.interval_months === undefined) continue;
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

  const languages = chosen.languages ?? [...defaultLanguages];
  for (const { path, text } of localised) diagnostics.push(...missingTextWarnings(loaded.yaml, path, text, languages));

  const organisation: Organisation = {
    file: loaded.file,
    absolutePath: loaded.absolutePath,
    outputName: loaded.outputName,
    fields: data.organisation,
    review: {
      ...(review.last_reviewed !== undefined ? { lastReviewed: review.last_reviewed } : {}),
      intervalMonths,
      policies: policyRecords,
      triggers,
    },
    languages,
    placeholders: { values, groups: fieldGroups(data.organisation) },
    yaml: loaded.yaml,
    ...(policyChoice.chosen ? { chosenPolicies: policyChoice.chosen } : {}),
  };
  return { organisation, diagnostics: diagnostics.sort(compareDiagnostics) };
}

/** The one-language text fields of a policy's review record, which reach the document-control block (`changes` may be per language). */
const RECORD_TEXT_FIELDS = ['reviewed_by', 'approved_by'] as const;

function policyReviewRecord(data: PolicyReviewData): PolicyReviewRecord {
  return {
    ...(data.interval_months !== undefined ? { intervalMonths: data.interval_months } : {}),
    ...(data.last_reviewed !== undefined ? { lastReviewed: data.last_reviewed } : {}),
    ...(data.reviewed_by !== undefined ? { reviewedBy: data.reviewed_by } : {}),
    ...(data.approved_by !== undefined ? { approvedBy: data.approved_by } : {}),
    ...(data.changes !== undefined ? { changes: data.changes } : {}),
  };
}

/**
 * A trigger changes nothing when it is dated on or before the last review of every policy
 * it applies to: each policy is weighed against its own last review (its record's, else
 * the organisation's). Without a date for some policy (the build date stands in), it may
 * still matter. Says which review it does not come after, or undefined when it counts or
 * when a review that answers it is recorded in another file than the trigger (`recordedBeside`).
 */
function triggerChangesNothing(
  trigger: { date: string; policies?: string[] },
  review: NonNullable<OrganisationData['review']>,
  templateIds: readonly string[],
  recordedBeside: (id: string) => boolean,
): string | undefined {
  const ids = trigger.policies ?? templateIds;
  const own = ids.filter((id) => review.policies?.[id]?.last_reviewed !== undefined);
  const lastOf = (id: string) => review.policies?.[id]?.last_reviewed ?? review.last_reviewed;
  if (ids.length === 0 || ids.some((id) => lastOf(id) === undefined || trigger.date > lastOf(id)!)) return undefined;
  if (!ids.every(recordedBeside)) return undefined;
  if (own.length === 0) return `the last review (${review.last_reviewed})`;
  const shown = own.slice(0, 3).map((id) => `${id} ${lastOf(id)}`);
  const more = own.length > 3 ? `, and ${own.length - 3} more` : '';
  const others = own.length < ids.length ? `, and review.last_reviewed (${review.last_reviewed}) for the rest` : '';
  return own.length === 1 && ids.length === 1
    ? `the last review of ${own[0]} (${lastOf(own[0]!)})`
    : `the last review of any policy it applies to (${shown.join(', ')}${more}${others})`;
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
