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
  | 'CONTROL_CHARACTER'
  // validate: schema
  | 'TYPE_MISMATCH'
  | 'REQUIRED_FIELD_MISSING'
  | 'UNKNOWN_FIELD'
  | 'INVALID_VALUE'
  | 'VALUE_LOOKS_CUT'
  // validate: meaning
  | 'UNKNOWN_POLICY'
  | 'FIELD_NAME_CLASH'
  | 'LOGO_NOT_FOUND'
  | 'LOGO_NOT_IMAGE'
  | 'LOGO_SMALL'
  | 'GLYPH_MISSING'
  | 'TRIGGER_BEFORE_LAST_REVIEW'
  | 'INTERVAL_IGNORED'
  | 'DEPRECATED_FIELD'
  | 'UNUSED_FIELD'
  // config file
  | 'CONFIG_INVALID'
  // templates
  | 'TEMPLATE_FRONT_MATTER'
  | 'TEMPLATE_SYNTAX'
  | 'PARTIAL_NOT_FOUND'
  | 'UNKNOWN_PLACEHOLDER'
  | 'TEMPLATE_TOO_LARGE'
  | 'SECTION_NEVER_SHOWN'
  | 'TRANSLATION_MISSING'
  | 'TRANSLATION_DRIFT'
  | 'PARTIAL_TRANSLATION_MISSING'
  | 'TEMPLATE_IMAGE_NOT_FOUND'
  | 'TEMPLATE_IMAGE_NOT_IMAGE'
  | 'TEMPLATE_IMAGE_PATH'
  | 'UNSUPPORTED_MARKDOWN'
  // schedule
  | 'REVIEW_OVERDUE'
  | 'LAST_REVIEW_IN_FUTURE'
  // write
  | 'OUTPUT_NAME_CLASH'
  | 'OUTPUT_WRITE_FAILED'
  | 'OUTPUT_KEPT'
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
  /**
   * For a problem in a care group's defaults that only some homes of the run meet: their
   * organisation files (the message names them too, the first few when there are many).
   */
  organisations?: string[];
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

/**
 * Lines and columns of one text, indexed once: a template with thousands of tags on one
 * line asks for thousands of positions, and each must not rescan the text before it.
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  /** The 1-based line and column of a 0-based offset. */
  position(offset: number): SourcePosition {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.starts[middle]! <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.starts[low]! + 1 };
  }

  /** The text of the 1-based `line`, without its line ending (a slice: no copy of a long line). */
  line(line: number): string {
    const start = this.starts[line - 1];
    if (start === undefined) return '';
    const next = this.starts[line];
    const end = next === undefined ? this.text.length : next - 1;
    return this.text.slice(start, end > start && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end);
  }
}

/** Turn a 0-based character offset into a 1-based line and column. */
export function positionAt(source: string, offset: number): SourcePosition {
  return new LineIndex(source.slice(0, offset)).position(offset);
}

/** The text of the 1-based `line` of `source`, without its line ending. */
export function lineText(source: string, line: number): string {
  return new LineIndex(source).line(line);
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

/** What every internal error tells the user, wherever it is caught. */
export const INTERNAL_ERROR_HINT = 'this is a bug in policygen, not in your files; please report it with the command you ran';

/** The message of an internal error: what went wrong, in the words of the exception. */
export function internalErrorMessage(error: unknown): string {
  return `internal error: ${error instanceof Error ? error.message : String(error)}`;
}

/** A bug met while working on `file`, as a diagnostic against it (so a batch goes on with the rest). */
export function internalErrorDiagnostic(file: string, error: unknown): Diagnostic {
  return { code: 'INTERNAL_ERROR', severity: 'error', file, message: internalErrorMessage(error), hint: INTERNAL_ERROR_HINT };
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
