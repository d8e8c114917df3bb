import Mustache from 'mustache';
import { lineText, positionAt, type Diagnostic } from '../diagnostics';
import type { LoadedTemplate, LoadedTemplateLibrary } from '../load';
import type { TemplatePartial, Template, TemplateLibrary, TemplateTag } from './model';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';
import { diagnosticAtPath } from './locate';

interface FrontMatter {
  id?: string;
  title: string;
  review_interval_months?: number;
}

/**
 * Check every template's front matter and mustache syntax, and every partial reference,
 * before any organisation is rendered: a broken library stops the build before it writes.
 */
export function validateTemplateLibrary(loaded: LoadedTemplateLibrary): { library: TemplateLibrary; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const partials = new Map<string, TemplatePartial>();
  for (const partial of loaded.partials.values()) {
    const parsed = parseTags(partial.body, partial.file, partial.body, 0);
    if (parsed.ok) partials.set(partial.name, { ...partial, body: partial.body.normalize('NFC'), tags: parsed.tags });
    else diagnostics.push(parsed.diagnostic);
  }

  const templates: Template[] = [];
  for (const template of loaded.templates) {
    const frontMatter = validateFrontMatter(template, diagnostics);
    const parsed = parseTags(template.body, template.file, template.fileText, template.bodyLineOffset);
    if (!parsed.ok) {
      diagnostics.push(parsed.diagnostic);
      continue;
    }
    if (!frontMatter) continue;
    templates.push({
      id: template.id,
      title: frontMatter.title,
      ...(frontMatter.review_interval_months !== undefined ? { reviewIntervalMonths: frontMatter.review_interval_months } : {}),
      file: template.file,
      // NFC: "ŷ" typed as "y" + a combining circumflex becomes the one letter, so it prints,
      // extracts and compares as one. (Tag positions above are from the text as written.)
      body: template.body.normalize('NFC'),
      bodyLineOffset: template.bodyLineOffset,
      tags: parsed.tags,
    });
  }

  for (const template of templates) checkPartials(template.tags, partials, [], diagnostics);
  for (const partial of partials.values()) checkPartials(partial.tags, partials, [partial.name], diagnostics);
  return { library: { templates, partials }, diagnostics: dedupe(diagnostics) };
}

function validateFrontMatter(template: LoadedTemplate, diagnostics: Diagnostic[]): FrontMatter | undefined {
  if (!template.frontMatter || template.frontMatterData === undefined || template.frontMatterData === null) {
    if (template.frontMatter && template.frontMatter.document.errors.length === 0) {
      diagnostics.push({
        code: 'TEMPLATE_FRONT_MATTER',
        severity: 'error',
        file: template.file,
        line: 2,
        column: 1,
        message: 'the front matter is empty; it needs at least a title',
      });
    }
    return undefined;
  }
  const validate = schemaValidator('template');
  if (!validate(template.frontMatterData)) {
    const errors = schemaErrorsToDiagnostics(template.frontMatter, validate.errors ?? [], { whole: 'the front matter', field: 'field' });
    diagnostics.push(...errors.map((d) => ({ ...d, code: 'TEMPLATE_FRONT_MATTER' as const })));
    return undefined;
  }
  const data = template.frontMatterData as FrontMatter;
  if (data.id !== undefined && data.id !== template.id) {
    diagnostics.push(
      diagnosticAtPath(template.frontMatter, ['id'], 'value', {
        code: 'TEMPLATE_FRONT_MATTER',
        path: 'id',
        message: `the id "${data.id}" does not match the file name, which gives "${template.id}"`,
        hint: `rename the file to ${data.id}.md, or set id: ${template.id}`,
      }),
    );
    return undefined;
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(template.id)) {
    diagnostics.push({
      code: 'TEMPLATE_FRONT_MATTER',
      severity: 'error',
      file: template.file,
      message: `the file name gives the id "${template.id}", but ids are lower-case letters, digits and hyphens`,
      hint: 'rename the file, e.g. social-media.md',
    });
    return undefined;
  }
  return data;
}

