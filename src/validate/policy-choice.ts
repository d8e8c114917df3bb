import type { Diagnostic } from '../diagnostics';
import type { YamlSource } from '../load';
import { diagnosticAtPath, type FieldPath } from './locate';
import type { Organisation } from './model';
import { closest } from './schema-errors';

/** `policies:` in an organisation file: which of the library's policies a home has. */
export interface PolicyChoice {
  include?: string[];
  exclude?: string[];
}

/**
 * The ids of the policies a home has: only those `include` lists, or all but those `exclude`
 * lists; undefined (every policy) when it chooses none. Each id must name a policy of the
 * library; a choice with both lists, or neither, is refused: which would win is a guess.
 */
export function choosePolicies(
  choice: PolicyChoice | undefined,
  yaml: YamlSource,
  policyIds: readonly string[],
): { chosen?: ReadonlySet<string>; diagnostics: Diagnostic[] } {
  if (choice === undefined) return { diagnostics: [] };
  if ((choice.include === undefined) === (choice.exclude === undefined)) {
    const both = choice.include !== undefined;
    return {
      diagnostics: [
        diagnosticAtPath(yaml, ['policies'], both ? 'key' : 'value', {
          code: 'INVALID_VALUE',
          path: 'policies',
          message: both ? 'policies gives both include and exclude; give one or the other' : 'policies gives neither include nor exclude',
          hint: both
            ? 'include lists the only policies this home has, exclude the ones it does not have'
            : 'e.g. policies: { exclude: [minibus] }, or leave policies out for every policy',
        }),
      ],
    };
  }
  const list = choice.include !== undefined ? 'include' : 'exclude';
  const ids = choice[list]!;
  const diagnostics = ids.flatMap((id, index) => {
    const problem = unknownPolicy(yaml, ['policies', list, index], id, policyIds);
    return problem ? [problem] : [];
  });
  const listed = new Set(ids);
  const chosen = new Set(policyIds.filter((id) => listed.has(id) === (list === 'include')));
  // An exclude list that leaves nothing would build an empty folder, an empty index and an empty manual: a mistake.
  if (list === 'exclude' && chosen.size === 0 && diagnostics.length === 0) {
    diagnostics.push(
      diagnosticAtPath(yaml, ['policies', 'exclude'], 'key', {
        code: 'INVALID_VALUE',
        path: 'policies.exclude',
        message: `policies.exclude lists every policy of the library (${policyIds.length}), so this home has none`,
        hint: 'exclude only the policies this home does not have; a home with no policy has nothing to build',
      }),
    );
  }
  return { chosen, diagnostics };
}

/** UNKNOWN_POLICY at `path` when `id` is not a policy of the library, with the nearest id as a suggestion. */
export function unknownPolicy(yaml: YamlSource, path: FieldPath, id: string, policyIds: readonly string[]): Diagnostic | undefined {
  if (policyIds.includes(id)) return undefined;
  const suggestion = closest(id, policyIds);
  return diagnosticAtPath(yaml, path, path[path.length - 2] === 'policies' && typeof path[path.length - 1] === 'string' ? 'key' : 'value', {
    code: 'UNKNOWN_POLICY',
    path: path.join('.'),
    message: `there is no policy template with id "${id}"`,
    hint: suggestion ? `did you mean "${suggestion}"?` : `known ids: ${policyIds.join(', ')}`,
  });
}

/** The policies a home builds: the library's, as its `policies:` choice leaves them, in id order. */
export function policiesFor<P extends { id: string }>(organisation: Pick<Organisation, 'chosenPolicies'>, policies: readonly P[]): P[] {
  const chosen = organisation.chosenPolicies;
  return chosen ? policies.filter((policy) => chosen.has(policy.id)) : [...policies];
}
