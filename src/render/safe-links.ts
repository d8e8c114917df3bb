import { SAFE_LINK } from '../load/markdown-dialect';

/**
 * Links a policy may hold: web pages, e-mail addresses, telephone numbers and places in
 * the same document. Anything else (smb:, file:, ms-msdt:, search-ms:, javascript:, a
 * relative path that means nothing once the file is mailed or printed) is shown as text:
 * a value typed into an organisation file must never become a live link to run something.
 */
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;

/** May this destination be a live link in HTML and PDF? */
export function isSafeLink(url: string): boolean {
  return SAFE_LINK.test(url.trim());
}

/**
 * Does this destination name a scheme other than the safe ones? A relative path (an image
 * beside the template) has none: it is resolved by policygen, never handed to the system.
 */
export function hasUnsafeScheme(url: string): boolean {
  const trimmed = url.trim();
  return SCHEME.test(trimmed) && !SAFE_LINK.test(trimmed);
}

// [text](destination: an inline link (not an image); <scheme:...>: an autolink.
const INLINE_LINK = /(^|[^!\\])(\[(?:[^\]\\\n]|\\.)*\])\(\s*<?((?:[^\s()<>\\]|\\.)*)/g;
const AUTOLINK = /<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^\s<>]*)>/g;
const REFERENCE_DEFINITION = /^( {0,3}\[(?:[^\]\\\n]|\\.)+\]:)\s*<?(\S*?)>?(?=\s|$)/gm;

/**
 * Make every link in a Markdown text whose destination is not safe into literal text, so
 * the .md file says what the HTML and PDF show: `[text]\(smb://x)` and `\<smb://x>` are
 * read as text by every CommonMark renderer. Fenced code is left as it is.
 */
export function neutraliseUnsafeLinks(markdown: string): string {
  if (!markdown.includes('](') && !markdown.includes('<') && !markdown.includes(']:')) return markdown;
  return mapOutsideFences(markdown, (text) =>
    text
      .replace(INLINE_LINK, (match, before: string, label: string, destination: string) =>
        !hasUnsafeScheme(unescape(destination)) ? match : `${before}${label}\\(${match.slice(before.length + label.length + 1)}`,
      )
      .replace(AUTOLINK, (match, url: string) => (!hasUnsafeScheme(url) ? match : `\\${match}`))
      .replace(REFERENCE_DEFINITION, (match, _label: string, url: string) => (!hasUnsafeScheme(unescape(url)) ? match : `\\${match}`)),
  );
}

/**
 * A value inserted with three braces keeps its Markdown (emphasis, lists), but never its
 * HTML: `<` outside code spans is escaped, and unsafe links become text, as in the HTML
 * and PDF made from it.
 */
export function sanitiseRawMarkdown(value: string): string {
  const withoutHtml = value.replace(/(`+)[\s\S]*?\1|</g, (match) => (match === '<' ? '\\<' : match));
  return neutraliseUnsafeLinks(withoutHtml);
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}

function mapOutsideFences(markdown: string, map: (text: string) => string): string {
  const parts = markdown.split(/^((?:```|~~~)[^\n]*\n[\s\S]*?^(?:```|~~~)[ \t]*$)/m);
  return parts.map((part, index) => (index % 2 === 1 ? part : map(part))).join('');
}
