#!/usr/bin/env node
// Rebuild the golden files the end-to-end tests compare against. Read the diff
// (git diff test/fixtures) by eye before committing: a golden file is a promise.
'use strict';
const { execFileSync } = require('node:child_process');
const { cpSync, mkdtempSync, rmSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const expected = join(repo, 'test', 'fixtures', 'examples', 'expected');
// Built as the test builds them (examples/ beside out/), so each folder's manifest names its
// organisation file by the same relative path.
const work = mkdtempSync(join(tmpdir(), 'policygen-golden-'));
try {
  cpSync(join(repo, 'examples'), join(work, 'examples'), { recursive: true });
  execFileSync(
    process.execPath,
    [join(repo, 'bin', 'policygen.js'), 'build', 'examples', '-f', 'md,html', '--today', '2026-11-25', '--quiet'],
    { cwd: work, stdio: 'inherit' },
  );
  rmSync(expected, { recursive: true, force: true });
  cpSync(join(work, 'out'), expected, { recursive: true });
} finally {
  rmSync(work, { recursive: true, force: true });
}
console.log(`golden files written to ${expected}`);

// A library template with tables and a picture (test/fixtures/golden-tables), built as the test builds it.
const tables = join(repo, 'test', 'fixtures', 'golden-tables');
const tablesExpected = join(tables, 'expected');
const tablesWork = mkdtempSync(join(tmpdir(), 'policygen-golden-'));
try {
  cpSync(tables, tablesWork, { recursive: true, filter: (path) => path !== tablesExpected });
  execFileSync(
    process.execPath,
    [join(repo, 'bin', 'policygen.js'), 'build', 'plas-wyn.yaml', '-t', 'templates', '-f', 'md,html', '--today', '2026-11-25', '--quiet'],
    { cwd: tablesWork, stdio: 'inherit' },
  );
  rmSync(tablesExpected, { recursive: true, force: true });
  cpSync(join(tablesWork, 'out'), tablesExpected, { recursive: true });
} finally {
  rmSync(tablesWork, { recursive: true, force: true });
}
console.log(`golden files written to ${tablesExpected}`);
