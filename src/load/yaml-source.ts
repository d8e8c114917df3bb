import { LineCounter, parseDocument, type Document } from 'yaml';
import { lineText, type Diagnostic } from '../diagnostics';

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

const YAML_MESSAGES: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a "---" line); only one is allowed',
  TAB_AS_INDENT: 'tabs are not allowed as indentation in YAML',
  DUPLICATE_KEY: 'this key appears twice in the same mapping',
};

/** Parse YAML text; syntax errors come back as positioned diagnostics. */
export function parseYamlSource(
  text: string,
  file: string,
  options: { fileText?: string; lineOffset?: number } = {},
): { yaml: YamlSource; diagnostics: Diagnostic[] } {
  const fileText = options.fileText ?? text;
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const diagnostics = [...document.errors, ...document.warnings].map((error): Diagnostic => {
    let start = error.linePos?.[0] ?? { line: 1, col: 1 };
    let end = error.linePos?.[1];
    let message = YAML_MESSAGES[error.code] ?? stripPosition(error.message);
    // An unclosed quote runs to the end of the file, where yaml reports it; the user needs
    // the opening quote, which is the last quote mark before that point.
    const quote = error.code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(error.message)?.[1] : undefined;
    if (quote) {
      const opening = text.lastIndexOf(quote, error.pos[0] - 1);
      if (opening >= 0) {
        const position = lineCounter.linePos(opening);
        start = { line: position.line, col: position.col };
        end = undefined;
        message = `this quoted text is never closed with ${quote}`;
      }
    }
    // An unclosed flow collection is reported where the parser gave up; point at its opening bracket.
    const bracket = /end with a ([\]}])/.exec(error.message)?.[1];
    if (bracket) {
      const opening = findUnclosedOpening(text, error.pos[0], bracket === ']' ? '[' : '{', bracket);
      if (opening >= 0) {
        const position = lineCounter.linePos(opening);
        start = { line: position.line, col: position.col };
        end = undefined;
        message = `this ${bracket === ']' ? '[' : '{'} is never closed with ${bracket}`;
      }
    }
    const line = start.line + lineOffset;
    return {
      code: 'YAML_SYNTAX',
      severity: document.errors.includes(error) ? 'error' : 'warning',
      file,
      line,
      column: start.col,
      length: end && end.line === start.line ? Math.max(1, end.col - start.col) : 1,
      message,
      excerpt: lineText(fileText, line),
    };
  });
  return { yaml: { file, fileText, lineOffset, document, lineCounter }, diagnostics };
}

/**
 * The plain data of a parsed document. Aliases are capped so that a "billion laughs"
 * file fails in milliseconds instead of filling memory.
 */
export function yamlToData(yaml: YamlSource): { ok: true; data: unknown } | { ok: false; diagnostic: Diagnostic } {
  try {
    return { ok: true, data: yaml.document.toJS({ maxAliasCount: 100 }) };
  } catch (error) {
    return {
      ok: false,
      diagnostic: {
        code: 'YAML_SYNTAX',
        severity: 'error',
        file: yaml.file,
        line: 1 + yaml.lineOffset,
        column: 1,
        message: stripPosition(error instanceof Error ? error.message : String(error)),
      },
    };
  }
}

/** The last `open` before `before` that no `close` after it matches (quotes are not special-cased: good enough for a hint). */
function findUnclosedOpening(text: string, before: number, open: string, close: string): number {
  let depth = 0;
  for (let i = Math.min(before, text.length) - 1; i >= 0; i--) {
    if (text[i] === close) depth++;
    else if (text[i] === open) {
      if (depth === 0) return i;
      depth--;
    }
  }
  return -1;
}

/** yaml's pretty messages end with " at line N, column M:" and a snippet; we print our own. */
function stripPosition(message: string): string {
  const cut = message.search(/ at line \d+, column \d+/);
  const text = (cut >= 0 ? message.slice(0, cut) : message).trim();
  return text.charAt(0).toLowerCase() + text.slice(1);
}
