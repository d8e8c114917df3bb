import type { CalendarDate, Locale } from '../../validate';
import { inlineText, type Block, type Inline, type PolicyDocument } from '../document-model';
import type { EmbeddedImage } from '../html';
import { loadFonts, type FaceName } from './fonts';
import type { PDFDoc, StructureElement, TaggingDocument } from './pdf-types';

export interface PdfOptions {
  title: string;
  organisationName: string;
  locale: Locale;
  images: readonly EmbeddedImage[];
  /** "Next Review Date: 1 April 2027", for the footer of every page. */
  footerText: string;
  /** Fixed creation and modification date, so rebuilding gives identical bytes. */
  date: CalendarDate;
}

// A4 in points, with margins that leave room for the running header and footer.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = { top: 78, bottom: 74, left: 64, right: 64 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const COLOURS = { ink: '#1d2421', muted: '#5b6661', accent: '#1f5f4a', rule: '#c9d3cf' };
const BODY = { size: 10.5, lineGap: 3.2 };
const HEADINGS: Record<number, { size: number; before: number; after: number; colour: string }> = {
  1: { size: 19, before: 6, after: 10, colour: COLOURS.ink },
  2: { size: 13.5, before: 16, after: 6, colour: COLOURS.accent },
  3: { size: 11.5, before: 10, after: 4, colour: COLOURS.accent },
  4: { size: 10.5, before: 8, after: 3, colour: COLOURS.ink },
};
const PARAGRAPH_AFTER = 6;
const LIST_INDENT = 16;
const ITEM_GAP = 2.5;
const BULLETS = ['•', '–', '·'];

/**
 * Lay out the document model on A4 pages with pdfkit: letterhead with the logo, running
 * header and "Page N of M" footer, bookmarks, metadata, and a tagged structure tree for
 * screen readers. pdfkit is loaded on first use, so Markdown-only builds never pay for it.
 */
export async function renderPdf(document: PolicyDocument, options: PdfOptions): Promise<Buffer> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const fonts = loadFonts();
  const [year, month, day] = options.date.split('-').map(Number) as [number, number, number];
  const fixedDate = new Date(Date.UTC(year, month - 1, day));
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    tagged: true,
    lang: options.locale,
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: true,
    // Never let pdfkit load its standard Helvetica, which cannot encode ŵ or ŷ.
    font: null as unknown as string,
    subset: 'PDF/UA' as never,
    info: {
      Title: options.title,
      Author: options.organisationName,
      Subject: `${options.title} – ${options.organisationName}`,
      Creator: 'policygen',
      CreationDate: fixedDate,
      ModDate: fixedDate,
    },
  });
  for (const [name, font] of Object.entries(fonts)) doc.registerFont(name, font as never);
  // Select a face before anything measures text: with `font: null` there is none yet.
  doc.font('regular').fontSize(BODY.size);

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const writer = new PdfWriter(doc, options);
  writer.writeDocument(document);
  writer.writePageFurniture();
  doc.end();
  return finished;
}

class PdfWriter {
  private readonly tagging: TaggingDocument;
  private readonly images: Map<string, EmbeddedImage>;
  private readonly outline: Array<{ level: number; item: { addItem(title: string, options?: object): unknown } }> = [];

  constructor(
    private readonly doc: PDFDoc,
    private readonly options: PdfOptions,
  ) {
    this.tagging = doc as unknown as TaggingDocument;
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
  }

  /** Logo, organisation name and registration number, over a rule in the accent colour. */
  private writeLetterhead(root: StructureElement, blocks: Block[]): void {
    if (blocks.length === 0) return;
    const doc = this.doc;
    doc.y = MARGIN.top - 30;
    let first = true;
    for (const block of blocks) {
      if (block.type === 'image') {
        this.writeImage(root, block.src, block.alt, 64);
        continue;
      }
      if (block.type === 'paragraph') {
        const size = first ? 15 : 9.5;
        const face: FaceName = first ? 'bold' : 'regular';
        const colour = first ? COLOURS.ink : COLOURS.muted;
        root.add(this.tagging.struct('P', () => this.writeInlines(block.inlines, { size, face, colour, x: MARGIN.left, width: CONTENT_WIDTH, lineGap: 1 })));
        first = false;
        continue;
      }
      this.writeBlock(root, block, MARGIN.left, CONTENT_WIDTH);
    }
    doc.moveDown(0.4);
    const y = doc.y;
    this.artifact(() => {
      doc.moveTo(MARGIN.left, y).lineTo(PAGE.width - MARGIN.right, y).lineWidth(1.5).strokeColor(COLOURS.accent).stroke();
    });
    doc.y = y + 16;
  }

