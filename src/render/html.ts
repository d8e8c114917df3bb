import { LANGUAGE_TAGS, type Language } from '../languages';
import {
  splitLetterhead,
  walkBlocks,
  type Block,
  type ColumnAlign,
  type Inline,
  type PolicyDocument,
  type TableBlock,
} from './document-model';
import { COLOURS, TEXT_SIZE } from './look';
import { languageName, wordsFor } from './words';

/** An image the document refers to by name, embedded in the page as a data URI. */
export interface EmbeddedImage {
  href: string;
  mimeType: 'image/png' | 'image/jpeg';
  bytes: Uint8Array;
  /** Size in pixels, so the page does not jump as the image appears. */
  width: number;
  height: number;
  /** The same picture in a form the PDF writer embeds correctly, when the file itself is not (see LogoImage.pdfBytes). */
  pdfBytes?: Uint8Array;
  /**
   * A logo is shown at letterhead size; a picture from the template library as large as
   * the text is wide, never larger than itself. Without a kind, an image is a logo.
   */
  kind?: 'logo' | 'picture';
}

export interface HtmlOptions {
  title: string;
  organisationName: string;
  /** The document's language: `lang`, and every word policygen adds. */
  language: Language;
  images: readonly EmbeddedImage[];
  /** The same policy in the home's other languages, linked from the top of the page. */
  alternates?: ReadonlyArray<{ language: Language; href: string }>;
}

/**
 * One standalone HTML page: styles inline, the logo as a data URI, no script, every
 * text escaped. The letterhead (everything before the title) becomes the page header.
 */
export function renderHtml(document: PolicyDocument, options: HtmlOptions): string {
  const { letterhead, body } = splitLetterhead(document);
  const images = new Map(options.images.map((image) => [image.href, image]));
  const render = (blocks: Block[]) => blocks.map((block) => renderBlock(block, images)).join('');

  const alternates = options.alternates ?? [];
  const uses = { table: false, picture: false };
  walkBlocks(document.blocks, (block) => {
    if (block.type === 'table') uses.table = true;
    else if (block.type === 'image' && images.get(block.src)?.kind === 'picture') uses.picture = true;
  });
  return [
    openPage({
      language: options.language,
      title: options.title,
      organisationName: options.organisationName,
      alternates,
      style: `${STYLE}${uses.table ? TABLE_STYLE : ''}${uses.picture ? PICTURE_STYLE : ''}${alternates.length > 0 ? LANGUAGE_LINKS_STYLE : ''}`,
    }),
    letterhead.length > 0 ? `<header class="letterhead">\n${render(letterhead)}</header>\n` : '',
    `<main>\n${render(body)}</main>\n`,
    '</body>\n',
    '</html>\n',
  ].join('');
}

/**
 * A standalone page from its doctype to the start of its body: the language, the home as
 * author, "title – home" as the title, the page in other languages as alternates and, at
 * the top of the body, links to them.
 */
export function openPage(page: {
  language: Language;
  title: string;
  organisationName: string;
  alternates: ReadonlyArray<{ language: Language; href: string }>;
  style: string;
}): string {
  return [
    '<!DOCTYPE html>\n',
    `<html lang="${LANGUAGE_TAGS[page.language]}">\n`,
    '<head>\n',
    '<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    `<meta name="author" content="${escapeHtml(page.organisationName)}">\n`,
    '<meta name="generator" content="policygen">\n',
    `<title>${escapeHtml(`${page.title} – ${page.organisationName}`)}</title>\n`,
    ...page.alternates.map(
      ({ language, href }) => `<link rel="alternate" hreflang="${LANGUAGE_TAGS[language]}" href="${escapeHtml(href)}">\n`,
    ),
    `<style>${page.style}</style>\n`,
    '</head>\n',
    '<body>\n',
    page.alternates.length > 0 ? languageLinks(page.language, page.alternates) : '',
  ].join('');
}

/** "Cymraeg" on the English page, "English" on the Welsh one: each named in its own language, and marked so. */
function languageLinks(language: Language, alternates: ReadonlyArray<{ language: Language; href: string }>): string {
  const links = alternates.map(
    (alternate) =>
      `<a href="${escapeHtml(alternate.href)}" hreflang="${LANGUAGE_TAGS[alternate.language]}" lang="${LANGUAGE_TAGS[alternate.language]}">${escapeHtml(languageName(alternate.language))}</a>`,
  );
  return `<nav class="languages" aria-label="${escapeHtml(wordsFor(language).languages)}">${links.join(' ')}</nav>\n`;
}

