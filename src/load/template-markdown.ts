/*
 * What a template's Markdown refers to and uses, found in its text before any organisation
 * fills it: the images it shows (to load and check them), and what the documents would not
 * show as written (raw HTML, links that lead nowhere in print, footnotes, images inside a
 * line of a table or heading), each with its place in the text. The template library load
 * reads the images; validation says what is wrong and where, and how the text is adjusted
 * so the Markdown file shows what the HTML, PDF and Word documents show.
 *
 * markdown-it is loaded only for a template that has something to find (see
 * `mayNeedScan`): a Markdown build of the built-in policy never loads it.
 */
import type { MarkdownIt, Token } from 'markdown-it';
import type { Nesting } from 'markdown-it/lib/token.mjs';
import { configureAddresses, isAddressLink, MAX_NESTING } from './markdown-dialect';

/** A stretch of a template's body, as 0-based offsets: `start` to `end`. */
export interface TextSpan {
  start: number;
  end: number;
}

/** An image the template shows, `![alt](path)`. */
export interface ImageReference {
  /** From its `![` to the end of its path. */
  span: TextSpan;
  /** The path as written between the brackets (`<…>` included), to be replaced by the file's output name; none for `![alt][label]`. */
  destination?: TextSpan;
  /** The path, with Markdown's backslash escapes taken out. */
  path: string;
  alt: string;
  /** Where it stands: in a paragraph of its own or of text (shown), or in a table cell, heading or link (shown by its description). */
  within: 'paragraph' | 'table cell' | 'heading' | 'link';
}

export interface LinkReference {
  span: TextSpan;
  /** The destination as markdown-it read it. */
  href: string;
}

/** A bare web or e-mail address in the text, which the documents show as a link. */
export interface BareAddress {
  span: TextSpan;
  text: string;
  href: string;
}

export interface MarkdownScan {
  images: ImageReference[];
  links: LinkReference[];
  addresses: BareAddress[];
  /** Raw HTML: an inline tag, or a whole HTML block. */
  html: Array<TextSpan & { block: boolean }>;
  /** Footnote definitions, `[^1]: …`, from the `[`. */
  footnotes: TextSpan[];
}

/**
 * Can this text hold anything the scan finds? Each finding needs one of these: an image
 * `![`, HTML `<`, a link `](` or `]:`, a footnote `[^`, an address `://`, `www.` or `@`.
 */
