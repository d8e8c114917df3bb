/*
 * The document model as Word paragraphs: headings in Word's heading styles, lists in Word's
 * own numbering, links as hyperlinks, bold, italic and code as run formatting. (Each run's
 * language tag is added as the package is written: see docx-fixes.ts.)
 */
import {
  AlignmentType,
  BorderStyle,
  ExternalHyperlink,
  HeadingLevel,
  ImageRun,
  Paragraph,
  ShadingType,
  Tab,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  WidthType,
  type FileChild,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import type { Block, ColumnAlign, Inline, InlineStyle, TableBlock } from '../document-model';
import type { EmbeddedImage } from '../html';
import { distributeColumns } from '../table-widths';
import {
  AFTER_LETTERHEAD,
  BORDER,
  BULLET_LIST,
  CODE_FONT,
  COLOURS,
  CONTENT_WIDTH,
  ITEM_GAP,
  LIST_INDENT,
  orderedListReference,
  PAGE,
  PARAGRAPH_AFTER,
  QUOTE_INDENT,
  STYLE,
  TABLE,
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
/** Twips in a pixel at 96 to the inch. */
const TWIPS_PER_PIXEL = 15;
/** The height of a page's text, in twips: no picture is taller. */
const TEXT_HEIGHT = PAGE.height - PAGE.margin.top - PAGE.margin.bottom;

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
 * goes (see `lists`). Each block type maps to its own method returning `FileChild`s.
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
    children.push(this.rule(COLOURS.accent, BORDER.letterhead, AFTER_LETTERHEAD));
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
        return this.image(block, 80, { ...indent, ...afterList }, CONTENT_WIDTH - place.indent);
      case 'table':
        return [this.table(block, place)];
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
        return [this.rule(COLOURS.rule, BORDER.thin, PARAGRAPH_AFTER, place.indent)];
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

  /**
   * A logo at most 180 points wide and `maxHeight` high; a picture from the template library
   * at its own size (96 pixels to the inch), at most `width` twips wide and a page's text high.
   */
  private image(
    block: Extract<Block, { type: 'image' }>,
    maxHeight: number,
    paragraph: IParagraphOptions,
    width = CONTENT_WIDTH,
  ): FileChild[] {
    const image = this.images.get(block.src);
    // Only images the build embeds are shown; any other is described by its text, as in HTML.
    if (!image) return block.alt ? [new Paragraph({ ...paragraph, children: this.runs([plain(block.alt)]) })] : [];
    const scale =
      image.kind === 'picture'
        ? Math.min(1, width / TWIPS_PER_PIXEL / image.width, TEXT_HEIGHT / TWIPS_PER_PIXEL / image.height)
        : Math.min(180 / image.width, maxHeight / image.height) * PIXELS_PER_POINT;
    const alt = xmlSafe(block.alt);
    const run = new ImageRun({
      type: image.mimeType === 'image/png' ? 'png' : 'jpg',
      data: image.bytes,
      transformation: { width: Math.round(image.width * scale), height: Math.round(image.height * scale) },
      altText: { name: alt, description: alt, title: alt },
    });
    return [new Paragraph({ ...paragraph, children: [run] })];
  }

  /**
   * A table as Word's own: column widths from the cells' text within the text width (Word
   * has no font here to measure with, so the text is counted), thin borders in the rule
   * colour, a shaded header row in bold that Word repeats on each page, and rows that are
   * never split between pages. Inside a list or a quote it moves in with the text.
   */
  private table(table: TableBlock, place: Place): Table {
    const available = CONTENT_WIDTH - place.indent;
    const widths = columnWidths(table, available).map(Math.floor);
    const border = { style: BorderStyle.SINGLE, size: TABLE.border, color: COLOURS.rule };
    const cell = (inlines: readonly Inline[], column: number, header: boolean) =>
      new TableCell({
        width: { size: widths[column]!, type: WidthType.DXA },
        ...(header ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: COLOURS.headerShade } } : {}),
        children: [
          new Paragraph({
            style: STYLE.tableText,
            ...alignment(table.align[column]),
            children: this.runs(
              header
                ? inlines.map((inline) => (inline.type === 'text' ? { ...inline, style: { ...inline.style, bold: true } } : inline))
                : inlines,
            ),
          }),
        ],
      });
    const row = (cells: readonly Inline[][], header: boolean) =>
      new TableRow({
        cantSplit: true,
        ...(header ? { tableHeader: true, keepNext: true } : {}),
        children: widths.map((_, column) => cell(cells[column] ?? [], column, header)),
      });
    return new Table({
      width: { size: widths.reduce((sum, width) => sum + width, 0), type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      ...(place.indent > 0 ? { indent: { size: place.indent, type: WidthType.DXA } } : {}),
      margins: { top: TABLE.padding.y, bottom: TABLE.padding.y, left: TABLE.padding.x, right: TABLE.padding.x },
      borders: { top: border, bottom: border, left: border, right: border, insideHorizontal: border, insideVertical: border },
      rows: [row(table.header, true), ...table.rows.map((cells) => row(cells, false))],
    });
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
      ...(style.strike ? { strike: true } : {}),
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

/** Word's alignment for a column: left (its default) needs nothing said. */
function alignment(align: ColumnAlign): { alignment?: (typeof AlignmentType)[keyof typeof AlignmentType] } {
  return align === 'right' ? { alignment: AlignmentType.RIGHT } : align === 'center' ? { alignment: AlignmentType.CENTER } : {};
}

/**
 * A character at the table's size, in twips: a little wider than Noto Sans's average (0.55
 * em), since a computer without Noto Sans shows a wider font (DejaVu Sans in LibreOffice),
 * and a column's longest word must still fit on one line there.
 */
const CHARACTER = twips(TABLE.size * 0.62);

/** Each column's width in twips, from its cells' text as the PDF measures it, with characters counted instead of measured. */
function columnWidths(table: TableBlock, available: number): number[] {
  const padding = 2 * TABLE.padding.x;
  const min: number[] = [];
  const max: number[] = [];
  table.header.forEach((_, column) => {
    const cells = [table.header[column]!, ...table.rows.map((row) => row[column] ?? [])];
    const texts = cells.map((inlines) => inlines.map((inline) => (inline.type === 'text' ? inline.text : '\n')).join(''));
    const words = texts.flatMap((text) => text.split(/\s+/));
    const lines = texts.flatMap((text) => text.split('\n'));
    min.push((Math.max(0, ...words.map((word) => Array.from(word).length)) + 1) * CHARACTER + padding);
    max.push(Math.max(0, ...lines.map((line) => Array.from(line.trim()).length)) * CHARACTER + padding);
  });
  return distributeColumns(min, max, available);
}

function withTabs(text: string): Array<string | Tab> {
  return text.split('\t').flatMap((part, index) => (index === 0 ? [part] : [new Tab(), part]));
}

function plain(text: string): Inline {
  return { type: 'text', text, style: { bold: false, italic: false, code: false } };
}
