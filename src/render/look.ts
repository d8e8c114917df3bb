/*
 * The house look, written once: a policy's PDF and Word documents look alike, and its HTML
 * page shares their colours, so a change of colour or size here reaches every format.
 * Sizes and spacing are in points and colours in CSS hex; each writer converts to its own
 * units where it reads them (Word: twips, half-points and eighths of a point, colours
 * without the '#'). What only one writer decides (the PDF's line gaps, Word's line spacing,
 * the HTML page's sizes for a screen) stays with that writer.
 */

export const COLOURS = {
  /** Body text and the title. */
  ink: '#1d2421',
  /** Letterhead details, running header and footer, quotes, code, and the bullets of nested lists. */
  muted: '#5b6661',
  /** Headings, links, list labels and the rule under the letterhead. */
  accent: '#1f5f4a',
  /** Thin rules and table borders on paper. */
  rule: '#c9d3cf',
  /** The HTML page's rules and table borders, lighter than paper's. */
  screenRule: '#d7dedb',
  /** Behind a code block. */
  codeShade: '#f4f6f5',
  /** Behind a table's header row. */
  headerShade: '#eef3f1',
} as const;

/** A4, in points. */
export const PAGE = { width: 595.28, height: 841.89 };
/** Room above and below the text for the running header and footer. */
export const MARGIN = { top: 78, bottom: 74, left: 64, right: 64 };

/** Text sizes, in points. */
export const TEXT_SIZE = {
  body: 10.5,
  /** The organisation's name at the top of the letterhead. */
  letterheadName: 15,
  /** The letterhead's other lines (registration number and the like). */
  letterhead: 9.5,
  table: 9.5,
  /** The running header and footer, and the policy manual's column labels. */
  small: 8.5,
};

export type HeadingLevel = 1 | 2 | 3 | 4 | 5 | 6;

/** Every heading is bold; its size and the space around it, in points. */
export const HEADINGS: Readonly<Record<HeadingLevel, { size: number; before: number; after: number; colour: string }>> = {
  1: { size: 19, before: 6, after: 10, colour: COLOURS.ink },
  2: { size: 13.5, before: 16, after: 6, colour: COLOURS.accent },
  3: { size: 11.5, before: 10, after: 4, colour: COLOURS.accent },
  4: { size: 10.5, before: 8, after: 3, colour: COLOURS.accent },
  5: { size: 10.5, before: 8, after: 3, colour: COLOURS.ink },
  6: { size: 10, before: 6, after: 2, colour: COLOURS.muted },
};

/** Space between and beside blocks, in points. */
export const SPACING = {
  paragraphAfter: 6,
  /** Between the items of a list. */
  itemGap: 2.5,
  quoteIndent: 14,
  codeIndent: 10,
  /** Below the rule under the letterhead. */
  afterLetterhead: 16,
  /** Inside a table cell, beside its text and above and below it. */
  cellPadding: { x: 6, y: 4 },
};

/** The widths of lines drawn, in points. */
export const LINE_WIDTH = {
  /** The accent rule under the letterhead. */
  letterhead: 1.5,
  /** A horizontal rule, and those under the running header and over the footer. */
  thin: 0.5,
  tableBorder: 0.75,
  /** The bar beside a quote. */
  quoteBar: 2,
};

/** A list's bullets: a dot, then a dash, then a triangle for deeper levels. */
export const BULLETS = ['•', '–', '‣'] as const;