export function mayNeedScan(body: string): boolean {
  return /!\[|<|\]\(|\]:|\[\^|:\/\/|www\.|@/i.test(body);
}

/** Find what `body` (a template's or a partial's Markdown, with its mustache tags) refers to and uses. */
export function scanTemplateMarkdown(body: string): MarkdownScan {
  if (!mayNeedScan(body)) return { images: [], links: [], addresses: [], html: [], footnotes: [] };
  // Mustache comments are notes to the author: blanked (keeping every offset), so nothing in them counts.
  const text = body.replace(/\{\{![\s\S]*?\}\}/g, (comment) => comment.replace(/[^\n]/g, ' '));
  const scanner = new Scanner(text);
  return scanner.scan();
}

/** Where a token was made: the inline text it was read from, and its offset there. */
interface Made {
  src: string;
  start: number;
}

let parser: { markdown: MarkdownIt; made: WeakMap<Token, Made> } | undefined;

/**
 * The scan's parser: the documents' dialect, but with raw HTML on (to find it) and every
 * link destination accepted (to find the ones the documents refuse). Its inline state
 * records where each token was made, which markdown-it does not keep.
 */
function scanParser(): { markdown: MarkdownIt; made: WeakMap<Token, Made> } {
  if (parser) return parser;
  // The CommonJS build exports the class itself.
  const Markdown = require('markdown-it') as typeof import('markdown-it');
  const markdown = new Markdown('default', { html: true, linkify: true, maxNesting: MAX_NESTING });
  markdown.validateLink = () => true;
  configureAddresses(markdown);
  const made = new WeakMap<Token, Made>();
  // markdown-it's rules push each token with the state's position at the token's opening:
  // "![" of an image, "<" of HTML, the "[" after which a link's text starts, the ":" of "https:".
  markdown.inline.State = class RecordingState extends markdown.inline.State {
    override push(type: string, tag: string, nesting: Nesting): Token {
      const token = super.push(type, tag, nesting);
      made.set(token, { src: this.src, start: this.pos });
      return token;
    }
  };
  parser = { markdown, made };
  return parser;
}

/** One scan of one text. */
class Scanner {
  private readonly found: MarkdownScan = { images: [], links: [], addresses: [], html: [], footnotes: [] };
  private readonly lineStarts: number[] = [0];

  constructor(private readonly body: string) {
    for (let i = body.indexOf('\n'); i >= 0; i = body.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  scan(): MarkdownScan {
    const { markdown } = scanParser();
    const env: Record<string, unknown> = {};
    const tokens = markdown.parse(this.body, env);
    const codeLines = new Set<number>();
    let rowMap: [number, number] | undefined;
    let within: ImageReference['within'] = 'paragraph';
    let cursor = 0;
    for (const token of tokens) {
      if ((token.type === 'fence' || token.type === 'code_block') && token.map) {
        for (let line = token.map[0]; line < token.map[1]; line++) codeLines.add(line);
      } else if (token.type === 'html_block' && token.map) {
        const end = this.lineEnd(token.map[1] - 1);
        this.found.html.push({ start: this.lineStart(token.map[0]), end, block: true });
      } else if (token.type === 'tr_open' && token.map) {
        rowMap = [token.map[0], token.map[1]];
        cursor = this.lineStart(token.map[0]);
      } else if (token.type === 'th_open' || token.type === 'td_open') within = 'table cell';
      else if (token.type === 'heading_open') within = 'heading';
      else if (token.type === 'paragraph_open') within = 'paragraph';
      else if (token.type === 'inline') {
        const locate = token.map ? this.linesLocator(token) : this.cellLocator(token, rowMap, cursor);
        if (!token.map) cursor = locate.after;
        this.readInline(token, locate.at, within);
      }
    }
    this.findFootnotes(codeLines);
    return this.found;
  }

  /** Collect what one inline token (a paragraph, heading or table cell's text) holds. */
  private readInline(inline: Token, at: (offset: number) => number | undefined, within: ImageReference['within']): void {
    const { markdown, made } = scanParser();
    const src = inline.content;
    const children = inline.children ?? [];
    const startOf = (token: Token): number | undefined => {
      const place = made.get(token);
      return place?.src === src ? place.start : undefined;
    };
    const span = (start: number | undefined, end: number): TextSpan | undefined =>
      start === undefined ? undefined : this.bodySpan(src, start, Math.max(start, end), at);
    const addresses = this.fuzzyAddresses(inline, at);
    let nextAddress = 0;
    let links = 0;
    children.forEach((child, index) => {
      const start = startOf(child);
      if (child.type === 'link_open') {
        links++;
        const href = String(child.attrGet('href') ?? '');
        if (child.markup === 'linkify') {
          const text = children[index + 1]?.content ?? '';
          // Made by the inline rule at the ":" of "https://", after its scheme was read as text; else found again.
          let where: TextSpan | undefined;
          if (start !== undefined) {
            let from = start;
            while (from > 0 && /[A-Za-z0-9+.-]/.test(src[from - 1]!)) from--;
            const match = markdown.linkify.matchAtStart(src.slice(from));
            where = match ? span(from, from + match.lastIndex) : undefined;
          } else where = addresses[nextAddress++];
          if (where && isAddressLink(text, href))
            this.found.addresses.push({ span: where, text: this.body.slice(where.start, where.end), href });
        } else if (start !== undefined) {
          // A link is made once its text is known: its place is the "[" (or "<" of an autolink) before.
          const from = child.markup === 'autolink' ? start : start - 1;
          const where = span(from, from + 1);
          if (where) this.found.links.push({ span: where, href });
        }
      } else if (child.type === 'link_close') links--;
      else if (child.type === 'html_inline') {
        const where = span(start, (start ?? 0) + child.content.length);
        if (where) this.found.html.push({ ...where, block: false });
      } else if (child.type === 'image' && start !== undefined) {
        const read = this.readImage(src, start);
        const whole = span(start, read.end);
        if (!whole) return;
        const destination = read.destination && span(read.destination.start, read.destination.end);
        // A path that does not land in the body exactly as read (an image across lines of a quote) is not rewritten: it is refused.
        const written = destination ? this.body.slice(destination.start, destination.end) : undefined;
        this.found.images.push({
          span: whole,
          ...(destination ? { destination } : {}),
          path: written !== undefined ? unescapeDestination(written) : read.destination ? '' : String(child.attrGet('src') ?? ''),
          alt: child.content,
          within: links > 0 ? 'link' : within,
        });
      }
    });
  }

  /** Where an image's label ends and its destination is, read from its "![" with markdown-it's own helpers. */
  private readImage(src: string, start: number): { end: number; destination?: TextSpan } {
    const { markdown } = scanParser();
    const state = new markdown.inline.State(src, markdown, {}, []);
    const labelEnd = markdown.helpers.parseLinkLabel(state, start + 1, false);
    if (labelEnd < 0) return { end: start + 2 };
    let pos = labelEnd + 1;
    if (src[pos] !== '(') return { end: pos };
    pos++;
    while (pos < src.length && /[ \t\n]/.test(src[pos]!)) pos++;
    const destination = markdown.helpers.parseLinkDestination(src, pos, src.length);
    if (!destination.ok) return { end: pos };
    return { end: destination.pos, destination: { start: pos, end: destination.pos } };
  }

  /**
   * The body offset of each offset in a paragraph's or heading's inline text. markdown-it
   * gives the inline text its source lines with indentation and quote markers taken off,
   * so each line of it is the end of its source line: measured from the line's end, a
   * column lands exactly, whatever came off its start.
   */
  private linesLocator(inline: Token): { at: (offset: number) => number | undefined; after: number } {
    const [firstLine, endLine] = inline.map!;
    const lines = inline.content.split('\n');
    const starts: Array<{ content: number; body: number | undefined }> = [];
    let contentOffset = 0;
    lines.forEach((line, index) => {
      const bodyLine = firstLine + index;
      let body: number | undefined;
      if (bodyLine < endLine) {
        const source = this.body.slice(this.lineStart(bodyLine), this.lineEnd(bodyLine)).trimEnd();
        const trimmed = line.trimEnd();
        const column = source.length - trimmed.length;
        if (column >= 0 && source.startsWith(trimmed, column)) body = this.lineStart(bodyLine) + column;
      }
      starts.push({ content: contentOffset, body });
      contentOffset += line.length + 1;
    });
    const at = (offset: number) => {
      // The last line that starts at or before the offset.
      let low = 0;
      let high = starts.length - 1;
      while (low < high) {
        const middle = (low + high + 1) >>> 1;
        if (starts[middle]!.content <= offset) low = middle;
        else high = middle - 1;
      }
      const start = starts[low]!;
      return start.body === undefined ? undefined : start.body + offset - start.content;
    };
    return { at, after: 0 };
  }

  /** A table cell's text is one stretch of its row's line, after the cells before it. */
  private cellLocator(
    inline: Token,
    rowMap: [number, number] | undefined,
    cursor: number,
  ): { at: (offset: number) => number | undefined; after: number } {
    if (!rowMap) return { at: () => undefined, after: cursor };
    const lineEnd = this.lineEnd(rowMap[0]);
    // markdown-it takes the backslash out of "\|" in a cell: look for the text as written, and count the backslashes back in.
    const written = inline.content.replace(/\|/g, '\\|');
    for (const candidate of [inline.content, written]) {
      const found = this.body.indexOf(candidate, cursor);
      if (found < 0 || found + candidate.length > lineEnd) continue;
      const escaped = candidate !== inline.content;
      const at = (offset: number) => found + offset + (escaped ? (inline.content.slice(0, offset).match(/\|/g) ?? []).length : 0);
      return { at, after: found + candidate.length };
    }
    return { at: () => undefined, after: cursor };
  }

  /** A stretch of inline text in the body, if it lands there exactly as it is in the inline text. */
  private bodySpan(content: string, start: number, end: number, at: (offset: number) => number | undefined): TextSpan | undefined {
    const from = at(start);
    const to = end > start ? at(end - 1) : from;
    if (from === undefined || to === undefined) return undefined;
    const span = { start: from, end: end > start ? to + 1 : to };
    const written = content.slice(start, end);
    if (this.body.slice(span.start, span.end) === written) return span;
    // Running over a line into a quote or list: the start is still right, for a message.
    return written.includes('\n') ? { start: from, end: from + written.indexOf('\n') } : undefined;
  }

  /**
   * linkify finds "www." and e-mail addresses in the text after the inline rules have run,
   * with no place in the text: find them again in the inline text, in the same order.
   */
  private fuzzyAddresses(inline: Token, at: (offset: number) => number | undefined): Array<TextSpan | undefined> {
    const children = inline.children ?? [];
    const { markdown, made } = scanParser();
    const wanted = children.filter(
      (child) => child.type === 'link_open' && child.markup === 'linkify' && made.get(child)?.src !== inline.content,
    );
    if (wanted.length === 0) return [];
    const matches = markdown.linkify.match(inline.content) ?? [];
    // One entry for each such link, in order: its place, or undefined where it was not found again.
    const spans: Array<TextSpan | undefined> = [];
    let from = 0;
    for (const link of wanted) {
      const href = String(link.attrGet('href') ?? '');
      let index = from;
      while (index < matches.length && markdown.normalizeLink(matches[index]!.url) !== href) index++;
      const match = matches[index];
      if (!match) {
        spans.push(undefined);
        continue;
      }
      from = index + 1;
      spans.push(this.bodySpan(inline.content, match.index, match.lastIndex, at));
    }
    return spans;
  }

  /** `[^label]:` at the start of a line outside code: markdown-it reads it as a link definition, and drops it. */
  private findFootnotes(codeLines: ReadonlySet<number>): void {
    this.lineStarts.forEach((start, line) => {
      if (codeLines.has(line)) return;
      // Each quote marker must be a ">", so the pattern cannot backtrack over a line of spaces.
      const match = /^(?: {0,3}> ?)* {0,3}(\[\^[^\]\s]+\]:)/.exec(this.body.slice(start, this.lineEnd(line)));
      if (!match) return;
      const at = start + match.index + match[0].length - match[1]!.length;
      this.found.footnotes.push({ start: at, end: at + match[1]!.length });
    });
  }

  private lineStart(line: number): number {
    return this.lineStarts[line] ?? this.body.length;
  }

  private lineEnd(line: number): number {
    const next = this.lineStarts[line + 1];
    return next === undefined ? this.body.length : next - 1;
  }
}

/** A destination as written: `<…>` unwrapped, backslash escapes taken out, %-escapes decoded where they are valid. */
function unescapeDestination(written: string): string {
  const inner = written.startsWith('<') && written.endsWith('>') ? written.slice(1, -1) : written;
  const unescaped = inner.replace(/\\([!-/:-@[-`{-~])/g, '$1');
  try {
    return decodeURI(unescaped);
  } catch {
    return unescaped;
  }
}
