import type { Diagnostic } from '../diagnostics';
import { LANGUAGES } from '../languages';
import { partialsIn } from './partials';
import { FIELD_PREFIX, groupPath } from './fields';
import { diagnosticAtPath } from './locate';
import type { Organisation, TemplateLibrary, TemplateTag } from './model';
import { closest } from './schema-errors';
import { tagDiagnostic } from './template-tags';
import { reachableTags } from './template-usage';

/** Fields the schema itself defines: never "unused", and always known to sections. */
const SCHEMA_FIELDS = new Set(
  [
    'name',
    'registration_no',
    'logo',
    'registered_manager',
    'registered_manager_first_name',
    'registered_manager_last_name',
    // Named in the document-control block as approving the policies.
    'responsible_individual',
    'responsible_individual_first_name',
    'responsible_individual_last_name',
  ].map((name) => FIELD_PREFIX + name),
);

/** Every name any template of the library uses, through its partials too. */
export function namesUsedByLibrary(library: Pick<TemplateLibrary, 'templates' | 'partials'>): Set<string> {
  const used = new Set<string>();
  const visited = new Map(LANGUAGES.map((language) => [language, new Set<string>()]));
  for (const template of library.templates) {
    const partials = partialsIn(library.partials, template.language);
    for (const tag of reachableTags(template.tags, partials, visited.get(template.language))) used.add(tag.name);
  }
  return used;
}

/**
 * A custom field that no template uses is probably misspelt (`safegaurding_lead`), and a
 * section over the correct name then silently hides its text. Warn at the field's key,
 * naming the closest name the templates do use. A group none of whose fields is used is
 * reported once, at the group.
 */
export function unusedFieldWarnings(organisation: Organisation, used: ReadonlySet<string>): Diagnostic[] {
  const defined = new Set([...organisation.placeholders.values.map((v) => v.name), ...organisation.placeholders.groups]);
  const candidates = [...used].filter((name) => name.startsWith(FIELD_PREFIX) && !defined.has(name));
  const isUsed = (name: string) => used.has(name) || SCHEMA_FIELDS.has(name);
  const groupUnused = (group: string) =>
    !isUsed(group) && organisation.placeholders.values.every((value) => !value.name.startsWith(`${group}_`) || !isUsed(value.name));
  const warnings: Diagnostic[] = [];
  const warn = (name: string, path: string[]) => {
    const suggestion = closest(name, candidates);
    const dotted = path.join('.');
    warnings.push(
      diagnosticAtPath(organisation.yaml, path, 'key', {
        code: 'UNUSED_FIELD',
        severity: 'warning',
        path: dotted,
        message: `${dotted} is not used by any template`,
        hint: suggestion
          ? `did you mean ${suggestion.slice(FIELD_PREFIX.length)}? The templates use {{${suggestion}}}`
          : `check its spelling against "policygen templates", or remove it`,
      }),
    );
  };
  const reportedGroups = new Set<string>();
  for (const group of organisation.placeholders.groups) {
    if (SCHEMA_FIELDS.has(group) || !groupUnused(group)) continue;
    if ([...reportedGroups].some((outer) => group.startsWith(`${outer}_`))) continue;
    reportedGroups.add(group);
    const path = groupPath(organisation.placeholders.values, group);
    if (path) warn(group, path);
  }
  for (const value of organisation.placeholders.values) {
    if (isUsed(value.name) || [...reportedGroups].some((group) => value.name.startsWith(`${group}_`))) continue;
    warn(value.name, value.path);
  }
  return warnings;
}

/** Where a group of fields is in the file: the ancestor of one of its fields whose placeholder is the group's. */

/**
 * A section over a field that no organisation file of the run defines, and that the schema
 * does not know, is never shown (or, inverted, always shown): probably a typo in the
 * template. One warning per tag, at its position in the template or partial.
 */
export function sectionWarnings(library: Pick<TemplateLibrary, 'templates' | 'partials'>, defined: ReadonlySet<string>): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const seen = new Set<TemplateTag>();
  const visited = new Map(LANGUAGES.map((language) => [language, new Set<string>()]));
  const candidates = [...defined];
  for (const template of library.templates) {
    const partials = partialsIn(library.partials, template.language);
    for (const tag of reachableTags(template.tags, partials, visited.get(template.language))) {
      if ((tag.kind !== 'section' && tag.kind !== 'inverted') || seen.has(tag)) continue;
      seen.add(tag);
      if (!tag.name.startsWith(FIELD_PREFIX) || defined.has(tag.name) || SCHEMA_FIELDS.has(tag.name)) continue;
      const field = tag.name.slice(FIELD_PREFIX.length);
      const suggestion = closest(tag.name, candidates);
      warnings.push({
        ...tagDiagnostic(
          tag,
          'SECTION_NEVER_SHOWN',
          `no organisation file defines organisation.${field}, so this section is ${tag.kind === 'section' ? 'never' : 'always'} shown`,
          suggestion ? `did you mean {{${tag.kind === 'section' ? '#' : '^'}${suggestion}}}?` : `check the spelling of "${field}"`,
        ),
        severity: 'warning',
      });
    }
  }
  return warnings;
}