function renderBlock(block: Block, images: Map<string, EmbeddedImage>): string {
  switch (block.type) {
    case 'heading':
      return `<h${block.level}>${renderInlines(block.inlines)}</h${block.level}>\n`;
    case 'paragraph':
      return `<p>${renderInlines(block.inlines)}</p>\n`;
    case 'image': {
      const image = images.get(block.src);
      // Only images the build embeds are shown: a standalone page fetches nothing.
      if (!image) return block.alt ? `<p>${escapeHtml(block.alt)}</p>\n` : '';
      const kind = image.kind === 'picture' ? 'picture' : 'logo';
      return `<p class="${kind}"><img src="${dataUri(image)}" alt="${escapeHtml(block.alt)}" width="${image.width}" height="${image.height}"></p>\n`;
    }
    case 'table':
      return renderTable(block);
    case 'list': {
      const tag = block.ordered ? 'ol' : 'ul';
      const start = block.ordered && block.start !== 1 ? ` start="${block.start}"` : '';
      const items = block.items.map((item) => `<li>${renderListItem(item, block.tight, images)}</li>\n`).join('');
      return `<${tag}${start}>\n${items}</${tag}>\n`;
    }
    case 'quote':
      return `<blockquote>\n${block.blocks.map((b) => renderBlock(b, images)).join('')}</blockquote>\n`;
    case 'code':
      return `<pre><code>${escapeHtml(block.text)}</code></pre>\n`;
    case 'rule':
      return '<hr>\n';
  }
}

/**
 * A table in a box that scrolls sideways when the table is wider than a phone's screen
 * (words are never broken and nothing is cut off); header cells name their columns for
 * screen readers; alignment by class, since the page has no inline styles.
 */
function renderTable(table: TableBlock): string {
  const cell = (tag: 'th' | 'td', inlines: readonly Inline[], column: number) => {
    const align = alignClass(table.align[column]);
    const attributes = `${tag === 'th' ? ' scope="col"' : ''}${align ? ` class="${align}"` : ''}`;
    return `<${tag}${attributes}>${renderInlines(inlines)}</${tag}>`;
  };
  const header = `<tr>${table.header.map((inlines, column) => cell('th', inlines, column)).join('')}</tr>\n`;
  const rows = table.rows.map((row) => `<tr>${row.map((inlines, column) => cell('td', inlines, column)).join('')}</tr>\n`).join('');
  const body = rows ? `<tbody>\n${rows}</tbody>\n` : '';
  return `<div class="table">\n<table>\n<thead>\n${header}</thead>\n${body}</table>\n</div>\n`;
}

/** Left is a cell's own alignment: only centred and right-aligned columns need a class. */
function alignClass(align: ColumnAlign): string | undefined {
  return align === 'center' ? 'centre' : align === 'right' ? 'right' : undefined;
}

/** A tight list's item paragraphs are shown without <p>, as CommonMark renderers do; a loose list keeps them. */
function renderListItem(blocks: Block[], tight: boolean, images: Map<string, EmbeddedImage>): string {
  return blocks
    .map((block, index) => {
      if (block.type === 'paragraph' && tight) return `${index > 0 ? '\n' : ''}${renderInlines(block.inlines)}`;
      return `\n${renderBlock(block, images).replace(/\n$/, '')}`;
    })
    .join('')
    .concat(tight ? '' : '\n');
}

function renderInlines(inlines: readonly Inline[]): string {
  return inlines
    .map((inline) => {
      if (inline.type === 'break') return '<br>';
      let html = escapeHtml(inline.text);
      if (inline.style.code) html = `<code>${html}</code>`;
      if (inline.style.strike) html = `<s>${html}</s>`;
      if (inline.style.italic) html = `<em>${html}</em>`;
      if (inline.style.bold) html = `<strong>${html}</strong>`;
      if (inline.style.href !== undefined) html = `<a href="${escapeHtml(inline.style.href)}">${html}</a>`;
      return html;
    })
    .join('');
}

