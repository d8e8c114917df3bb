import type { RenderedFile } from '../batch';
import { hasErrors, type Diagnostic } from '../diagnostics';
import { formatDiagnostic } from '../format-diagnostic';
import { LANGUAGE_NAMES, LANGUAGE_TAGS, type Language } from '../languages';
import { escapeHtml } from '../render/html';
import { wordsFor } from '../render/words';
import type { PreviewPage } from './server';

/** What the preview shows: the outcome of the last render of one organisation file. */
export interface PreviewState {
  /** The organisation file, as shown to the user. */
  file: string;
  /** The organisation's name, once its file could be read. */
  name?: string;
  today?: string;
  /** Every file a build would write, when the render had no error. */
  files?: readonly RenderedFile[];
  diagnostics: readonly Diagnostic[];
}

/**
 * The page for a path: a policy's HTML as `build` writes it; at `/` the home's index (the
 * build's own `index.html` when it makes one, else a list of the policies); and, while the
 * last render failed, its diagnostics on every page, so the page an author is looking at
 * shows what to fix and comes back by itself once it is fixed.
 */
export function pageFor(path: string, state: PreviewState): PreviewPage | undefined {
  const isPage = path === '/' || path.endsWith('.html');
  if (!state.files) return isPage ? { status: 500, html: errorPage(state) } : undefined;
  const html = new Map(state.files.filter((file) => file.name.endsWith('.html')).map((file) => [`/${file.name}`, file]));
  const found = html.get(path === '/' ? '/index.html' : path);
  if (found)
    return { status: 200, html: typeof found.contents === 'string' ? found.contents : Buffer.from(found.contents).toString('utf8') };
  if (path === '/') return { status: 200, html: indexPage(state) };
  return isPage ? { status: 404, html: notFoundPage(path, state) } : undefined;
}

/** The policies, each with a link per language (named in itself, as on the policies' own pages). */
function indexPage(state: PreviewState): string {
  const policies = new Map<string, Array<{ language: Language; title: string; name: string }>>();
  for (const file of state.files ?? []) {
    if (file.document?.format !== 'html') continue;
    const versions = policies.get(file.document.policy) ?? [];
    versions.push({ language: file.document.language, title: file.document.title, name: file.name });
    policies.set(file.document.policy, versions);
  }
  const items = [...policies.values()].map((versions) => {
    const [first] = versions;
    if (versions.length === 1) return `<li><a href="${escapeHtml(first!.name)}">${escapeHtml(first!.title)}</a></li>\n`;
    const links = versions.map(
      ({ language, name }) =>
        `<a href="${escapeHtml(name)}" hreflang="${LANGUAGE_TAGS[language]}" lang="${LANGUAGE_TAGS[language]}">${escapeHtml(LANGUAGE_NAMES[language])}</a>`,
    );
    return `<li><span lang="${LANGUAGE_TAGS[first!.language]}">${escapeHtml(first!.title)}</span> ${links.join(' ')}</li>\n`;
  });
  // A home in several languages has the build's index page in each: linked here by its own title (Polisïau, Policies).
  const indexes = (state.files ?? []).flatMap((file) => {
    const language = /^index\.([a-z]{2})\.html$/.exec(file.name)?.[1] as Language | undefined;
    if (!language || !(language in LANGUAGE_TAGS)) return [];
    const tag = LANGUAGE_TAGS[language];
    return [`<a href="${escapeHtml(file.name)}" hreflang="${tag}" lang="${tag}">${escapeHtml(wordsFor(language).index.title)}</a>`];
  });
  const title = state.name ?? state.file;
  return page(
    `Preview: ${title}`,
    [
      `<h1>${escapeHtml(title)}</h1>\n`,
      `<p class="meta">${escapeHtml(state.file)}${state.today ? ` · review dates as of ${escapeHtml(state.today)}` : ''}</p>\n`,
      items.length > 0 ? `<ul class="policies">\n${items.join('')}</ul>\n` : '<p>No policy is built for this organisation.</p>\n',
      indexes.length > 0 ? `<p>The home's index page: ${indexes.join(' ')}</p>\n` : '',
      diagnosticsSection(state.diagnostics, 'warning'),
    ].join(''),
  );
}

