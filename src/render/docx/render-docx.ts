import { Document } from 'docx';
import type { Language } from '../../languages';
import type { CalendarDate } from '../../validate';
import { splitLetterhead, type PolicyDocument } from '../document-model';
import type { EmbeddedImage } from '../html';
import { BodyWriter } from './body';
import { createSharingDocument, packDocx } from './docx-fixes';
import { emptyHeader, footer, runningHeader } from './page-furniture';
import { appProperties, coreProperties } from './properties';
import { documentStyles, FONT, numberingDefinitions, PAGE } from './styles';
import { docxWordsFor } from './words';

export interface DocxOptions {
  title: string;
  organisationName: string;
  /** The document's language: its words, and the language tag of every run. */
  language: Language;
  images: readonly EmbeddedImage[];
  /** The next review date, already in words ("1 April 2027"). */
  nextReview: string;
  /** The date the document's properties carry (its last review), so rebuilding gives identical bytes. */
  date: CalendarDate;
}

/**
 * A policy as a Word document: A4, Noto Sans, Word's heading styles and list numbering,
 * the letterhead at the top of page 1, a running header and a footer with the next review
 * date and "Page N of M" fields, the document's properties and language. docx is loaded on
 * first use, so other builds never pay for it.
 */
export function renderDocx(document: PolicyDocument, options: DocxOptions): Uint8Array {
  const words = docxWordsFor(options.language);
  const { letterhead, body } = splitLetterhead(document);
  const writer = new BodyWriter(options.images);
  const children = [...writer.letterhead(letterhead), ...writer.blocks(body)];
  const furniture = { organisationName: options.organisationName, title: options.title, nextReview: options.nextReview };
  const pageFooter = footer(furniture, words);
  const styles = documentStyles(words);
  const numbering = numberingDefinitions(writer.lists);
  const theme = { fonts: { headings: FONT, body: FONT } };
  const keys = {
    styles: JSON.stringify(styles),
    theme: JSON.stringify(theme),
    numbering: JSON.stringify([numbering, writer.lists]),
    fixed: 'policygen',
  };
  const file = createSharingDocument(
    keys,
    (withOptions) =>
      new Document({
        ...(withOptions.styles ? { styles } : {}),
        ...(withOptions.theme ? { theme } : {}),
        numbering,
        sections: [
          {
            properties: {
              page: { size: { width: PAGE.width, height: PAGE.height }, margin: PAGE.margin },
              // The letterhead stands where the running header would be on page 1.
              titlePage: letterhead.length > 0,
            },
            headers: { default: runningHeader(furniture), ...(letterhead.length > 0 ? { first: emptyHeader() } : {}) },
            footers: { default: pageFooter, ...(letterhead.length > 0 ? { first: pageFooter } : {}) },
            children,
          },
        ],
      }),
  );
  const properties = { title: options.title, organisationName: options.organisationName, date: options.date };
  return packDocx(file, words.languageTag, [
    { path: 'docProps/core.xml', data: coreProperties(properties, words) },
    { path: 'docProps/app.xml', data: appProperties(properties) },
  ]);
}
