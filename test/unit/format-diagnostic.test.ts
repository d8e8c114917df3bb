import { formatDiagnostic } from '../../src';
import { main } from '../../src/cli';
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
