import { formatLongDate, type ReviewSchedule } from '../schedule';
import type { ImageType } from '../load';
import type { Organisation, TemplateImage } from '../validate';
import type { Format } from '../formats';
import type { Language } from '../languages';
import type { PolicyDocument } from './document-model';
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
    /** Images from the template library that the policy may show, by their output names. */
    pictures?: readonly TemplateImage[];
  },
): Promise<Array<[Format, string | Uint8Array]>> {
  const results: Array<[Format, string | Uint8Array]> = [];
  if (formats.includes('md')) results.push(['md', markdown]);
  if (!formats.includes('html') && !formats.includes('pdf') && !formats.includes('docx')) return results;

  const { organisation } = context;
  const { parseDocument, renderHtml } = require('./formats') as typeof import('./formats');
  const document = parseDocument(markdown);
  const images = documentImages(document, organisation, context.pictures);
  const { language } = context;
  const common = { title: context.title, organisationName: organisation.fields.name, language, images };
  if (formats.includes('html'))
    results.push(['html', renderHtml(document, { ...common, ...(context.alternates ? { alternates: context.alternates } : {}) })]);
  const nextReview = formatLongDate(context.review.nextReview, language);
  if (formats.includes('pdf')) {
    const { renderPdf } = require('./pdf') as typeof import('./pdf');
    results.push(['pdf', await renderPdf(document, { ...common, images: forPdf(images), nextReview, date: context.review.lastReviewed })]);
  }
  if (formats.includes('docx')) {
    const { renderDocx } = require('./docx') as typeof import('./docx');
    results.push(['docx', renderDocx(document, { ...common, nextReview, date: context.review.lastReviewed })]);
  }
  return results;
}

/** The home's logo as the HTML page, the index and the Word document embed it. */
export function logoImage(organisation: Organisation): EmbeddedImage | undefined {
  const logo = organisation.logo;
  return logo ? { ...embedded(logo, logoFileName(logo.type)), kind: 'logo' } : undefined;
}

/**
 * The images one document shows: the logo and the template's pictures. Only what the
 * document shows is embedded (a picture in a section this home does not show is not).
 */
export function documentImages(
  document: PolicyDocument,
  organisation: Organisation,
  pictures: readonly TemplateImage[] = [],
): EmbeddedImage[] {
  const { walkBlocks } = require('./formats') as typeof import('./formats');
  const shown = new Set<string>();
  walkBlocks(document.blocks, (block) => block.type === 'image' && shown.add(block.src));
  const logo = logoImage(organisation);
  return [...(logo ? [logo] : []), ...pictures.map((picture) => ({ ...embedded(picture, picture.href), kind: 'picture' as const }))].filter(
    (image) => shown.has(image.href),
  );
}

/** Images as the PDF embeds them: some in a form pdfkit takes correctly (see LogoImage.pdfBytes); HTML and Word show the file itself. */
export function forPdf(images: readonly EmbeddedImage[]): EmbeddedImage[] {
  return images.map((image) => (image.pdfBytes ? { ...image, bytes: image.pdfBytes } : image));
}

function embedded(
  image: { type: ImageType; bytes: Uint8Array; pdfBytes?: Uint8Array; width: number; height: number },
  href: string,
): EmbeddedImage {
  return {
    href,
    mimeType: image.type === 'png' ? 'image/png' : 'image/jpeg',
    bytes: image.bytes,
    width: image.width,
    height: image.height,
    ...(image.pdfBytes ? { pdfBytes: image.pdfBytes } : {}),
  };
}
