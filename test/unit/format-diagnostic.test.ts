import { formatDiagnostic } from '../../src';
import { main } from '../../src/cli';
import { EXCERPT_WIDTH } from '../../src/format-diagnostic';
import { wantsColour } from '../../src/cli/io';

const diagnostic = {
  code: 'TYPE_MISMATCH' as const,
  severity: 'error' as const,
  file: 'home.yaml',
  line: 3,
  column: 20,
  length: 6,
  message: 'organisation.registration_no must be text, not the number 12345',
  excerpt: '  registration_no: 012345',
  hint: 'quote it',
};

test('plain text has no escape codes, and the caret sits under the value', () => {
  expect(formatDiagnostic(diagnostic)).toBe(
    [
      'home.yaml:3:20: error: organisation.registration_no must be text, not the number 12345 [TYPE_MISMATCH]',
      '  3 |   registration_no: 012345',
      '    |                    ^^^^^^',
      '  hint: quote it',
    ].join('\n'),
  );
});

test('colour wraps the parts in ANSI codes without changing the text', () => {
  const coloured = formatDiagnostic(diagnostic, { colour: true });
  expect(coloured).toContain('\u001b[31m');

  expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatDiagnostic(diagnostic));
});

test('a diagnostic without a position names just the file', () => {
  expect(formatDiagnostic({ code: 'FILE_UNREADABLE', severity: 'error', file: 'x.yaml', message: 'no such file' })).toBe(
    'x.yaml: error: no such file [FILE_UNREADABLE]',
  );
});

test('colour only on a terminal, never with NO_COLOR, forced by FORCE_COLOR', () => {
  const tty = { write: () => true, isTTY: true };
  const pipe = { write: () => true };
  expect(wantsColour(tty, {})).toBe(true);
  expect(wantsColour(pipe, {})).toBe(false);
  expect(wantsColour(tty, { NO_COLOR: '1' })).toBe(false);
  expect(wantsColour(tty, { TERM: 'dumb' })).toBe(false);
  expect(wantsColour(pipe, { FORCE_COLOR: '1' })).toBe(true);
});

describe('the CLI colours its diagnostics only for a person at a terminal', () => {
  const run = async (env: Record<string, string>, isTTY: boolean) => {
    let stderr = '';
    await main({
      argv: ['validate', 'missing.yaml'],
      cwd: __dirname,
      env,
      stdout: { write: () => true },
      stderr: { write: (text: string) => (stderr += text), isTTY },
    });
    return stderr;
  };
  const ESC = '\u001b[';

  test('a terminal gets colour', async () => expect(await run({}, true)).toContain(ESC));
  test('NO_COLOR turns it off, even on a terminal', async () => expect(await run({ NO_COLOR: '1' }, true)).not.toContain(ESC));
  test('a pipe gets plain text', async () => expect(await run({}, false)).not.toContain(ESC));
  test('FORCE_COLOR turns it on in a pipe', async () => expect(await run({ FORCE_COLOR: '1' }, false)).toContain(ESC));
});

test('text from the user is printed with its control characters escaped, so it cannot retitle or clear the terminal', () => {
  const hostile = {
    code: 'CONTROL_CHARACTER' as const,
    severity: 'error' as const,
    file: 'home\u001b[2J.yaml',
    line: 2,
    column: 9,
    length: 3,
    message: 'organisation.name holds "\u001b]0;pwned\u0007\u009b31m"',
    excerpt: '  name: "\u001b]0;pwned\u0007"',
    hint: 'remove \u202eit\r',
  };
  expect(formatDiagnostic(hostile)).toBe(
    [
      'home\\x1b[2J.yaml:2:9: error: organisation.name holds "\\x1b]0;pwned\\x07\\x9b31m" [CONTROL_CHARACTER]',
      '  2 |   name: "\\x1b]0;pwned\\x07"',
      '    |         ^^^^^^',
      '  hint: remove \\u202eit\\r',
    ].join('\n'),
  );
  // In colour, the only escapes are policygen's own colour codes.
  const coloured = formatDiagnostic(hostile, { colour: true });
  expect(coloured.replace(/\u001b\[\d+m/g, '')).toBe(formatDiagnostic(hostile));
  expect(coloured.replace(/\u001b\[\d+m/g, '')).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/);
});

test('a long source line is cut to a readable width around the column, the caret still under the culprit', () => {
  const line = `  deep: ${'['.repeat(40_000)}`;
  const text = formatDiagnostic({ ...diagnostic, line: 4, column: 71, length: 1, excerpt: line, message: 'too deep', hint: undefined });
  const [, shown, caret] = text.split('\n');
  expect(shown).toBe(`  4 | …${'['.repeat(EXCERPT_WIDTH)}…`);
  expect(caret).toBe(`    | ${' '.repeat(1 + Math.floor(EXCERPT_WIDTH / 3))}^`);
  // Near the start of a long line nothing is cut before the column; near its end nothing after.
  const start = formatDiagnostic({ ...diagnostic, line: 1, column: 3, length: 4, excerpt: `  name${' x'.repeat(100)}`, hint: undefined });
  expect(start.split('\n')[1]).toBe(`  1 |   name${' x'.repeat(47)}…`);
  expect(start.split('\n')[2]).toBe('    |   ^^^^');
  const end = formatDiagnostic({ ...diagnostic, line: 1, column: 201, length: 2, excerpt: `${'x '.repeat(100)}ab`, hint: undefined });
  expect(end.split('\n')[1]).toBe(`  1 | …${'x '.repeat(100).slice(-98)}ab`);
  expect(end.split('\n')[2]).toBe(`    | ${' '.repeat(99)}^^`);
});
