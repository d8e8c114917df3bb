/**
 * A home's policy manual (`build --pack`): one PDF with a cover, a contents page whose page
 * numbers are true and whose entries are links, and every policy from a new page, laid out
 * by the same writer as its own PDF (letterhead, running header, footer), each followed by
 * a read-and-sign sheet. Bookmarks nest policy > headings; the structure tree is tagged.
 */
import type { Language } from '../../languages';
import type { CalendarDate } from '../../validate';
import type { PolicyDocument } from '../document-model';
import type { EmbeddedImage } from '../html';
import { LETTERHEAD_LOGO, MAX_ENLARGEMENT } from '../logo-size';
import { COLOURS, HEADINGS, MARGIN, PAGE, TEXT_SIZE } from '../look';
import { wordsFor, type Words } from '../words';
import { placeImage } from './images';
import { BODY, CONTENT_WIDTH, PAGE_BOTTOM, PdfWriter } from './pdf-writer';
import { describeLinks } from './pdfkit-fixes';
import {
  drawPlacedImage,
  outlineRoot,
  pageLink,
  tagging,
  type PDFDoc,
  type PlacedImage,
  type StructureElement,
  type TaggingDocument,
} from './pdfkit-internals';
import { openPdf } from './render-pdf';

/** One policy of the manual, in the manual's language. */
export interface PackPolicy {
  document: PolicyDocument;
  title: string;
  version: string;
  /** The next review date in words ("1 April 2027"). */
  nextReview: string;
}

export interface PackOptions {
  language: Language;
  organisationName: string;
  registrationNumber: string;
  registeredManager: string;
  /** The logo, as the PDF embeds it. */
  images: readonly EmbeddedImage[];
  /** The build date, on the cover and in the metadata. */
  date: CalendarDate;
  /** The build date in words. */
  dateText: string;
}

/** The manual, and the page (1-based) each policy starts on, in the order given. */
export interface RenderedPack {
  bytes: Buffer;
  startPages: number[];
}

/** At least this many signature rows on each read-and-sign sheet. */
export const MIN_SIGNATURE_ROWS = 15;
const SIGNATURE_ROW = 27;
const CONTENTS_ROW_GAP = 7;
const CONTENTS = { version: 52, nextReview: 104, page: 46 };

export async function renderPack(policies: readonly PackPolicy[], options: PackOptions): Promise<RenderedPack> {
  const words = wordsFor(options.language);
  const title = words.pack.title;
  const pdf = await openPdf({
    language: options.language,
    organisationName: options.organisationName,
    images: options.images,
    date: options.date,
    info: { title, subject: `${title} – ${options.organisationName}` },
  });
  const { doc } = pdf;
  const tags = tagging(doc);
  const root = tags.struct('Document');
  tags.addStructure(root);
  const placed = new Map<string, PlacedImage>();

  writeCover(doc, tags, root, options, words, placeImageOnce(doc, pdf.images, placed));

  // The contents come before the policies but can only be written once they are laid out:
  // their pages are kept now, planned from the titles alone, and filled in at the end.
  const contentsPlan = planContents(doc, policies, words);
  const contentsSection = tags.struct('Sect');
  root.add(contentsSection);
  doc.addPage();
  const contentsFirst = pageCount(doc) - 1;
  outlineRoot(doc).addItem(words.pack.contents, { top: MARGIN.top, left: PAGE.width });
  for (let page = 1; page < contentsPlan.length; page++) doc.addPage();

  const writers: Array<{ writer: PdfWriter; first: number; end: number }> = [];
  const startPages: number[] = [];
  for (const policy of policies) {
    doc.addPage();
    const first = pageCount(doc) - 1;
    startPages.push(first + 1);
    const bookmark = outlineRoot(doc).addItem(policy.title, { top: MARGIN.top, left: PAGE.width });
    const writerOptions = {
      title: policy.title,
      organisationName: options.organisationName,
      language: options.language,
      images: options.images,
      nextReview: policy.nextReview,
    };
    const writer = new PdfWriter(doc, writerOptions, pdf.images, { rememberHeights: pdf.fast, placed, outline: { parent: bookmark } });
    const section = tags.struct('Sect');
    root.add(section);
    writer.writeBody(section, policy.document);
    doc.addPage();
    bookmark.addItem(words.pack.readAndSign, { top: MARGIN.top, left: PAGE.width });
    writeReadAndSign(doc, tags, section, policy, words);
    section.end();
    writers.push({ writer, first, end: pageCount(doc) });
  }

  writeContents(doc, tags, contentsSection, contentsPlan, contentsFirst, startPages, words);
  contentsSection.end();
  root.end();

  const total = pageCount(doc);
  const numbered = (index: number) => ({ number: index + 1, of: total });
  const contentsWriter = new PdfWriter(
    doc,
    { title, organisationName: options.organisationName, language: options.language, images: options.images, nextReview: '' },
    pdf.images,
    { rememberHeights: pdf.fast, placed },
  );
  contentsWriter.writePageFurniture(contentsFirst, contentsFirst + contentsPlan.length, numbered);
  for (const { writer, first, end } of writers) writer.writePageFurniture(first, end, numbered);
  return { bytes: await pdf.finish(), startPages };
}

