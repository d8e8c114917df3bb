/**
 * Make a value literal text in CommonMark, wherever a placeholder puts it: in a paragraph,
 * a heading, a list item or at the start of a line. `Smith & Sons *Care* <Home>` must
 * come out as exactly those characters, never as emphasis, HTML or a link.
 *
 * Only characters that can start markup are escaped, so ordinary names stay readable in
 * the .md file ("Tŷ Gwyn", "St. Mary's", "Smith & Sons" are unchanged).
 */
export function escapeMarkdown(value: string): string {
  const text = value
    // A line break inside a value would end the paragraph or list item it sits in.
    .replace(/\s*[\r\n]+\s*/g, ' ')
    // Edge whitespace means nothing in a policy, and leading spaces or a tab would start a code block.
    .trim()
    // Characters that open emphasis, code, links, HTML, tables or strikethrough anywhere.
    .replace(/[\\`*_[\]<>|~]/g, '\\$&')
    // `&amp;` or `&#169;` would become a character reference; a lone `&` is safe.
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&')
    // `#` opens a heading at the start of a line, and closes one after a space ("Ward #").
    .replace(/(^|\s)#/g, '$1\\#')
    // GitHub-style renderers (and markdownlint) turn bare e-mail addresses and URLs into links.
    .replace(/@/g, '\\@')
    .replace(/:(?=\/\/)/g, '\\:')
    .replace(/\b(www)\./gi, '$1\\.');
  // At the start of a line these begin a list, a quote or a heading underline.
  return text.replace(/^([+\-=>])/, '\\$1').replace(/^(\d+)([.)])/, '$1\\$2');
}

/** Text already in Markdown (the logo image) that must not be escaped again. */
export class MarkdownFragment {
  constructor(readonly markdown: string) {}
  toString(): string {
    return this.markdown;
  }
}

/** The escape function handed to mustache: strings are escaped, fragments pass through. */
export function escapeForMarkdown(value: unknown): string {
  if (value instanceof MarkdownFragment) return value.markdown;
  return escapeMarkdown(String(value));
}
