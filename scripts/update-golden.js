#!/usr/bin/env node
// Rebuild the golden files the end-to-end tests compare against. Read the diff
// (git diff test/fixtures) by eye before committing: a golden file is a promise.
'use strict';
const { execFileSync } = require('node:child_process');
const { rmSync } = require('node:fs');
const { join } = require('node:path');

const repo = join(__dirname, '..');
const expected = join(repo, 'test', 'fixtures', 'examples', 'expected');
rmSync(expected, { recursive: true, force: true });
execFileSync(
  process.execPath,
  [join(repo, 'bin', 'policygen.js'), 'build', 'examples', '-f', 'md,html', '-o', expected, '--today', '2026-11-25', '--quiet'],
  {
    cwd: repo,
    stdio: 'inherit',
  },
);
console.log(`golden files written to ${expected}`);
