import { LANGUAGE_TAGS } from '../../languages';
import type { CalendarDate } from '../../validate';
import type { PolicyDocument } from '../document-model';
import { loadFonts } from './fonts';
import { MARGIN, PdfWriter, type WriterOptions } from './pdf-writer';
import { escapeXmpMetadata, writeInFewerChunks } from './pdfkit-fixes';
import { forgetGlyphs, recordImage, shareLayoutCaches, withDeflateMemo } from './shared-state';

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
  const PDFDocument = require('pdfkit') as typeof import('pdfkit');
  const fonts = loadFonts();
  forgetGlyphs(Object.values(fonts));
  scratch ??= new PDFDocument({ autoFirstPage: false, font: null as unknown as string });
  const openImage = (bytes: Buffer) => (scratch as unknown as { openImage(b: Buffer): unknown }).openImage(bytes);
  const images = new Map(
    await Promise.all(options.images.map(async (image) => [image.href, await recordImage(openImage, image.bytes)] as const)),
  );
  const [year, month, day] = options.date.split('-').map(Number) as [number, number, number];
  const fixedDate = new Date(Date.UTC(year, month - 1, day));
  const doc = new PDFDocument({
    size: 'A4',
    margins: MARGIN,
    pdfVersion: '1.7',
    tagged: true,
    lang: LANGUAGE_TAGS[options.language],
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
  shareLayoutCaches(doc);
  writeInFewerChunks(doc);
  escapeXmpMetadata(doc);
  // Select a face before anything measures text: with `font: null` there is none yet.
  doc.font('regular').fontSize(10.5);

  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const finished = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  new PdfWriter(doc, options, images).writeDocument(document);
  withDeflateMemo(() => doc.end());
  return finished;
}

/** A document that is never written: pdfkit's image decoders are reached through one. */
let scratch: InstanceType<typeof import('pdfkit')> | undefined;
