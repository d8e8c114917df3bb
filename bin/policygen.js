#!/usr/bin/env node
'use strict';
const { main, internalErrorText } = require('../dist/cli/index.js');

// The process-level edges the CLI's main() cannot see:
// - a reader that stops reading (`policygen due homes/ --json | head -1`) is not an error;
// - Ctrl-C leaves the terminal as it was (the progress bar hides the cursor); a command that
//   runs until stopped (preview, build --watch) is asked to stop cleanly, a second Ctrl-C ends it;
// - an exception that escapes everything is a bug: a short message and exit 70, no stack.
const closed = new Set();
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
    closed.add(stream); // stop writing to it, but finish, so the exit code still tells
  });
}
const writer = (stream) => ({
  isTTY: stream.isTTY,
  terminal: stream.isTTY ? stream : undefined,
  write: (text) => closed.has(stream) || stream.write(text),
});
const interruptListeners = new Set();
let interrupted = false;
process.on('SIGINT', () => {
  if (process.stderr.isTTY) process.stderr.write('\u001b[?25h\u001b[?7h\n');
  if (interrupted || interruptListeners.size === 0) process.exit(130);
  interrupted = true;
  for (const listener of interruptListeners) listener();
});
const bug = (error) => {
  process.stderr.write(internalErrorText(error));
  if (process.env.POLICYGEN_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exit(70);
};
process.on('uncaughtException', bug);
process.on('unhandledRejection', bug);

main({
  argv: process.argv.slice(2),
  cwd: process.cwd(),
  env: process.env,
  stdout: writer(process.stdout),
  stderr: writer(process.stderr),
  onInterrupt: (listener) => {
    interruptListeners.add(listener);
    return () => interruptListeners.delete(listener);
  },
}).then((code) => {
  process.exitCode = code;
});
