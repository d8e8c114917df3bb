import { formatLongDate, type ReviewSchedule } from '../schedule';
import type { ImageType } from '../load';
import type { Organisation } from '../validate';
import type { Format } from '../formats';
import type { Language } from '../languages';
import type { EmbeddedImage } from './html';

/** The logo is written, and referred to, as logo.png or logo.jpg beside the policies. */
export function logoFileName(type: ImageType): string {
  return `logo.${type === 'png' ? 'png' : 'jpg'}`;
}

/**
 * Each requested format from one policy's Markdown. HTML, PDF and Word walk the same document
 * model; their writers are loaded only when asked for, so a Markdown build never loads
 * markdown-it, pdfkit or docx.
 */
export async function renderFormats(
  markdown: string,
  formats: readonly Format[],
  context: {
    title: string;
    organisation: Organisation;
    review: ReviewSchedule;
    language: Language;
    /** The same policy's HTML in the home's other languages, for the page's language links. */
    alternates?: ReadonlyArray<{ language: Language; href: string }>;
  },
): Promise<Array<[Format, string | Uint8Array]>> {
  const results: Array<[Format, string | Uint8Array]> = [];
  if (formats.includes('md')) results.push(['md', markdown]);
  if (!formats.includes('html') && !formats.includes('pdf') && !formats.includes('docx')) return results;

  const { organisation } = context;
  const { parseDocument, renderHtml } = require('./formats') as typeof import('./formats');
  const document = parseDocument(markdown);
  const images = embeddedImages(organisation);
  const { language } = context;
  const common = { title: context.title, organisationName: organisation.fields.name, language, images };
  if (formats.includes('html'))
    results.push(['html', renderHtml(document, { ...common, ...(context.alternates ? { alternates: context.alternates } : {}) })]);
  const nextReview = formatLongDate(context.review.nextReview, language);
  if (formats.includes('pdf')) {
    const { renderPdf } = require('./pdf') as typeof import('./pdf');
    const pdfImages = pdfEmbeddedImages(organisation);
    results.push(['pdf', await renderPdf(document, { ...common, images: pdfImages, nextReview, date: context.review.lastReviewed })]);
  }
  if (formats.includes('docx')) {
    const { renderDocx } = require('./docx') as typeof import('./docx');
    results.push(['docx', renderDocx(document, { ...common, nextReview, date: context.review.lastReviewed })]);
  }
  return results;
}

/** The logo as the HTML page and the Word document embed it. */
export function embeddedImages(organisation: Organisation): EmbeddedImage[] {
  const logo = organisation.logo;
  return logo
    ? [
        {
          href: logoFileName(logo.type),
          mimeType: logo.type === 'png' ? 'image/png' : 'image/jpeg',
          bytes: logo.bytes,
          width: logo.width,
          height: logo.height,
        },
      ]
    : [];
}

/** The logo as the PDF embeds it: some logos in a form pdfkit takes correctly (see LogoImage.pdfBytes). */
export function pdfEmbeddedImages(organisation: Organisation): EmbeddedImage[] {
  const pdfBytes = organisation.logo?.pdfBytes;
  return embeddedImages(organisation).map((image) => (pdfBytes ? { ...image, bytes: pdfBytes } : image));
}
