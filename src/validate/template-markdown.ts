/*
 * A template's Markdown, checked: the images it shows must be PNG or JPEG files in the
 * template library (errors, at the path in the template), and what a format cannot show
 * as written is a warning at its place (UNSUPPORTED_MARKDOWN), never silently dropped.
 * Also the edits that make the Markdown file show what the other formats show.
 */
import { createHash } from 'node:crypto';
import { basename, extname } from 'node:path';
import { LineIndex, type Diagnostic, type DiagnosticCode, type Severity } from '../diagnostics';
import type { MarkdownScan, TemplateImageFile, TextSpan } from '../load';
import { SAFE_LINK } from '../load/markdown-dialect';
import type { TemplateImage, TextEdit } from './model';

/** A template or partial as loaded: its text, where its body starts in its file, and what its Markdown uses. */
export interface MarkdownSource {
  file: string;
  fileText: string;
  body: string;
  bodyLineOffset: number;
  markdown?: MarkdownScan;
  images?: TemplateImageFile[];
}

export interface CheckedMarkdown {
  diagnostics: Diagnostic[];
  images: TemplateImage[];
  /** Offsets in the NFC form of the body, which is what is rendered. */
  edits: TextEdit[];
}

/** Check one template's or partial's images and Markdown, and work out the edits to its body. */
export function checkTemplateMarkdown(source: MarkdownSource): CheckedMarkdown {
  const place = placer(source);
  const diagnostics: Diagnostic[] = [];
  const images: TemplateImage[] = [];
  const edits: TextEdit[] = [];

  for (const { reference, result } of source.images ?? []) {
    const at = reference.destination ?? reference.span;
    if (!result.ok) {
      diagnostics.push(place(at, 'error', imageCode(result.reason), result.detail, imageHint(result)));
      continue;
    }
    const image = result.image;
    const href = outputName(reference.path, image.type, image.bytes);
    if (!images.some((known) => known.href === href)) {
      images.push({
        href,
        type: image.type,
        bytes: image.bytes,
        width: image.width,
        height: image.height,
        ...(image.pdfBytes ? { pdfBytes: image.pdfBytes } : {}),
      });
    }
    edits.push({ ...reference.destination!, text: href });
  }

  const scan = source.markdown;
  if (scan) {
    diagnostics.push(...unsupportedWarnings(scan, source, place));
    edits.push(...markdownEdits(scan, source.body));
  }
  diagnostics.sort((a, b) => a.line! - b.line! || a.column! - b.column!);
  return { diagnostics, images, edits: toNfcOffsets(source.body, withoutOverlaps(edits)) };
}

type Place = (span: TextSpan, severity: Severity, code: DiagnosticCode, message: string, hint?: string) => Diagnostic;

/** Diagnostics at a span of the body, shown as a place in the file. */
function placer(source: MarkdownSource): Place {
  const bodyLines = new LineIndex(source.body);
  const fileLines = source.fileText === source.body ? bodyLines : new LineIndex(source.fileText);
  return (span, severity, code, message, hint) => {
    const { line, column } = bodyLines.position(span.start);
    const fileLine = line + source.bodyLineOffset;
    const excerpt = fileLines.line(fileLine);
    const length = Math.max(1, Math.min(span.end, source.body.indexOf('\n', span.start) >>> 0) - span.start);
    return {
      code,
      severity,
      file: source.file,
      line: fileLine,
      column,
      length,
      excerpt,
      message,
      ...(hint ? { hint } : {}),
    };
  };
}

function imageCode(reason: Extract<TemplateImageFile['result'], { ok: false }>['reason']): DiagnosticCode {
  if (reason === 'not-found') return 'TEMPLATE_IMAGE_NOT_FOUND';
  if (reason === 'not-image') return 'TEMPLATE_IMAGE_NOT_IMAGE';
  return 'TEMPLATE_IMAGE_PATH';
}

function imageHint(problem: Extract<TemplateImageFile['result'], { ok: false }>): string | undefined {
  switch (problem.reason) {
    case 'remote':
      return "a build reads nothing from the network, so it gives the same documents every time: save the image in the template library's images/ folder and write its path, e.g. ![Diagram](images/diagram.png)";
    case 'outside':
      return "copy the image into the template library's images/ folder and write its path from there, e.g. ![Diagram](images/diagram.png)";
    case 'placeholder':
      return "images come from the template library, the same for every home; a home's own logo is {{org_field_logo}}";
    case 'not-found':
      return problem.looked.length > 0 ? `looked for ${problem.looked.join(' and ')}` : undefined;
    case 'not-image':
      if (/^the image .* (is a damaged|cannot be decoded)/.test(problem.detail))
        return 'open it in an image editor and save it again, as a PNG or JPEG';
      if (/ is (not|a folder)/.test(problem.detail)) return 'use a PNG or JPEG image';
      return undefined;
    case 'not-inline':
      return undefined;
  }
}

/**
 * An image's file name beside a built policy: its own name, in lower-case letters, digits
 * and hyphens (Welsh accents taken off), then the start of a hash of its bytes, so names
 * never collide (with the logo, or between templates whose images share a name) and a
 * changed image gets a new name.
 */
export function outputName(path: string, type: 'png' | 'jpeg', bytes: Uint8Array): string {
  const stem = basename(path, extname(path))
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 10);
  return `${stem || 'image'}-${hash}.${type === 'png' ? 'png' : 'jpg'}`;
}

