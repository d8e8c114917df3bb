import { LANGUAGE_TAGS } from '../../languages';
import type { CalendarDate } from '../../validate';
import type { PolicyDocument } from '../document-model';
import { MARGIN, TEXT_SIZE } from '../look';
import { loadFonts, parseFonts } from './fonts';
import { recordImage, type RecordedImage } from './images';
import { PdfWriter, type WriterOptions } from './pdf-writer';
import { escapeXmpMetadata, presetSubsets } from './pdfkit-fixes';
import { checkPdfkitInternals, createPdfDocument, loadPdfkit, registerParsedFont, type PDFDoc } from './pdfkit-internals';
import { forgetGlyphs, shareFace, speedLayerEnabled, startDocument, withDeflateMemo, writeInFewerChunks } from './speed-layer';

export interface PdfOptions extends WriterOptions {
  /** Fixed creation and modification date, so rebuilding gives identical bytes. */
  date: CalendarDate;
}

/**
 * A policy as an A4 PDF with pdfkit: letterhead with the logo, running header and
 * "Page N of M" footer, bookmarks, metadata, and a tagged structure tree for screen
 * readers. pdfkit is loaded on first use, so Markdown-only builds never pay for it.
 */
export async function renderPdf(document: PolicyDocument, options: PdfOptions): Promise<Buffer> {
  const pdf = await openPdf({ ...options, info: { title: options.title, subject: `${options.title} – ${options.organisationName}` } });
  new PdfWriter(pdf.doc, options, pdf.images, { rememberHeights: pdf.fast }).writeDocument(document);
  return pdf.finish();
}

/** An A4 document as every PDF of policygen starts, with its logo recorded, ready to write. */
export interface OpenedPdf {
  doc: PDFDoc;
  /** Whether the speed layer is on (see speed-layer.ts). */
  fast: boolean;
  images: ReadonlyMap<string, RecordedImage>;
  /** End the document and give its bytes. */
  finish(): Promise<Buffer>;
}

/**
 * Open a tagged A4 document in `options.language`, dated `options.date` (so rebuilding
 * gives identical bytes), with the fonts registered and the logo decoded. pdfkit is loaded
 * on first use, so Markdown-only builds never pay for it. The single policy and the policy
 * manual both start here, so both get the same fixes and the same speed layer.
 */
export async function openPdf(options: {
  language: WriterOptions['language'];
  organisationName: string;
  images: WriterOptions['images'];
  date: CalendarDate;
  info: { title: string; subject: string };
}): Promise<OpenedPdf> {
  const fast = speedLayerEnabled();
  const PDFDocument = loadPdfkit(fast);
  // Plain pdfkit use parses the fonts for each document; the speed layer shares them.
  const fonts = fast ? loadFonts() : parseFonts();
  checkPdfkitInternals(PDFDocument, fonts.regular);
  if (fast) {
    startDocument();
    forgetGlyphs(Object.values(fonts));
  }
  scratch ??= createPdfDocument(PDFDocument, { autoFirstPage: false });
  const decoder = scratch;
  const images = new Map(
    await Promise.all(options.images.map(async (image) => [image.href, await recordImage(decoder, image.bytes, fast)] as const)),
  );
  const [year, month, day] = options.date.split('-').map(Number) as [number, number, number];
  const fixedDate = new Date(Date.UTC(year, month - 1, day));
  const doc = createPdfDocument(PDFDocument, {
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    tagged: true,
    lang: LANGUAGE_TAGS[options.language],
    displayTitle: true,
    bufferPages: true,
    autoFirstPage: true,
    subset: 'PDF/UA',
    info: {
      Title: options.info.title,
      Author: options.organisationName,
      Subject: options.info.subject,
      Creator: 'policygen',
      CreationDate: fixedDate,
      ModDate: fixedDate,
    },
  });
  for (const [name, font] of Object.entries(fonts)) registerParsedFont(doc, name, font);
  presetSubsets(doc, fast ? shareFace : undefined);
  if (fast) writeInFewerChunks(doc);
  escapeXmpMetadata(doc);
  // Select a face before anything measures text: with `font: null` there is none yet.
  doc.font('regular').fontSize(TEXT_SIZE.body);

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  return {
    doc,
    fast,
    images,
    finish: () => {
      if (fast) withDeflateMemo(() => doc.end());
      else doc.end();
      return finished;
    },
  };
}

/** A document that is never written: pdfkit's image decoders are reached through one. */
let scratch: PDFDoc | undefined;
