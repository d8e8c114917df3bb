import MarkdownIt from 'markdown-it';
import { configureAddresses, isAddressLink, MAX_NESTING } from '../load/markdown-dialect';
import { hasUnsafeScheme, isSafeLink } from './safe-links';
type Token = MarkdownIt.Token;

/**
 * One model of a rendered policy, parsed once from its Markdown by a CommonMark parser
 * with GitHub's tables, strikethrough and autolinks (markdown-it), which the HTML, PDF and
 * Word writers all walk. No writer re-reads text with regular expressions, so escaping
 * decisions are made in exactly one place.
 */
export interface PolicyDocument {
  blocks: Block[];
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; inlines: Inline[] }
  | { type: 'paragraph'; inlines: Inline[] }
  /**
   * An image on its own: the logo, or a picture from the template library. An image in a
   * line of text is taken out of the line and shown after the text before it.
   */
  | { type: 'image'; src: string; alt: string }
  /** `tight`: no blank lines between items, so item paragraphs are not set apart (CommonMark). */
  | { type: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'code'; text: string }
  | { type: 'rule' }
  | TableBlock;

/** How a column's cells are aligned; `undefined` is the writer's default (left). */
export type ColumnAlign = 'left' | 'center' | 'right' | undefined;

/** A GitHub pipe table: one header row, then body rows, each with a cell (of inlines) per column. */
export interface TableBlock {
  type: 'table';
  align: ColumnAlign[];
  header: Inline[][];
  rows: Inline[][][];
}

export interface InlineStyle {
  bold: boolean;
  italic: boolean;
  code: boolean;
  /** Struck through (`~~text~~`): shown, crossed out, in every format. */
  strike?: boolean;
  /** The link target, when the text is a link. */
  href?: string;
}

export type Inline = { type: 'text'; text: string; style: InlineStyle } | { type: 'break' };

/**
 * markdown-it's default preset (CommonMark with GitHub's pipe tables and strikethrough),
 * with raw HTML off: `<script>` in a value stays text. Bare web and e-mail addresses in a
 * template's text become links (values escape theirs). A link or image with a scheme
 * other than http, https, mailto and tel is not parsed as one. Nesting stops at 20 levels,
 * as in the CommonMark preset, so a pathological template cannot indent text off the page.
 */
const markdown = new MarkdownIt('default', { html: false, linkify: true, maxNesting: MAX_NESTING });
markdown.validateLink = (url) => !hasUnsafeScheme(url);
configureAddresses(markdown);

export function parseDocument(source: string): PolicyDocument {
  const tokens = markdown.parse(source, {});
  const [blocks] = readBlocks(tokens, 0, undefined);
  return { blocks };
}

/** Read block tokens from `start` until the closing token `until`; return the blocks and the index after it. */
function readBlocks(tokens: Token[], start: number, until: string | undefined): [Block[], number] {
  const blocks: Block[] = [];
  let i = start;
  while (i < tokens.length) {
    const token = tokens[i]!;
    if (until !== undefined && token.type === until) return [blocks, i + 1];
    switch (token.type) {
      case 'heading_open': {
        const level = Number(token.tag.slice(1)) as 1 | 2 | 3 | 4 | 5 | 6;
        blocks.push({ type: 'heading', level, inlines: readInlines(tokens[i + 1]?.children ?? []) });
        i += 3;
        break;
      }
      case 'paragraph_open':
        blocks.push(...readParagraph(tokens[i + 1]?.children ?? []));
        i += 3;
        break;
      case 'table_open': {
        const [table, next] = readTable(tokens, i + 1);
        blocks.push(table);
        i = next;
        break;
      }
      case 'bullet_list_open':
      case 'ordered_list_open': {
        const ordered = token.type === 'ordered_list_open';
        const close = ordered ? 'ordered_list_close' : 'bullet_list_close';
        const items: Block[][] = [];
        // markdown-it hides the paragraphs of a tight list's items.
        let tight = true;
        for (let j = i + 1; j < tokens.length && tokens[j]!.type !== close; j++) {
          if (tokens[j]!.type === 'paragraph_open' && tokens[j]!.level === token.level + 2 && !tokens[j]!.hidden) tight = false;
        }
        i += 1;
        while (tokens[i] && tokens[i]!.type !== close) {
          const [itemBlocks, next] = readBlocks(tokens, i + 1, 'list_item_close');
          items.push(itemBlocks);
          i = next;
        }
        blocks.push({ type: 'list', ordered, start: Number(token.attrGet('start') ?? 1), tight, items });
        i += 1;
        break;
      }
      case 'blockquote_open': {
        const [inner, next] = readBlocks(tokens, i + 1, 'blockquote_close');
        blocks.push({ type: 'quote', blocks: inner });
        i = next;
        break;
      }
      case 'fence':
      case 'code_block':
        blocks.push({ type: 'code', text: token.content.replace(/\n$/, '') });
        i += 1;
        break;
      case 'hr':
        blocks.push({ type: 'rule' });
        i += 1;
        break;
      default:
        // html_block cannot occur (html: false); anything else carries no content.
        i += 1;
    }
  }
  return [blocks, i];
}

/**
 * A paragraph's blocks: the paragraph itself, or, where it holds images, the text before
 * each image, the image, and the text after it, so that a picture pasted into a line of
 * text is shown in every format, at the place it was put.
 */