  private writeBlock(parent: StructureElement, block: Block, x: number, width: number): void {
    const doc = this.doc;
    switch (block.type) {
      case 'heading': {
        const style = HEADINGS[block.level] ?? HEADINGS[4]!;
        // Keep a heading with at least two lines of what follows it.
        this.ensureSpace(style.before + style.size * 1.4 + 2 * this.lineHeight(BODY.size));
        if (doc.y > MARGIN.top + 1) doc.y += style.before;
        this.addBookmark(block.level, inlineText(block.inlines));
        parent.add(
          this.tagging.struct(`H${Math.min(block.level, 6)}`, () =>
            this.writeInlines(block.inlines, { size: style.size, face: 'bold', colour: style.colour, x, width, lineGap: 1 }),
          ),
        );
        doc.y += style.after;
        return;
      }
      case 'paragraph':
        this.ensureSpace(this.lineHeight(BODY.size));
        parent.add(this.tagging.struct('P', () => this.writeInlines(block.inlines, { size: BODY.size, face: 'regular', colour: COLOURS.ink, x, width })));
        doc.y += PARAGRAPH_AFTER;
        return;
      case 'image':
        this.writeImage(parent, block.src, block.alt, 80);
        return;
      case 'list':
        this.writeList(parent, block, x, width, 0);
        doc.y += PARAGRAPH_AFTER - ITEM_GAP;
        return;
      case 'quote': {
        const quote = this.tagging.struct('BlockQuote');
        parent.add(quote);
        for (const inner of block.blocks) this.writeBlock(quote, inner, x + 14, width - 14);
        quote.end();
        return;
      }
      case 'code':
        this.ensureSpace(this.lineHeight(BODY.size));
        parent.add(
          this.tagging.struct('P', () => {
            doc.font('regular').fontSize(BODY.size - 1).fillColor(COLOURS.ink).text(block.text, x + 8, doc.y, { width: width - 8, lineGap: 2 });
          }),
        );
        doc.y += PARAGRAPH_AFTER;
        return;
      case 'rule': {
        this.ensureSpace(12);
        const y = doc.y + 4;
        this.artifact(() => doc.moveTo(x, y).lineTo(x + width, y).lineWidth(0.5).strokeColor(COLOURS.rule).stroke());
        doc.y = y + 8;
        return;
      }
    }
  }

  /** A list with hanging indents: the bullet in the gutter, wrapped lines aligned with the text. */
  private writeList(parent: StructureElement, list: Extract<Block, { type: 'list' }>, x: number, width: number, depth: number): void {
    const doc = this.doc;
    const element = this.tagging.struct('L');
    parent.add(element);
    const textX = x + LIST_INDENT;
    const textWidth = width - LIST_INDENT;
    list.items.forEach((item, index) => {
      const label = list.ordered ? `${list.start + index}.` : BULLETS[Math.min(depth, BULLETS.length - 1)]!;
      const listItem = this.tagging.struct('LI');
      element.add(listItem);
      // A bullet never sits alone at the foot of a page.
      this.ensureSpace(this.lineHeight(BODY.size));
      const top = doc.y;
      listItem.add(
        this.tagging.struct('Lbl', () => {
          doc.font('regular').fontSize(BODY.size).fillColor(depth === 0 ? COLOURS.accent : COLOURS.muted);
          doc.text(label, x, top, { width: LIST_INDENT, lineBreak: false, lineGap: BODY.lineGap });
        }),
      );
      doc.y = top;
      const body = this.tagging.struct('LBody');
      listItem.add(body);
      item.forEach((block, blockIndex) => {
        if (block.type === 'paragraph') {
          if (blockIndex > 0) doc.y += ITEM_GAP;
          body.add(() => this.writeInlines(block.inlines, { size: BODY.size, face: 'regular', colour: COLOURS.ink, x: textX, width: textWidth }));
        } else if (block.type === 'list') {
          doc.y += ITEM_GAP;
          this.writeList(body, block, textX, textWidth, depth + 1);
        } else {
          this.writeBlock(body, block, textX, textWidth);
        }
      });
      body.end();
      listItem.end();
      doc.y += ITEM_GAP;
    });
    element.end();
  }

