/**
 * Problems a user can cause are data, not exceptions: every stage returns
 * `Diagnostic`s and the CLI decides how to print them and which exit code to use.
 */

/** Every code a diagnostic can carry. The README lists them with their meaning. */
export type DiagnosticCode =
  // load
  | 'FILE_UNREADABLE'
  | 'NO_INPUT_FILES'
  | 'YAML_SYNTAX'
  | 'EMPTY_FILE'
  // validate: schema
  | 'TYPE_MISMATCH'
  | 'REQUIRED_FIELD_MISSING'
  | 'UNKNOWN_FIELD'
  | 'INVALID_VALUE'
  // validate: meaning
  | 'UNKNOWN_POLICY'
  | 'FIELD_NAME_CLASH'
  | 'LOGO_NOT_FOUND'
  | 'LOGO_NOT_IMAGE'
  | 'LOGO_SMALL'
  | 'GLYPH_MISSING'
  | 'TRIGGER_BEFORE_LAST_REVIEW'
  | 'INTERVAL_IGNORED'
  // config file
  | 'CONFIG_INVALID'
  // templates
  | 'TEMPLATE_FRONT_MATTER'
  | 'TEMPLATE_SYNTAX'
  | 'PARTIAL_NOT_FOUND'
  | 'UNKNOWN_PLACEHOLDER'
  // schedule
  | 'REVIEW_OVERDUE'
  | 'LAST_REVIEW_IN_FUTURE'
  // write
  | 'OUTPUT_NAME_CLASH'
  | 'OUTPUT_WRITE_FAILED'
  // a bug in policygen, reported for one organisation so the rest of a batch still runs
  | 'INTERNAL_ERROR';

export type Severity = 'error' | 'warning';

/** One problem, positioned in the file that caused it where a position exists. */
export interface Diagnostic {
  code: DiagnosticCode;
  severity: Severity;
  message: string;
  /** Path of the file at fault, as the user named it (relative to the working folder where possible). */
  file: string;
  /** 1-based line and column in `file`. */
  line?: number;
  column?: number;
  /** Length of the offending text on `line`, for the caret underline. */
  length?: number;
  /** Dotted path of the field at fault, e.g. `organisation.registration_no`. */
  path?: string;
  /** A suggestion of what to change. */
  hint?: string;
  /** The text of `line` in `file`, so the message can show it with a caret without re-reading the file. */
  excerpt?: string;
}

/** A position in a source text, 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
  length?: number;
}

export function hasErrors(diagnostics: readonly Diagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'error');
}

/** Turn a 0-based character offset into a 1-based line and column. */
export function positionAt(source: string, offset: number): SourcePosition {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The text of the 1-based `line` of `source`, without its line ending. */
export function lineText(source: string, line: number): string {
  const lines = source.split(/\r?\n/);
  return lines[line - 1] ?? '';
}

/** Build a diagnostic positioned at `offset` in `source`, with the excerpt filled in. */
export function diagnosticAt(
  source: string,
  offset: number,
  fields: Omit<Diagnostic, 'line' | 'column' | 'excerpt' | 'severity'> & { severity?: Severity },
): Diagnostic {
  const { line, column } = positionAt(source, offset);
  return { severity: 'error', ...fields, line, column, excerpt: lineText(source, line) };
}

/** Sort for stable output: by file, then position, then code. */
export function compareDiagnostics(a: Diagnostic, b: Diagnostic): number {
  if (a.file !== b.file) return a.file < b.file ? -1 : 1;
  const byLine = (a.line ?? 0) - (b.line ?? 0);
  if (byLine !== 0) return byLine;
  const byColumn = (a.column ?? 0) - (b.column ?? 0);
  if (byColumn !== 0) return byColumn;
  return a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
}
