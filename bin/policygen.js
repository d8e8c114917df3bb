#!/usr/bin/env node
'use strict';
const { main } = require('../dist/cli/index.js');

main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
}).then((code) => {
  process.exitCode = code;
});
