/*
 * The running header and footer, as in the PDF: the home's name and the policy's title at
 * the top of every page but the letterhead's, and on every page the next review date and
 * "Page N of M", where N and M are Word's own PAGE and NUMPAGES fields, so they stay right
 * when a manager edits the policy.
 */
import { BorderStyle, Footer, Header, PageNumber, Paragraph, Tab, TextRun } from 'docx';
import { xmlSafe } from './body';
import { BORDER, COLOURS, STYLE } from './styles';
import type { DocxWords } from './words';

export interface FurnitureText {
  organisationName: string;
  title: string;
  /** The next review date, already in words ("1 April 2027"). */
  nextReview: string;
}

const THIN_RULE = { style: BorderStyle.SINGLE, size: BORDER.thin, color: COLOURS.rule, space: 4 } as const;

export function runningHeader(text: FurnitureText): Header {
  return new Header({
    children: [
      new Paragraph({
        style: STYLE.header,
        border: { bottom: THIN_RULE },
        children: [new TextRun({ children: [xmlSafe(text.organisationName), new Tab(), xmlSafe(text.title)] })],
      }),
    ],
  });
}

/** The first page's header, under which the letterhead stands: empty. */
export function emptyHeader(): Header {
  return new Header({ children: [] });
}

export function footer(text: FurnitureText, words: DocxWords): Footer {
  return new Footer({
    children: [
      new Paragraph({
        style: STYLE.footer,
        border: { top: THIN_RULE },
        children: [
          new TextRun({
            children: [
              `${words.nextReview}: ${xmlSafe(text.nextReview)}`,
              new Tab(),
              `${words.page} `,
              PageNumber.CURRENT,
              ` ${words.of} `,
              PageNumber.TOTAL_PAGES,
            ],
          }),
        ],
      }),
    ],
  });
}
