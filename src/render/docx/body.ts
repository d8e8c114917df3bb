/*
 * The document model as Word paragraphs: headings in Word's heading styles, lists in Word's
 * own numbering, links as hyperlinks, bold, italic and code as run formatting. (Each run's
 * language tag is added as the package is written: see docx-fixes.ts.)
 */
import {
  BorderStyle,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Paragraph,
  Tab,
  TextRun,
  type FileChild,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, Inline, InlineStyle } from '../document-model';
import type { EmbeddedImage } from '../html';
import {
  BULLET_LIST,
  CODE_FONT,
  COLOURS,
  ITEM_GAP,
  LIST_INDENT,
  orderedListReference,
  PARAGRAPH_AFTER,
  QUOTE_INDENT,
  STYLE,
  twips,
} from './styles';

type ListBlock = Extract<Block, { type: 'list' }>;

const HEADING_LEVELS = {
  1: HeadingLevel.HEADING_1,
  2: HeadingLevel.HEADING_2,
  3: HeadingLevel.HEADING_3,
  4: HeadingLevel.HEADING_4,
  5: HeadingLevel.HEADING_5,
  6: HeadingLevel.HEADING_6,
} as const;

/** Pixels (at 96 to the inch, as docx takes image sizes) in a point. */
const PIXELS_PER_POINT = 96 / 72;

/**
 * Characters XML 1.0 does not allow (C0 controls other than tab and line breaks, lone
 * surrogates, U+FFFE and U+FFFF). YAML's escapes can put them in a value; docx drops some
 * of them, not all, so they are dropped here before any text reaches it.
 */
const NOT_XML =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlSafe(text: string): string {
  NOT_XML.lastIndex = 0;
  return NOT_XML.test(text) ? text.replace(NOT_XML, '') : text;
}

/** Where a block sits: how far it is indented (in twips), how deep in lists, and whether in a block quote. */
interface Place {
  indent: number;
  depth: number;
  quote: boolean;
}

const TOP: Place = { indent: 0, depth: 0, quote: false };

/**
 * Walks the document model into Word content for one document, numbering lists as it
 * goes (see `lists`).
 *
 * Each block type maps to its own method returning `FileChild`s, which is what a Word
 * table is too: a table block will be one more case in `block`.
 */
export class BodyWriter {
  private readonly images: Map<string, EmbeddedImage>;
  /**
   * The numbering instances, in the order they first appear (what numbering.xml is made
   * from): one for all bulleted lists, which have no count to restart, and one for each
   * numbered list, so each starts at its own first number.
   */
  readonly lists: string[] = [];
  private orderedLists = 0;

  constructor(images: readonly EmbeddedImage[]) {
    this.images = new Map(images.map((image) => [image.href, image]));
  }

  /**
   * The letterhead: the logo, the organisation's name in bold, then its details, over a
   * rule in the accent colour, as the PDF and HTML have it.
   */
  letterhead(blocks: readonly Block[]): FileChild[] {
    if (blocks.length === 0) return [];
    const children: FileChild[] = [];
    let first = true;
    for (const block of blocks) {
      if (block.type === 'image') {
        children.push(...this.image(block, 64, { keepNext: true, spacing: { after: twips(8) } }));
      } else if (block.type === 'paragraph') {
        children.push(new Paragraph({ style: first ? STYLE.letterheadName : STYLE.letterhead, children: this.runs(block.inlines) }));
        first = false;
      } else {
        children.push(...this.block(block, TOP));
      }
    }
    children.push(this.rule(COLOURS.accent, 12, twips(16)));
    return children;
  }

  blocks(blocks: readonly Block[], place: Place = TOP): FileChild[] {
    return blocks.flatMap((block, index) => this.block(block, place, blocks[index - 1]));
  }

  /** `previous` is the block before, in the same container: a tight list leaves only an item's gap after itself. */
  private block(block: Block, place: Place, previous?: Block): FileChild[] {
    const indent = place.indent > 0 ? { indent: { left: place.indent } } : {};
    const afterList = previous?.type === 'list' && previous.tight ? { spacing: { before: PARAGRAPH_AFTER - ITEM_GAP } } : {};
    switch (block.type) {
      case 'heading':
        return [new Paragraph({ heading: HEADING_LEVELS[block.level], ...indent, children: this.runs(block.inlines) })];
      case 'paragraph':
        return [
          new Paragraph({ ...(place.quote ? { style: STYLE.quote } : {}), ...indent, ...afterList, children: this.runs(block.inlines) }),
        ];
      case 'image':
        return this.image(block, 80, indent);
      case 'list':
        return this.list(block, place);
      case 'quote':
        return this.blocks(block.blocks, { indent: place.indent + QUOTE_INDENT, depth: place.depth, quote: true });
      case 'code':
        return [
          new Paragraph({
            style: STYLE.code,
            indent: { left: place.indent + twips(10) },
            ...afterList,
            children: this.codeRuns(block.text),
          }),
        ];
      case 'rule':
        return [this.rule(COLOURS.rule, 4, PARAGRAPH_AFTER, place.indent)];
    }
  }