/**
 * The day a manual was compiled on, as its information dictionary records it (renderPack
 * dates it with the cover's date), or undefined for a PDF that does not record one the way
 * policygen writes it: it is only ever a guess to try, which the manual's bytes confirm.
 */
export function compiledDateOf(bytes: Uint8Array): CalendarDate | undefined {
  const pdf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const tail = pdf.toString('latin1', Math.max(0, pdf.length - 1024));
  const info = /\/Info (\d+) 0 R/.exec(tail.slice(tail.lastIndexOf('trailer')))?.[1];
  const dictionary = info && objectText(pdf, info);
  const created = dictionary && /\/CreationDate (?:(\d+) 0 R|(\(D:\d{8}))/.exec(dictionary);
  const value = created && (created[2] ?? objectText(pdf, created[1]!));
  const date = value && /^\s*\(D:(\d{4})(\d{2})(\d{2})/.exec(value);
  if (!date) return undefined;
  const [year, month, day] = [Number(date[1]), Number(date[2]), Number(date[3])];
  const real = new Date(Date.UTC(year, month - 1, day));
  if (real.getUTCFullYear() !== year || real.getUTCMonth() !== month - 1 || real.getUTCDate() !== day) return undefined;
  return `${date[1]}-${date[2]}-${date[3]}`;
}

/** What object `id` holds (the last one so numbered, as a reader takes it), if it is a small one. */
function objectText(pdf: Buffer, id: string): string | undefined {
  const header = `\n${id} 0 obj\n`;
  const found = pdf.lastIndexOf(header);
  const start = found + header.length;
  const end = found < 0 ? -1 : pdf.indexOf('endobj', start);
  return end < 0 || end - start > 4096 ? undefined : pdf.toString('latin1', start, end);
}

function pageCount(doc: PDFDoc): number {
  const range = doc.bufferedPageRange();
  return range.start + range.count;
}

/** The logo drawn where asked, embedded once however many times the manual shows it. */
function placeImageOnce(
  doc: PDFDoc,
  recorded: Awaited<ReturnType<typeof openPdf>>['images'],
  placed: Map<string, PlacedImage>,
): (href: string) => PlacedImage | undefined {
  return (href) => {
    const recording = recorded.get(href);
    if (!recording) return undefined;
    let image = placed.get(href);
    if (!image) placed.set(href, (image = placeImage(doc, recording, `Im${placed.size + 1}`)));
    return image;
  };
}

/** The cover: the logo, the home's name, registration number and manager, the manual's title and the build date. */
function writeCover(
  doc: PDFDoc,
  tags: TaggingDocument,
  root: StructureElement,
  options: PackOptions,
  words: Words,
  place: (href: string) => PlacedImage | undefined,
): void {
  let y = 150;
  const logo = options.images.find((image) => image.kind !== 'picture');
  const image = logo && place(logo.href);
  if (logo && image) {
    // Up to twice the letterhead's size, never more than twice the image's own.
    const scale = Math.min(MAX_ENLARGEMENT, (2 * LETTERHEAD_LOGO.width) / logo.width, (2 * LETTERHEAD_LOGO.height) / logo.height);
    const width = logo.width * scale;
    const height = logo.height * scale;
    const x = (PAGE.width - width) / 2;
    const top = y;
    root.add(
      tags.struct('Figure', { alt: words.logoAlt(options.organisationName) }, () => drawPlacedImage(doc, image, x, top, { width, height })),
    );
    y += height + 36;
  }
  const centred = (tag: string, text: string, size: number, face: 'regular' | 'bold', colour: string, after: number) => {
    const top = y;
    root.add(
      tags.struct(tag, () => {
        doc.font(face).fontSize(size).fillColor(colour);
        doc.text(text, MARGIN.left, top, { width: CONTENT_WIDTH, align: 'center', lineGap: 2 });
      }),
    );
    y = doc.y + after;
  };
  centred('P', options.organisationName, 20, 'bold', COLOURS.ink, 8);
  centred('P', `${words.index.registrationNumber}: ${options.registrationNumber}`, 11, 'regular', COLOURS.muted, 2);
  centred('P', `${words.index.registeredManager}: ${options.registeredManager}`, 11, 'regular', COLOURS.muted, 48);
  const ruleY = y;
  tags.markContent('Artifact', { type: 'Layout' });
  doc
    .moveTo(PAGE.width / 2 - 60, ruleY)
    .lineTo(PAGE.width / 2 + 60, ruleY)
    .lineWidth(1.5)
    .strokeColor(COLOURS.accent)
    .stroke();
  tags.endMarkedContent();
  y += 28;
  centred('H1', words.pack.title, 30, 'bold', COLOURS.accent, 14);
  centred('P', words.pack.compiledOn(options.dateText), 11, 'regular', COLOURS.muted, 0);
}

interface ContentsEntry {
  index: number;
  title: string;
  version: string;
  nextReview: string;
  height: number;
}

const TITLE_WIDTH = CONTENT_WIDTH - CONTENTS.version - CONTENTS.nextReview - CONTENTS.page;
/** Set as a policy's title. */
const CONTENTS_HEADING = { size: HEADINGS[1].size, after: 14 };
const CONTENTS_HEADER_ROW = 24;

/** Which entries go on which contents page: a title may wrap, so rows differ in height. */
function planContents(doc: PDFDoc, policies: readonly PackPolicy[], words: Words): ContentsEntry[][] {
  doc.font('bold').fontSize(CONTENTS_HEADING.size);
  const headingHeight = doc.heightOfString(words.pack.contents, { width: CONTENT_WIDTH, lineGap: 1 }) + CONTENTS_HEADING.after;
  doc.font('regular').fontSize(BODY.size);
  const pages: ContentsEntry[][] = [[]];
  let y = MARGIN.top + headingHeight + CONTENTS_HEADER_ROW;
  policies.forEach((policy, index) => {
    const height = doc.heightOfString(policy.title, { width: TITLE_WIDTH - 8, lineGap: BODY.lineGap }) + CONTENTS_ROW_GAP;
    if (y + height > PAGE_BOTTOM && pages.at(-1)!.length > 0) {
      pages.push([]);
      y = MARGIN.top + CONTENTS_HEADER_ROW;
    }
    pages.at(-1)!.push({ index, title: policy.title, version: policy.version, nextReview: policy.nextReview, height });
    y += height;
  });
  return pages;
}

/** The contents, on the pages kept for them: each entry a link to the page its policy starts on. */
function writeContents(
  doc: PDFDoc,
  tags: TaggingDocument,
  section: StructureElement,
  plan: readonly ContentsEntry[][],
  firstPage: number,
  startPages: readonly number[],
  words: Words,
): void {
  const columns = words.pack.columns;
  const x = { title: MARGIN.left, version: MARGIN.left + TITLE_WIDTH, nextReview: MARGIN.left + TITLE_WIDTH + CONTENTS.version };
  const toc = tags.struct('TOC');
  plan.forEach((entries, pageIndex) => {
    doc.switchToPage(firstPage + pageIndex);
    let y = MARGIN.top;
    if (pageIndex === 0) {
      section.add(
        tags.struct('H2', () => {
          doc.font('bold').fontSize(CONTENTS_HEADING.size).fillColor(COLOURS.ink);
          doc.text(words.pack.contents, MARGIN.left, y, { width: CONTENT_WIDTH, lineGap: 1 });
        }),
      );
      y = doc.y + CONTENTS_HEADING.after;
      section.add(toc);
    }
    // The column labels repeat on each page; a screen reader has them in each entry's text already.
    tags.markContent('Artifact', { type: 'Layout' });
    doc.font('bold').fontSize(TEXT_SIZE.small).fillColor(COLOURS.muted);
    doc.text(columns.policy.toUpperCase(), x.title, y, { width: TITLE_WIDTH - 8, lineBreak: false });
    doc.text(columns.version.toUpperCase(), x.version, y, { width: CONTENTS.version - 6, lineBreak: false });
    doc.text(columns.nextReview.toUpperCase(), x.nextReview, y, { width: CONTENTS.nextReview - 6, lineBreak: false });
    doc.text(columns.page.toUpperCase(), PAGE.width - MARGIN.right - CONTENTS.page, y, {
      width: CONTENTS.page,
      align: 'right',
      lineBreak: false,
    });
    const ruleY = y + 14;
    doc
      .moveTo(MARGIN.left, ruleY)
      .lineTo(PAGE.width - MARGIN.right, ruleY)
      .lineWidth(0.75)
      .strokeColor(COLOURS.accent)
      .stroke();
    tags.endMarkedContent();
    y += CONTENTS_HEADER_ROW;
    for (const entry of entries) {
      const top = y;
      const page = startPages[entry.index]!;
      const target = pageLink(page - 1);
      const item = tags.struct('TOCI');
      toc.add(item);
      item.add(
        tags.struct('Link', () =>
          describeLinks(doc, entry.title, () => {
            doc.font('regular').fontSize(BODY.size).fillColor(COLOURS.ink);
            doc.text(entry.title, x.title, top, { width: TITLE_WIDTH - 8, lineGap: BODY.lineGap, link: target });
            doc.fillColor(COLOURS.muted);
            doc.text(entry.version, x.version, top, { width: CONTENTS.version - 6, lineBreak: false, link: target });
            doc.text(entry.nextReview, x.nextReview, top, { width: CONTENTS.nextReview - 6, lineBreak: false, link: target });
            doc.fillColor(COLOURS.accent);
            doc.text(String(page), PAGE.width - MARGIN.right - CONTENTS.page, top, {
              width: CONTENTS.page,
              align: 'right',
              lineBreak: false,
              link: target,
            });
          }),
        ),
      );
      item.end();
      y = top + entry.height;
    }
  });
  toc.end();
}

/** After each policy: "I have read and understood this policy", its title and version, and rows to sign. */
function writeReadAndSign(doc: PDFDoc, tags: TaggingDocument, section: StructureElement, policy: PackPolicy, words: Words): void {
  const sign = words.pack;
  let y = MARGIN.top;
  const text = (tag: string, content: string, size: number, face: 'regular' | 'bold', colour: string, after: number) => {
    const top = y;
    section.add(
      tags.struct(tag, () => {
        doc.font(face).fontSize(size).fillColor(colour);
        doc.text(content, MARGIN.left, top, { width: CONTENT_WIDTH, lineGap: BODY.lineGap });
      }),
    );
    y = doc.y + after;
  };
  text('H2', sign.readAndSign, HEADINGS[2].size, 'bold', HEADINGS[2].colour, 8);
  text('P', sign.statement, BODY.size, 'bold', COLOURS.ink, 4);
  text('P', `${sign.policy}: ${policy.title}`, BODY.size, 'regular', COLOURS.ink, 0);
  text('P', `${sign.version}: ${policy.version}`, BODY.size, 'regular', COLOURS.ink, 14);

  const labels = [sign.signatures.name, sign.signatures.role, sign.signatures.signature, sign.signatures.date];
  const widths = [0.3, 0.22, 0.3, 0.18].map((share) => share * CONTENT_WIDTH);
  const lefts = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((a, b) => a + b, 0));
  const headerHeight = 22;
  const rows = Math.max(MIN_SIGNATURE_ROWS, Math.floor((PAGE_BOTTOM - y - headerHeight) / SIGNATURE_ROW));
  const table = tags.struct('Table');
  section.add(table);
  const headerRow = tags.struct('TR');
  table.add(headerRow);
  const headerTop = y;
  labels.forEach((label, i) => {
    headerRow.add(
      tags.struct('TH', { scope: 'Column' }, () => {
        doc.font('bold').fontSize(TEXT_SIZE.table).fillColor(COLOURS.accent);
        doc.text(label, lefts[i]! + 6, headerTop + 6, { width: widths[i]! - 12, lineBreak: false });
      }),
    );
  });
  headerRow.end();
  for (let row = 0; row < rows; row++) {
    const tr = tags.struct('TR');
    table.add(tr);
    // Empty cells, for pen and ink.
    for (let i = 0; i < labels.length; i++) tr.add(tags.struct('TD'));
    tr.end();
  }
  table.end();
  const bottom = headerTop + headerHeight + rows * SIGNATURE_ROW;
  tags.markContent('Artifact', { type: 'Layout' });
  doc.lineWidth(0.6).strokeColor(COLOURS.rule);
  doc.rect(MARGIN.left, headerTop, CONTENT_WIDTH, bottom - headerTop).stroke();
  for (let row = 0; row <= rows; row++) {
    const lineY = headerTop + headerHeight + row * SIGNATURE_ROW;
    doc
      .moveTo(MARGIN.left, lineY)
      .lineTo(MARGIN.left + CONTENT_WIDTH, lineY)
      .stroke();
  }
  for (const left of lefts.slice(1)) doc.moveTo(left, headerTop).lineTo(left, bottom).stroke();
  tags.endMarkedContent();
  doc.y = bottom;
}
