import Mustache from 'mustache';
import type { Partial, Template } from '../validate';
import { escapeForMarkdown } from './escape-markdown';
import type { View } from './view';

/**
 * Fill a template with an organisation's values, escaping each for Markdown. The
 * placeholders were checked beforehand, so nothing here renders as a silent blank.
 */
export function renderMarkdown(template: Template, view: View, partials: Map<string, Partial>): string {
  const partialBodies: Record<string, string> = {};
  for (const [name, partial] of partials) partialBodies[name] = partial.body;
  const text = Mustache.render(template.body, view, partialBodies, { escape: escapeForMarkdown });
  // Values are NFC-normalised as they are escaped, and template text when it is loaded.
  return normaliseEnding(text);
}

/** Exactly one newline at the end, and no blank lines at the start: what markdownlint expects. */
function normaliseEnding(text: string): string {
  // trimEnd, not /\s+$/: that regex is quadratic on a long text with many blank lines.
  return `${text.replace(/^(?:[ \t]*\r?\n)+/, '').trimEnd()}\n`;
}
