import { formatLongDate, type ReviewSchedule } from '../schedule';
import type { ImageType } from '../load';
import type { Organisation } from '../validate';
import type { Format } from '../formats';
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
  context: { title: string; organisation: Organisation; review: ReviewSchedule },
): Promise<Array<[Format, string | Uint8Array]>> {
  const results: Array<[Format, string | Uint8Array]> = [];
  if (formats.includes('md')) results.push(['md', markdown]);
  if (!formats.includes('html') && !formats.includes('pdf') && !formats.includes('docx')) return results;

  const { organisation } = context;
  const { parseDocument, renderHtml } = require('./formats') as typeof import('./formats');
  const document = parseDocument(markdown);
  const logo = organisation.logo;
  const images: EmbeddedImage[] = logo
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
  const common = { title: context.title, organisationName: organisation.fields.name, locale: organisation.locale, images };
  if (formats.includes('html')) results.push(['html', renderHtml(document, common)]);
  const nextReview = formatLongDate(context.review.nextReview, organisation.locale);
  if (formats.includes('pdf')) {
    const { renderPdf } = require('./pdf') as typeof import('./pdf');
    results.push(['pdf', await renderPdf(document, { ...common, nextReview, date: context.review.lastReviewed })]);
  }
  if (formats.includes('docx')) {
    const { renderDocx } = require('./docx') as typeof import('./docx');
    results.push(['docx', renderDocx(document, { ...common, nextReview, date: context.review.lastReviewed })]);
  }
  return results;
}