  private writeImage(parent: StructureElement, src: string, alt: string, maxHeight: number): void {
    const image = this.images.get(src);
    if (!image) return;
    const doc = this.doc;
    this.ensureSpace(maxHeight);
    const top = doc.y;
    const opened = (doc as unknown as { openImage(src: Buffer): { width: number; height: number } }).openImage(Buffer.from(image.bytes));
    const scale = Math.min(180 / opened.width, maxHeight / opened.height);
    parent.add(
      this.tagging.struct('Figure', { alt }, () => {
        doc.image(opened as never, MARGIN.left, top, { width: opened.width * scale, height: opened.height * scale });
      }),
    );
    doc.y = top + opened.height * scale + 8;
  }

  /** One paragraph of styled runs. A hard break starts a new run, as pdfkit needs. */
  private writeInlines(
    inlines: readonly Inline[],
    style: { size: number; face: FaceName; colour: string; x: number; width: number; lineGap?: number },
  ): void {
    const doc = this.doc;
    const lines: Inline[][] = [[]];
    for (const inline of inlines) {
      if (inline.type === 'break') lines.push([]);
      else lines.at(-1)!.push(inline);
    }
    for (const line of lines) {
      const runs = line.filter((inline): inline is Extract<Inline, { type: 'text' }> => inline.type === 'text');
      if (runs.length === 0) {
        doc.y += this.lineHeight(style.size);
        continue;
      }
      runs.forEach((run, index) => {
        const bold = style.face === 'bold' || style.face === 'boldItalic' || run.style.bold;
        const italic = style.face === 'italic' || style.face === 'boldItalic' || run.style.italic;
        doc
          .font(bold ? (italic ? 'boldItalic' : 'bold') : italic ? 'italic' : 'regular')
          .fontSize(style.size)
          .fillColor(run.style.href !== undefined ? COLOURS.accent : style.colour);
        const textOptions = {
          continued: index < runs.length - 1,
          lineGap: style.lineGap ?? BODY.lineGap,
          link: run.style.href ?? null,
          underline: run.style.href !== undefined,
        };
        if (index === 0) doc.text(run.text, style.x, doc.y, { ...textOptions, width: style.width });
        else doc.text(run.text, textOptions);
      });
    }
    doc.x = MARGIN.left;
  }

  private lineHeight(size: number): number {
    return size * 1.36 + BODY.lineGap;
  }

  private ensureSpace(height: number): void {
    if (this.doc.y + height > PAGE.height - MARGIN.bottom) this.doc.addPage();
  }

  private addBookmark(level: number, title: string): void {
    while (this.outline.length > 0 && this.outline.at(-1)!.level >= level) this.outline.pop();
    const parent = this.outline.at(-1)?.item ?? this.doc.outline;
    const item = parent.addItem(title, { top: this.doc.y, left: PAGE.width }) as { addItem(title: string, options?: object): unknown };
    this.outline.push({ level, item });
  }

  /** Decoration a screen reader should skip. */
  private artifact(draw: () => void, type = 'Layout'): void {
    this.tagging.markContent('Artifact', { type });
    draw();
    this.tagging.endMarkedContent();
  }

  /** Running header (from page 2) and footer with the review date and "Page N of M". */
  writePageFurniture(): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    const total = range.count;
    for (let index = 0; index < total; index++) {
      doc.switchToPage(range.start + index);
      // Writing in the margins must not trigger pdfkit's automatic page break.
      const bottom = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;
      this.artifact(() => {
        if (index > 0) {
          doc.font('regular').fontSize(8.5).fillColor(COLOURS.muted);
          doc.text(this.options.organisationName, MARGIN.left, 38, { width: CONTENT_WIDTH / 2, lineBreak: false, ellipsis: true });
          doc.text(this.options.title, MARGIN.left + CONTENT_WIDTH / 2, 38, { width: CONTENT_WIDTH / 2, align: 'right', lineBreak: false, ellipsis: true });
          doc.moveTo(MARGIN.left, 52).lineTo(PAGE.width - MARGIN.right, 52).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
        }
        const footerY = PAGE.height - 50;
        doc.moveTo(MARGIN.left, footerY - 8).lineTo(PAGE.width - MARGIN.right, footerY - 8).lineWidth(0.5).strokeColor(COLOURS.rule).stroke();
        doc.font('regular').fontSize(8.5).fillColor(COLOURS.muted);
        doc.text(this.options.footerText, MARGIN.left, footerY, { width: CONTENT_WIDTH * 0.7, lineBreak: false });
        doc.text(`Page ${index + 1} of ${total}`, MARGIN.left + CONTENT_WIDTH * 0.7, footerY, { width: CONTENT_WIDTH * 0.3, align: 'right', lineBreak: false });
      }, 'Pagination');
      doc.page.margins.bottom = bottom;
    }
  }
}
