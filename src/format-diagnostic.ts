import chalk from 'chalk';
import type { Diagnostic } from './diagnostics';

// chalk 4, the CommonJS release: formatDiagnostic is synchronous, and chalk 5 could only be
// loaded from CommonJS with an asynchronous import() on every Node 20 release. The CLI
// decides whether to colour (a TTY, NO_COLOR, FORCE_COLOR: see cli/io.ts); chalk only paints.
const painters = { on: new chalk.Instance({ level: 1 }), off: new chalk.Instance({ level: 0 }) };

export interface FormatOptions {
  /** Colour with ANSI escapes. The CLI decides (TTY, NO_COLOR); the default is plain text. */
  colour?: boolean;
}

/** The most of a source line shown under a message: a minified or generated line can be 40 KB. */
export const EXCERPT_WIDTH = 100;

/**
 * One diagnostic as text, the way compilers print them so editors and CI logs can link
 * to the spot:
 *
 *     homes/ty-gwyn.yaml:3:20: error: organisation.registration_no must be text, not the number 12345 [TYPE_MISMATCH]
 *         3 |   registration_no: 012345
 *           |                    ^^^^^^
 *       hint: quote it, as registration_no: "012345", or the leading zero is lost
 *
 * Every part may hold text from the user's files (a value, a key, a path), so control
 * characters are shown as escapes: a message can never move the cursor, retitle or clear
 * the terminal it is printed on.
 */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatOptions = {}): string {
  const paint = options.colour ? painters.on : painters.off;
  const file = printable(diagnostic.file);
  const where = diagnostic.line !== undefined ? `${file}:${diagnostic.line}:${diagnostic.column ?? 1}` : file;
  const severity = diagnostic.severity === 'error' ? paint.bold.red('error') : paint.bold.yellow('warning');
  const lines = [`${paint.bold(where)}: ${severity}: ${printable(diagnostic.message)} ${paint.dim(`[${diagnostic.code}]`)}`];

  if (diagnostic.excerpt !== undefined && diagnostic.line !== undefined) {
    const number = String(diagnostic.line);
    const gutter = ' '.repeat(number.length);
    const { text, caretColumn, caretWidth } = excerptAround(diagnostic.excerpt, diagnostic.column ?? 1, diagnostic.length ?? 1);
    lines.push(`  ${paint.dim(`${number} |`)} ${text}`);
    const caret = diagnostic.severity === 'error' ? paint.red : paint.yellow;
    lines.push(`  ${paint.dim(`${gutter} |`)} ${' '.repeat(caretColumn - 1)}${caret('^'.repeat(caretWidth))}`);
  }
  if (diagnostic.hint) lines.push(`  ${paint.cyan('hint')}: ${printable(diagnostic.hint)}`);
  return lines.join('\n');
}

/**
 * The part of a source line to show, at most EXCERPT_WIDTH characters around the column,
 * with "…" where it is cut, and where the caret goes under it.
 */
function excerptAround(excerpt: string, column: number, length: number): { text: string; caretColumn: number; caretWidth: number } {
  // Tabs are shown as one space so that the caret lines up with what is shown.
  const line = excerpt.replace(/\t/g, ' ');
  const at = Math.min(Math.max(0, column - 1), line.length);
  let start = 0;
  let end = line.length;
  if (line.length > EXCERPT_WIDTH) {
    // Keep a third of the width before the column for context, the rest after it.
    start = Math.max(0, Math.min(at - Math.floor(EXCERPT_WIDTH / 3), line.length - EXCERPT_WIDTH));
    end = start + EXCERPT_WIDTH;
  }
  const markEnd = Math.min(end, at + Math.max(1, length));
  const before = (start > 0 ? '…' : '') + printable(line.slice(start, at));
  const marked = printable(line.slice(at, markEnd));
  const after = printable(line.slice(markEnd, end)) + (end < line.length ? '…' : '');
  const text = before + marked + after;
  return { text, caretColumn: before.length + 1, caretWidth: Math.max(1, marked.length) };
}

// C0 controls, DEL and C1 controls (a terminal acts on them: ESC sequences, bells,
// backspaces, carriage returns), and the invisible bidirectional overrides, which can make
// text read differently from what it is.
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const NAMED: Partial<Record<string, string>> = { '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Text from a user's file, safe to print: every control character shown as an escape such as \x1b. */
export function printable(text: string): string {
  return text.replace(UNPRINTABLE, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`);
  });
}