/** What a format cannot show as written: one warning per kind and file, at its first place, counting the others. */
function unsupportedWarnings(scan: MarkdownScan, source: MarkdownSource, place: Place): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const warn = (spans: readonly TextSpan[], message: (first: TextSpan) => string, hint: string) => {
    const first = spans[0];
    if (!first) return;
    const more = spans.length > 1 ? ` (and ${spans.length - 1} more in this file)` : '';
    warnings.push(place(first, 'warning', 'UNSUPPORTED_MARKDOWN', `${message(first)}${more}`, hint));
  };
  const text = (span: TextSpan) => shorten(source.body.slice(span.start, span.end).split('\n')[0]!);

  const comments = scan.html.filter((span) => source.body.startsWith('<!--', span.start));
  const breaks = scan.html.filter((span) => /^<br\s*\/?>$/i.test(source.body.slice(span.start, span.end)));
  const html = scan.html.filter((span) => !comments.includes(span) && !breaks.includes(span));
  warn(
    comments,
    () => 'an HTML comment is shown as text in every format',
    'write a note to yourself as a template comment, {{! … }}, which no document shows',
  );
  warn(
    breaks,
    (first) => `${text(first)} is shown as text in every format, not as a line break`,
    'in a paragraph, end the line with a backslash (\\) for a line break; a table cell cannot hold one: use more rows, or a list after the table',
  );
  warn(
    html,
    (first) => `raw HTML (${text(first)}) is shown as text in every format`,
    'use Markdown instead: **bold**, *italic*, lists, tables, > quotes',
  );

  const live = scan.links.filter((link) => !/\{\{|%7B%7B/i.test(link.href));
  const schemes = live.filter((link) => /^[a-z][a-z0-9+.-]*:/i.test(link.href) && !SAFE_LINK.test(link.href));
  const relative = live.filter((link) => !SAFE_LINK.test(link.href) && !schemes.includes(link));
  warn(
    relative.map((link) => link.span),
    (first) =>
      `this link's target, ${shorten(relative.find((link) => link.span === first)!.href)}, is a relative path: HTML, PDF and Word show its text without a link`,
    'a policy is mailed and printed, where a relative path leads nowhere: link to a web address (https://…), or write the text without a link',
  );
  warn(
    schemes.map((link) => link.span),
    (first) => `a link to ${shorten(schemes.find((link) => link.span === first)!.href)} is shown as text in every format`,
    'only http, https, mailto and tel links (and links to a heading, #…) are live in the documents',
  );

  for (const within of ['table cell', 'heading', 'link'] as const) {
    const images = scan.images.filter((image) => image.within === within);
    warn(
      images.map((image) => image.span),
      (first) => {
        const alt = images.find((image) => image.span === first)!.alt;
        return `an image in a ${within} is shown only by its description${alt ? ` ("${shorten(alt)}")` : ''} in HTML, PDF and Word`;
      },
      within === 'table cell'
        ? 'put the image in a paragraph of its own, before or after the table'
        : 'put the image in a paragraph of its own',
    );
  }

  warn(
    scan.footnotes,
    (first) => `footnotes are not supported: ${text(first).replace(/:$/, '')} and its note are shown as written`,
    'write the note in the text, in brackets, or as a numbered list at the end',
  );
  return warnings;
}

/**
 * The Markdown file shows what the other documents show: raw HTML and footnotes as text
 * (a backslash before their first character), bare addresses as links every reader makes
 * (`<https://…>`; `www.` addresses, which need a scheme, as `[www.…](http://www.…)`).
 */
function markdownEdits(scan: MarkdownScan, body: string): TextEdit[] {
  const edits: TextEdit[] = [];
  const escape = (at: number) => edits.push({ start: at, end: at, text: '\\' });
  for (const span of scan.html) {
    if (!span.block) {
      escape(span.start);
      continue;
    }
    const block = body.slice(span.start, span.end);
    for (const match of block.matchAll(/<(?=[A-Za-z/!?])/g)) escape(span.start + match.index);
  }
  for (const span of scan.footnotes) escape(span.start);
  for (const address of scan.addresses) {
    if (address.text.includes('{{')) continue;
    const text = /^www\./i.test(address.text) ? `[${address.text}](${address.href})` : `<${address.text}>`;
    edits.push({ start: address.span.start, end: address.span.end, text });
  }
  return edits;
}

/** In order, and never two over the same text. */
function withoutOverlaps(edits: readonly TextEdit[]): TextEdit[] {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  const kept: TextEdit[] = [];
  for (const edit of sorted) {
    const last = kept.at(-1);
    if (last && edit.start < last.end) continue;
    kept.push(edit);
  }
  return kept;
}

/**
 * The body is rendered in NFC ("ŷ" typed as "y" and a combining circumflex is one letter):
 * offsets found in the text as written are moved to match. Edits start and end beside
 * Markdown punctuation, where composing never joins two characters.
 */
function toNfcOffsets(body: string, edits: TextEdit[]): TextEdit[] {
  if (edits.length === 0 || body === body.normalize('NFC')) return edits;
  const nfc = (offset: number) => body.slice(0, offset).normalize('NFC').length;
  return edits.map((edit) => ({ ...edit, start: nfc(edit.start), end: nfc(edit.end) }));
}

function shorten(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}…` : text;
}

/** Apply edits (in order, not overlapping) to a text. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return text;
  let result = '';
  let at = 0;
  for (const edit of edits) {
    result += text.slice(at, edit.start) + edit.text;
    at = edit.end;
  }
  return result + text.slice(at);
}
