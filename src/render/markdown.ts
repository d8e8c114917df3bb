import Mustache from 'mustache';
import { applyEdits, partialsIn, type TemplatePartial, type Template } from '../validate';
import { escapeMarkdown, MarkdownFragment } from './escape-markdown';
import { neutraliseUnsafeLinks, sanitiseRawMarkdown } from './safe-links';
import type { View } from './view';

// One writer for the process, so partials are parsed once. Each template body is parsed
// once too: Mustache.render looks its tokens up by the whole body plus its tags as a new
// string key on every call, which cost more than the filling itself (docs/performance.md).
const writer = new Mustache.Writer();
// Three braces keep a value's Markdown, never its HTML or unsafe links (see safe-links.ts).
writer.unescapedValue = (token, context) => {
  const value: unknown = context.lookup(token[1] as string);
  // mustache's own types say string; its code (like ours) prints nothing for a missing value.
  if (value === undefined || value === null) return undefined as unknown as string;
  if (value instanceof MarkdownFragment) return value.markdown;
  return sanitiseRawMarkdown(typeof value === 'string' ? value : JSON.stringify(value));
};
const parsedBodies = new WeakMap<Template, { body: string; tokens: ReturnType<typeof Mustache.parse> }>();
const editedPartials = new WeakMap<TemplatePartial, string>();

/**
 * A body as it is filled: its images named by their output files, and raw HTML, footnotes
 * and bare addresses written as every Markdown reader shows what the other formats show.
 */
function editedBody(source: Template | TemplatePartial): string {
  return applyEdits(source.body, source.edits);
}

/**
 * Fill a template with an organisation's values, escaping each for Markdown. The
 * placeholders were checked beforehand, so nothing here renders as a silent blank.
 */
export function renderMarkdown(template: Template, view: View, partials: ReadonlyMap<string, TemplatePartial>): string {
  // The partials of the template's own language: a Welsh policy includes Welsh blocks only.
  const partialBodies: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [name, partial] of partialsIn(partials, template.language)) {
    let body = editedPartials.get(partial);
    if (body === undefined) editedPartials.set(partial, (body = editedBody(partial)));
    partialBodies[name] = body;
  }
  let parsed = parsedBodies.get(template);
  if (!parsed) {
    const body = editedBody(template);
    parsedBodies.set(template, (parsed = { body, tokens: Mustache.parse(body) }));
  }
  const text = writer.renderTokens(parsed.tokens as unknown as string[][], new Mustache.Context(view), partialBodies, parsed.body, {
    escape: escapeOnce(),
  });
  // Values are NFC-normalised as they are escaped, and template text when it is loaded.
  return normaliseEnding(neutraliseUnsafeLinks(text));
}

/** The escape handed to mustache: strings are escaped (each distinct one once), fragments pass through. */
function escapeOnce(): (value: unknown) => string {
  // A policy names its organisation a dozen times: escape the name once.
  const escaped = new Map<string, string>();
  return (value) => {
    if (value instanceof MarkdownFragment) return value.markdown;
    const text = String(value);
    let result = escaped.get(text);
    if (result === undefined) escaped.set(text, (result = escapeMarkdown(text)));
    return result;
  };
}

/** Exactly one newline at the end, and no blank lines at the start: what markdownlint expects. */
function normaliseEnding(text: string): string {
  // trimEnd, not /\s+$/: that regex is quadratic on a long text with many blank lines.
  return `${text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd()}\n`;
}