function readParagraph(children: Token[]): Block[] {
  if (!children.some((child) => child.type === 'image')) return [{ type: 'paragraph', inlines: readInlines(children) }];
  const blocks: Block[] = [];
  let from = 0;
  const text = (to: number) => {
    const inlines = trimInlines(readInlines(children.slice(from, to)));
    if (inlines.length > 0) blocks.push({ type: 'paragraph', inlines });
  };
  let links = 0;
  children.forEach((child, index) => {
    if (child.type === 'link_open') links++;
    else if (child.type === 'link_close') links--;
    // An image inside a link is shown by its description, as the link's text.
    if (child.type !== 'image' || links > 0) return;
    text(index);
    blocks.push({ type: 'image', src: String(child.attrGet('src') ?? ''), alt: plainText(child.children ?? []) });
    from = index + 1;
  });
  text(children.length);
  return blocks;
}

/** Text either side of a picture loses the spaces and line breaks that separated it from the picture. */
function trimInlines(inlines: Inline[]): Inline[] {
  while (inlines[0]?.type === 'break') inlines.shift();
  while (inlines.at(-1)?.type === 'break') inlines.pop();
  const first = inlines[0];
  if (first?.type === 'text') first.text = first.text.trimStart();
  const last = inlines.at(-1);
  if (last?.type === 'text') last.text = last.text.trimEnd();
  return inlines.filter((inline) => inline.type !== 'text' || inline.text !== '');
}

/** A table from the token after `table_open`: its alignments from the header cells, every cell's inlines. */
function readTable(tokens: Token[], start: number): [TableBlock, number] {
  const table: TableBlock = { type: 'table', align: [], header: [], rows: [] };
  let row: Inline[][] | undefined;
  let i = start;
  for (; i < tokens.length && tokens[i]!.type !== 'table_close'; i++) {
    const token = tokens[i]!;
    if (token.type === 'tr_open') row = [];
    else if (token.type === 'tr_close' && row) {
      if (table.header.length === 0) table.header = row;
      else table.rows.push(row);
      row = undefined;
    } else if (token.type === 'th_open' || token.type === 'td_open') {
      if (token.type === 'th_open') table.align.push(alignOf(token));
      row?.push(readInlines(tokens[i + 1]?.type === 'inline' ? (tokens[i + 1]!.children ?? []) : []));
    }
  }
  return [table, i + 1];
}

function alignOf(token: Token): ColumnAlign {
  const match = /text-align:(left|center|right)/.exec(String(token.attrGet('style') ?? ''));
  return match ? (match[1] as ColumnAlign) : undefined;
}

function readInlines(children: Token[]): Inline[] {
  const inlines: Inline[] = [];
  let bold = 0;
  let italic = 0;
  let strike = 0;
  const links: Array<string | undefined> = [];
  const push = (text: string, code = false) => {
    if (text === '') return;
    const href = links.at(-1);
    const style: InlineStyle = {
      bold: bold > 0,
      italic: italic > 0,
      code,
      ...(strike > 0 ? { strike: true } : {}),
      ...(href !== undefined ? { href } : {}),
    };
    const last = inlines.at(-1);
    // Join neighbouring runs of the same style, so writers see whole words and phrases.
    if (last?.type === 'text' && sameStyle(last.style, style)) last.text += text;
    else inlines.push({ type: 'text', text, style });
  };
  children.forEach((child, index) => {
    switch (child.type) {
      case 'text':
        push(child.content);
        break;
      case 'code_inline':
        push(child.content, true);
        break;
      case 'softbreak':
        push(' ');
        break;
      case 'hardbreak':
        inlines.push({ type: 'break' });
        break;
      case 'strong_open':
        bold++;
        break;
      case 'strong_close':
        bold--;
        break;
      case 'em_open':
        italic++;
        break;
      case 'em_close':
        italic--;
        break;
      case 's_open':
        strike++;
        break;
      case 's_close':
        strike--;
        break;
      case 'link_open': {
        // A relative link means nothing in a mailed or printed policy: its text is shown, unlinked.
        const href = String(child.attrGet('href') ?? '');
        const linked = isSafeLink(href) && (child.markup !== 'linkify' || isAddressLink(children[index + 1]?.content ?? '', href));
        links.push(linked ? href : undefined);
        break;
      }
      case 'link_close':
        links.pop();
        break;
      case 'image':
        // An image in a heading, a table cell or a link is shown by its description.
        push(plainText(child.children ?? []));
        break;
      default:
        break;
    }
  });
  return inlines;
}

function sameStyle(a: InlineStyle, b: InlineStyle): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.code === b.code && a.strike === b.strike && a.href === b.href;
}

function plainText(children: Token[]): string {
  return children.map((child) => (child.type === 'softbreak' || child.type === 'hardbreak' ? ' ' : child.content)).join('');
}

/**
 * The letterhead rule, for every writer: the blocks before the first `#` heading (the logo,
 * the organisation's name, its registration number) are the letterhead; the rest, from the
 * title on, is the body. A document without a `#` heading has no letterhead.
 */
export function splitLetterhead(document: PolicyDocument): { letterhead: Block[]; body: Block[] } {
  const title = document.blocks.findIndex((block) => block.type === 'heading' && block.level === 1);
  const split = title < 0 ? 0 : title;
  return { letterhead: document.blocks.slice(0, split), body: document.blocks.slice(split) };
}

/** Call `visit` with every block, those inside lists and quotes too. */
export function walkBlocks(blocks: readonly Block[], visit: (block: Block) => void): void {
  for (const block of blocks) {
    visit(block);
    if (block.type === 'list') for (const item of block.items) walkBlocks(item, visit);
    else if (block.type === 'quote') walkBlocks(block.blocks, visit);
  }
}

/** The text of some inlines, without styling: for titles, bookmarks and alt text. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.type === 'text' ? inline.text : ' ')).join('');
}
