/*
 * The document's properties (File › Info in Word), written here rather than by docx, which
 * dates them from the clock: created and modified are the policy's review date, so a
 * rebuild on another day gives the same bytes, as the PDF's dates do.
 */
import type { CalendarDate } from '../../validate';
import { xmlSafe } from './body';
import type { DocxWords } from './words';

export interface PropertiesText {
  title: string;
  organisationName: string;
  /** The date the properties carry: the policy's last review. */
  date: CalendarDate;
}

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/** Text as XML character data: escaped, and without the characters XML cannot hold. */
export function escapeXml(text: string): string {
  return xmlSafe(text).replace(/[&<>"']/g, (c) => XML_ESCAPES[c]!);
}

/** docProps/core.xml: title, subject, author, language and the fixed dates. */
export function coreProperties(text: PropertiesText, words: DocxWords): string {
  const timestamp = `${text.date}T00:00:00Z`;
  const title = escapeXml(text.title);
  const organisation = escapeXml(text.organisationName);
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties"',
    ' xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/"',
    ' xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
    `<dc:title>${title}</dc:title>`,
    `<dc:subject>${title} – ${organisation}</dc:subject>`,
    `<dc:creator>${organisation}</dc:creator>`,
    `<cp:lastModifiedBy>${organisation}</cp:lastModifiedBy>`,
    `<dc:language>${words.languageTag}</dc:language>`,
    '<cp:revision>1</cp:revision>',
    `<dcterms:created xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:created>`,
    `<dcterms:modified xsi:type="dcterms:W3CDTF">${timestamp}</dcterms:modified>`,
    '</cp:coreProperties>',
  ].join('');
}

/** docProps/app.xml: the program that wrote the file and the company it is for. */
export function appProperties(text: PropertiesText): string {
  return [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n',
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"',
    ' xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">',
    '<Application>policygen</Application>',
    `<Company>${escapeXml(text.organisationName)}</Company>`,
    '</Properties>',
  ].join('');
}
