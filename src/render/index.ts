/** Render: takes a checked template, an organisation and its review schedule; gives document text. Pure. */
export { buildView, logoAltText, COMPUTED_PLACEHOLDERS, FIELD_GROUP, type View, type LogoReference } from './view';
export { renderMarkdown } from './markdown';
export { escapeMarkdown, MarkdownFragment } from './escape-markdown';
export { parseDocument, inlineText, type PolicyDocument, type Block, type Inline } from './document-model';
export { renderHtml, escapeHtml, type EmbeddedImage, type HtmlOptions } from './html';
