/*
 * Tables in a PDF: columns as wide as their content asks within the text width, text
 * wrapped inside its cell, the header row repeated at the top of each page a table runs
 * onto, and a row kept whole on one page unless it is taller than a page. Borders, padding
 * and the shaded header match the HTML page. Tagged Table > TR > TH/TD (the header cells
 * scoped to their column), so a screen reader reads a cell with its column's heading;
 * repeated headers, borders and shading are artifacts it skips.
 *
 * Cell text is laid out here, line by line, rather than by pdfkit's own wrapping: a row's
 * height must be known before any of it is drawn (to keep it whole, or to split it between
 * pages at a line), and a cell mixes faces (bold, italic, code), each measured in its own.
 *
 * The writer is self-contained, so other PDF layouts (a policy pack's read-and-sign sheet)
 * can draw a table with it: `new PdfTableWriter(doc, page).write(parent, table, x, width)`.
 */
import type { ColumnAlign, Inline, InlineStyle, TableBlock } from '../document-model';
import { COLOURS, LINE_WIDTH, SPACING, TEXT_SIZE } from '../look';
import { distributeColumns } from '../table-widths';
import type { FaceName } from './fonts';
import { describeLinks } from './pdfkit-fixes';
import { tagging, type PDFDoc, type StructureElement, type TaggingDocument } from './pdfkit-internals';

/** What a table holds: a header row and body rows of cells, each cell some styled text. */
export type TableContent = Pick<TableBlock, 'align' | 'header' | 'rows'>;

/** Where text may go on a page, top to bottom, in points: a table never draws outside it. */
export interface TablePage {
  top: number;
  bottom: number;
}

/** The look of a table, matched to the HTML page's. */
export const TABLE_LOOK = {
  size: TEXT_SIZE.table,
  lineGap: 2,
  padding: SPACING.cellPadding,
  border: LINE_WIDTH.tableBorder,
  /** Space left under a table, as under a paragraph. */
  after: 8,
};

/** Some text in one style and face, and how wide it is. */
interface Fragment {
  text: string;
  style: InlineStyle;
  face: FaceName;
  size: number;
  width: number;
}

interface Line {
  fragments: Fragment[];
  width: number;
}

/** A word, the spaces between words, or a hard line break, measured. */
type Piece = Fragment | { break: true };

interface Cell {
  pieces: Piece[];
  /** Its longest word and its whole text on one line, in points, without padding. */
  min: number;
  max: number;
}

/** Drawing one fragment of a cell's text; links are tagged apart. */
interface Step {
  draw: () => void;
  link: boolean;
}

interface Row {
  cells: Line[][];
  /** The most lines any of its cells has. */
  lines: number;
}

/** A table measured for one width: its columns and rows, ready to draw. */
export interface TableLayout {
  widths: number[];
  header: Row;
  rows: Row[];
}

export class PdfTableWriter {
  private readonly tagging: TaggingDocument;

  constructor(
    private readonly doc: PDFDoc,
    private readonly page: TablePage,
  ) {
    this.tagging = tagging(doc);
  }

  /**
   * Draw `table` from the current `doc.y`, at `x`, `width` points wide, as a Table element
   * of `parent`; `doc.y` ends below it, with a paragraph's space.
   */
  write(parent: StructureElement, table: TableContent, x: number, width: number): void {
    const doc = this.doc;
    const layout = this.layout(table, width);
    const columns = columnPositions(x, layout.widths);
    const pageHeight = this.page.bottom - this.page.top;
    const headerHeight = this.rowHeight(layout.header.lines);
    const repeatHeader = this.repeatsHeader(headerHeight);

    if (doc.y + this.startHeight(layout) > this.page.bottom && doc.y > this.page.top + 1) doc.addPage();
    const element = this.tagging.struct('Table');
    parent.add(element);
    let y = doc.y;
    const wholeHeader = { from: 0, to: layout.header.lines };
    this.drawRow(layout.header, table.align, columns, y, wholeHeader, { header: element });
    y += headerHeight;

    const newPage = () => {
      doc.addPage();
      y = this.page.top;
      if (!repeatHeader) return;
      this.drawRow(layout.header, table.align, columns, y, wholeHeader, { repeat: true });
      y += headerHeight;
    };
    for (const row of layout.rows) {
      const height = this.rowHeight(row.lines);
      if (y + height > this.page.bottom) {
        const room = pageHeight - (repeatHeader ? headerHeight : 0);
        // A row that fits on a page of its own goes there whole; a taller one starts here, if two lines fit.
        if (height <= room || this.linesThatFit(this.page.bottom - y) < Math.min(2, row.lines)) newPage();
      }
      const tr = this.tagging.struct('TR');
      element.add(tr);
      const cells = row.cells.map(() => this.tagging.struct('TD'));
      for (const cell of cells) tr.add(cell);
      // Usually one piece; a row taller than a page is cut between lines, and goes on under the repeated header.
      for (let from = 0; from < row.lines;) {
        const to = Math.min(row.lines, from + Math.max(1, this.linesThatFit(this.page.bottom - y)));
        this.drawRow(row, table.align, columns, y, { from, to }, { cells });
        y += this.rowHeight(to - from);
        from = to;
        if (from < row.lines) newPage();
      }
      for (const cell of cells) cell.end();
      tr.end();
    }
    element.end();
    doc.y = y + TABLE_LOOK.after;
    doc.x = x;
  }

