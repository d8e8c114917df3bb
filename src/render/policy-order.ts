import type { Language } from '../languages';

/**
 * The order of a home's policies in its manual and its index: the ids an `order` list gives
 * (from the config file) first, in that order, then every other policy by its title in the
 * document's language, as a reader looks a title up (Welsh sorts "ll" after "l").
 */
export function orderPolicies<T extends { id: string }>(
  policies: readonly T[],
  titleOf: (policy: T) => string,
  language: Language,
  order: readonly string[] = [],
): T[] {
  const rank = new Map(order.map((id, index) => [id, index]));
  const collator = new Intl.Collator(language === 'cy' ? 'cy' : 'en-GB', { sensitivity: 'base', numeric: true });
  return [...policies].sort((a, b) => {
    const ra = rank.get(a.id) ?? Infinity;
    const rb = rank.get(b.id) ?? Infinity;
    if (ra !== rb) return ra < rb ? -1 : 1;
    return collator.compare(titleOf(a), titleOf(b)) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  });
}
