#!/usr/bin/env node
// Record what policygen says for every case in test/fixtures/bad/ into its case.json
// ("stderr": the diagnostic lines, in order). Read the diff by eye before committing:
// these are the messages users will see. Run `npm run build` first.
'use strict';
const { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { main } = require('../dist/cli');
const { layOutCase } = require('../test/fixtures/bad/lay-out-case.js');

const root = join(__dirname, '..', 'test', 'fixtures', 'bad');
(async () => {
  for (const name of readdirSync(root, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort()) {
    const spec = JSON.parse(readFileSync(join(root, name, 'case.json'), 'utf8'));
    const cwd = mkdtempSync(join(tmpdir(), 'policygen-bad-'));
    layOutCase(join(root, name), cwd, spec);
    let stderr = '';
    const code = await main({
      argv: spec.args,
      cwd,
      env: { NO_COLOR: '1' },
      stdout: { write: () => true },
      stderr: { write: (t) => (stderr += t) },
    });
    rmSync(cwd, { recursive: true, force: true });
    // A case that lists hint lines holds their wording too: record them all again.
    const hints = spec.stderr.some((line) => line.startsWith('  hint: '));
    spec.stderr = stderr
      .split('\n')
      .filter((line) => /^\S.*: (error|warning): /.test(line) || line.startsWith('policygen: ') || (hints && line.startsWith('  hint: ')));
    spec.exitCode = code;
    writeFileSync(join(root, name, 'case.json'), `${JSON.stringify(spec, null, 2)}\n`);
    console.log(`${String(code).padStart(2)} ${name}\n   ${spec.stderr.join('\n   ')}`);
  }
})();
