/*
 * The look of a Word policy, matched to the PDF writer's: A4 with the same margins, Noto Sans,
 * the same colours and heading sizes. Word measures in twips (1/20 pt) and half-points;
 * everything here is written in points and converted once.
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
import type { DocxWords } from './words';

export const twips = (points: number): number => Math.round(points * 20);
const halfPoints = (points: number): number => Math.round(points * 2);

export const FONT = 'Noto Sans';
/** Code keeps its columns; Courier New is on every Windows and Mac, and LibreOffice maps it to Liberation Mono. */
export const CODE_FONT = 'Courier New';

export const COLOURS = { ink: '1d2421', muted: '5b6661', accent: '1f5f4a', rule: 'c9d3cf', codeShade: 'f4f6f5', headerShade: 'eef3f1' };

/** A4 and the PDF's margins (78/74/64 pt), with the header and footer in the margins as there. */
export const PAGE = {
  width: 11906,
  height: 16838,
  margin: { top: twips(78), bottom: twips(74), left: twips(64), right: twips(64), header: twips(36), footer: twips(36) },
};
export const CONTENT_WIDTH = PAGE.width - PAGE.margin.left - PAGE.margin.right;

const BODY_SIZE = 10.5;
/** The PDF sets 10.5 pt Noto Sans about 17.5 pt apart; Word's single spacing for Noto Sans is about 14.3 pt. */
const BODY_LINE = 292;
export const PARAGRAPH_AFTER = twips(6);
export const ITEM_GAP = twips(2.5);
/** Each list level indents by this much; the label hangs in it. */
export const LIST_INDENT = twips(18);
export const QUOTE_INDENT = twips(14);

/** Tables as the PDF draws them: 9.5 pt text, 6 pt of padding beside it and 4 pt above and below. */
export const TABLE = { size: 9.5, padding: { x: twips(6), y: twips(4) }, border: 6 };

const HEADINGS: Record<1 | 2 | 3 | 4 | 5 | 6, { size: number; before: number; after: number; colour: string }> = {
  1: { size: 19, before: 6, after: 10, colour: COLOURS.ink },
  2: { size: 13.5, before: 16, after: 6, colour: COLOURS.accent },
  3: { size: 11.5, before: 10, after: 4, colour: COLOURS.accent },
  4: { size: 10.5, before: 8, after: 3, colour: COLOURS.accent },
  5: { size: 10.5, before: 8, after: 3, colour: COLOURS.ink },
  6: { size: 10, before: 6, after: 2, colour: COLOURS.muted },
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
  const heading = (level: 1 | 2 | 3 | 4 | 5 | 6) => {
    const look = HEADINGS[level];
    return {
      run: { font: FONT, bold: true, italics: false, size: halfPoints(look.size), color: look.colour },
      paragraph: {
        outlineLevel: level - 1,
        keepNext: true,
        keepLines: true,
        spacing: { before: twips(look.before), after: twips(look.after), line: 240, lineRule: LineRuleType.AUTO },
      },
    };
  };
  return {
    default: {
      document: {
        run: { font: FONT, size: halfPoints(BODY_SIZE), color: COLOURS.ink, language },
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
        run: { bold: true, size: halfPoints(15) },
        paragraph: { spacing: { after: twips(2), line: 240, lineRule: LineRuleType.AUTO }, keepNext: true },
      },
      {
        id: STYLE.letterhead,
        name: 'Letterhead',
        basedOn: 'Normal',
        quickFormat: true,
        run: { size: halfPoints(9.5), color: COLOURS.muted },
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
          border: { left: { style: BorderStyle.SINGLE, size: 16, color: COLOURS.rule, space: 8 } },
        },
      },
      {
        id: STYLE.code,
        name: 'Code',
        basedOn: 'Normal',
        run: { font: CODE_FONT, size: halfPoints(9.5), color: COLOURS.ink },
        paragraph: {
          indent: { left: twips(10) },
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
        run: { size: halfPoints(8.5), color: COLOURS.muted },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, rightTabStop: CONTENT_WIDTH },
      },
      {
        id: STYLE.footer,
        name: 'footer',
        basedOn: 'Normal',
        run: { size: halfPoints(8.5), color: COLOURS.muted },
        paragraph: { spacing: { after: 0, line: 240, lineRule: LineRuleType.AUTO }, rightTabStop: CONTENT_WIDTH },
      },
    ],
  };
}

/** The PDF's bullets: a dot, then a dash, then a triangle for deeper levels. */
const BULLETS = ['•', '–', '‣'];
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
