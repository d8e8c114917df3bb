/**
 * GLYPH_MISSING: text that reaches a PDF with characters its font (Noto Sans) cannot show,
 * such as Chinese, Japanese, Arabic or emoji. The PDF shows an empty box for each; Markdown
 * and HTML show them, so it is a warning, given by `validate` and by builds that make PDFs.
 */
import { lineText, positionAt, type Diagnostic } from '../diagnostics';
import { diagnosticAtPath, FIELD_PREFIX, formatPath, type Organisation, type TemplateLibrary, type TemplateTag } from '../validate';
import { describeGlyphs, findMissingGlyphs } from './glyphs';

const SHOWN_AS = 'the PDF shows an empty box for each';
const HINT = 'the Markdown and HTML show them as written; for the PDF, write them in Latin, Greek or Cyrillic letters, or leave them out';

/** The organisation's values that reach a PDF: its name (in every header), and those the templates print. */
export function organisationGlyphWarnings(organisation: Organisation, library: TemplateLibrary): Diagnostic[] {
  const printed = printedPlaceholders(library);
  printed.add(`${FIELD_PREFIX}name`);
  // The responsible individual is printed as the approver, and a policy's review record by the document-control block.
  if (printed.has('approved_by')) {
    for (const name of ['', '_first_name', '_last_name']) printed.add(`${FIELD_PREFIX}responsible_individual${name}`);
  }
  const values = organisation.placeholders.values.map((field) => ({
    name: field.name,
    path: field.path,
    value: field.value,
  }));
  for (const [id, record] of organisation.review.policies) {
    const fields = [
      ['reviewed_by', 'reviewed_by', record.reviewedBy],
      ['approved_by', 'approved_by', record.approvedBy],
      ['review_changes', 'changes', record.changes],
    ] as const;
    for (const [name, key, value] of fields) {
      const path = ['review', 'policies', id, key];
      // A text per language is checked in each: each reaches its own documents.
      if (typeof value === 'string') values.push({ name, path, value });
      else if (value !== undefined)
        for (const [language, text] of Object.entries(value)) values.push({ name, path: [...path, language], value: text });
    }
  }
  return values.flatMap((field) => {
    if (!printed.has(field.name)) return [];
    const missing = findMissingGlyphs(field.value);
    if (missing.length === 0) return [];
    return [
      diagnosticAtPath(organisation.yaml, field.path, 'value', {
        code: 'GLYPH_MISSING',
        severity: 'warning',
        path: formatPath(field.path),
        message: `${formatPath(field.path)} has characters the PDF's font cannot show: ${describeGlyphs(missing.map((m) => m.character))}; ${SHOWN_AS}`,
        hint: HINT,
      }),
    ];
  });
}

/** The templates' own text (and titles, which head every page), at the first such character of each file. */
export function templateGlyphWarnings(library: TemplateLibrary): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const check = (file: string, body: string, lineOffset: number, title?: string) => {
    const missing = findMissingGlyphs(body);
    const inTitle =
      title === undefined ? [] : findMissingGlyphs(title).filter((m) => !missing.some((other) => other.character === m.character));
    if (missing.length === 0 && inTitle.length === 0) return;
    const characters = describeGlyphs([...inTitle, ...missing].map((m) => m.character));
    const cannotShow = `has characters the PDF's font cannot show: ${characters}; ${SHOWN_AS}`;
    if (missing.length === 0) {
      warnings.push({ code: 'GLYPH_MISSING', severity: 'warning', file, message: `the title ${cannotShow}`, hint: HINT });
      return;
    }
    const message = `this template ${cannotShow}`;
    const { line, column } = positionAt(body, missing[0]!.offset);
    const excerpt = lineText(body, line);
    warnings.push({
      code: 'GLYPH_MISSING',
      severity: 'warning',
      file,
      line: line + lineOffset,
      column,
      length: 1,
      excerpt,
      message,
      hint: HINT,
    });
  };
  for (const template of library.templates) check(template.file, template.body, template.bodyLineOffset, template.title);
  for (const partial of library.partials.values()) check(partial.file, partial.body, 0);
  return warnings;
}

function printedPlaceholders(library: TemplateLibrary): Set<string> {
  const names = new Set<string>();
  const walk = (tags: readonly TemplateTag[]) => {
    for (const tag of tags) {
      if (tag.kind === 'variable') names.add(tag.name);
      walk(tag.children);
    }
  };
  for (const template of library.templates) walk(template.tags);
  for (const partial of library.partials.values()) walk(partial.tags);
  return names;
}
