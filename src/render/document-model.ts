import MarkdownIt from 'markdown-it';
import { hasUnsafeScheme, isSafeLink } from './safe-links';
type Token = MarkdownIt.Token;

/**
 * One model of a rendered policy, parsed once from its Markdown by a CommonMark parser
 * (markdown-it), which the HTML and PDF writers both walk. Neither writer re-reads text
 * with regular expressions, so escaping decisions are made in exactly one place.
 */
export interface PolicyDocument {
  blocks: Block[];
}

export type Block =
  | { type: 'heading'; level: 1 | 2 | 3 | 4 | 5 | 6; inlines: Inline[] }
  | { type: 'paragraph'; inlines: Inline[] }
  /** A paragraph that holds nothing but an image: the logo, in practice. */
  | { type: 'image'; src: string; alt: string }
  /** `tight`: no blank lines between items, so item paragraphs are not set apart (CommonMark). */
  | { type: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][] }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'code'; text: string }
  | { type: 'rule' };

export interface InlineStyle {
  bold: boolean;
  italic: boolean;
  code: boolean;
  /** The link target, when the text is a link. */
  href?: string;
}

export type Inline = { type: 'text'; text: string; style: InlineStyle } | { type: 'break' };

/**
 * markdown-it with raw HTML off (its default): `<script>` in a value stays text. A link
 * or image with a scheme other than http, https, mailto and tel is not parsed as one.
 */
const markdown = new MarkdownIt('commonmark', { html: false });
markdown.validateLink = (url) => !hasUnsafeScheme(url);

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
      case 'paragraph_open': {
        const children = tokens[i + 1]?.children ?? [];
        const image = children.length === 1 && children[0]!.type === 'image' ? children[0]! : undefined;
        if (image) {
          blocks.push({ type: 'image', src: String(image.attrGet('src') ?? ''), alt: plainText(image.children ?? []) });
        } else {
          blocks.push({ type: 'paragraph', inlines: readInlines(children) });
        }
        i += 3;
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

function readInlines(children: Token[]): Inline[] {
  const inlines: Inline[] = [];
  let bold = 0;
  let italic = 0;
  const links: Array<string | undefined> = [];
  const push = (text: string, code = false) => {
    if (text === '') return;
    const href = links.at(-1);
    const style: InlineStyle = { bold: bold > 0, italic: italic > 0, code, ...(href !== undefined ? { href } : {}) };
    const last = inlines.at(-1);
    // Join neighbouring runs of the same style, so writers see whole words and phrases.
    if (last?.type === 'text' && sameStyle(last.style, style)) last.text += text;
    else inlines.push({ type: 'text', text, style });
  };
  for (const child of children) {
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
      case 'link_open': {
        // A relative link means nothing in a mailed or printed policy: its text is shown, unlinked.
        const href = String(child.attrGet('href') ?? '');
        links.push(isSafeLink(href) ? href : undefined);
        break;
      }
      case 'link_close':
        links.pop();
        break;
      case 'image':
        // An image inside running text is shown by its description.
        push(plainText(child.children ?? []));
        break;
      default:
        break;
    }
  }
  return inlines;
}

function sameStyle(a: InlineStyle, b: InlineStyle): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.code === b.code && a.href === b.href;
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

/** The text of some inlines, without styling: for titles, bookmarks and alt text. */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((inline) => (inline.type === 'text' ? inline.text : ' ')).join('');
}
