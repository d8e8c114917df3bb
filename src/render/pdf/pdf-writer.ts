import type { Language } from '../../languages';
import { wordsFor } from '../words';
import { inlineText, splitLetterhead, type Block, type Inline, type PolicyDocument } from '../document-model';
import type { EmbeddedImage } from '../html';
import { LETTERHEAD_LOGO, MAX_ENLARGEMENT } from '../logo-size';
import { BULLETS, COLOURS, HEADINGS, LINE_WIDTH, MARGIN, PAGE, SPACING, TEXT_SIZE, type HeadingLevel } from '../look';
import type { FaceName } from './fonts';
import { placeImage, type RecordedImage } from './images';
import { describeLinks } from './pdfkit-fixes';
import { PdfTableWriter } from './table';
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

export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const PAGE_BOTTOM = PAGE.height - MARGIN.bottom;
export const BODY = { size: TEXT_SIZE.body, lineGap: 3.2 };
const { paragraphAfter: PARAGRAPH_AFTER, itemGap: ITEM_GAP, quoteIndent: QUOTE_INDENT, codeIndent: CODE_INDENT } = SPACING;
const BULLET_INDENT = 16;
/** The space a rule takes, with its gaps. */
const RULE_HEIGHT = 12;
/** A block of at most this many lines is never split across pages. */
const KEEP_WHOLE_LINES = 3;
/**
 * A picture from the template library is drawn at 96 pixels to the inch, the size HTML and
 * Word show it at, and never wider than the text or taller than a page's text.
 */
const POINTS_PER_PICTURE_PIXEL = 0.75;

const measured = new Map<string, number>();

export interface WriterOptions {
  title: string;
  organisationName: string;
  /** The document's language: the footer's words, and the PDF's /Lang. */
  language: Language;
  images: readonly EmbeddedImage[];
  /** The next review date, already in words ("1 April 2027"); empty on pages that are no one policy's. */
  nextReview: string;
}

/** How a writer shares a document with others (the policy manual writes many policies into one). */
export interface WriterSettings {
  /** Remember measured heights across documents (the speed layer). */
  rememberHeights: boolean;
  /** Images already placed in the document, by name: shared, so the manual embeds its logo once. */
  placed?: Map<string, PlacedImage>;
  /**
   * Nest this policy's bookmarks under `parent`, which stands for the policy itself: a
   * level-1 heading that is just the policy's title gets no bookmark of its own.
   */
  outline?: { parent: OutlineItem };
}

/** The blocks after the one being written: `blocks[index]` comes next. */
interface Following {
  blocks: readonly Block[];
  index: number;
}

