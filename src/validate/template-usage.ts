import type { TemplatePartial, TemplateTag } from './model';

/** The placeholders a template prints, split by whether the organisation must define them. */
export interface TemplateUsage {
  /** Printed unconditionally: the organisation must define these (or the build fails). */
  required: string[];
  /** Printed only inside a section, or tested by one: used when present. */
  optional: string[];
}

/**
 * Which placeholders a template (with its partials) needs, for `policygen templates`. Each
 * partial is read at most twice (once where it is printed unconditionally, once inside a
 * section), however many times it is included: a library whose partials include each
 * other many times over is read in linear time.
 */
export function describeUsage(tags: TemplateTag[], partials: ReadonlyMap<string, TemplatePartial>): TemplateUsage {
  const required = new Set<string>();
  const optional = new Set<string>();
  const visited = new Set<string>();
  const walk = (list: TemplateTag[], conditional: boolean) => {
    for (const tag of list) {
      if (tag.kind === 'variable') (conditional ? optional : required).add(tag.name);
      else if (tag.kind === 'section' || tag.kind === 'inverted') {
        optional.add(tag.name);
        walk(tag.children, true);
      } else if (tag.kind === 'partial') {
        const key = `${conditional ? '?' : '!'}${tag.name}`;
        const partial = partials.get(tag.name);
        if (!partial || visited.has(key)) continue;
        visited.add(key);
        walk(partial.tags, conditional);
      }
    }
  };
  walk(tags, false);
  for (const name of required) optional.delete(name);
  return { required: [...required].sort(), optional: [...optional].sort() };
}

/** Every tag a template reaches, its partials' tags included, each partial once: for checks over the whole library. */
export function reachableTags(
  tags: TemplateTag[],
  partials: ReadonlyMap<string, TemplatePartial>,
  visited = new Set<string>(),
): TemplateTag[] {
  const found: TemplateTag[] = [];
  const walk = (list: TemplateTag[]) => {
    for (const tag of list) {
      found.push(tag);
      walk(tag.children);
      if (tag.kind === 'partial' && !visited.has(tag.name)) {
        visited.add(tag.name);
        const partial = partials.get(tag.name);
        if (partial) walk(partial.tags);
      }
    }
  };
  walk(tags);
  return found;
}
