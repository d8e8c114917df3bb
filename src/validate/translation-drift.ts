import type { Diagnostic } from '../diagnostics';
import { LANGUAGE_NAMES_IN_ENGLISH } from '../languages';
import type { LoadedTemplateLibrary } from '../load';
import { diagnosticAtPath } from './locate';
import type { Policy, Template, TemplateTag } from './model';

/** A place in a file, for the "and here in the other file" half of a drift warning. */
interface Spot {
  line: number;
  column: number;
  excerpt?: string;
}

/**
 * TRANSLATION_DRIFT: a policy's translations must keep what makes them the same policy:
 * the placeholders and partials (a value missing from the Welsh version is a fact the
 * Welsh reader does not get), the headings at each level (the same sections, numbered
 * alike), the version and the review interval. Word order may differ, so placeholders are
 * compared as counts, not sequences. Each warning is at the first difference in the
 * translation, and names the first difference in the English version.
 */
export function translationDrift(policy: Policy, loaded: LoadedTemplateLibrary): Diagnostic[] {
  const english = policy.templates.get('en');
  if (!english) return [];
  const warnings: Diagnostic[] = [];
  for (const [language, translation] of policy.templates) {
    if (language === 'en') continue;
    const drift = (problem: string, at: Spot | undefined, there: Spot | undefined, path?: string[]) => {
      const where = there ? `${english.file}:${there.line}:${there.column}` : english.file;
      const base = {
        code: 'TRANSLATION_DRIFT' as const,
        severity: 'warning' as const,
        message: `the ${LANGUAGE_NAMES_IN_ENGLISH[language]} version of ${policy.id} ${problem}`,
        hint: `compare ${where}; a translation keeps the same placeholders, partials, headings, version and review interval`,
      };
      const front = loaded.templates.find((t) => t.file === translation.file)?.frontMatter;
      if (path && front) warnings.push(diagnosticAtPath(front, path, 'value', base));
      else warnings.push({ ...base, file: translation.file, ...(at ?? { line: 1, column: 1 }) });
    };
    const frontSpot = (template: Template, key: string): Spot | undefined => {
      const front = loaded.templates.find((t) => t.file === template.file)?.frontMatter;
      if (!front) return undefined;
      const located = diagnosticAtPath(front, [key], 'value', { code: 'TRANSLATION_DRIFT', message: '' });
      return { line: located.line!, column: located.column! };
    };

    if (translation.version !== english.version) {
      drift(`has version ${translation.version}, the English ${english.version}`, undefined, frontSpot(english, 'version'), ['version']);
    }
    if (translation.reviewIntervalMonths !== english.reviewIntervalMonths) {
      const months = (m: number | undefined) => (m === undefined ? 'none' : `${m}`);
      drift(
        `has review_interval_months ${months(translation.reviewIntervalMonths)}, the English ${months(english.reviewIntervalMonths)}`,
        undefined,
        frontSpot(english, 'review_interval_months'),
        ['review_interval_months'],
      );
    }
    for (const kind of ['placeholders', 'partials'] as const) {
      const pick = (tags: TemplateTag[]) => flatten(tags).filter((tag) => (kind === 'partials') === (tag.kind === 'partial'));
      const difference = unbalanced(pick(english.tags), pick(translation.tags));
      if (!difference) continue;
      const names = (tags: TemplateTag[]) => {
        const all = [...new Set(tags.map((tag) => tag.name))].map((name) => `{{${kind === 'partials' ? '> ' : ''}${name}}}`);
        return all.length > 4 ? [...all.slice(0, 3), `${all.length - 3} more`] : all;
      };
      const parts = [
        ...(difference.missing.length > 0 ? [`lacks ${names(difference.missing).join(', ')}`] : []),
        ...(difference.extra.length > 0 ? [`adds ${names(difference.extra).join(', ')}`] : []),
      ];
      drift(parts.join(' and '), spotOf(difference.extra[0]), spotOf(difference.missing[0]));
    }
    const englishHeadings = headings(english);
    const translatedHeadings = headings(translation);
    const count = (list: Heading[], level: number) => list.filter((h) => h.level === level).length;
    const levels = [1, 2, 3, 4, 5, 6].filter((level) => count(englishHeadings, level) !== count(translatedHeadings, level));
    if (levels.length > 0) {
      const first = firstDifference(englishHeadings, translatedHeadings);
      const described = levels
        .map(
          (level) =>
            `${count(translatedHeadings, level)} level-${level} heading${count(translatedHeadings, level) === 1 ? '' : 's'} to the English ${count(englishHeadings, level)}`,
        )
        .join(', ');
      drift(`has ${described}`, translatedHeadings[first], englishHeadings[first]);
    }
  }
  return warnings;
}

function flatten(tags: TemplateTag[]): TemplateTag[] {
  return tags.flatMap((tag) => [tag, ...flatten(tag.children)]);
}

function spotOf(tag: TemplateTag | undefined): Spot | undefined {
  return tag ? { line: tag.line, column: tag.column, excerpt: tag.excerpt } : undefined;
}

/** The tags of each side beyond what the other side has of the same name, in file order. */
function unbalanced(english: TemplateTag[], translation: TemplateTag[]): { missing: TemplateTag[]; extra: TemplateTag[] } | undefined {
  const counts = new Map<string, number>();
  for (const tag of english) counts.set(tag.name, (counts.get(tag.name) ?? 0) + 1);
  for (const tag of translation) counts.set(tag.name, (counts.get(tag.name) ?? 0) - 1);
  const excess = (tags: TemplateTag[], sign: number) => {
    const left = new Map([...counts].filter(([, n]) => n * sign > 0).map(([name, n]) => [name, Math.abs(n)]));
    const found: TemplateTag[] = [];
    // The last occurrences are the excess ones: the first differ only when all of one name is missing.
    for (const tag of [...tags].reverse()) {
      const n = left.get(tag.name) ?? 0;
      if (n > 0) {
        found.unshift(tag);
        left.set(tag.name, n - 1);
      }
    }
    return found;
  };
  const missing = excess(english, 1);
  const extra = excess(translation, -1);
  return missing.length + extra.length > 0 ? { missing, extra } : undefined;
}

interface Heading extends Spot {
  level: number;
}

/** The Markdown headings of a template body (ATX `#` headings, outside fenced code), with their file positions. */
function headings(template: Template): Heading[] {
  const found: Heading[] = [];
  let fence: string | undefined;
  template.body.split('\n').forEach((text, index) => {
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(text)?.[1];
    if (marker && (!fence || marker.startsWith(fence))) fence = fence ? undefined : marker;
    else if (!fence) {
      const level = /^ {0,3}(#{1,6})(?:\s|$)/.exec(text)?.[1]?.length;
      if (level) found.push({ level, line: template.bodyLineOffset + index + 1, column: 1, excerpt: text });
    }
  });
  return found;
}

function firstDifference(a: Heading[], b: Heading[]): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i]!.level === b[i]!.level) i++;
  return i;
}
