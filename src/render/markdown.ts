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
  // NFC: "ŷ" typed as "y" + a combining circumflex becomes the one character, so it
  // prints, extracts and compares as the same letter.
  return normaliseEnding(text).normalize('NFC');
}

/** Exactly one newline at the end, and no blank lines at the start: what markdownlint expects. */
function normaliseEnding(text: string): string {
  return `${text.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\s+$/, '')}\n`;
}