const HTML_ESCAPES: Record<string, string> = { '&': '&#38;', '<': '&#60;', '>': '&#62;', '"': '&#34;', "'": '&#39;' };
const HTML_SPECIAL = /[&<>"']/g;

export function escapeHtml(text: string): string {
  // Most runs of policy text have nothing to escape: skip the replace for them.
  HTML_SPECIAL.lastIndex = 0;
  return HTML_SPECIAL.test(text) ? text.replace(HTML_SPECIAL, (c) => HTML_ESCAPES[c]!) : text;
}

// A logo shared by a batch of homes is encoded once, not once per page.
const dataUris = new WeakMap<Uint8Array, string>();

export function dataUri(image: EmbeddedImage): string {
  let uri = dataUris.get(image.bytes);
  if (uri === undefined) {
    uri = `data:${image.mimeType};base64,${Buffer.from(image.bytes).toString('base64')}`;
    dataUris.set(image.bytes, uri);
  }
  return uri;
}

/** The house colours as CSS variables, for the policy pages and the index page. */
export const COLOUR_VARIABLES = `:root { color-scheme: light; --ink: ${COLOURS.ink}; --muted: ${COLOURS.muted}; --accent: ${COLOURS.accent}; --rule: ${COLOURS.screenRule}; }`;

/** A size in points as CSS writes it, for print. */
const cssPoints = (points: number): string => `${points}pt`;

/*
 * Readable on a phone (fluid width, no fixed sizes), printable on A4 (page margins,
 * headings kept with what follows), and plain: system fonts, one accent colour.
 */
const STYLE = `
${COLOUR_VARIABLES}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0 auto; max-width: 46rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink); background: #fff;
  font: 1rem/1.6 "Noto Sans", "Segoe UI", system-ui, -apple-system, Roboto, "Helvetica Neue", Arial, sans-serif;
  overflow-wrap: break-word; }
.letterhead { border-bottom: 2px solid var(--accent); margin-bottom: 1.5rem; padding-bottom: 0.75rem; }
.letterhead p { margin: 0.15rem 0; color: var(--muted); }
.letterhead > p:not(.logo):first-child, .letterhead > .logo + p { color: var(--ink); font-size: 1.2rem; font-weight: 700; }
.logo img { display: block; max-height: 5rem; max-width: 12rem; height: auto; width: auto; margin-bottom: 0.5rem; }
h1, h2, h3, h4 { line-height: 1.25; color: var(--accent); break-after: avoid; page-break-after: avoid; }
h1 { font-size: 1.75rem; margin: 0 0 1rem; color: var(--ink); }
h2 { font-size: 1.3rem; margin: 2rem 0 0.5rem; padding-top: 0.5rem; border-top: 1px solid var(--rule); }
h3 { font-size: 1.1rem; margin: 1.5rem 0 0.4rem; }
h4, h5, h6 { font-size: 1rem; margin: 1.25rem 0 0.3rem; }
h5, h6 { color: var(--ink); }
h6 { font-weight: 600; color: var(--muted); }
p { margin: 0.6rem 0; }
ul, ol { margin: 0.5rem 0; padding-left: 1.5rem; }
li { margin: 0.25rem 0; }
li > ul { list-style-type: circle; margin: 0.25rem 0; }
a { color: var(--accent); }
code, pre { font-family: ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; font-size: 0.9em; }
pre { overflow-x: auto; padding: 0.75rem; background: ${COLOURS.codeShade}; }
blockquote { margin: 1rem 0; padding-left: 1rem; border-left: 3px solid var(--rule); color: var(--muted); }
@media (max-width: 30rem) { body { padding: 1rem 0.9rem 2rem; } h1 { font-size: 1.45rem; } h2 { font-size: 1.15rem; } }
@page { size: A4; margin: 20mm 18mm; }
@media print {
  body { max-width: none; padding: 0; font-size: ${cssPoints(TEXT_SIZE.body)}; }
  h2 { border-top: none; }
  p, li { orphans: 3; widows: 3; }
  li { break-inside: avoid; page-break-inside: avoid; }
  a { color: inherit; }
  a[href^="http"]::after, a[href^="mailto:"]::after { content: " (" attr(href) ")"; font-size: 0.9em; }
}
`.trim();

/*
 * Tables: full width, thin borders in the rule colour, a shaded header row, as in the PDF
 * and Word documents. On a phone a wide table scrolls sideways in its box rather than
 * breaking words or being cut off; in print the header row repeats on every page and a
 * row is never split. Only on pages that have a table, so other pages stay as they were.
 */
const TABLE_STYLE = `
.table { margin: 0.9rem 0; overflow-x: auto; }
table { width: 100%; border-collapse: collapse; font-size: 0.95em; line-height: 1.45; }
th, td { padding: 0.3rem 0.5rem; border: 1px solid var(--rule); text-align: left; vertical-align: top; overflow-wrap: normal; }
th { background: ${COLOURS.headerShade}; font-weight: 700; }
.right { text-align: right; }
.centre { text-align: center; }
@media print { .table { overflow: visible; } thead { display: table-header-group; } tr { break-inside: avoid; page-break-inside: avoid; } }`;

/* A picture from the template library: as wide as the text at most, kept whole in print. */
const PICTURE_STYLE = `
.picture img { display: block; max-width: 100%; height: auto; }
@media print { .picture { break-inside: avoid; page-break-inside: avoid; } }`;

/* Only on pages that link to another language, so a one-language home's pages stay as they were. */
const LANGUAGE_LINKS_STYLE = `
.languages { text-align: right; font-size: 0.9rem; margin: 0 0 0.75rem; }
.languages a { margin-left: 0.75rem; }
@media print { .languages { display: none; } }`;
