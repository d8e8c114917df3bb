/*
 * The look of a Word policy: the house look (../look.ts) that the PDF follows too, in Word's
 * units. Word measures in twips (1/20 pt), half-points and eighths of a point, and writes
 * colours without the '#': the house look's values are converted here.
 */
import {
  AlignmentType,
  BorderStyle,
  LevelFormat,
  LineRuleType,
  type ILevelsOptions,
  type INumberingOptions,
  type IStylesOptions,
} from 'docx';
import {
  BULLETS,
  COLOURS as HOUSE_COLOURS,
  HEADINGS,
  LINE_WIDTH,
  MARGIN,
  PAGE as A4,
  SPACING,
  TEXT_SIZE,
  type HeadingLevel,
} from '../look';
import type { DocxWords } from './words';

export const twips = (points: number): number => Math.round(points * 20);
const halfPoints = (points: number): number => Math.round(points * 2);
/** Border widths: Word takes them in eighths of a point. */
const eighthsOfAPoint = (points: number): number => Math.round(points * 8);
/** Word writes a colour as hex digits alone. */
const wordColour = (css: string): string => css.replace(/^#/, '');

export const FONT = 'Noto Sans';
/** Code keeps its columns; Courier New is on every Windows and Mac, and LibreOffice maps it to Liberation Mono. */
export const CODE_FONT = 'Courier New';

type Colours = Record<keyof typeof HOUSE_COLOURS, string>;
/** The house colours as Word writes them. */
export const COLOURS = Object.fromEntries(Object.entries(HOUSE_COLOURS).map(([name, colour]) => [name, wordColour(colour)])) as Colours;

/** A4 and its margins, with the header and footer in the margins as in the PDF. */
export const PAGE = {
  width: twips(A4.width),
  height: twips(A4.height),
  margin: {
    top: twips(MARGIN.top),
    bottom: twips(MARGIN.bottom),
    left: twips(MARGIN.left),
    right: twips(MARGIN.right),
    header: twips(36),
    footer: twips(36),
  },
};
export const CONTENT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

/** The PDF sets 10.5 pt Noto Sans about 17.5 pt apart; Word's single spacing for Noto Sans is about 14.3 pt. */
const BODY_LINE = 292;
export const PARAGRAPH_AFTER = twips(SPACING.paragraphAfter);
export const ITEM_GAP = twips(SPACING.itemGap);
/** Each list level indents by this much; the label hangs in it. */
export const LIST_INDENT = twips(18);
export const QUOTE_INDENT = twips(SPACING.quoteIndent);
export const AFTER_LETTERHEAD = twips(SPACING.afterLetterhead);

/** Border widths, in eighths of a point. */
export const BORDER = {
  letterhead: eighthsOfAPoint(LINE_WIDTH.letterhead),
  thin: eighthsOfAPoint(LINE_WIDTH.thin),
  quoteBar: eighthsOfAPoint(LINE_WIDTH.quoteBar),
};

/** Tables as the PDF draws them. */
export const TABLE = {
  size: TEXT_SIZE.table,
  padding: { x: twips(SPACING.cellPadding.x), y: twips(SPACING.cellPadding.y) },
  border: eighthsOfAPoint(LINE_WIDTH.tableBorder),
};

/** Paragraph style ids: Word's own built-in ids where Word has the style, so Word shows their names in its language. */
export const STYLE = {
  letterheadName: 'LetterheadName',
  letterhead: 'Letterhead',
  quote: 'Quote',
  code: 'Code',
  header: 'Header',
  footer: 'Footer',
  tableText: 'TableText',
  hyperlink: 'Hyperlink',
} as const;

/**
 * Named styles rather than direct formatting, so a manager who edits the policy in Word
 * changes every heading at once and the navigation pane and a table of contents work:
 * Heading 1–6 carry outline levels 1–6.
 */
export function documentStyles(words: DocxWords): IStylesOptions {
  const language = { value: words.languageTag };
  const heading = (level: HeadingLevel) => {
    const { size, before, after, colour } = HEADINGS[level];
    return {
      run: { font: FONT, bold: true, italics: false, size: halfPoints(size), color: wordColour(colour) },
      paragraph: {
        outlineLevel: level - 1,
        keepNext: true,
        keepLines: true,
        spacing: { before: twips(before), after: twips(after), line: 240, lineRule: LineRuleType.AUTO },
      },
    };
  };
  return {
    default: {
      document: {
        run: { font: FONT, size: halfPoints(TEXT_SIZE.body), color: COLOURS.ink, language },
        paragraph: { spacing: { after: PARAGRAPH_AFTER, line: BODY_LINE, lineRule: LineRuleType.AUTO } },
      },
      heading1: heading(1),
      heading2: heading(2),
      heading3: heading(3),
      heading4: heading(4),
      heading5: heading(5),
      heading6: heading(6),
      listParagraph: { paragraph: { spacing: { after: ITEM_GAP } } },
      hyperlink: { run: { color: COLOURS.accent, underline: {} } },
    },
    paragraphStyles: [
      {
        id: STYLE.letterheadName,
        name: 'Letterhead Name',
        basedOn: 'Normal',
        next: STYLE.letterhead,
        quickFormat: true,
        run: { bold: true, size: halfPoints(TEXT_SIZE.letterheadName) },
        paragraph: { spacing: { after: twips(2), line: 240, lineRule: LineRuleType.AUTO }, keepNext: true },
      },
      {
        id: STYLE.letterhead,
        name: 'Letterhead',
        basedOn: 'Normal',
        quickFormat: true,
        run: { size: halfPoints(TEXT_SIZE.letterhead), color: COLOURS.muted },
        paragraph: { spacing: { after: twips(2), line: 240, lineRule: LineRuleType.AUTO }, keepNext: true },
      },
      {
        id: STYLE.quote,
        name: 'Quote',
        basedOn: 'Normal',
        next: 'Normal',
        quickFormat: true,
        run: { color: COLOURS.muted },
        paragraph: {
          indent: { left: QUOTE_INDENT },
          border: { left: { style: BorderStyle.SINGLE, size: BORDER.quoteBar, color: COLOURS.rule, space: 8 } },
        },
      },
      {
        id: STYLE.code,
        name: 'Code',
        basedOn: 'Normal',
        run: { font: CODE_FONT, size: halfPoints(9.5), color: COLOURS.ink },
        paragraph: {
          indent: { left: twips(SPACING.codeIndent) },
          spacing: { line: 240, lineRule: LineRuleType.AUTO },
          shading: { type: 'clear', color: 'auto', fill: COLOURS.codeShade },
          keepLines: true,
        },
      },
      {
        id: STYLE.tableText,
        name: 'Table Text',
        basedOn: 'Normal',
        quickFormat: true,
        run: { size: halfPoints(TABLE.size) },
        paragraph: { spacing: { before: 0, after: 0, line: 252, lineRule: LineRuleType.AUTO } },
      },
      {
        id: STYLE.header,
        name: 'header',
        basedOn: 'Normal',
        run: { size: halfPoints(TEXT_SIZE.small), color: COLOURS.muted },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, rightTabStop: CONTENT_WIDTH },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: { size: halfPoints(TEXT_SIZE.small), color: COLOURS.muted },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, rightTabStop: CONTENT_WIDTH },
      },
    ],
  };
}

