#!/usr/bin/env node
'use strict';
// docs/preview.png: the preview of the English example in Chromium, as a template author sees
// it: the policy, and the same page once a placeholder is misspelt in the template.
// Needs the build (npm run build) and Debian's chromium: `node scripts/screenshot-preview.js`.
const { spawn } = require('node:child_process');
const { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join, resolve } = require('node:path');
const { chromium } = require('playwright-core');

const REPO = resolve(__dirname, '..');
const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

async function main() {
  const cwd = mkdtempSync(join(tmpdir(), 'policygen-screenshot-'));
  mkdirSync(join(cwd, 'logos'));
  mkdirSync(join(cwd, 'my-templates'));
  copyFileSync(join(REPO, 'examples', 'ocean-view.yaml'), join(cwd, 'ocean-view.yaml'));
  copyFileSync(join(REPO, 'examples', 'logos', 'ocean-view.png'), join(cwd, 'logos', 'ocean-view.png'));
  const template = join(cwd, 'my-templates', 'social-media.md');
  copyFileSync(join(REPO, 'templates', 'social-media.md'), template);

  const preview = spawn(
    process.execPath,
    [join(REPO, 'bin', 'policygen.js'), 'preview', 'ocean-view.yaml', '-t', 'my-templates', '--port', '0', '--today', '2026-11-25'],
    {
      cwd,
      env: { ...process.env, NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise((resolveUrl, reject) => {
    let out = '';
    preview.stdout.on('data', (chunk) => {
      out += chunk;
      const found = /(http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (found) resolveUrl(found[1]);
    });
    preview.on('exit', () => reject(new Error('the preview stopped')));
  });

  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ARGS });
  try {
    const page = await browser.newPage({ viewport: { width: 760, height: 560 } });
    await page.goto(`${url}social-media.html`);
    const good = await page.screenshot();

    const text = readFileSync(template, 'utf8');
    writeFileSync(template, text.replace('{{org_field_registered_manager_first_name}}', '{{org_field_registered_manager_frist_name}}'));
    await page.locator('.diagnostic.error').waitFor({ timeout: 15_000 });
    const broken = await page.screenshot();

    // The two side by side, with a line under each: one picture for the README.
    const side = (png, caption) =>
      `<figure><img src="data:image/png;base64,${png.toString('base64')}" alt=""><figcaption>${caption}</figcaption></figure>`;
    const board = await browser.newPage({ viewport: { width: 1580, height: 640 } });
    await board.setContent(
      `<!DOCTYPE html><style>
        body { margin: 0; padding: 20px; background: #e9edeb; font: 15px/1.4 "Noto Sans", "DejaVu Sans", sans-serif; color: #1d2421; display: flex; gap: 20px; }
        figure { margin: 0; } img { display: block; border: 1px solid #b8c2bd; box-shadow: 0 2px 6px rgba(0,0,0,0.12); }
        figcaption { margin-top: 8px; }
      </style>
      ${side(good, 'Save the template: the page shows the policy as <code>build -f html</code> writes it.')}
      ${side(broken, 'A misspelt placeholder: the page shows where, until the next good save.')}`,
    );
    writeFileSync(join(REPO, 'docs', 'preview.png'), await board.screenshot({ fullPage: true }));
  } finally {
    await browser.close();
    preview.kill('SIGINT');
    rmSync(cwd, { recursive: true, force: true });
  }
  console.log('wrote docs/preview.png');
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