  /**
   * How much of the table must be on the page where it starts: its header and first row,
   * or, when that row is taller than a page, its first two lines (as the row is written).
   */
  startHeight(table: TableContent | TableLayout, width?: number): number {
    const layout = 'widths' in table ? table : this.layout(table, width!);
    const first = layout.rows[0];
    const header = this.rowHeight(layout.header.lines);
    if (!first) return header;
    const firstRow = this.rowHeight(first.lines);
    const room = this.page.bottom - this.page.top - (this.repeatsHeader(header) ? header : 0);
    return header + (firstRow <= room ? firstRow : this.rowHeight(Math.min(2, first.lines)));
  }

  /** A header as tall as a third of a page is not worth repeating. */
  private repeatsHeader(headerHeight: number): boolean {
    return headerHeight < (this.page.bottom - this.page.top) / 3;
  }

  /** Measure every cell, share the width out between the columns, and break each cell into lines. */
  layout(table: TableContent, width: number): TableLayout {
    // A heading before a table asks how tall its start is, then the table is written: measure once.
    const known = this.layouts.get(table);
    if (known?.width === width) return known.layout;
    const layout = this.measureTable(table, width);
    this.layouts.set(table, { width, layout });
    return layout;
  }

  private readonly layouts = new WeakMap<TableContent, { width: number; layout: TableLayout }>();

  private measureTable(table: TableContent, width: number): TableLayout {
    const header = table.header.map((inlines) => this.measureCell(inlines, 'bold'));
    const rows = table.rows.map((row) => row.map((inlines) => this.measureCell(inlines, 'regular')));
    const columns = header.length;
    const padding = 2 * TABLE_LOOK.padding.x;
    const min: number[] = [];
    const max: number[] = [];
    for (let column = 0; column < columns; column++) {
      const cells = [header[column]!, ...rows.map((row) => row[column]).filter((cell): cell is Cell => cell !== undefined)];
      min.push(Math.max(...cells.map((cell) => cell.min)) + padding);
      max.push(Math.max(...cells.map((cell) => cell.max)) + padding);
    }
    const widths = distributeColumns(min, max, width);
    const breakRow = (cells: Cell[]): Row => {
      const lines = widths.map((columnWidth, column) => this.breakLines(cells[column]?.pieces ?? [], columnWidth - padding));
      return { cells: lines, lines: Math.max(1, ...lines.map((cell) => cell.length)) };
    };
    return { widths, header: breakRow(header), rows: rows.map(breakRow) };
  }

  /** A row `lines` lines tall, with its padding. */
  private rowHeight(lines: number): number {
    return Math.max(1, lines) * this.lineHeight() - TABLE_LOOK.lineGap + 2 * TABLE_LOOK.padding.y;
  }

  private linesThatFit(height: number): number {
    return Math.floor((height - 2 * TABLE_LOOK.padding.y + TABLE_LOOK.lineGap) / this.lineHeight());
  }

  private lineHeight(): number {
    this.doc.font('regular').fontSize(TABLE_LOOK.size);
    return this.doc.currentLineHeight(true) + TABLE_LOOK.lineGap;
  }

