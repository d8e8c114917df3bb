import type { Diagnostic } from '../diagnostics';
import { diagnosticAtPath, type Organisation } from '../validate';

/*
 * How big a logo is drawn. In a PDF an image's natural size is one point per pixel
 * (72 dpi), as pdfkit draws it unscaled; in HTML, one CSS pixel per pixel.
 */

/** The box the PDF letterhead fits the logo into, in points: 2.5 by 0.9 inches. */
export const LETTERHEAD_LOGO = { width: 180, height: 64 } as const;

/** A raster image is never drawn at more than twice its natural size: beyond that it is a blur of squares. */
export const MAX_ENLARGEMENT = 2;

/**
 * A logo too small to fill the letterhead's box at its natural size. It is enlarged (up
 * to twice) and prints at under 72 dpi, visibly soft; or it stays small. The test is on
 * the box rather than a fixed number of pixels so that a wide word mark (300×50) or a
 * tall crest (50×200), which fill the box at their natural size, are not warned about.
 */
export function isSmallLogo(width: number, height: number): boolean {
  return width < LETTERHEAD_LOGO.width && height < LETTERHEAD_LOGO.height;
}

/** LOGO_SMALL: said at the organisation's `logo:` line, with the size the PDF will show it at. */
export function smallLogoWarning(organisation: Organisation, logo: { width: number; height: number }): Diagnostic {
  const shown = Math.min(MAX_ENLARGEMENT, LETTERHEAD_LOGO.width / logo.width, LETTERHEAD_LOGO.height / logo.height);
  const [width, height] = [Math.round(logo.width * shown), Math.round(logo.height * shown)];
  return diagnosticAtPath(organisation.yaml, ['organisation', 'logo'], 'value', {
    code: 'LOGO_SMALL',
    severity: 'warning',
    path: 'organisation.logo',
    message: `the logo is only ${logo.width}×${logo.height} pixels: the PDF letterhead shows it at ${width}×${height} points, soft in print, where there is room for ${LETTERHEAD_LOGO.width}×${LETTERHEAD_LOGO.height}`,
    hint: `use a larger image, at least ${LETTERHEAD_LOGO.height} pixels tall or ${LETTERHEAD_LOGO.width} wide (two or three times that prints sharply)`,
  });
}
