/**
 * Make a value literal text in CommonMark, wherever a placeholder puts it: in a paragraph,
 * a heading, a list item or at the start of a line. `Smith & Sons *Care* <Home>` must
 * come out as exactly those characters, never as emphasis, HTML or a link.
 *
 * Only characters that can start markup are escaped, so ordinary names stay readable in
 * the .md file ("Tŷ Gwyn", "St. Mary's", "Smith & Sons" are unchanged).
 */
export function escapeMarkdown(value: string): string {
  let text = value;
  // A line break inside a value would end the paragraph or list item it sits in.
  if (/[\r\n]/.test(text)) text = text.replace(/\s*[\r\n]+\s*/g, ' ');
  // Edge whitespace means nothing in a policy, and leading spaces or a tab would start a
  // code block. NFC: "ŷ" typed as "y" + a combining circumflex becomes the one letter.
  text = text.trim().normalize('NFC');
  // One pass for everything that can start markup anywhere in a line:
  // emphasis, code, links, HTML, tables, strikethrough; a character reference (&amp;);
  // a "#" that opens a heading or, after a space, closes one ("Ward #"); and the bare
  // e-mail addresses and URLs that GitHub-style renderers (and markdownlint) turn into links.
  text = text.replace(MARKUP, escapeMatch);
  // A table row is split at each "|" not right after a backslash, before anything else is
  // read: a value ending in a backslash, put just before a cell's "|", would hide that "|".
  // Its last backslash is written as a character reference, which is not a backslash there.
  if (text.endsWith('\\\\')) text = `${text.slice(0, -2)}&#92;`;
  // At the start of a line these begin a list, a quote or a heading underline.
  if (/^[+\-=>]/.test(text)) return `\\${text}`;
  // "3.1" starts no list: only digits, "." or ")" and then a space (or nothing) do.
  return text.replace(/^(\d+)([.)])(?=[ \t]|$)/, '$1\\$2');
}

const MARKUP = /[\\`*_[\]<>|~@]|&(?=#?[A-Za-z0-9]+;)|(?:^|\s)#|:(?=\/\/)|\bwww\./gi;

/** A single character gets a backslash; " #" keeps its space; "www." becomes "www\.". */
function escapeMatch(match: string): string {
  if (match.length === 1) return `\\${match}`;
  if (match.endsWith('#')) return `${match.slice(0, -1)}\\#`;
  return `${match.slice(0, 3)}\\.`;
}

/** Text already in Markdown (the logo image) that must not be escaped again. */
export class MarkdownFragment {
  constructor(readonly markdown: string) {}
  toString(): string {
    return this.markdown;
  }
}
