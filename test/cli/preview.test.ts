import { execFileSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { EXAMPLES, listFiles, REPO, runMain, tempDir, writeFiles } from '../helpers';
import { startBin, startMain, waitFor, type Running } from '../running';

const TODAY = '2026-11-25';

/** The bilingual example and the English one, with their logos, and a library with the social media policy in it. */
function layout(cwd: string): void {
  writeFiles(cwd, {
    'ty-gwyn.yaml': readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml')),
    'ocean-view.yaml': readFileSync(join(EXAMPLES, 'ocean-view.yaml')),
    'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
    'logos/ocean-view.png': readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png')),
    'lib/social-media.md': readFileSync(join(REPO, 'templates', 'social-media.md')),
  });
}

function fetchPage(url: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    })
      .on('error', reject)
      .end();
  });
}

/** The page as the preview serves it, less the one script element it adds. */
const withoutReloadScript = (html: string) => html.replace(/<script data-policygen-preview data-version="[^"]*">[\s\S]*?<\/script>\n/, '');

async function started(run: Running): Promise<string> {
  await run.waitForStdout(/Preview of .*: (http:\/\/127\.0\.0\.1:\d+\/)\n/);
  return /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(run.stdout())![1]!;
}

/** Listen to the preview's events, as a page's script does: the versions it announces. */
function listen(url: string): { versions: string[]; close(): void } {
  const versions: string[] = [];
  const req = request(`${url}__policygen/events`, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => versions.push(...[...chunk.matchAll(/event: version\ndata: (.+)\n\n/g)].map((m) => m[1]!)));
  });
  req.on('error', () => undefined);
  req.end();
  return { versions, close: () => req.destroy() };
}

test("the preview's page of a policy is the file build -f html writes, byte for byte, but for the reload script", async () => {
  const cwd = tempDir();
  layout(cwd);
  const built = await runMain(['build', 'ty-gwyn.yaml', 'ocean-view.yaml', '-f', 'html', '--today', TODAY], cwd);
  expect(built.code).toBe(0);

  for (const [home, pages] of [
    ['ty-gwyn', ['social-media.cy.html', 'social-media.en.html']],
    ['ocean-view', ['social-media.html']],
  ] as const) {
    const run = startMain(['preview', `${home}.yaml`, '--port', '0', '--today', TODAY], cwd);
    const url = await started(run);
    for (const page of pages) {
      const served = await fetchPage(url + page);
      expect(served.status).toBe(200);
      expect(served.body).not.toBe(withoutReloadScript(served.body)); // the script is there …
      expect(withoutReloadScript(served.body)).toBe(readFileSync(join(cwd, 'out', home, page), 'utf8')); // … and nothing else differs
    }
    expect(await run.stop()).toBe(0);
  }
});