  /**
   * A list as Word numbering, at the level of its depth: the bulleted lists' instance, or
   * a numbered list's own. An item's first paragraph carries the label; its later blocks
   * are indented to the item's text.
   */
  private list(list: ListBlock, place: Place): FileChild[] {
    const reference = list.ordered ? orderedListReference(list.start) : BULLET_LIST;
    const instance = list.ordered ? ++this.orderedLists : 0;
    if (list.ordered || !this.lists.includes(BULLET_LIST)) this.lists.push(reference);
    const numbering = { reference, level: Math.min(place.depth, 8), instance };
    const textIndent = place.indent + LIST_INDENT * (place.depth + 1);
    // Inside a quote, the list moves in with it; elsewhere the numbering definition's indents apply.
    const indent = place.indent > 0 ? { indent: { left: textIndent, hanging: LIST_INDENT } } : {};
    const spacing = list.tight ? {} : { spacing: { after: PARAGRAPH_AFTER } };

    return list.items.flatMap((item) => {
      const [lead, ...rest] = item;
      const label =
        lead?.type === 'paragraph'
          ? new Paragraph({ numbering, ...indent, ...spacing, children: this.runs(lead.inlines) })
          : new Paragraph({ numbering, ...indent, ...spacing, children: [] });
      const after = lead?.type === 'paragraph' ? rest : item;
      return [
        label,
        ...after.flatMap((block, index) => {
          if (block.type === 'list') return this.list(block, { ...place, depth: place.depth + 1 });
          return this.block(block, { indent: textIndent, depth: place.depth + 1, quote: place.quote }, after[index - 1]);
        }),
      ];
    });
  }

  private image(block: Extract<Block, { type: 'image' }>, maxHeight: number, paragraph: IParagraphOptions): FileChild[] {
    const image = this.images.get(block.src);
    // Only images the build embeds are shown; any other is described by its text, as in HTML.
    if (!image) return block.alt ? [new Paragraph({ ...paragraph, children: this.runs([plain(block.alt)]) })] : [];
    const scale = Math.min(180 / image.width, maxHeight / image.height) * PIXELS_PER_POINT;
    const alt = xmlSafe(block.alt);
    const run = new ImageRun({
      type: image.mimeType === 'image/png' ? 'png' : 'jpg',
      data: image.bytes,
      transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
      altText: { name: alt, description: alt, title: alt },
    });
    return [new Paragraph({ ...paragraph, children: [run] })];
  }

  /** A rule as Word draws one: the bottom border of an empty paragraph whose mark is too small to add a line. */
  private rule(colour: string, eighths: number, after: number, indent = 0): Paragraph {
    return new Paragraph({
      border: { bottom: { style: BorderStyle.SINGLE, size: eighths, color: colour, space: 1 } },
      spacing: { before: 0, after, line: 120, lineRule: 'exact' },
      ...(indent > 0 ? { indent: { left: indent } } : {}),
      run: { size: 2 },
      children: [],
    });
  }

  /**
   * Runs for some inlines; web, e-mail and telephone links as hyperlinks. A link to a place
   * in the document (`#…`) would be an external link to nowhere in Word: its text stays.
   */
  runs(inlines: readonly Inline[]): ParagraphChild[] {
    const children: ParagraphChild[] = [];
    for (const inline of inlines) {
      if (inline.type === 'break') {
        children.push(new TextRun({ break: 1 }));
        continue;
      }
      const link = inline.style.href !== undefined && !inline.style.href.startsWith('#') ? inline.style.href : undefined;
      const run = this.textRun(inline.text, inline.style, link !== undefined);
      children.push(link !== undefined ? new ExternalHyperlink({ link, children: [run] }) : run);
    }
    return children;
  }

  private textRun(text: string, style: InlineStyle, linked: boolean): TextRun {
    const safe = xmlSafe(text);
    return new TextRun({
      ...(safe.includes('\t') ? { children: withTabs(safe) } : { text: safe }),
      ...(style.bold ? { bold: true } : {}),
      ...(style.italic ? { italics: true } : {}),
      ...(style.code ? { font: CODE_FONT, color: COLOURS.muted } : {}),
      ...(linked ? { style: STYLE.hyperlink } : {}),
    });
  }

  /** A code block's lines as one paragraph, broken where the code breaks. */
  private codeRuns(text: string): TextRun[] {
    return xmlSafe(text)
      .split('\n')
      .map(
        (line, index) =>
          new TextRun({
            ...(line.includes('\t') ? { children: withTabs(line) } : { text: line }),
            ...(index > 0 ? { break: 1 } : {}),
          }),
      );
  }
}

function withTabs(text: string): Array<string | Tab> {
  return text.split('\t').flatMap((part, index) => (index === 0 ? [part] : [new Tab(), part]));
}

function plain(text: string): Inline {
  return { type: 'text', text, style: { bold: false, italic: false, code: false } };
}
