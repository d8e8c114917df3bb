/**
 * Organisation fields as templates see them: `organisation.registered_manager.first_name`
 * is `{{org_field_registered_manager_first_name}}`.
 */
export const FIELD_PREFIX = 'org_field_';

export interface FlatField {
  /** The placeholder name, e.g. `org_field_registered_manager_first_name`. */
  name: string;
  /** Where it comes from, e.g. `['organisation', 'registered_manager', 'first_name']`. */
  path: string[];
  value: string;
}

/** Flatten the nested `organisation` mapping into placeholder names, in file order. */
export function flattenFields(fields: Record<string, unknown>): FlatField[] {
  const flat: FlatField[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
    } else if (typeof value === 'string') {
      flat.push({ name: FIELD_PREFIX + path.join('_'), path: ['organisation', ...path], value });
    }
  };
  walk(fields, []);
  return flat;
}

/** The placeholder names of groups of fields, e.g. `org_field_address` for `organisation.address`. */
export function fieldGroups(fields: Record<string, unknown>): string[] {
  const groups: string[] = [];
  const walk = (value: unknown, path: string[]) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    if (path.length > 0) groups.push(FIELD_PREFIX + path.join('_'));
    for (const [key, inner] of Object.entries(value)) walk(inner, [...path, key]);
  };
  walk(fields, []);
  return groups;
}

/** The names every template can use besides the organisation's own fields. */
export const COMPUTED_PLACEHOLDERS = [
  'last_update_date',
  'next_review_date',
  'current_year',
  // The document-control block: the policy and its review record, in the document's language.
  'policy_title',
  'policy_version',
  'reviewed_by',
  'approved_by',
  'review_reason',
  'review_changes',
] as const;

/**
 * Computed names defined only for some policies (`review_changes`, when the review record
 * gives `changes`): like an optional field, a template tests them with a section.
 */
export const OPTIONAL_COMPUTED_PLACEHOLDERS: ReadonlySet<string> = new Set(['review_changes']);

/**
 * Where a group of fields is written, e.g. `['organisation', 'registered_manager']` for
 * `org_field_registered_manager`: its placeholder name cannot say which underscores were
 * dots, but the path of any field inside it can. Undefined for a group with no text in it.
 */
export function groupPath(values: readonly FlatField[], group: string): string[] | undefined {
  for (const value of values) {
    for (let end = 2; end < value.path.length; end++) {
      if (FIELD_PREFIX + value.path.slice(1, end).join('_') === group) return value.path.slice(0, end);
    }
  }
  return undefined;
}
