/** The PDF writer. Import it only when PDF is asked for: it brings pdfkit and the fonts. */
export { renderPdf, type PdfOptions } from './render-pdf';
export { setPdfSpeedLayer } from './speed-layer';
export { compiledDateOf, renderPack, MIN_SIGNATURE_ROWS, type PackPolicy, type PackOptions, type RenderedPack } from './pack';