/** A code block's text, as the one run of code it is drawn as. */
function codeInlines(text: string): Inline[] {
  return [{ type: 'text', text, style: { bold: false, italic: false, code: true } }];
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
  private readonly placed: Map<string, PlacedImage>;
  private readonly outline: Array<{ level: number; item: OutlineItem }> = [];
  private readonly tables: PdfTableWriter;
  private hasLetterhead = false;

  constructor(
    private readonly doc: PDFDoc,
    private readonly options: WriterOptions,
    private readonly recorded: ReadonlyMap<string, RecordedImage>,
    private readonly settings: WriterSettings = { rememberHeights: true },
  ) {
    this.tagging = tagging(doc);
    this.images = new Map(options.images.map((image) => [image.href, image]));
    this.tables = new PdfTableWriter(doc, { top: MARGIN.top, bottom: PAGE_BOTTOM });
    this.placed = settings.placed ?? new Map<string, PlacedImage>();
  }

  /** A whole PDF of one policy: its structure, its pages, and the header and footer on every page. */
  writeDocument(document: PolicyDocument): void {
    const root = this.tagging.struct('Document');
    this.tagging.addStructure(root);
    this.writeBody(root, document);
    root.end();
    const range = this.doc.bufferedPageRange();
    this.writePageFurniture(range.start, range.start + range.count, (index) => ({ number: index - range.start + 1, of: range.count }));
  }

  /** The policy, letterhead and all, into `parent`, from the current page on. */
  writeBody(parent: StructureElement, document: PolicyDocument): void {
    const { letterhead, body } = splitLetterhead(document);
    this.writeLetterhead(parent, letterhead);
    body.forEach((block, index) => this.writeBlock(parent, block, MARGIN.left, CONTENT_WIDTH, { blocks: body, index: index + 1 }));
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
        this.writeImage(root, block, MARGIN.left, LETTERHEAD_LOGO.height, CONTENT_WIDTH);
      } else if (block.type === 'paragraph') {
        const style: TextStyle = first
          ? { size: TEXT_SIZE.letterheadName, face: 'bold', colour: COLOURS.ink, x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1 }
          : { size: TEXT_SIZE.letterhead, face: 'regular', colour: COLOURS.muted, x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1 };
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
        .lineWidth(LINE_WIDTH.letterhead)
        .strokeColor(COLOURS.accent)
        .stroke(),
    );
    doc.y = y + SPACING.afterLetterhead;
  }

  /** `next` is where the blocks after this one are, for a heading to keep with the first of them. */
  private writeBlock(parent: StructureElement, block: Block, x: number, width: number, next?: Following): void {
    const doc = this.doc;
    switch (block.type) {
      case 'heading': {
        const style = HEADINGS[block.level];
        const text = this.headingStyle(block.level, x, width);
        // The whole heading and as much of what follows as that block keeps together on
        // its first page (at least two lines): a heading never ends a page.
        this.ensureSpace(style.before + this.measure(block.inlines, text) + style.after + this.keepWithHeading(next, x, width));
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
        this.writeImage(parent, block, x, 80, width);
        return;
      case 'table':
        this.tables.write(parent, block, x, width);
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
        block.blocks.forEach((inner, index) =>
          this.writeBlock(quote, inner, x + QUOTE_INDENT, width - QUOTE_INDENT, { blocks: block.blocks, index: index + 1 }),
        );
        quote.end();
        if (this.pageIndex() === page) {
          const bottom = doc.y - PARAGRAPH_AFTER;
          this.artifact(() =>
            doc
              .moveTo(x + 3, top)
              .lineTo(x + 3, bottom)
              .lineWidth(LINE_WIDTH.quoteBar)
              .strokeColor(COLOURS.rule)
              .stroke(),
          );
        }
        return;
      }
      case 'code':
        this.writeText(parent, 'Code', codeInlines(block.text), this.bodyStyle(x + CODE_INDENT, width - CODE_INDENT), {
          keep: true,
        });
        doc.y += PARAGRAPH_AFTER;
        return;
      case 'rule': {
        this.ensureSpace(RULE_HEIGHT);
        const y = doc.y + 4;
        this.artifact(() =>
          doc
            .moveTo(x, y)
            .lineTo(x + width, y)
            .lineWidth(LINE_WIDTH.thin)
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
    const { labels, gutter, textX, textWidth } = this.listGeometry(list, x, width, depth);

    list.items.forEach((item, index) => {
      if (index > 0) doc.y += ITEM_GAP;
      this.ensureSpace(this.itemStartHeight(item, textX, textWidth));

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
          this.writeBlock(body, block, textX, textWidth, { blocks: item, index: blockIndex + 1 });
        }
      });
      body.end();
      listItem.end();
    });
    element.end();
  }

  /** An image at `x`; a logo at most `maxHeight` high, a picture at most `width` wide. A picture without a description is decoration. */
  private writeImage(
    parent: StructureElement,
    block: Extract<Block, { type: 'image' }>,
    x: number,
    maxHeight: number,
    available: number,
  ): void {
    const size = this.imageSize(block, maxHeight, available);
    if (!size) return;
    const doc = this.doc;
    const { width, height } = size;
    this.ensureSpace(height);
    const top = doc.y;
    const recording = this.recorded.get(block.src)!;
    let placed = this.placed.get(block.src);
    if (!placed) this.placed.set(block.src, (placed = placeImage(doc, recording, `Im${this.placed.size + 1}`)));
    const drawn = placed;
    const draw = () => drawPlacedImage(doc, drawn, x, top, { width, height });
    if (block.alt.trim() === '' && this.images.get(block.src)?.kind === 'picture') this.artifact(draw);
    else parent.add(this.tagging.struct('Figure', { alt: block.alt }, draw));
    doc.y = top + height + 8;
  }

  /**
   * The size an image is drawn at: a logo at most 180 points wide and `maxHeight` high; a
   * picture at its size in HTML and Word, at most `width` wide and a page's text high.
   */
  private imageSize(
    block: Extract<Block, { type: 'image' }>,
    maxHeight: number,
    width: number,
  ): { width: number; height: number } | undefined {
    const image = this.images.get(block.src);
    if (!image) return undefined;
    if (image.kind === 'picture') {
      const fit = Math.min(POINTS_PER_PICTURE_PIXEL, width / image.width, (PAGE_BOTTOM - MARGIN.top) / image.height);
      return { width: image.width * fit, height: image.height * fit };
    }
    // Never more than twice its natural size: beyond that a raster logo is a blur of squares.
    const scale = Math.min(MAX_ENLARGEMENT, LETTERHEAD_LOGO.width / image.width, maxHeight / image.height);
    return { width: image.width * scale, height: image.height * scale };
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
            // Every option of a run is given: pdfkit carries a missing one over from the run before.
            strike: run.style.strike === true,
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

  /** Labels, and where the text of a list's items goes. */
  private listGeometry(list: Extract<Block, { type: 'list' }>, x: number, width: number, depth: number) {
    const doc = this.doc;
    const labels = list.items.map((_, index) => (list.ordered ? `${list.start + index}.` : BULLETS[Math.min(depth, BULLETS.length - 1)]!));
    doc.font('regular').fontSize(BODY.size);
    const gutter = Math.max(BULLET_INDENT, ...labels.map((label) => doc.widthOfString(label) + 6));
    return { labels, gutter, textX: x + gutter, textWidth: width - gutter };
  }

  /**
   * The label and the first lines of its text start on the same page; an item that
   * introduces a sub-list ("Staff must not:") stays with the sub-list's first item.
   */
  private itemStartHeight(item: readonly Block[], textX: number, textWidth: number): number {
    const lead = item[0];
    const leadHeight =
      lead?.type === 'paragraph' ? this.measure(lead.inlines, this.bodyStyle(textX, textWidth)) : this.lineHeight(BODY.size);
    const followedByList = item[1]?.type === 'list';
    return followedByList ? leadHeight + this.lineHeight(BODY.size) : this.keepHeight(leadHeight);
  }

  /** What a heading keeps with it: the start of the next block as that block keeps it, and never less than two lines. */
  private keepWithHeading(next: Following | undefined, x: number, width: number): number {
    return Math.max(2 * this.lineHeight(BODY.size), next ? this.startHeight(next, x, width) : 0);
  }

  /**
   * How much of the block at `at` must be on the page where it starts, by the rules each
   * kind of block follows when it is written (keepHeight, a list's first item, an image's
   * height): a heading before it reserves this much, so the block never moves on alone.
   */
  private startHeight(at: Following, x: number, width: number): number {
    const block = at.blocks[at.index];
    if (!block) return 0;
    switch (block.type) {
      case 'heading': {
        const style = HEADINGS[block.level];
        const following = { blocks: at.blocks, index: at.index + 1 };
        return (
          style.before +
          this.measure(block.inlines, this.headingStyle(block.level, x, width)) +
          style.after +
          this.keepWithHeading(following, x, width)
        );
      }
      case 'paragraph':
        return this.keepHeight(this.measure(block.inlines, this.bodyStyle(x, width)));
      case 'code':
        return this.keepHeight(this.measure(codeInlines(block.text), this.bodyStyle(x + CODE_INDENT, width - CODE_INDENT)));
      case 'list': {
        const { textX, textWidth } = this.listGeometry(block, x, width, 0);
        return block.items[0] ? this.itemStartHeight(block.items[0], textX, textWidth) : 0;
      }
      case 'quote':
        return this.startHeight({ blocks: block.blocks, index: 0 }, x + QUOTE_INDENT, width - QUOTE_INDENT);
      case 'image':
        return this.imageSize(block, 80, width)?.height ?? 0;
      case 'rule':
        return RULE_HEIGHT;
      case 'table':
        return this.tables.startHeight(block, width);
    }
  }

  private headingStyle(level: HeadingLevel, x: number, width: number): TextStyle {
    const style = HEADINGS[level];
    return { size: style.size, face: 'bold', colour: style.colour, x, width, lineGap: 1 };
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
    const policy = this.settings.outline?.parent;
    if (policy && level === 1 && title.trim() === this.options.title.trim()) return;
    while (this.outline.length > 0 && this.outline.at(-1)!.level >= level) this.outline.pop();
    const parent = this.outline.at(-1)?.item ?? policy ?? outlineRoot(this.doc);
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
    // The longest cut that fits, found in a number of measurements that grows with the log
    // of what fits, each of a prefix at most twice as long: a name of thousands of
    // characters costs no more than one that just overflows. A longer prefix is never
    // narrower (every glyph advances), so the search finds what trying every cut would.
    const shortened = (cut: number) => `${text.slice(0, cut).trimEnd()}…`;
    const fits = (cut: number) => doc.widthOfString(shortened(cut)) <= width;
    let low = 0; // fits (an ellipsis alone is narrower than any header)
    let high = 1;
    while (high < text.length && fits(high)) [low, high] = [high, Math.min(text.length, high * 2)];
    if (high >= text.length && fits(text.length)) return shortened(text.length);
    // Now fits(low) and not fits(high).
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (fits(middle)) low = middle;
      else high = middle;
    }
    return shortened(low);
  }

  /**
   * Running header (on every page but the letterhead's) and footer with the review date and
   * "Page N of M", on the pages from `first` up to `end` (not included): the policy's own.
   * `pageNumber` numbers them: within the policy, or within the manual it is part of.
   */
  writePageFurniture(first: number, end: number, pageNumber: (index: number) => { number: number; of: number }): void {
    const doc = this.doc;
    const words = wordsFor(this.options.language);
    doc.font('regular').fontSize(TEXT_SIZE.small);
    const half = CONTENT_WIDTH / 2 - 6;
    const header = { name: this.fit(this.options.organisationName, half), title: this.fit(this.options.title, half) };
    for (let index = 0; index < end - first; index++) {
      doc.switchToPage(first + index);
      // Writing in the margins must not trigger pdfkit's automatic page break.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      this.artifact(() => {
        doc.font('regular').fontSize(TEXT_SIZE.small).fillColor(COLOURS.muted);
        if (index > 0 || !this.hasLetterhead) {
          doc.text(header.name, MARGIN.left, 38, { width: half, lineBreak: false });
          doc.text(header.title, PAGE.width - MARGIN.right - half, 38, {
            width: half,
            align: 'right',
            lineBreak: false,
          });
          doc
            .moveTo(MARGIN.left, 52)
            .lineTo(PAGE.width - MARGIN.right, 52)
            .lineWidth(LINE_WIDTH.thin)
            .strokeColor(COLOURS.rule)
            .stroke();
        }
        const footerY = PAGE.height - 50;
        doc
          .moveTo(MARGIN.left, footerY - 8)
          .lineTo(PAGE.width - MARGIN.right, footerY - 8)
          .lineWidth(LINE_WIDTH.thin)
          .strokeColor(COLOURS.rule)
          .stroke();
        const { number, of } = pageNumber(first + index);
        const pageText = words.page(number, of);
        const pageWidth = doc.widthOfString(pageText) + 2;
        // Pages that belong to no one policy (the manual's contents) have no review date.
        if (this.options.nextReview !== '') {
          doc.text(this.fit(`${words.nextReviewDate}: ${this.options.nextReview}`, CONTENT_WIDTH - pageWidth - 12), MARGIN.left, footerY, {
            lineBreak: false,
          });
        }
        doc.text(pageText, PAGE.width - MARGIN.right - pageWidth, footerY, { width: pageWidth, align: 'right', lineBreak: false });
      }, 'Pagination');
      doc.page.margins.bottom = bottom;
    }
  }
}