  /**
   * Lines `from` to `to` of each cell of a row, at `y`: the header's shading, the text, and
   * the borders. The header row makes a TR of TH elements in the table, or, repeated on a
   * later page, is an artifact; body cells are drawn into their row's TD elements.
   */
  private drawRow(
    row: Row,
    align: readonly ColumnAlign[],
    columns: ReadonlyArray<{ x: number; width: number }>,
    y: number,
    span: { from: number; to: number },
    into: { header: StructureElement } | { repeat: true } | { cells: StructureElement[] },
  ): void {
    const doc = this.doc;
    const height = this.rowHeight(span.to - span.from);
    const left = columns[0]!.x;
    const right = columns.at(-1)!.x + columns.at(-1)!.width;
    if (!('cells' in into)) this.artifact(() => doc.rect(left, y, right - left, height).fill(COLOURS.headerShade));
    const steps = (column: number) =>
      this.cellSteps(row.cells[column]!.slice(span.from, span.to), columns[column]!, align[column], y + TABLE_LOOK.padding.y);

    if ('repeat' in into) {
      this.artifact(() => row.cells.forEach((_, column) => steps(column).forEach((step) => step.draw())), 'Pagination');
    } else if ('header' in into) {
      const tr = this.tagging.struct('TR');
      into.header.add(tr);
      row.cells.forEach((_, column) => {
        const th = this.tagging.struct('TH', { scope: 'Column' });
        tr.add(th);
        this.addSteps(th, steps(column));
        th.end();
      });
      tr.end();
    } else {
      into.cells.forEach((td, column) => this.addSteps(td, steps(column)));
    }

    this.artifact(() => {
      doc.lineWidth(TABLE_LOOK.border).strokeColor(COLOURS.rule);
      doc.moveTo(left, y).lineTo(right, y);
      doc.moveTo(left, y + height).lineTo(right, y + height);
      for (const column of columns) doc.moveTo(column.x, y).lineTo(column.x, y + height);
      doc.moveTo(right, y).lineTo(right, y + height);
      doc.stroke();
    });
  }

  /**
   * A cell's text as content of its element: one marked sequence, unless it has links,
   * which need Link elements of their own (as in running text).
   */
  private addSteps(element: StructureElement, steps: readonly Step[]): void {
    if (steps.length === 0) return;
    if (!steps.some((step) => step.link)) element.add(() => steps.forEach((step) => step.draw()));
    else for (const step of steps) element.add(step.link ? this.tagging.struct('Link', step.draw) : step.draw);
  }

  /** How to draw some lines of a cell from `top`, each aligned in the cell's width: a step per fragment. */
  private cellSteps(lines: readonly Line[], column: { x: number; width: number }, align: ColumnAlign, top: number): Step[] {
    const inner = column.width - 2 * TABLE_LOOK.padding.x;
    const lineHeight = this.lineHeight();
    return lines.flatMap((line, index) => {
      const y = top + index * lineHeight;
      const offset = align === 'right' ? inner - line.width : align === 'center' ? (inner - line.width) / 2 : 0;
      let x = column.x + TABLE_LOOK.padding.x + Math.max(0, offset);
      return line.fragments.map((fragment) => {
        const at = x;
        x += fragment.width;
        return { draw: () => this.drawFragment(fragment, at, y), link: fragment.style.href !== undefined };
      });
    });
  }

  private drawFragment(fragment: Fragment, x: number, y: number): void {
    const doc = this.doc;
    const { style } = fragment;
    doc
      .font(fragment.face)
      .fontSize(fragment.size)
      .fillColor(style.href !== undefined ? COLOURS.accent : style.code ? COLOURS.muted : COLOURS.ink);
    const write = () =>
      doc.text(fragment.text, x, y, {
        lineBreak: false,
        link: style.href ?? null,
        underline: style.href !== undefined,
        strike: style.strike === true,
      });
    if (style.href !== undefined) describeLinks(doc, fragment.text.trim() || style.href, write);
    else write();
  }

  /** A cell's words and spaces, each measured in its face, and the cell's narrowest and widest widths. */
  private measureCell(inlines: readonly Inline[], base: 'regular' | 'bold'): Cell {
    const pieces: Piece[] = [];
    let min = 0;
    let max = 0;
    let line = 0;
    for (const inline of inlines) {
      if (inline.type === 'break') {
        pieces.push({ break: true });
        line = 0;
        continue;
      }
      const face = faceOf(base, inline.style);
      const size = inline.style.code ? TABLE_LOOK.size - 0.5 : TABLE_LOOK.size;
      for (const text of inline.text.match(WORDS) ?? []) {
        const width = this.width(text, face, size);
        pieces.push({ text, style: inline.style, face, size, width });
        if (text.trim() !== '') min = Math.max(min, width);
        line += width;
        max = Math.max(max, line);
      }
    }
    return { pieces, min, max };
  }

