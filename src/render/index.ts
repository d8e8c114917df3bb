/**
 * Render: takes a checked template, an organisation and its review schedule; gives
 * document text. Pure. This entry is what every build needs (mustache to Markdown); the
 * HTML and PDF writers are separate entries (`./formats`, `./pdf`), loaded only when asked for.
 */
export { buildView, vocabularyOf, FIELD_GROUP, type View, type LogoReference } from './view';
export { renderFormats, logoFileName } from './render-formats';
export { renderMarkdown } from './markdown';
export { escapeMarkdown, MarkdownFragment } from './escape-markdown';
export type { PolicyDocument, Block, Inline } from './document-model';
export type { EmbeddedImage, HtmlOptions } from './html';
export { ImageDecodeError } from './image-error';
export { describeGlyphs, findMissingGlyphs } from './glyphs';
export { organisationGlyphWarnings, templateGlyphWarnings } from './glyph-warnings';
export { isSmallLogo, LETTERHEAD_LOGO, MAX_ENLARGEMENT, smallLogoWarning } from './logo-size';
export { renderCalendar, eventUid, REMINDER_DAYS, type CalendarEntry } from './ics';
export { orderPolicies } from './policy-order';
export { PolicySet, renderPolicySet, type PolicySetEntry, type PolicySetOptions } from './policy-set';
