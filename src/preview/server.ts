import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EVENTS_PATH, injectReloadScript, RELOAD_SCRIPT_HASH } from './reload-script';

/** The only address the preview listens on: nothing off this machine can reach it. */
export const PREVIEW_HOST = '127.0.0.1';

/** A page of the preview, before the reload script is added. */
export interface PreviewPage {
  status: number;
  html: string;
}

export interface PreviewServerOptions {
  /** The first port to try; 0 lets the system choose a free one. */
  port: number;
  /** How many ports from `port` up are tried before giving up, when each is taken. */
  attempts?: number;
  /** The page at a path such as `/` or `/social-media.cy.html`, from what was last rendered; undefined when there is none. */
  pageFor(path: string): PreviewPage | undefined;
  /** The version of what was last rendered: every page served carries it. */
  version(): string;
  /** A port was taken, and the next one is tried. */
  onPortTaken?(port: number): void;
}

export interface PreviewServer {
  url: string;
  port: number;
  /** Tell every open page the version now current: a page showing another reloads. */
  publish(version: string): void;
  /** Stop listening and end every open connection. */
  close(): Promise<void>;
}

/**
 * An HTTP server for the preview on 127.0.0.1. It serves only pages it is handed, from
 * memory: a path names a rendered page or nothing, so no path can reach a file on disk.
 * Paths with `..` or `.` segments are refused outright, and so are requests that name
 * another host (a web page that has a DNS name pointed at 127.0.0.1 must not read the
 * preview). Every HTML page may run the reload script and nothing else, and load nothing
 * from anywhere (the policies embed their logo): the preview needs no network.
 */
export async function startPreviewServer(options: PreviewServerOptions): Promise<PreviewServer> {
  const events = new Set<ServerResponse>();
  let port = 0;
  const server = createServer((request, response) => {
    try {
      handle(request, response);
    } catch {
      if (!response.headersSent) plain(response, 500, 'the preview could not answer this request');
      else response.end();
    }
  });

  const handle = (request: IncomingMessage, response: ServerResponse) => {
    const host = request.headers.host ?? '';
    if (host !== `${PREVIEW_HOST}:${port}` && host !== `localhost:${port}`) {
      return plain(response, 403, `the preview answers only at http://${PREVIEW_HOST}:${port}/`);
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.setHeader('Allow', 'GET, HEAD');
      return plain(response, 405, 'the preview only shows pages: GET or HEAD');
    }
    const path = requestPath(request.url ?? '');
    if (path === undefined) return plain(response, 400, 'a path must name a page of the preview, without "." or ".." parts');
    if (path === EVENTS_PATH) return openEvents(request, response);
    const page = options.pageFor(path) ?? { status: 404, html: '' };
    if (page.html === '') return plain(response, page.status, 'no such page');
    const body = Buffer.from(injectReloadScript(page.html, options.version()));
    response.writeHead(page.status, {
      ...SAFETY_HEADERS,
      'Content-Type': 'text/html; charset=utf-8',
      'Content-Length': body.length,
      'Content-Security-Policy': CONTENT_SECURITY_POLICY,
    });
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const openEvents = (request: IncomingMessage, response: ServerResponse) => {
    response.writeHead(200, { ...SAFETY_HEADERS, 'Content-Type': 'text/event-stream', Connection: 'keep-alive' });
    if (request.method === 'HEAD') return response.end();
    // Reconnect soon after the preview restarts, and learn at once which version is current.
    response.write(`retry: 500\n\n${versionEvent(options.version())}`);
    events.add(response);
    response.on('close', () => events.delete(response));
  };

  // Some proxies and browsers drop a stream that is silent for minutes; a comment keeps it open.
  const keepAlive = setInterval(() => {
    for (const response of events) response.write(': keep-alive\n\n');
  }, 25_000);
  keepAlive.unref();

  try {
    port = await listen(server, options.port, options.attempts ?? 20, (taken) => options.onPortTaken?.(taken));
  } catch (error) {
    clearInterval(keepAlive);
    throw error;
  }
  return {
    url: `http://${PREVIEW_HOST}:${port}/`,
    port,
    publish(version) {
      for (const response of events) response.write(versionEvent(version));
    },
    close() {
      clearInterval(keepAlive);
      for (const response of events) response.end();
      events.clear();
      return new Promise((resolveClose) => {
        server.close(() => resolveClose());
        server.closeAllConnections();
      });
    },
  };
}

const SAFETY_HEADERS = {
  'Cache-Control': 'no-store',
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  'img-src data:',
  "style-src 'unsafe-inline'",
  `script-src '${RELOAD_SCRIPT_HASH}'`,
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

function versionEvent(version: string): string {
  return `event: version\ndata: ${version}\n\n`;
}

function plain(response: ServerResponse, status: number, text: string): void {
  const body = Buffer.from(`${text}\n`);
  response.writeHead(status, { ...SAFETY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': body.length });
  response.end(body);
}

/**
 * The decoded path of a request target, or undefined for one the preview refuses: not a
 * path from the root (`http://…`, `*`), not decodable, or with a `.` or `..` segment, a
 * backslash or a NUL, before or after decoding (`/%2e%2e/`).
 */
export function requestPath(target: string): string | undefined {
  const raw = target.split(/[?#]/, 1)[0]!;
  if (!raw.startsWith('/')) return undefined;
  let path: string;
  try {
    path = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  for (const text of [raw, path]) {
    if (/[\\\0]/.test(text)) return undefined;
    if (text.split('/').some((segment) => segment === '.' || segment === '..')) return undefined;
  }
  return path;
}

/** Listen on `port`, or the next free one up when it is taken. */
async function listen(server: Server, first: number, attempts: number, onPortTaken?: (port: number) => void): Promise<number> {
  for (let port = first; ; port++) {
    try {
      await new Promise<void>((resolveListen, reject) => {
        server.once('error', reject);
        server.listen(port, PREVIEW_HOST, () => {
          server.off('error', reject);
          resolveListen();
        });
      });
      return (server.address() as AddressInfo).port;
    } catch (error) {
      const taken = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      if (!taken || port === 0 || port >= 65535 || port - first + 1 >= attempts) throw error;
      onPortTaken?.(port);
    }
  }
}