type MustacheToken = [string, string, number, number, MustacheToken[]?, ...unknown[]];

const KINDS: Record<string, TemplateTag['kind'] | undefined> = {
  name: 'variable',
  '&': 'variable',
  '#': 'section',
  '^': 'inverted',
  '>': 'partial',
};

/**
 * Parse a mustache body and list its tags with file positions. `fileText` and
 * `lineOffset` place the body inside its file (after a template's front matter).
 */
export function parseTags(
  body: string,
  file: string,
  fileText: string,
  lineOffset: number,
): { ok: true; tags: TemplateTag[] } | { ok: false; diagnostic: Diagnostic } {
  const place = (offset: number) => {
    const { line, column } = positionAt(body, offset);
    return { line: line + lineOffset, column };
  };
  let tokens: MustacheToken[];
  try {
    tokens = Mustache.parse(body) as unknown as MustacheToken[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    let offset = Number(/ at (\d+)$/.exec(message)?.[1] ?? 0);
    // mustache reports an unclosed tag at the end of the text; point at its opening braces.
    if (message.startsWith('Unclosed tag')) offset = Math.max(0, body.lastIndexOf('{{', offset));
    // "Invalid tags" carries no position: the culprit is a delimiter change.
    if (message.startsWith('Invalid tags')) offset = Math.max(0, body.indexOf('{{='));
    // mustache reports an unclosed section at the end of the text; point at its opening tag.
    const unclosed = /^Unclosed section "([^"]*)"/.exec(message)?.[1];
    if (unclosed !== undefined) {
      const escaped = unclosed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      const openings = [...body.slice(0, offset).matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${escaped}\\s*\\}\\}`, 'g'))];
      offset = openings.at(-1)?.index ?? offset;
    }
    const { line, column } = place(offset);
    return {
      ok: false,
      diagnostic: {
        code: 'TEMPLATE_SYNTAX',
        severity: 'error',
        file,
        line,
        column,
        message: describeMustacheError(message),
        excerpt: lineText(fileText, line),
      },
    };
  }
  const walk = (list: MustacheToken[]): TemplateTag[] =>
    list.flatMap((token): TemplateTag[] => {
      const kind = KINDS[token[0]];
      if (!kind) return [];
      const { line, column } = place(token[2]);
      return [
        {
          kind,
          name: token[1],
          file,
          line,
          column,
          length: token[3] - token[2],
          excerpt: lineText(fileText, line),
          children: kind === 'section' || kind === 'inverted' ? walk(token[4] ?? []) : [],
        },
      ];
    });
  return { ok: true, tags: walk(tokens) };
}

function describeMustacheError(message: string): string {
  const name = /"([^"]*)"/.exec(message)?.[1];
  if (message.startsWith('Unclosed section')) return `the section {{#${name}}} is never closed with {{/${name}}}`;
  if (message.startsWith('Unopened section')) return `{{/${name}}} closes a section that was never opened`;
  if (message.startsWith('Unclosed tag')) return 'this tag is never closed with }}';
  if (message.startsWith('Invalid tags')) return 'this delimiter change is not valid; policy templates use {{ and }}';
  return message.replace(/ at \d+$/, '');
}

function checkPartials(tags: TemplateTag[], partials: Map<string, TemplatePartial>, stack: string[], diagnostics: Diagnostic[]): void {
  for (const tag of tags) {
    if (tag.kind === 'partial') {
      const partial = partials.get(tag.name);
      if (!partial) {
        diagnostics.push(
          tagDiagnostic(
            tag,
            'PARTIAL_NOT_FOUND',
            `there is no partial "${tag.name}"`,
            `add partials/${tag.name}.md to the template library`,
          ),
        );
      } else if (stack.includes(tag.name)) {
        diagnostics.push(
          tagDiagnostic(tag, 'TEMPLATE_SYNTAX', `the partial "${tag.name}" includes itself`, [...stack, tag.name].join(' → ')),
        );
      } else {
        checkPartials(partial.tags, partials, [...stack, tag.name], diagnostics);
      }
    }
    checkPartials(tag.children, partials, stack, diagnostics);
  }
}

/** What one organisation defines, as a template sees it. */
export interface PlaceholderVocabulary {
  /** Names with a text value: `org_field_name`, `next_review_date`, … */
  values: ReadonlySet<string>;
  /** Names of groups of fields, such as `org_field_address`: usable as sections only. */
  groups: ReadonlySet<string>;
  /** Prefix that a section name must have to be able to test anything. */
  fieldPrefix: string;
}

/** Why a tag is wrong, in words for the user. */
export type PlaceholderProblem =
  { kind: 'undefined-value'; name: string } | { kind: 'group-as-value'; name: string } | { kind: 'impossible-section'; name: string };

/**
 * Every placeholder a rendering would print must be defined: a missing one is an error,
 * never a silent blank. A section over an undefined field is a test ("if defined") and its
 * body is only checked when the field is defined, because only then is it printed. A
 * section name that no organisation could define (a typo outside `org_field_…`) is an error.
 */
export function checkPlaceholders(
  tags: TemplateTag[],
  partials: Map<string, TemplatePartial>,
  vocabulary: PlaceholderVocabulary,
  explain: (problem: PlaceholderProblem) => { message: string; hint?: string },
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const report = (tag: TemplateTag, problem: PlaceholderProblem) => {
    const { message, hint } = explain(problem);
    diagnostics.push(tagDiagnostic(tag, 'UNKNOWN_PLACEHOLDER', message, hint));
  };
  const walk = (list: TemplateTag[], seenPartials: string[]) => {
    for (const tag of list) {
      switch (tag.kind) {
        case 'variable':
          if (vocabulary.groups.has(tag.name)) report(tag, { kind: 'group-as-value', name: tag.name });
          else if (!vocabulary.values.has(tag.name)) report(tag, { kind: 'undefined-value', name: tag.name });
          break;
        case 'section':
        case 'inverted': {
          const defined = vocabulary.values.has(tag.name) || vocabulary.groups.has(tag.name);
          if (!defined && !tag.name.startsWith(vocabulary.fieldPrefix)) report(tag, { kind: 'impossible-section', name: tag.name });
          if (tag.kind === 'inverted' || defined) walk(tag.children, seenPartials);
          break;
        }
        case 'partial': {
          const partial = partials.get(tag.name);
          if (partial && !seenPartials.includes(tag.name)) walk(partial.tags, [...seenPartials, tag.name]);
          break;
        }
      }
    }
  };
  walk(tags, []);
  return dedupe(diagnostics);
}

function tagDiagnostic(tag: TemplateTag, code: Diagnostic['code'], message: string, hint?: string): Diagnostic {
  return {
    code,
    severity: 'error',
    file: tag.file,
    line: tag.line,
    column: tag.column,
    length: tag.length,
    message,
    excerpt: tag.excerpt,
    ...(hint ? { hint } : {}),
  };
}

function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The placeholders a template prints, split by whether the organisation must define them. */
export interface TemplateUsage {
  /** Printed unconditionally: the organisation must define these (or the build fails). */
  required: string[];
  /** Printed only inside a section, or tested by one: used when present. */
  optional: string[];
}

/** Which placeholders a template (with its partials) needs, for `policygen templates`. */
export function describeUsage(tags: TemplateTag[], partials: Map<string, TemplatePartial>): TemplateUsage {
  const required = new Set<string>();
  const optional = new Set<string>();
  const walk = (list: TemplateTag[], conditional: boolean, seen: string[]) => {
    for (const tag of list) {
      if (tag.kind === 'variable') (conditional ? optional : required).add(tag.name);
      else if (tag.kind === 'section' || tag.kind === 'inverted') {
        optional.add(tag.name);
        walk(tag.children, true, seen);
      } else if (tag.kind === 'partial' && !seen.includes(tag.name)) {
        const partial = partials.get(tag.name);
        if (partial) walk(partial.tags, conditional, [...seen, tag.name]);
      }
    }
  };
  walk(tags, false, []);
  for (const name of required) optional.delete(name);
  return { required: [...required].sort(), optional: [...optional].sort() };
}