function errorPage(state: PreviewState): string {
  const errors = state.diagnostics.filter((d) => d.severity === 'error').length;
  const heading = `${errors === 1 ? '1 error' : `${errors} errors`}: the policies of ${state.file} cannot be built`;
  return page(
    heading,
    [
      `<h1>${escapeHtml(heading)}</h1>\n`,
      '<p class="meta">Fix it and save: this page reloads by itself.</p>\n',
      diagnosticsSection(state.diagnostics, 'error'),
    ].join(''),
  );
}

function notFoundPage(path: string, state: PreviewState): string {
  const links = (state.files ?? [])
    .filter((file) => file.name.endsWith('.html'))
    .map((file) => `<li><a href="${escapeHtml(file.name)}">${escapeHtml(file.name)}</a></li>\n`);
  return page(
    'No such page',
    [
      `<h1>No page ${escapeHtml(path)}</h1>\n`,
      `<p class="meta">${escapeHtml(state.file)} builds these pages; this one reloads by itself if it becomes one of them.</p>\n`,
      `<ul>\n${links.join('')}</ul>\n`,
    ].join(''),
  );
}

/** Diagnostics as the terminal prints them (position, message, the line with a caret, hint): errors first. */
function diagnosticsSection(diagnostics: readonly Diagnostic[], kind: 'error' | 'warning'): string {
  if (diagnostics.length === 0) return '';
  const ordered = [...diagnostics].sort((a, b) => Number(a.severity !== 'error') - Number(b.severity !== 'error'));
  const blocks = ordered.map((diagnostic) => {
    // The terminal's text, in three parts: the message and the hint wrap like prose; the
    // source line and its caret never wrap, or the caret would no longer point at anything.
    const [first, ...rest] = formatDiagnostic(diagnostic).split('\n');
    const hint = rest.filter((line) => line.startsWith('  hint: '));
    const excerpt = rest.filter((line) => !line.startsWith('  hint: '));
    return [
      `<div class="diagnostic ${diagnostic.severity}">\n`,
      `<p class="message">${escapeHtml(first!)}</p>\n`,
      excerpt.length > 0 ? `<pre>${excerpt.map(escapeHtml).join('\n')}</pre>\n` : '',
      ...hint.map((line) => `<p class="hint">${escapeHtml(line.trim())}</p>\n`),
      '</div>\n',
    ].join('');
  });
  const heading = kind === 'warning' && !hasErrors(diagnostics) ? `<h2>${plural(diagnostics.length, 'warning')}</h2>\n` : '';
  return `<section class="diagnostics">\n${heading}${blocks.join('')}</section>\n`;
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? '' : 's'}`;
}

function page(title: string, body: string): string {
  return [
    '<!DOCTYPE html>\n',
    '<html lang="en">\n',
    '<head>\n',
    '<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    `<title>${escapeHtml(title)}</title>\n`,
    `<style>${STYLE}</style>\n`,
    '</head>\n',
    '<body>\n',
    '<p class="tool">policygen preview</p>\n',
    `<main>\n${body}</main>\n`,
    '</body>\n',
    '</html>\n',
  ].join('');
}

const STYLE = `
:root { color-scheme: light; --ink: #1d2421; --muted: #5b6661; --accent: #1f5f4a; --error: #b3261e; --warning: #8a5a00; }
body { margin: 0 auto; max-width: 60rem; padding: 1.5rem 1.25rem 3rem; color: var(--ink);
  font: 1rem/1.5 "Noto Sans", "Segoe UI", system-ui, -apple-system, Roboto, Arial, sans-serif; }
.tool { margin: 0 0 1rem; color: var(--muted); font-size: 0.85rem; letter-spacing: 0.04em; text-transform: uppercase; }
h1 { font-size: 1.5rem; line-height: 1.25; margin: 0 0 0.5rem; }
h2 { font-size: 1.1rem; margin: 2rem 0 0.5rem; }
.meta { color: var(--muted); margin: 0 0 1.5rem; }
.policies li { margin: 0.4rem 0; }
.policies a { margin-right: 0.75rem; }
.policies span { margin-right: 0.75rem; font-weight: 600; }
a { color: var(--accent); }
.diagnostic { margin: 0 0 1rem; padding: 0.75rem 1rem; background: #f7f7f5; border-left: 4px solid var(--warning);
  font: 0.9rem/1.45 ui-monospace, "Cascadia Mono", Menlo, Consolas, monospace; }
.diagnostic.error { border-left-color: var(--error); background: #fdf3f2; }
.diagnostic p { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.diagnostic .message { font-weight: 700; }
.diagnostic pre { margin: 0.4rem 0; overflow-x: auto; font: inherit; }
`.trim();