test('preview: a change reloads the pages, a broken file shows its error in them, the next good save brings the policy back', async () => {
  const cwd = tempDir();
  layout(cwd);
  const run = startMain(['preview', 'ty-gwyn.yaml', '-t', 'lib', '--port', '0', '--today', TODAY], cwd);
  const url = await started(run);
  expect(run.stderr()).toMatch(/^\d\d:\d\d:\d\d 4 pages; watching for changes \(Ctrl-C stops\)\n$/);
  const events = listen(url);
  await waitFor(
    () => events.versions.length === 1,
    () => 'the current version on connecting',
  );

  // The index lists the policy in both languages.
  const index = await fetchPage(url);
  expect(index.body).toContain('<a href="social-media.cy.html" hreflang="cy" lang="cy">Cymraeg</a>');

  // A template changes: the pages are told, and show the new text.
  const template = join(cwd, 'lib', 'social-media.md');
  writeFileSync(template, readFileSync(template, 'utf8').replace(/^# (.+)$/m, '# $1 (draft 2)'));
  await waitFor(
    () => events.versions.length === 2,
    () => `a new version; stderr: ${run.stderr()}`,
  );
  expect((await fetchPage(`${url}social-media.en.html`)).body).toMatch(/<h1>[^<]*\(draft 2\)<\/h1>/);
  expect(run.stderr()).toMatch(/\d\d:\d\d:\d\d lib\/social-media\.md changed: 4 pages\n/);

  // The YAML breaks: every page shows the positioned error instead, with the line and a caret.
  const yaml = readFileSync(join(cwd, 'ty-gwyn.yaml'), 'utf8');
  writeFileSync(join(cwd, 'ty-gwyn.yaml'), yaml.replace(/registration_no: .*/, 'registration_no: [W0012345'));
  await waitFor(
    () => events.versions.length === 3,
    () => `a third version; stderr: ${run.stderr()}`,
  );
  const broken = await fetchPage(`${url}social-media.en.html`);
  expect(broken.status).toBe(500);
  const line = yaml.split('\n').findIndex((text) => text.includes('registration_no')) + 1;
  expect(broken.body).toMatch(new RegExp(`ty-gwyn\\.yaml:${line}:\\d+: error: .*\\[YAML_SYNTAX\\]`));
  expect(broken.body).toMatch(/<pre> {2}\d+ \| {3}registration_no: \[W0012345\n {4}\| +\^<\/pre>/);
  expect(run.stderr()).toMatch(/ty-gwyn\.yaml changed: 1 error, shown in the browser\n/);

  // Fixed: the policy is back, at the same address.
  writeFileSync(join(cwd, 'ty-gwyn.yaml'), yaml);
  await waitFor(
    () => events.versions.length === 4,
    () => `a fourth version; stderr: ${run.stderr()}`,
  );
  const back = await fetchPage(`${url}social-media.en.html`);
  expect(back.status).toBe(200);
  expect(back.body).toContain('(draft 2)</h1>');

  // The logo: the pages reload (the HTML embeds it).
  writeFileSync(join(cwd, 'logos', 'ty-gwyn.png'), readFileSync(join(EXAMPLES, 'logos', 'ocean-view.png')));
  await waitFor(
    () => events.versions.length === 5,
    () => `a fifth version; stderr: ${run.stderr()}`,
  );
  expect(run.stderr()).toMatch(/logos\/ty-gwyn\.png changed: 4 pages\n/);

  events.close();
  expect(await run.stop()).toBe(0);
  expect(run.stderr()).toMatch(/Preview stopped\.\n$/);
  await expect(fetchPage(url)).rejects.toThrow(); // no longer listening
  expect(listFiles(cwd).filter((file) => file.startsWith('out/'))).toEqual([]); // a preview writes nothing
  expect(new Set(events.versions).size).toBe(5);
});

test('preview: a partial and the config file are watched too, and a broken config file is shown like any error', async () => {
  const cwd = tempDir();
  layout(cwd);
  writeFiles(cwd, {
    'lib/visiting.md': '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n\n{{> sign-off}}\n',
    'lib/partials/sign-off.md': 'Signed by the manager.\n',
  });
  const run = startMain(['preview', 'ocean-view.yaml', '--port', '0', '--today', TODAY], cwd);
  const url = await started(run);
  expect((await fetchPage(url)).body).not.toContain('visiting.html');

  let from = run.stderr().length;
  writeFileSync(join(cwd, 'policygen.config.yaml'), 'templates: [lib]\n');
  await run.waitForStderr(/policygen\.config\.yaml added: 3 pages\n/, from);
  expect((await fetchPage(`${url}visiting.html`)).body).toContain('Signed by the manager.');

  from = run.stderr().length;
  writeFileSync(join(cwd, 'lib', 'partials', 'sign-off.md'), 'Signed by the registered manager.\n');
  await run.waitForStderr(/lib\/partials\/sign-off\.md changed: 3 pages\n/, from);
  expect((await fetchPage(`${url}visiting.html`)).body).toContain('Signed by the registered manager.');

  from = run.stderr().length;
  writeFileSync(join(cwd, 'policygen.config.yaml'), 'templates: [lib]\nformats: [pfd]\n');
  await run.waitForStderr(/policygen\.config\.yaml changed: 1 error, shown in the browser\n/, from);
  const page = await fetchPage(`${url}visiting.html`);
  expect(page.status).toBe(500);
  expect(page.body).toMatch(/policygen\.config\.yaml:2:\d+: error: .*\[CONFIG_INVALID\]/);

  expect(await run.stop()).toBe(0);
});

test('preview: a template folder the config names that is not there yet is an error until it is made', async () => {
  const cwd = tempDir();
  layout(cwd);
  writeFiles(cwd, { 'policygen.config.yaml': 'templates: [drafts]\n' });
  const run = startMain(['preview', 'ocean-view.yaml', '--port', '0', '--today', TODAY], cwd);
  const url = await started(run);
  expect(run.stderr()).toMatch(/policygen\.config\.yaml:1:\d+: error: the template folder drafts does not exist \[CONFIG_INVALID\]/);
  writeFiles(cwd, { 'drafts/visiting.md': '---\ntitle: Visiting Policy\n---\n# Visiting Policy\n' });
  await run.waitForStderr(/drafts\/visiting\.md added: 3 pages\n/);
  expect((await fetchPage(`${url}visiting.html`)).status).toBe(200);
  expect(await run.stop()).toBe(0);
});

test('preview: an organisation file that is not there yet is an error in the page until it is', async () => {
  const cwd = tempDir();
  layout(cwd);
  const run = startMain(['preview', 'new-home.yaml', '--port', '0', '--today', TODAY], cwd);
  const url = await started(run);
  expect(run.stderr()).toContain('new-home.yaml: error:');
  expect((await fetchPage(url)).status).toBe(500);
  writeFileSync(join(cwd, 'new-home.yaml'), readFileSync(join(EXAMPLES, 'ocean-view.yaml')).toString().replace('./logos', 'logos'));
  await run.waitForStderr(/new-home\.yaml added: 2 pages\n/);
  expect((await fetchPage(url)).body).toContain('<a href="social-media.html">');
  expect(await run.stop()).toBe(0);
});

test('preview: a port that is taken is said on stderr, and the next free one is used', async () => {
  const cwd = tempDir();
  layout(cwd);
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
  const taken = (blocker.address() as { port: number }).port;
  try {
    const run = startMain(['preview', 'ocean-view.yaml', '--port', String(taken), '--today', TODAY], cwd);
    const url = await started(run);
    expect(run.stderr()).toContain(`policygen: port ${taken} is taken; trying ${taken + 1}\n`);
    expect(url).not.toBe(`http://127.0.0.1:${taken}/`);
    expect(await run.stop()).toBe(0);
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
  }
});

test('preview as a real process: --open starts the browser at the address; Ctrl-C stops it cleanly, exit 0', async () => {
  if (process.platform !== 'linux') return; // the stand-in browser below is xdg-open
  const cwd = tempDir();
  layout(cwd);
  // A stand-in for the desktop's xdg-open that notes the address it was asked to open.
  writeFiles(cwd, { 'bin/xdg-open': `#!/bin/sh\necho "$1" > "${join(cwd, 'opened.txt')}"\n` });
  chmodSync(join(cwd, 'bin', 'xdg-open'), 0o755);
  const run = startBin(['preview', 'ocean-view.yaml', '--port', '0', '--open'], cwd, { PATH: `${join(cwd, 'bin')}:${process.env.PATH}` });
  const url = await started(run);
  await waitFor(
    () => listFiles(cwd).includes('opened.txt') && readFileSync(join(cwd, 'opened.txt'), 'utf8') === `${url}\n`,
    () => `the browser to be opened at ${url}`,
  );
  expect(await run.stop()).toBe(0);
  expect(run.stderr()).toMatch(/Preview stopped\.\n$/);
});

test('--version and a plain build load neither chokidar nor the preview: only preview and --watch pay for them', () => {
  const script = `
    const { main } = require(${JSON.stringify(join(REPO, 'dist', 'cli'))});
    const quiet = { write: () => true };
    const loaded = () => Object.keys(require.cache).filter((f) => /node_modules[\\\\/]chokidar|dist[\\\\/](preview|watch)[\\\\/]/.test(f));
    (async () => {
      await main({ argv: ['--version'], cwd: process.cwd(), env: {}, stdout: quiet, stderr: quiet });
      const afterVersion = loaded();
      await main({ argv: ['build', ${JSON.stringify(join(EXAMPLES, 'ocean-view.yaml'))}, '-o', ${JSON.stringify(tempDir())}, '-f', 'html'], cwd: process.cwd(), env: {}, stdout: quiet, stderr: quiet });
      console.log(JSON.stringify({ afterVersion, afterBuild: loaded() }));
    })();`;
  expect(JSON.parse(execFileSync(process.execPath, ['-e', script], { encoding: 'utf8' }))).toEqual({ afterVersion: [], afterBuild: [] });
});
