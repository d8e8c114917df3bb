import { createHash } from 'node:crypto';

/** Where pages listen for news of a render. No output file can have this name: it holds a slash. */
export const EVENTS_PATH = '/__policygen/events';

/**
 * The only script a preview page runs, added by the preview and never by a build. The
 * server says which version of the preview is current as soon as the page connects, and
 * again after every render; a page showing another version reloads. Saying it on connect
 * covers a render that finished between the page loading and the page listening. The
 * browser keeps the scroll position across the reload, so an author stays where they were.
 */
export const RELOAD_SCRIPT = `(() => {
  const shown = document.currentScript.dataset.version;
  const events = new EventSource(${JSON.stringify(EVENTS_PATH)});
  events.addEventListener('version', (event) => {
    if (event.data !== shown) location.reload();
  });
})();`;

/** For the Content-Security-Policy: this script runs, and no other. */
export const RELOAD_SCRIPT_HASH = `sha256-${createHash('sha256').update(RELOAD_SCRIPT).digest('base64')}`;

/** The script element for a page of `version` (letters, digits and dots only). */
export function reloadScriptTag(version: string): string {
  return `<script data-policygen-preview data-version="${version}">${RELOAD_SCRIPT}</script>\n`;
}

/**
 * The page with the reload script added just before `</body>`: everything else is the page's
 * own bytes, so what the preview shows is what `build` writes.
 */
export function injectReloadScript(html: string, version: string): string {
  const end = html.lastIndexOf('</body>');
  const tag = reloadScriptTag(version);
  return end < 0 ? html + tag : html.slice(0, end) + tag + html.slice(end);
}
