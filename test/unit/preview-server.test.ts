import { createHash } from 'node:crypto';
import { createServer as createNetServer, connect, type Server } from 'node:net';
import { networkInterfaces } from 'node:os';
import { request } from 'node:http';
import { injectReloadScript, RELOAD_SCRIPT, RELOAD_SCRIPT_HASH } from '../../src/preview/reload-script';
import { requestPath, startPreviewServer, type PreviewServer } from '../../src/preview/server';

const POLICY =
  '<!DOCTYPE html>\n<html lang="en-GB">\n<head>\n<title>Visiting</title>\n</head>\n<body>\n<main>\n<h1>Visiting</h1>\n</main>\n</body>\n</html>\n';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/** One request exactly as written: the path is sent as is, never normalised by a client. */
function get(port: number, path: string, { method = 'GET', host = `127.0.0.1:${port}` } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: host } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The raw bytes of a request line, for targets an HTTP client would refuse or rewrite. */
function rawGet(port: number, target: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(`GET ${target} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nConnection: close\r\n\r\n`),
    );
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('end', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('the preview server', () => {
  let server: PreviewServer;
  let version = 'v.1';
  beforeEach(async () => {
    version = 'v.1';
    server = await startPreviewServer({
      port: 0,
      pageFor: (path) => (path === '/visiting.html' ? { status: 200, html: POLICY } : undefined),
      version: () => version,
    });
  });
  afterEach(() => server.close());

  test('serves a rendered page with the reload script added before </body>, and nothing else changed', async () => {
    const reply = await get(server.port, '/visiting.html');
    expect(reply.status).toBe(200);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.body).toBe(injectReloadScript(POLICY, 'v.1'));
    expect(reply.body.replace(/<script data-policygen-preview[^>]*>[\s\S]*?<\/script>\n/, '')).toBe(POLICY);
    expect(reply.body.indexOf('<script')).toBeGreaterThan(reply.body.indexOf('</main>'));
  });

  test('lets the page run the reload script and nothing else, and load nothing from elsewhere', async () => {
    const policy = (await get(server.port, '/visiting.html')).headers['content-security-policy'] as string;
    expect(policy).toContain("default-src 'none'");
    expect(policy).toContain(`script-src '${RELOAD_SCRIPT_HASH}'`);
    expect(RELOAD_SCRIPT_HASH).toBe(`sha256-${createHash('sha256').update(RELOAD_SCRIPT).digest('base64')}`);
  });

  test.each([
    ['/../package.json'],
    ['/../../../../etc/passwd'],
    ['/%2e%2e/package.json'],
    ['/..%2fpackage.json'],
    ['/./visiting.html'],
    ['/visiting.html/..'],
    ['/..\\package.json'],
    ['/%00'],
    ['/%E0%A4%A'],
  ])('refuses the path %s without reading the disk', async (target) => {
    const reply = await rawGet(server.port, target);
    expect(reply).toMatch(/^HTTP\/1\.1 400 /);
    expect(reply).toContain('a path must name a page of the preview');
    expect(reply).not.toContain('"name"');
  });

  test('a path that names no rendered page is not found, whatever is on disk there', async () => {
    // The test runs in the repository: package.json and README.md are there on disk.
    for (const path of ['/package.json', '/README.md', '/src/api.ts', '/__policygen/x']) {
      const reply = await get(server.port, path);
      expect({ path, status: reply.status, body: reply.body }).toEqual({ path, status: 404, body: 'no such page\n' });
    }
  });

  test('a target that is not a path from the root is refused', async () => {
    expect(await rawGet(server.port, 'http://example.com/visiting.html')).toMatch(/^HTTP\/1\.1 400 /);
  });

  test('answers only requests addressed to 127.0.0.1 or localhost on its port (no DNS rebinding)', async () => {
    expect((await get(server.port, '/visiting.html', { host: 'attacker.example' })).status).toBe(403);
    expect((await get(server.port, '/visiting.html', { host: `attacker.example:${server.port}` })).status).toBe(403);
    expect((await get(server.port, '/visiting.html', { host: `localhost:${server.port}` })).status).toBe(200);
  });

  test('shows pages only: no other method', async () => {
    const reply = await get(server.port, '/visiting.html', { method: 'POST' });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('GET, HEAD');
    expect(await get(server.port, '/visiting.html', { method: 'HEAD' })).toMatchObject({ status: 200, body: '' });
  });

  test('listens on the loopback address only', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/`);
    const outside = Object.values(networkInterfaces())
      .flat()
      .find((address) => address && address.family === 'IPv4' && !address.internal);
    if (!outside) {
      console.warn('this machine has no network address besides loopback: the refusal from outside is not tried');
      return;
    }
    const reached = await new Promise<boolean>((resolve) => {
      const socket = connect(server.port, outside.address, () => {
        socket.destroy();
        resolve(true);
      });
      socket.on('error', () => resolve(false));
    });
    expect(reached).toBe(false);
  });

  test('tells a listening page the current version at once, and each new one as it is published', async () => {
    const events: string[] = [];
    const req = request({ host: '127.0.0.1', port: server.port, path: '/__policygen/events' });
    const opened = new Promise<void>((resolve) => {
      req.on('response', (res) => {
        expect(res.headers['content-type']).toBe('text/event-stream');
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          events.push(...[...chunk.matchAll(/event: version\ndata: (.+)\n\n/g)].map((match) => match[1]!));
          resolve();
        });
      });
    });
    req.on('error', () => undefined);
    req.end();
    await opened;
    version = 'v.2';
    server.publish(version);
    const start = Date.now();
    while (events.length < 2 && Date.now() - start < 5000) await new Promise((resolve) => setTimeout(resolve, 10));
    expect(events).toEqual(['v.1', 'v.2']);
    // Closing ends the stream, so Ctrl-C never waits for an open page.
    await server.close();
    await expect(get(server.port, '/visiting.html')).rejects.toThrow();
  });
});

test('a port that is taken: the next one, said through onPortTaken', async () => {
  const blocker: Server = createNetServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as { port: number }).port;
  const said: number[] = [];
  let server: PreviewServer | undefined;
  try {
    server = await startPreviewServer({
      port: taken,
      pageFor: () => undefined,
      version: () => '1',
      onPortTaken: (port) => said.push(port),
    });
    expect(said).toEqual([taken]);
    expect(server.port).toBeGreaterThan(taken);
  } catch (error) {
    // The port above may be taken by another program too; then it says so for each.
    expect(said[0]).toBe(taken);
    throw error;
  } finally {
    await server?.close();
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('requestPath decodes a page path and refuses the rest', () => {
  expect(requestPath('/social-media.cy.html?x=1')).toBe('/social-media.cy.html');
  expect(requestPath('/T%C5%B7%20Gwyn.html')).toBe('/Tŷ Gwyn.html');
  expect(requestPath('/')).toBe('/');
  for (const bad of ['', '*', 'x.html', '/..', '/a/../b.html', '/%2E%2E/x', '/a%5cb', '/%ZZ']) expect(requestPath(bad)).toBeUndefined();
});
