import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { hasChromium, launchChromium } from '../browser';
import { EXAMPLES, REPO, tempDir, writeFiles } from '../helpers';
import { startBin, type Running } from '../running';

const withBrowser = hasChromium() ? describe : describe.skip;

withBrowser('the preview in a real browser', () => {
  let browser: Browser;
  let cwd: string;
  let run: Running;
  let url: string;
  let page: Page;
  /** Everything the page asked for, and every error or CSP complaint it logged. */
  const requested: string[] = [];
  const complaints: string[] = [];

  beforeAll(async () => {
    cwd = tempDir();
    writeFiles(cwd, {
      'ty-gwyn.yaml': readFileSync(join(EXAMPLES, 'cartref-gofal-ty-gwyn.yaml')),
      'logos/ty-gwyn.png': readFileSync(join(EXAMPLES, 'logos', 'ty-gwyn.png')),
      'lib/social-media.md': readFileSync(join(REPO, 'templates', 'social-media.md')),
    });
    run = startBin(['preview', 'ty-gwyn.yaml', '-t', 'lib', '--port', '0', '--today', '2026-11-25'], cwd);
    await run.waitForStdout(/http:\/\/127\.0\.0\.1:\d+\//);
    url = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(run.stdout())![1]!;
    browser = await launchChromium();
    page = await browser.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning') complaints.push(message.text());
    });
    page.on('pageerror', (error) => complaints.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    expect(await run.stop()).toBe(0);
  });

  const heading = () => page.locator('h1').first().textContent();
  // Waiting through a locator: the page's Content-Security-Policy forbids the eval that waitForFunction needs.
  const draft2 = { waitFor: (options: { timeout: number }) => page.locator('h1', { hasText: '(draft 2)' }).waitFor(options) };

  test('from the index to a policy, in each language', async () => {
    await page.goto(url);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${url}social-media.en.html`);
    expect(await heading()).toBe('Using Social Media Platforms Policy');
    await page.getByRole('link', { name: 'Cymraeg' }).click();
    await page.waitForURL(`${url}social-media.cy.html`);
    expect(await page.locator('html').getAttribute('lang')).toBe('cy');
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForURL(`${url}social-media.en.html`);
  });

  test('a template saved on disk: the page shows the new text by itself', async () => {
    await page.evaluate(() => ((globalThis as Record<string, unknown>).loadedBefore = true));
    const template = join(cwd, 'lib', 'social-media.md');
    writeFileSync(template, readFileSync(template, 'utf8').replace(/^# (.+)$/m, '# $1 (draft 2)'));
    await draft2.waitFor({ timeout: 15_000 });
    // The page reloaded itself: nothing of the page before it is left.
    expect(await page.evaluate(() => (globalThis as Record<string, unknown>).loadedBefore)).toBeUndefined();
  });

  test('broken YAML: the page shows the error with its position, its line and a caret', async () => {
    const yaml = join(cwd, 'ty-gwyn.yaml');
    const good = readFileSync(yaml, 'utf8');
    writeFileSync(yaml, good.replace(/registration_no: .*/, 'registration_no: [W0012345'));
    const error = page.locator('.diagnostic.error');
    await error.waitFor({ timeout: 15_000 });
    const line = good.split('\n').findIndex((text) => text.includes('registration_no')) + 1;
    expect(await error.locator('.message').textContent()).toBe(
      `ty-gwyn.yaml:${line}:20: error: this [ is never closed with ] [YAML_SYNTAX]`,
    );
    expect(await error.locator('pre').textContent()).toBe(`  ${line} |   registration_no: [W0012345\n    |                    ^`);
    expect(await page.title()).toBe('1 error: the policies of ty-gwyn.yaml cannot be built');
    expect(page.url()).toBe(`${url}social-media.en.html`);

    // Fixed: the policy comes back at the same address, by itself.
    writeFileSync(yaml, good);
    await draft2.waitFor({ timeout: 15_000 });
    expect(await page.locator('.diagnostic').count()).toBe(0);
  });

  test('the page asked for nothing but the preview, and the browser saw no error and no blocked script', () => {
    expect(requested.filter((address) => !address.startsWith(url) && !address.startsWith('data:'))).toEqual([]);
    // The error page comes with status 500, which the browser notes; nothing else may be said.
    expect(complaints.filter((text) => !text.includes('the server responded with a status of 500'))).toEqual([]);
    expect(complaints.length).toBeLessThanOrEqual(1);
  });
});
