/** Markdown → document model → HTML: loaded only for HTML or PDF builds (it brings markdown-it). */
export { parseDocument, inlineText, walkBlocks, type PolicyDocument, type Block, type Inline } from './document-model';
export { renderHtml, escapeHtml, type EmbeddedImage, type HtmlOptions } from './html';
export { renderIndex, reviewStatus, DUE_SOON_DAYS, type IndexEntry, type IndexOptions, type ReviewStatus } from './policy-index';