const LEVELS = Array.from({ length: 9 }, (_, level) => level);

const levelIndent = (level: number) => ({ left: LIST_INDENT * (level + 1), hanging: LIST_INDENT });

const BULLET_LEVELS: ILevelsOptions[] = LEVELS.map((level) => ({
  level,
  format: LevelFormat.BULLET,
  text: BULLETS[Math.min(level, BULLETS.length - 1)]!,
  alignment: AlignmentType.LEFT,
  style: {
    run: { font: FONT, color: level === 0 ? COLOURS.accent : COLOURS.muted },
    paragraph: { indent: levelIndent(level) },
  },
}));

/** "3." at every level, as the PDF writes a nested numbered list's own numbers. */
function orderedLevels(start: number): ILevelsOptions[] {
  return LEVELS.map((level) => ({
    level,
    format: LevelFormat.DECIMAL,
    text: `%${level + 1}.`,
    start,
    alignment: AlignmentType.LEFT,
    style: { run: { font: FONT, color: COLOURS.accent }, paragraph: { indent: levelIndent(level) } },
  }));
}

export const BULLET_LIST = 'bullet';

/** The numbered list definition for lists that start at `start`: Word restarts each list at its definition's start. */
export function orderedListReference(start: number): string {
  return `${ORDERED_LIST}${start}`;
}

const ORDERED_LIST = 'ordered-';

/** One bullet definition and one numbered definition per start number the document's lists use. */
export function numberingDefinitions(references: Iterable<string>): INumberingOptions {
  const starts = [...new Set(references)]
    .filter((reference) => reference.startsWith(ORDERED_LIST))
    .map((reference) => Number(reference.slice(ORDERED_LIST.length)))
    .sort((a, b) => a - b);
  return {
    config: [
      { reference: BULLET_LIST, levels: BULLET_LEVELS },
      ...starts.map((start) => ({ reference: orderedListReference(start), levels: orderedLevels(start) })),
    ],
  };
}
