/**
 * A real browser for the preview's tests: playwright-core driving Debian's chromium (its own
 * browser downloads cannot be fetched offline). CI installs chromium (.ci/run), so there a
 * missing browser fails the run; on a developer's machine the tests are skipped, with a warning.
 */
import { existsSync } from 'node:fs';
import type { Browser } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Without the networking flags Chromium stalls on an offline machine; without the sandbox it runs as root. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** Whether the browser is here; outside CI, a warning naming the Debian package when it is not. */
export function hasChromium(): boolean {
  if (existsSync(CHROMIUM)) return true;
  const message = `${CHROMIUM} is not installed: the preview's browser tests are skipped (apt-get install chromium)`;
  if (process.env.CI) throw new Error(`${message}; CI must not skip them`);
  console.warn(message);
  return false;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = require('playwright-core') as typeof import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}
