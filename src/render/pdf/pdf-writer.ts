import type { Locale } from '../../validate';
import { inlineText, type Block, type Inline, type PolicyDocument } from '../document-model';
import type { EmbeddedImage } from '../html';
import type { FaceName } from './fonts';
import { placeImage, type RecordedImage } from './images';
import { describeLinks } from './pdfkit-fixes';
import {
  drawPlacedImage,
  outlineRoot,
  tagging,
  type OutlineItem,
  type PDFDoc,
  type PlacedImage,
  type StructureElement,
  type TaggingDocument,
} from './pdfkit-internals';

// A4 in points, with margins that leave room for the running header and footer.
export const PAGE = { width: 595.28, height: 841.89 };
export const MARGIN = { top: 78, bottom: 74, left: 64, right: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const PAGE_BOTTOM = PAGE.height - MARGIN.bottom;
const COLOURS = { ink: '#1d2421', muted: '#5b6661', accent: '#1f5f4a', rule: '#c9d3cf' };
const BODY = { size: 10.5, lineGap: 3.2 };
const HEADINGS: Record<number, { size: number; before: number; after: number; colour: string }> = {
  1: { size: 19, before: 6, after: 10, colour: COLOURS.ink },
  2: { size: 13.5, before: 16, after: 6, colour: COLOURS.accent },
  3: { size: 11.5, before: 10, after: 4, colour: COLOURS.accent },
  4: { size: 10.5, before: 8, after: 3, colour: COLOURS.accent },
  5: { size: 10.5, before: 8, after: 3, colour: COLOURS.ink },
  6: { size: 10, before: 6, after: 2, colour: COLOURS.muted },
};
const PARAGRAPH_AFTER = 6;
const BULLET_INDENT = 16;
const ITEM_GAP = 2.5;
const BULLETS = ['•', '–', '‣'];
/** A block of at most this many lines is never split across pages. */
const KEEP_WHOLE_LINES = 3;

const measured = new Map<string, number>();

/** The writer's own words (page furniture), in the organisation's language. */
const WORDS: Record<Locale, { nextReview: string; page: (n: number, of: number) => string }> = {
  'en-GB': { nextReview: 'Next Review Date', page: (n, of) => `Page ${n} of ${of}` },
  cy: { nextReview: 'Dyddiad yr Adolygiad Nesaf', page: (n, of) => `Tudalen ${n} o ${of}` },
};

export interface WriterOptions {
  title: string;
  organisationName: string;
  locale: Locale;
  images: readonly EmbeddedImage[];
  /** The next review date, already in words ("1 April 2027"). */
  nextReview: string;
}

interface TextStyle {
  size: number;
  face: FaceName;
  colour: string;
  x: number;
  width: number;
  lineGap?: number;
}

/**
 * Lays the document model out on A4 pages: letterhead, headings kept with what follows,
 * paragraphs that leave no single line behind, lists with hanging indents, running header
 * and footer, bookmarks, and a structure tree for screen readers.
 */
export class PdfWriter {
  private readonly tagging: TaggingDocument;
  private readonly images: Map<string, EmbeddedImage>;
  private readonly placed = new Map<string, PlacedImage>();
  private readonly outline: Array<{ level: number; item: OutlineItem }> = [];
  private hasLetterhead = false;

  constructor(
    private readonly doc: PDFDoc,
    private readonly options: WriterOptions,
    private readonly recorded: ReadonlyMap<string, RecordedImage>,
    private readonly settings: { rememberHeights: boolean } = { rememberHeights: true },
  ) {
    this.tagging = tagging(doc);
    this.images = new Map(options.images.map((image) => [image.href, image]));
  }

  writeDocument(document: PolicyDocument): void {
    const root = this.tagging.struct('Document');
    this.tagging.addStructure(root);
    const firstTitle = document.blocks.findIndex((block) => block.type === 'heading' && block.level === 1);
    const letterhead = firstTitle < 0 ? [] : document.blocks.slice(0, firstTitle);
    this.writeLetterhead(root, letterhead);
    for (const block of document.blocks.slice(letterhead.length)) this.writeBlock(root, block, MARGIN.left, CONTENT_WIDTH);
    root.end();
    this.writePageFurniture();
  }

  /** Logo, organisation name and registration number, over a rule in the accent colour. */
  private writeLetterhead(root: StructureElement, blocks: Block[]): void {
    if (blocks.length === 0) return;
    this.hasLetterhead = true;
    const doc = this.doc;
    doc.y = MARGIN.top - 30;
    let first = true;
    for (const block of blocks) {
      if (block.type === 'image') {
        this.writeImage(root, block, MARGIN.left, 64);
      } else if (block.type === 'paragraph') {
        const style: TextStyle = first
          ? { size: 15, face: 'bold', colour: COLOURS.ink, x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1 }
          : { size: 9.5, face: 'regular', colour: COLOURS.muted, x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1 };
        this.writeText(root, 'P', block.inlines, style);
        first = false;
      } else {
        this.writeBlock(root, block, MARGIN.left, CONTENT_WIDTH);
      }
    }
    doc.y += 6;
    const y = doc.y;
    this.artifact(() =>
      doc
        .moveTo(MARGIN.left, y)
        .lineTo(PAGE.width - MARGIN.right, y)
        .lineWidth(1.5)
        .strokeColor(COLOURS.accent)
        .stroke(),
    );
    doc.y = y + 16;
  }

  private writeBlock(parent: StructureElement, block: Block, x: number, width: number): void {
    const doc = this.doc;
    switch (block.type) {
      case 'heading': {
        const style = HEADINGS[block.level]!;
        const text: TextStyle = { size: style.size, face: 'bold', colour: style.colour, x, width, lineGap: 1 };
        // Keep the whole heading with at least two lines of what follows it.
        this.ensureSpace(style.before + this.measure(block.inlines, text) + 2 * this.lineHeight(BODY.size));
        if (doc.y > MARGIN.top + 1) doc.y += style.before;
        this.addBookmark(block.level, inlineText(block.inlines));
        this.writeText(parent, `H${block.level}`, block.inlines, text);
        doc.y += style.after;
        return;
      }
      case 'paragraph':
        this.writeText(parent, 'P', block.inlines, this.bodyStyle(x, width), { keep: true });
        doc.y += PARAGRAPH_AFTER;
        return;
      case 'image':
        this.writeImage(parent, block, x, 80);
        return;
      case 'list':
        this.writeList(parent, block, x, width, 0);
        doc.y += PARAGRAPH_AFTER;
        return;
      case 'quote': {
        const quote = this.tagging.struct('BlockQuote');
        parent.add(quote);
        const top = doc.y;
        const page = this.pageIndex();
        for (const inner of block.blocks) this.writeBlock(quote, inner, x + 14, width - 14);
        quote.end();
        if (this.pageIndex() === page) {
          const bottom = doc.y - PARAGRAPH_AFTER;
          this.artifact(() =>
            doc
              .moveTo(x + 3, top)
              .lineTo(x + 3, bottom)
              .lineWidth(2)
              .strokeColor(COLOURS.rule)
              .stroke(),
          );
        }
        return;
      }
      case 'code':
        this.writeText(
          parent,
          'Code',
          [{ type: 'text', text: block.text, style: { bold: false, italic: false, code: true } }],
          this.bodyStyle(x + 10, width - 10),
          {
            keep: true,
          },
        );
        doc.y += PARAGRAPH_AFTER;
        return;
      case 'rule': {
        this.ensureSpace(12);
        const y = doc.y + 4;
        this.artifact(() =>
          doc
            .moveTo(x, y)
            .lineTo(x + width, y)
            .lineWidth(0.5)
            .strokeColor(COLOURS.rule)
            .stroke(),
        );
        doc.y = y + 8;
        return;
      }
    }
  }

  /** A list with hanging indents: labels in a gutter as wide as the widest label, wrapped lines aligned with the text. */
  private writeList(parent: StructureElement, list: Extract<Block, { type: 'list' }>, x: number, width: number, depth: number): void {
    const doc = this.doc;
    const element = this.tagging.struct('L');
    parent.add(element);
    const labels = list.items.map((_, index) => (list.ordered ? `${list.start + index}.` : BULLETS[Math.min(depth, BULLETS.length - 1)]!));
    doc.font('regular').fontSize(BODY.size);
    const gutter = Math.max(BULLET_INDENT, ...labels.map((label) => doc.widthOfString(label) + 6));
    const textX = x + gutter;
    const textWidth = width - gutter;

    list.items.forEach((item, index) => {
      if (index > 0) doc.y += ITEM_GAP;
      // The label and the first lines of its text start on the same page; an item that
      // introduces a sub-list ("Staff must not:") stays with the sub-list's first item.
      const lead = item[0];
      const leadHeight =
        lead?.type === 'paragraph' ? this.measure(lead.inlines, this.bodyStyle(textX, textWidth)) : this.lineHeight(BODY.size);
      const followedByList = item[1]?.type === 'list';
      this.ensureSpace(followedByList ? leadHeight + this.lineHeight(BODY.size) : this.keepHeight(leadHeight));

      const listItem = this.tagging.struct('LI');
      element.add(listItem);
      const top = doc.y;
      const label = labels[index]!;
      listItem.add(
        this.tagging.struct('Lbl', () => {
          doc
            .font('regular')
            .fontSize(BODY.size)
            .fillColor(depth === 0 || list.ordered ? COLOURS.accent : COLOURS.muted);
          doc.text(label, x, top, { width: gutter, lineBreak: false, lineGap: BODY.lineGap });
        }),
      );
      doc.y = top;
      const body = this.tagging.struct('LBody');
      listItem.add(body);
      item.forEach((block, blockIndex) => {
        if (block.type === 'paragraph') {
          if (blockIndex > 0) doc.y += PARAGRAPH_AFTER;
          this.writeText(body, list.tight ? undefined : 'P', block.inlines, this.bodyStyle(textX, textWidth), { keep: blockIndex > 0 });
        } else if (block.type === 'list') {
          doc.y += ITEM_GAP;
          this.writeList(body, block, textX, textWidth, depth + 1);
        } else {
          if (blockIndex > 0) doc.y += PARAGRAPH_AFTER;
          this.writeBlock(body, block, textX, textWidth);
        }
      });
      body.end();
      listItem.end();
    });
    element.end();
  }

  private writeImage(parent: StructureElement, block: Extract<Block, { type: 'image' }>, x: number, maxHeight: number): void {
    const image = this.images.get(block.src);
    if (!image) return;
    const doc = this.doc;
    const scale = Math.min(180 / image.width, maxHeight / image.height);
    const [width, height] = [image.width * scale, image.height * scale];
    this.ensureSpace(height);
    const top = doc.y;
    const recording = this.recorded.get(block.src)!;
    let placed = this.placed.get(block.src);
    if (!placed) this.placed.set(block.src, (placed = placeImage(doc, recording, `Im${this.placed.size + 1}`)));
    const drawn = placed;
    parent.add(
      this.tagging.struct('Figure', { alt: block.alt }, () => {
        drawPlacedImage(doc, drawn, x, top, { width, height });
      }),
    );
    doc.y = top + height + 8;
  }

  /**
   * One block of styled text (a paragraph, heading, list item) as the structure element
   * `tag`, a run at a time, with each link in its own Link element so assistive technology
   * finds it. With `keep`, a short block is never split and a long one leaves at least two
   * lines on the page it starts on.
   */
  private writeText(
    parent: StructureElement,
    tag: string | undefined,
    inlines: readonly Inline[],
    style: TextStyle,
    options: { keep?: boolean } = {},
  ): void {
    const doc = this.doc;
    const height = this.measure(inlines, style);
    this.ensureSpace(options.keep ? this.keepHeight(height) : Math.min(height, this.lineHeight(style.size)));
    // Without a tag the text belongs to `parent` itself (a tight list item's LBody).
    const element = tag === undefined ? parent : this.tagging.struct(tag);
    if (element !== parent) parent.add(element);

    // A hard break starts a new run of text calls, as pdfkit needs; the space before it
    // keeps the words apart for text extraction and screen readers.
    const lines: Array<Array<Extract<Inline, { type: 'text' }>>> = [[]];
    for (const inline of inlines) {
      if (inline.type === 'break') {
        const last = lines.at(-1)!.at(-1);
        if (last) lines.at(-1)![lines.at(-1)!.length - 1] = { ...last, text: `${last.text} ` };
        lines.push([]);
      } else {
        lines.at(-1)!.push(inline);
      }
    }
    // One marked-content sequence for the whole block, unless it has links, which need
    // their own Link elements: fewer sequences make a smaller PDF and a faster one to write.
    const steps: Array<{ draw: () => void; link: boolean }> = [];
    for (const runs of lines) {
      if (runs.length === 0) {
        steps.push({ draw: () => void (doc.y += this.lineHeight(style.size)), link: false });
        continue;
      }
      runs.forEach((run, index) => {
        const draw = () => {
          const bold = style.face === 'bold' || style.face === 'boldItalic' || run.style.bold;
          const italic = style.face === 'italic' || style.face === 'boldItalic' || run.style.italic;
          doc
            .font(bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular')
            .fontSize(run.style.code ? style.size - 0.5 : style.size)
            .fillColor(run.style.href !== undefined ? COLOURS.accent : run.style.code ? COLOURS.muted : style.colour);
          const textOptions = {
            continued: index < runs.length - 1,
            lineGap: style.lineGap ?? BODY.lineGap,
            link: run.style.href ?? null,
            underline: run.style.href !== undefined,
          };
          const write = () => {
            if (index === 0) doc.text(run.text, style.x, doc.y, { ...textOptions, width: style.width });
            else doc.text(run.text, textOptions);
          };
          if (run.style.href !== undefined) describeLinks(doc, run.text.trim() || run.style.href, write);
          else write();
        };
        steps.push({ draw, link: run.style.href !== undefined });
      });
    }
    if (steps.some((step) => step.link)) {
      for (const step of steps) element.add(step.link ? this.tagging.struct('Link', step.draw) : step.draw);
    } else {
      element.add(() => steps.forEach((step) => step.draw()));
    }
    if (element !== parent) element.end();
    doc.x = MARGIN.left;
  }

  private bodyStyle(x: number, width: number): TextStyle {
    return { size: BODY.size, face: 'regular', colour: COLOURS.ink, x, width };
  }

  /**
   * The height a block of text will take, measured with its base face. Measuring wraps
   * the whole text, as drawing does again, and most paragraphs are the same in every
   * policy of a batch: heights are remembered per process (a pure function of the text,
   * face, size and width).
   */
  private measure(inlines: readonly Inline[], style: TextStyle): number {
    const text = inlines.map((inline) => (inline.type === 'text' ? inline.text : '\n')).join('') || ' ';
    const lineGap = style.lineGap ?? BODY.lineGap;
    const measure = () => {
      this.doc.font(style.face).fontSize(style.size);
      return this.doc.heightOfString(text, { width: style.width, lineGap });
    };
    if (!this.settings.rememberHeights) return measure();
    const key = `${style.face}\u0000${style.size}\u0000${style.width}\u0000${lineGap}\u0000${text}`;
    let height = measured.get(key);
    if (height === undefined) height = measure();
    else measured.delete(key); // re-inserted below as the most recently used
    measured.set(key, height);
    // A small LRU: the paragraphs every policy shares stay; the ones naming a home pass through.
    if (measured.size > 2000) measured.delete(measured.keys().next().value!);
    return height;
  }

  /** How much of a block must fit on this page: all of a short one, two lines of a long one. */
  private keepHeight(height: number): number {
    const line = this.lineHeight(BODY.size);
    return height <= KEEP_WHOLE_LINES * line + 1 ? height : 2 * line;
  }

  private lineHeight(size: number): number {
    this.doc.font('regular').fontSize(size);
    return this.doc.currentLineHeight(true) + BODY.lineGap;
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > PAGE_BOTTOM && this.doc.y > MARGIN.top + 1) this.doc.addPage();
  }

  private pageIndex(): number {
    const range = this.doc.bufferedPageRange();
    return range.start + range.count - 1;
  }

  private addBookmark(level: number, title: string): void {
    while (this.outline.length > 0 && this.outline.at(-1)!.level >= level) this.outline.pop();
    const parent = this.outline.at(-1)?.item ?? outlineRoot(this.doc);
    // pdfkit measures the destination's left from the page's right edge.
    const item = parent.addItem(title, { top: this.doc.y, left: PAGE.width });
    this.outline.push({ level, item });
  }

  /** Decoration a screen reader should skip. */
  private artifact(draw: () => void, type = 'Layout'): void {
    this.tagging.markContent('Artifact', { type });
    draw();
    this.tagging.endMarkedContent();
  }

  /** One line of furniture text, cut short with an ellipsis if it would not fit. */
  private fit(text: string, width: number): string {
    const doc = this.doc;
    if (doc.widthOfString(text) <= width) return text;
    let cut = text.length;
    while (cut > 0 && doc.widthOfString(`${text.slice(0, cut).trimEnd()}…`) > width) cut--;
    return `${text.slice(0, cut).trimEnd()}…`;
  }

  /** Running header (on every page without the letterhead) and footer with the review date and "Page N of M". */
  private writePageFurniture(): void {
    const doc = this.doc;
    const words = WORDS[this.options.locale];
    const range = doc.bufferedPageRange();
    const total = range.count;
    for (let index = 0; index < total; index++) {
      doc.switchToPage(range.start + index);
      // Writing in the margins must not trigger pdfkit's automatic page break.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      this.artifact(() => {
        doc.font('regular').fontSize(8.5).fillColor(COLOURS.muted);
        if (index > 0 || !this.hasLetterhead) {
          const half = CONTENT_WIDTH / 2 - 6;
          doc.text(this.fit(this.options.organisationName, half), MARGIN.left, 38, { width: half, lineBreak: false });
          doc.text(this.fit(this.options.title, half), PAGE.width - MARGIN.right - half, 38, {
            width: half,
            align: 'right',
            lineBreak: false,
          });
          doc
            .moveTo(MARGIN.left, 52)
            .lineTo(PAGE.width - MARGIN.right, 52)
            .lineWidth(0.5)
            .strokeColor(COLOURS.rule)
            .stroke();
        }
        const footerY = PAGE.height - 50;
        doc
          .moveTo(MARGIN.left, footerY - 8)
          .lineTo(PAGE.width - MARGIN.right, footerY - 8)
          .lineWidth(0.5)
          .strokeColor(COLOURS.rule)
          .stroke();
        const pageText = words.page(index + 1, total);
        const pageWidth = doc.widthOfString(pageText) + 2;
        doc.text(this.fit(`${words.nextReview}: ${this.options.nextReview}`, CONTENT_WIDTH - pageWidth - 12), MARGIN.left, footerY, {
          lineBreak: false,
        });
        doc.text(pageText, PAGE.width - MARGIN.right - pageWidth, footerY, { width: pageWidth, align: 'right', lineBreak: false });
      }, 'Pagination');
      doc.page.margins.bottom = bottom;
    }
  }
}
