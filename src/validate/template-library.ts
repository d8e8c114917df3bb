import type { Diagnostic } from '../diagnostics';
import type { LoadedTemplate, LoadedTemplateLibrary } from '../load';
import { diagnosticAtPath } from './locate';
import type { Template, TemplateExpansion, TemplateLibrary, TemplatePartial, TemplateTag } from './model';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';
import { namesUsedByLibrary } from './field-usage';
import { dedupe, parseTags, tagDiagnostic } from './template-tags';

interface FrontMatter {
  id?: string;
  title: string;
  review_interval_months?: number;
}

/**
 * The most text one document may expand to. A policy is tens of kilobytes; a library whose
 * partials include each other many times over could otherwise render gigabytes.
 */
export const MAX_DOCUMENT_CHARS = 1024 * 1024;

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

  const parsedTemplates: Array<Omit<Template, 'expansion'>> = [];
  for (const template of loaded.templates) {
    const frontMatter = validateFrontMatter(template, diagnostics);
    const parsed = parseTags(template.body, template.file, template.fileText, template.bodyLineOffset);
    if (!parsed.ok) {
      diagnostics.push(parsed.diagnostic);
      continue;
    }
    if (!frontMatter) continue;
    parsedTemplates.push({
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

  checkPartialReferences(
    [...parsedTemplates.map((template) => template.tags), ...[...partials.values()].map((partial) => partial.tags)],
    partials,
    diagnostics,
  );
  const templates: Template[] = [];
  if (!diagnostics.some((d) => d.code === 'PARTIAL_NOT_FOUND' || d.code === 'TEMPLATE_SYNTAX')) {
    const expansions = new ExpansionSizes(partials);
    for (const template of parsedTemplates) {
      const expansion = expansions.of(template.body, template.tags);
      if (expansion.chars > MAX_DOCUMENT_CHARS) {
        diagnostics.push(tooLarge(template, partials, expansions));
        continue;
      }
      templates.push({ ...template, expansion });
    }
  }
  return { library: { templates, partials, usedNames: namesUsedByLibrary({ templates, partials }) }, diagnostics: dedupe(diagnostics) };
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

/**
 * Every `{{> name}}` must name a partial, and no partial may include itself, directly or
 * through others. Each partial is followed once (a depth-first walk that colours what it
 * has finished), so a library whose partials include each other many times over is
 * checked in linear time.
 */
function checkPartialReferences(roots: TemplateTag[][], partials: Map<string, TemplatePartial>, diagnostics: Diagnostic[]): void {
  const finished = new Set<string>();
  const stack: string[] = [];
  const walk = (tags: TemplateTag[]) => {
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
        } else if (!finished.has(tag.name)) {
          stack.push(tag.name);
          walk(partial.tags);
          stack.pop();
          finished.add(tag.name);
        }
      }
      walk(tag.children);
    }
  };
  for (const tags of roots) walk(tags);
}

/**
 * How large a body becomes once its partials are filled in, counting each inclusion (a
 * partial included four times counts four times), remembered per partial so it is
 * computed in linear time even when the expansion itself would be astronomically large.
 */
class ExpansionSizes {
  private readonly known = new Map<string, TemplateExpansion>();

  constructor(private readonly partials: Map<string, TemplatePartial>) {}

  of(body: string, tags: TemplateTag[]): TemplateExpansion {
    let chars = body.length;
    let placeholders = 0;
    const walk = (list: TemplateTag[]) => {
      for (const tag of list) {
        if (tag.kind === 'variable') placeholders++;
        else if (tag.kind === 'partial') {
          const inner = this.partial(tag.name);
          chars += inner.chars;
          placeholders += inner.placeholders;
        }
        walk(tag.children);
      }
    };
    walk(tags);
    return { chars, placeholders };
  }

  partial(name: string): TemplateExpansion {
    let size = this.known.get(name);
    if (!size) {
      const partial = this.partials.get(name);
      size = partial ? this.of(partial.body, partial.tags) : { chars: 0, placeholders: 0 };
      this.known.set(name, size);
    }
    return size;
  }
}

/** TEMPLATE_TOO_LARGE at the inclusion that makes a template too large, following the chain of the largest partials. */
function tooLarge(template: Omit<Template, 'expansion'>, partials: Map<string, TemplatePartial>, sizes: ExpansionSizes): Diagnostic {
  const largest = (tags: TemplateTag[]): TemplateTag | undefined => {
    let best: TemplateTag | undefined;
    const walk = (list: TemplateTag[]) => {
      for (const tag of list) {
        if (tag.kind === 'partial' && (!best || sizes.partial(tag.name).chars > sizes.partial(best.name).chars)) best = tag;
        walk(tag.children);
      }
    };
    walk(tags);
    return best;
  };
  const first = largest(template.tags);
  const chain: string[] = [];
  for (let tag = first; tag && chain.length < 8 && !chain.includes(tag.name);) {
    chain.push(tag.name);
    tag = largest(partials.get(tag.name)?.tags ?? []);
  }
  const message = `${template.id} would expand to more than ${MAX_DOCUMENT_CHARS.toLocaleString('en-GB')} characters through its partials`;
  const hint = `a partial is included many times over, directly or through others: ${chain.map((name) => `{{> ${name}}}`).join(' → ')}`;
  if (!first) return { code: 'TEMPLATE_TOO_LARGE', severity: 'error', file: template.file, message, hint };
  return tagDiagnostic(first, 'TEMPLATE_TOO_LARGE', message, hint);
}
