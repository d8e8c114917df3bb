import type { Diagnostic } from './diagnostics';

// ANSI styles by hand: util.styleText only arrived in Node 20.12, and we support all of 20.
const STYLES = { bold: [1, 22], dim: [2, 22], red: [31, 39], yellow: [33, 39], cyan: [36, 39] } as const;
type Style = keyof typeof STYLES;

function style(styles: Style | Style[], text: string): string {
  return ([] as Style[]).concat(styles).reduce((inner, name) => `\u001b[${STYLES[name][0]}m${inner}\u001b[${STYLES[name][1]}m`, text);
}

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
  const paint = (styles: Style | Style[], text: string) => (options.colour ? style(styles, text) : text);
  const where = diagnostic.line !== undefined ? `${diagnostic.file}:${diagnostic.line}:${diagnostic.column ?? 1}` : diagnostic.file;
  const severity = diagnostic.severity === 'error' ? paint(['bold', 'red'], 'error') : paint(['bold', 'yellow'], 'warning');
  const lines = [`${paint('bold', where)}: ${severity}: ${diagnostic.message} ${paint('dim', `[${diagnostic.code}]`)}`];

  if (diagnostic.excerpt !== undefined && diagnostic.line !== undefined) {
    const number = String(diagnostic.line);
    const gutter = ' '.repeat(number.length);
    const column = Math.max(1, diagnostic.column ?? 1);
    const excerpt = diagnostic.excerpt.replace(/\t/g, ' ');
    const width = Math.max(1, Math.min(diagnostic.length ?? 1, Math.max(1, excerpt.length - column + 1)));
    lines.push(`  ${paint('dim', `${number} |`)} ${excerpt}`);
    lines.push(
      `  ${paint('dim', `${gutter} |`)} ${' '.repeat(column - 1)}${paint(diagnostic.severity === 'error' ? 'red' : 'yellow', '^'.repeat(width))}`,
    );
  }
  if (diagnostic.hint) lines.push(`  ${paint('cyan', 'hint')}: ${diagnostic.hint}`);
  return lines.join('\n');
}