  private width(text: string, face: FaceName, size: number): number {
    return this.doc.font(face).fontSize(size).widthOfString(text);
  }

  /** Greedy line breaking at spaces, within `width`; a word wider than that is broken between letters. */
  private breakLines(pieces: readonly Piece[], width: number): Line[] {
    const lines: Line[] = [];
    let current: Fragment[] = [];
    let used = 0;
    let spaces: Fragment[] = [];
    const finish = () => {
      lines.push(joinFragments(current, (fragment) => this.width(fragment.text, fragment.face, fragment.size)));
      current = [];
      used = 0;
      spaces = [];
    };
    for (const piece of pieces) {
      if ('break' in piece) {
        finish();
        continue;
      }
      if (piece.text.trim() === '') {
        if (current.length > 0) spaces.push(piece);
        continue;
      }
      const gap = spaces.reduce((total, space) => total + space.width, 0);
      if (current.length > 0 && used + gap + piece.width > width) finish();
      if (current.length > 0) {
        current.push(...spaces);
        used += gap;
      }
      spaces = [];
      let word: Fragment = piece;
      // A word longer than the line: as many letters as fit, then the rest on the next lines.
      while (used + word.width > width && word.text.length > 1) {
        const cut = this.longestFit(word, width - used);
        if (cut === 0) {
          if (current.length > 0) finish();
          else break;
          continue;
        }
        const head = word.text.slice(0, cut);
        current.push({ ...word, text: head, width: this.width(head, word.face, word.size) });
        finish();
        const rest = word.text.slice(cut);
        word = { ...word, text: rest, width: this.width(rest, word.face, word.size) };
      }
      current.push(word);
      used += word.width;
    }
    if (current.length > 0 || lines.length === 0) finish();
    // A cell that is only a hard break, or empty, has no lines to draw.
    return lines.filter((line, index) => line.fragments.length > 0 || index < lines.length - 1);
  }

  /** How many of a word's characters fit in `room`: found in a number of measurements that grows with the log of the word's length. */
  private longestFit(word: Fragment, room: number): number {
    const characters = Array.from(word.text);
    const fits = (count: number) => this.width(characters.slice(0, count).join(''), word.face, word.size) <= room;
    let low = 0;
    let high = characters.length;
    while (high - low > 1) {
      const middle = (low + high) >>> 1;
      if (fits(middle)) low = middle;
      else high = middle;
    }
    return characters.slice(0, low).join('').length;
  }

  /** Decoration a screen reader should skip. */
  private artifact(draw: () => void, type = 'Layout'): void {
    this.tagging.markContent('Artifact', { type });
    draw();
    this.tagging.endMarkedContent();
  }
}

/** Words with the spaces after them kept apart, so a line can break between them. */
const WORDS = /[^ ]+| +/g;

function faceOf(base: 'regular' | 'bold', style: InlineStyle): FaceName {
  const bold = base === 'bold' || style.bold;
  return bold ? (style.italic ? 'boldItalic' : 'bold') : style.italic ? 'italic' : 'regular';
}

/** The fragments of a line, neighbours of the same look joined (fewer text calls), spaces at its end dropped. */
function joinFragments(fragments: readonly Fragment[], measure: (fragment: Fragment) => number): Line {
  const joined: Fragment[] = [];
  for (const fragment of fragments) {
    const last = joined.at(-1);
    if (last && last.face === fragment.face && last.size === fragment.size && sameLook(last.style, fragment.style)) {
      last.text += fragment.text;
      last.width += fragment.width;
    } else joined.push({ ...fragment });
  }
  const last = joined.at(-1);
  if (last && last.text !== last.text.trimEnd()) {
    last.text = last.text.trimEnd();
    last.width = measure(last);
  }
  const kept = joined.filter((fragment) => fragment.text !== '');
  return { fragments: kept, width: kept.reduce((total, fragment) => total + fragment.width, 0) };
}

function sameLook(a: InlineStyle, b: InlineStyle): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.code === b.code && a.strike === b.strike && a.href === b.href;
}

function columnPositions(x: number, widths: readonly number[]): Array<{ x: number; width: number }> {
  let at = x;
  return widths.map((width) => {
    const column = { x: at, width };
    at += width;
    return column;
  });
}
