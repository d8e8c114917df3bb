import type { Diagnostic } from '../diagnostics';
import { LANGUAGE_NAMES_IN_ENGLISH, LANGUAGES, languageSuffix, type Language } from '../languages';
import type { LoadedTemplate, LoadedTemplateLibrary } from '../load';
import { diagnosticAtPath } from './locate';
import type { Policy, Template, TemplateExpansion, TemplateLibrary, TemplatePartial, TemplateTag } from './model';
import { partialsIn } from './partials';
import { translationDrift } from './translation-drift';
import { schemaErrorsToDiagnostics } from './schema-errors';
import { schemaValidator } from './schemas';
import { namesUsedByLibrary } from './field-usage';
import { dedupe, parseTags, tagDiagnostic } from './template-tags';
import { checkTemplateMarkdown } from './template-markdown';

interface FrontMatter {
  id?: string;
  title: string;
  version?: string;
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
  for (const [key, partial] of loaded.partials) {
    const parsed = parseTags(partial.body, partial.file, partial.body, 0);
    const markdown = checkTemplateMarkdown({ ...partial, fileText: partial.body, bodyLineOffset: 0 });
    diagnostics.push(...markdown.diagnostics);
    if (parsed.ok) {
      const { markdown: _scan, images: _files, ...rest } = partial;
      partials.set(key, {
        ...rest,
        body: partial.body.normalize('NFC'),
        tags: parsed.tags,
        images: markdown.images,
        edits: markdown.edits,
      });
    } else diagnostics.push(parsed.diagnostic);
  }

  const parsedTemplates: Array<Omit<Template, 'expansion'>> = [];
  for (const template of loaded.templates) {
    const frontMatter = validateFrontMatter(template, diagnostics);
    const markdown = checkTemplateMarkdown(template);
    diagnostics.push(...markdown.diagnostics);
    const parsed = parseTags(template.body, template.file, template.fileText, template.bodyLineOffset);
    if (!parsed.ok) {
      diagnostics.push(parsed.diagnostic);
      continue;
    }
    if (!frontMatter) continue;
    parsedTemplates.push({
      id: template.id,
      language: template.language,
      title: frontMatter.title,
      version: frontMatter.version ?? '1',
      ...(frontMatter.review_interval_months !== undefined ? { reviewIntervalMonths: frontMatter.review_interval_months } : {}),
      file: template.file,
      // NFC: "ŷ" typed as "y" + a combining circumflex becomes the one letter, so it prints,
      // extracts and compares as one. (Tag positions above are from the text as written.)
      body: template.body.normalize('NFC'),
      bodyLineOffset: template.bodyLineOffset,
      tags: parsed.tags,
      images: markdown.images,
      edits: markdown.edits,
    });
  }

  // Partials are found in the language of the document that includes them: a Welsh policy's
  // {{> sign-off}} is partials/sign-off.cy.md, never the English block.
  for (const language of LANGUAGES) {
    const inLanguage = partialsIn(partials, language);
    checkPartialReferences(
      [
        ...parsedTemplates.filter((template) => template.language === language).map((template) => template.tags),
        ...[...inLanguage.values()].map((partial) => partial.tags),
      ],
      inLanguage,
      language,
      diagnostics,
    );
  }
  const templates: Template[] = [];
  if (!diagnostics.some((d) => d.code === 'PARTIAL_NOT_FOUND' || d.code === 'TEMPLATE_SYNTAX')) {
    const expansions = new Map(LANGUAGES.map((language) => [language, new ExpansionSizes(partialsIn(partials, language))]));
    for (const template of parsedTemplates) {
      const sizes = expansions.get(template.language)!;
      const expansion = sizes.of(template.body, template.tags);
      if (expansion.chars > MAX_DOCUMENT_CHARS) {
        diagnostics.push(tooLarge(template, partialsIn(partials, template.language), sizes));
        continue;
      }
      templates.push({ ...template, expansion });
    }
  }
  const policies = groupPolicies(templates);
  diagnostics.push(...policies.flatMap((policy) => translationDrift(policy, loaded)));
  return {
    library: { templates, policies, partials, folders: loaded.folders ?? [], usedNames: namesUsedByLibrary({ templates, partials }) },
    diagnostics: dedupe(diagnostics),
  };
}

/** The language versions of each policy, together; English speaks for the policy when there is one. */
function groupPolicies(templates: readonly Template[]): Policy[] {
  const byId = new Map<string, Map<Language, Template>>();
  for (const template of templates) {
    let versions = byId.get(template.id);
    if (!versions) byId.set(template.id, (versions = new Map<Language, Template>()));
    versions.set(template.language, template);
  }
  return [...byId].map(([id, versions]) => {
    const ordered = new Map(LANGUAGES.filter((language) => versions.has(language)).map((language) => [language, versions.get(language)!]));
    return { id, templates: ordered, primary: [...ordered.values()][0]! };
  });
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
  if (RESERVED_IDS.has(template.id)) {
    diagnostics.push({
      code: 'TEMPLATE_FRONT_MATTER',
      severity: 'error',
      file: template.file,
      message: `the id "${template.id}" is kept for a file policygen makes for every home: ${RESERVED_IDS.get(template.id)}`,
      hint: `rename the file, e.g. ${template.id}-policy.md`,
    });
    return undefined;
  }
  return data;
}

/** The names of a home's index page and policy manual, which a policy's files would overwrite. */
const RESERVED_IDS = new Map([
  ['index', 'its index page, index.html'],
  ['policy-pack', 'its policy manual, policy-pack.pdf'],
]);

/**
 * Every `{{> name}}` must name a partial, and no partial may include itself, directly or
 * through others. Each partial is followed once (a depth-first walk that colours what it
 * has finished), so a library whose partials include each other many times over is
 * checked in linear time.
 */
function checkPartialReferences(
  roots: TemplateTag[][],
  partials: ReadonlyMap<string, TemplatePartial>,
  language: Language,
  diagnostics: Diagnostic[],
): void {
  const finished = new Set<string>();
  const stack: string[] = [];
  const walk = (tags: TemplateTag[]) => {
    for (const tag of tags) {
      if (tag.kind === 'partial') {
        const partial = partials.get(tag.name);
        if (!partial) {
          const file = `partials/${tag.name}${languageSuffix(language)}.md`;
          diagnostics.push(
            tagDiagnostic(
              tag,
              'PARTIAL_NOT_FOUND',
              language === 'en'
                ? `there is no partial "${tag.name}"`
                : `there is no ${LANGUAGE_NAMES_IN_ENGLISH[language]} partial "${tag.name}"`,
              `add ${file} to the template library`,
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

  constructor(private readonly partials: ReadonlyMap<string, TemplatePartial>) {}

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
function tooLarge(
  template: Omit<Template, 'expansion'>,
  partials: ReadonlyMap<string, TemplatePartial>,
  sizes: ExpansionSizes,
): Diagnostic {
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
