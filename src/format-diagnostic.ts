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

/**
 * One diagnostic as text, the way compilers print them so editors and CI logs can link
 * to the spot:
 *
 *     homes/ty-gwyn.yaml:3:20: error: organisation.registration_no must be text, not the number 12345 [TYPE_MISMATCH]
 *         3 |   registration_no: 012345
 *           |                    ^^^^^^
 *       hint: quote it, as registration_no: "012345", or the leading zero is lost
 */
export function formatDiagnostic(diagnostic: Diagnostic, options: FormatOptions = {}): string {
  const paint = options.colour ? painters.on : painters.off;
  const where = diagnostic.line !== undefined ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column ?? 1}` : diagnostic.file;
  const severity = diagnostic.severity === 'error' ? paint.bold.red('error') : paint.bold.yellow('warning');
  const lines = [`${paint.bold(where)}: ${severity}: ${diagnostic.message} ${paint.dim(`[${diagnostic.code}]`)}`];

  if (diagnostic.excerpt !== undefined && diagnostic.line !== undefined) {
    const number = String(diagnostic.line);
    const gutter = ' '.repeat(number.length);
    const column = Math.max(1, diagnostic.column ?? 1);
    const excerpt = diagnostic.excerpt.replace(/\t/g, ' ');
    const width = Math.max(1, Math.min(diagnostic.length ?? 1, Math.max(1, excerpt.length - column + 1)));
    lines.push(`  ${paint.dim(`${number} |`)} ${excerpt}`);
    const caret = diagnostic.severity === 'error' ? paint.red : paint.yellow;
    lines.push(`  ${paint.dim(`${gutter} |`)} ${' '.repeat(column - 1)}${caret('^'.repeat(width))}`);
  }
  if (diagnostic.hint) lines.push(`  ${paint.cyan('hint')}: ${diagnostic.hint}`);
  return lines.join('\n');
}
