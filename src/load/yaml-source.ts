import { LineCounter, parseDocument, type Document, type YAMLError } from 'yaml';
import { lineText, positionAt, type Diagnostic, type DiagnosticCode } from '../diagnostics';
import { checkDocument, type DocumentProblem } from './yaml-checks';
import { MAX_NESTING, parseBounded } from './yaml-limits';
import { explainYamlError } from './yaml-messages';

export { MAX_NESTING, MAX_VALUES } from './yaml-limits';

/**
 * A YAML text parsed with its positions kept, so that validation can point at the
 * exact line and column of a bad value. The text may be a part of a larger file
 * (a template's front matter): `lineOffset` is how many lines of the file come first.
 */
export interface YamlSource {
  file: string;
  /** The whole file's text, for excerpts under messages. */
  fileText: string;
  lineOffset: number;
  document: Document.Parsed;
  lineCounter: LineCounter;
}

/** One problem at a source offset, before it becomes a positioned diagnostic. */
interface Problem {
  code: DiagnosticCode;
  severity: 'error' | 'warning';
  offset: number;
  end: number;
  message: string;
  hint?: string;
  path?: string;
  /** yaml's own code, for the messages that depend on it. */
  yamlCode?: string;
}

/**
 * Parse YAML text; syntax errors, and files too deep or too large once their aliases are
 * expanded, come back as positioned diagnostics, as do control characters in keys and values.
 */
export function parseYamlSource(
  text: string,
  file: string,
  options: { fileText?: string; lineOffset?: number } = {},
): { yaml: YamlSource; diagnostics: Diagnostic[] } {
  const fileText = options.fileText ?? text;
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const source = (document: Document.Parsed): YamlSource => ({ file, fileText, lineOffset, document, lineCounter });
  // Positions through the line counter the parser filled: a file may have thousands of problems.
  const toDiagnostic = (problem: Problem): Diagnostic => {
    const start = lineCounter.linePos(problem.offset);
    const end = lineCounter.linePos(Math.max(problem.offset + 1, problem.end));
    return {
      code: problem.code,
      severity: problem.severity,
      file,
      line: start.line + lineOffset,
      column: start.col,
      length: end.line === start.line ? Math.max(1, end.col - start.col) : 1,
      ...(problem.path ? { path: problem.path } : {}),
      message: problem.message,
      excerpt: lineAt(text, lineCounter, start.line),
      ...(problem.hint ? { hint: problem.hint } : {}),
    };
  };
  const fail = (
    problem: Omit<Problem, 'code' | 'severity' | 'end'> & { end?: number },
  ): { yaml: YamlSource; diagnostics: Diagnostic[] } => ({
    yaml: source(parseDocument('')),
    diagnostics: [toDiagnostic({ code: 'YAML_SYNTAX', severity: 'error', end: problem.offset + 1, ...problem })],
  });

  let document: Document.Parsed;
  let checks: DocumentProblem[];
  try {
    const parsed = parseBounded(text, lineCounter);
    if ('stop' in parsed) {
      return fail({
        offset: parsed.stop.offset,
        message:
          parsed.stop.reason === 'nesting'
            ? `values are nested more than ${MAX_NESTING} levels deep here`
            : 'the file holds more than 10,000 values; no policygen file needs so many',
      });
    }
    document = parsed.document;
    checks = checkDocument(document, text);
  } catch (error) {
    // The limits above keep the parser's recursion shallow; this is the last line of defence.
    if (!isStackOverflow(error)) throw error;
    if (lineCounter.lineStarts.length === 0) lineCounter.addNewLine(0);
    return fail({ offset: 0, message: `values are nested too deeply to read (more than ${MAX_NESTING} levels)` });
  }

  const problems: Problem[] = [
    ...document.errors.map((error) => fromYamlError(error, 'error')),
    ...document.warnings.map((warning) => fromYamlError(warning, 'warning')),
    ...checks.map((check): Problem => ({
      code: check.kind === 'control-character' ? 'CONTROL_CHARACTER' : 'YAML_SYNTAX',
      severity: 'error',
      offset: check.offset,
      end: check.end,
      message: check.message,
      ...(check.hint ? { hint: check.hint } : {}),
      ...(check.path ? { path: check.path } : {}),
    })),
  ].sort((a, b) => a.offset - b.offset);

  // A tab upsets the parser about every line after it: the tab is the cause, say only that.
  const firstTab = problems.find((problem) => problem.yamlCode === 'TAB_AS_INDENT')?.offset ?? Infinity;
  const reported = new Set<number>();
  const diagnostics: Diagnostic[] = [];
  for (const problem of problems) {
    if (problem.offset > firstTab && problem.yamlCode !== 'TAB_AS_INDENT') continue;
    const explained = problem.yamlCode ? { ...problem, ...explainYamlError(problem.yamlCode, problem, text) } : problem;
    const diagnostic = toDiagnostic(explained);
    // One mistake often upsets the parser more than once on the same line: report the first.
    if (reported.has(diagnostic.line!)) continue;
    reported.add(diagnostic.line!);
    diagnostics.push(diagnostic);
    // A file of garbage has a problem on every line; the first screenful is what helps.
    if (diagnostics.length === MAX_REPORTED && problem !== problems[problems.length - 1]) {
      diagnostics.push({
        code: 'YAML_SYNTAX',
        severity: 'error',
        file,
        message: `more problems follow line ${diagnostic.line!}; fix these first`,
      });
      break;
    }
  }
  return { yaml: source(document), diagnostics };
}

const MAX_REPORTED = 20;

/** The 1-based line `line` of `text`, without its line ending (the counter may not have seen the lines after it). */
function lineAt(text: string, lineCounter: LineCounter, line: number): string {
  const start = lineCounter.lineStarts[line - 1] ?? text.length;
  const end = text.indexOf('\n', start);
  return text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '');
}

function fromYamlError(error: YAMLError, severity: 'error' | 'warning'): Problem {
  return {
    code: 'YAML_SYNTAX',
    severity,
    offset: error.pos[0],
    end: error.pos[1],
    message: error.message,
    yamlCode: error.code,
  };
}

/**
 * The plain data of a parsed document. `parseYamlSource` has already refused a document
 * whose aliases expand too far; the alias cap here is a second guard.
 */
export function yamlToData(yaml: YamlSource): { ok: true; data: unknown } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, data: yaml.document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    const raw = error instanceof Error ? error.message : String(error);
    // Point at the alias the message names, when it names one.
    const alias = /alias[^:]*: (\S+)$/.exec(raw)?.[1];
    const offset = alias ? yaml.fileText.indexOf(`*${alias}`) : -1;
    const position = offset >= 0 ? positionAt(yaml.fileText, offset) : { line: 1 + yaml.lineOffset, column: 1 };
    const message = /excessive alias count/i.test(raw)
      ? 'the file expands its aliases (*name) to far more data than an organisation file holds'
      : isStackOverflow(error)
        ? `values are nested too deeply to read (more than ${MAX_NESTING} levels)`
        : lowerFirst(raw);
    return {
      ok: false,
      diagnostic: {
        code: 'YAML_SYNTAX',
        severity: 'error',
        file: yaml.file,
        ...position,
        message,
        excerpt: lineText(yaml.fileText, position.line),
        ...(alias ? { hint: `define &${alias} before using *${alias}` } : {}),
      },
    };
  }
}

function isStackOverflow(error: unknown): boolean {
  return error instanceof RangeError && /call stack/i.test(error.message);
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
