import { dirname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics';
import { parseYamlSource, type LoadedOrganisationFile, type YamlSource } from '../load';
import type { FieldPath, FieldSource, MergedYamlSource } from './locate';
import type { Template } from './model';
import { validateOrganisation } from './organisation';

/**
 * A care group's defaults (`defaults:` in a config file): values in the organisation file's
 * shape that every home starts from. Kept with the config file's YAML, so a problem with a
 * default is pointed at the line it was written on, once, whichever home meets it.
 */
export interface GroupDefaults {
  /** The config file the defaults were written in. */
  yaml: YamlSource;
  /** Where they sit in it. */
  base: FieldPath;
  /** The folder their relative paths (the logo) are resolved against: the config file's. */
  folder: string;
  /** What is written under `defaults:`, checked against the config schema. */
  data: Record<string, unknown>;
}

/**
 * Where each value of a merged organisation came from: wholly the home's, wholly the
 * group's, a group of fields both gave (merged field by field), or the triggers of both.
 */
type Origin = 'home' | 'group' | { fields: Map<string, Origin> } | { homeTriggers: number };

/**
 * A home's organisation file with its group's defaults filled in, as one organisation to
 * validate. The rules:
 * - a home's own value wins, whatever it is (an empty value too: it is the home's mistake);
 * - groups of fields present in both merge field by field, so a home may give just
 *   `organisation.address.town`;
 * - `review.triggers` add up: the home's own first (their places in the home's file are
 *   kept), then the group's;
 * - `languages` (or the old `locale`) and `policies` are each one choice, taken whole.
 * The result's `yaml` is the home's, able to say where every merged value was written.
 */
export function mergeWithDefaults(loaded: LoadedOrganisationFile, defaults: GroupDefaults): LoadedOrganisationFile {
  const home = loaded.data;
  // A file that is not a group of fields is wrong as it stands: say so about the file alone.
  if (!isFieldGroup(home)) return loaded;
  const group = { ...defaults.data };
  if (Object.hasOwn(home, 'languages') || Object.hasOwn(home, 'locale')) delete group.languages;
  const { value, origin } = merge(group, home, []);
  const homeFolder = dirname(loaded.absolutePath);
  const fromHome = (path: FieldPath): FieldSource => ({ yaml: loaded.yaml, path, origin: 'home', folder: homeFolder });
  const fromGroup = (path: FieldPath): FieldSource => ({
    yaml: defaults.yaml,
    path: [...defaults.base, ...path],
    origin: 'group',
    folder: defaults.folder,
  });
  const yaml: MergedYamlSource = {
    ...loaded.yaml,
    home: loaded.yaml,
    sourceOf: (path) => sourceIn(origin, path, fromHome, fromGroup),
  };
  return { ...loaded, yaml, data: value };
}

/**
 * Check the defaults once, before any home, against the template library too (policy ids):
 * as a home that gives nothing of its own but the required fields the defaults lack would
 * see them. Only what is said about the config file is kept, so a mistake in a default is
 * reported once, at its own line, however many homes there are.
 */
export function checkGroupDefaults(
  defaults: GroupDefaults,
  templates: ReadonlyArray<Pick<Template, 'id' | 'file' | 'reviewIntervalMonths'>>,
): Diagnostic[] {
  const merged = mergeWithDefaults(standInHome(defaults), defaults);
  return validateOrganisation(merged, templates).diagnostics.filter((diagnostic) => diagnostic.file === defaults.yaml.file);
}

/** A home with nothing of its own but stand-ins for the required fields the defaults do not give. */
function standInHome(defaults: GroupDefaults): LoadedOrganisationFile {
  const given = isFieldGroup(defaults.data.organisation) ? defaults.data.organisation : {};
  const manager = isFieldGroup(given.registered_manager) ? given.registered_manager : {};
  const organisation: Record<string, unknown> = {
    ...(Object.hasOwn(given, 'name') ? {} : { name: 'A home' }),
    ...(Object.hasOwn(given, 'registration_no') ? {} : { registration_no: 'W0000000' }),
    registered_manager: {
      ...(Object.hasOwn(manager, 'first_name') ? {} : { first_name: 'A' }),
      ...(Object.hasOwn(manager, 'last_name') ? {} : { last_name: 'Manager' }),
    },
  };
  const file = '(a home without fields of its own)';
  return {
    file,
    absolutePath: join(defaults.folder, `${file}.yaml`),
    outputName: file,
    yaml: parseYamlSource('', file).yaml,
    data: { organisation },
  };
}

function sourceIn(
  root: Origin,
  path: FieldPath,
  fromHome: (path: FieldPath) => FieldSource,
  fromGroup: (path: FieldPath) => FieldSource,
): FieldSource {
  let origin = root;
  for (const [depth, segment] of path.entries()) {
    if (origin === 'home') return fromHome(path);
    if (origin === 'group') return fromGroup(path);
    if ('homeTriggers' in origin) {
      if (typeof segment !== 'number' || segment < origin.homeTriggers) return fromHome(path);
      return fromGroup([...path.slice(0, depth), segment - origin.homeTriggers, ...path.slice(depth + 1)]);
    }
    const next = origin.fields.get(String(segment));
    // Not there at all (a missing field): the home is where to add it.
    if (next === undefined) return fromHome(path);
    origin = next;
  }
  return origin === 'group' ? fromGroup(path) : fromHome(path);
}

/** A choice made once, for the whole home: a home's replaces the group's, never mixed with it. */
const TAKEN_WHOLE = new Set(['policies']);

function merge(group: unknown, home: unknown, path: readonly string[]): { value: unknown; origin: Origin } {
  if (isTriggers(path) && Array.isArray(group) && Array.isArray(home)) {
    return { value: [...(home as unknown[]), ...(group as unknown[])], origin: { homeTriggers: home.length } };
  }
  if (!isFieldGroup(group) || !isFieldGroup(home) || (path.length === 1 && TAKEN_WHOLE.has(path[0]!))) {
    return { value: home, origin: 'home' };
  }
  // The group's fields in its order, then the home's own: a clash of names is then reported at the home's.
  const value: Record<string, unknown> = {};
  const fields = new Map<string, Origin>();
  const keys = [...Object.keys(group), ...Object.keys(home).filter((key) => !Object.hasOwn(group, key))];
  for (const key of keys) {
    const merged = !Object.hasOwn(home, key)
      ? { value: group[key], origin: 'group' as const }
      : Object.hasOwn(group, key)
        ? merge(group[key], home[key], [...path, key])
        : { value: home[key], origin: 'home' as const };
    // Defined, never assigned: a key such as "__proto__" stays data (the schema then refuses it).
    Object.defineProperty(value, key, { value: merged.value, enumerable: true, writable: true, configurable: true });
    fields.set(key, merged.origin);
  }
  return { value, origin: { fields } };
}

function isTriggers(path: readonly string[]): boolean {
  return path.length === 2 && path[0] === 'review' && path[1] === 'triggers';
}

function isFieldGroup(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}
