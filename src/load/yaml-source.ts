import { LineCounter, parseDocument, type Document } from 'yaml';
import { lineText, positionAt, type Diagnostic } from '../diagnostics';

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
  BLOCK_AS_IMPLICIT_KEY: 'the indentation of the lines around here does not line up',
  MULTILINE_IMPLICIT_KEY: 'the indentation of the lines around here does not line up',
};

const YAML_HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces',
  BLOCK_AS_IMPLICIT_KEY: 'indent every field of a group by the same number of spaces',
  MULTILINE_IMPLICIT_KEY: 'indent every field of a group by the same number of spaces',
};

/** Deeper than this is no organisation file: it is an attack on the parser's stack, or a generator gone wrong. */
export const MAX_NESTING = 64;

/** Parse YAML text; syntax errors come back as positioned diagnostics. */
export function parseYamlSource(
  text: string,
  file: string,
  options: { fileText?: string; lineOffset?: number } = {},
): { yaml: YamlSource; diagnostics: Diagnostic[] } {
  const fileText = options.fileText ?? text;
  const lineOffset = options.lineOffset ?? 0;
  const lineCounter = new LineCounter();
  const tooDeep = findExcessiveNesting(text);
  if (tooDeep !== undefined) {
    const position = positionAt(text, tooDeep);
    const line = position.line + lineOffset;
    const yaml = { file, fileText, lineOffset, document: parseDocument(''), lineCounter };
    return {
      yaml: yaml,
      diagnostics: [
        {
          code: 'YAML_SYNTAX',
          severity: 'error',
          file,
          line,
          column: position.column,
          message: `values are nested more than ${MAX_NESTING} levels deep here`,
          excerpt: lineText(fileText, line).slice(0, 200),
        },
      ],
    };
  }
  const document = parseDocument(text, { lineCounter, prettyErrors: true, uniqueKeys: true });
  const reported = new Set<number>();
  const diagnostics = [...document.errors, ...document.warnings].flatMap((error): Diagnostic[] => {
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
    // One mistake often upsets the parser more than once on the same line: report the first.
    if (reported.has(line)) return [];
    reported.add(line);
    const hint = YAML_HINTS[error.code];
    return [
      {
        code: 'YAML_SYNTAX',
        severity: document.errors.includes(error) ? 'error' : 'warning',
        file,
        line,
        column: start.col,
        length: end && end.line === start.line ? Math.max(1, end.col - start.col) : 1,
        message,
        excerpt: lineText(fileText, line),
        ...(hint ? { hint } : {}),
      },
    ];
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
    const message = stripPosition(error instanceof Error ? error.message : String(error));
    // Point at the alias the message names, when it names one.
    const alias = /alias[^:]*: (\S+)$/.exec(message)?.[1];
    const offset = alias ? yaml.fileText.indexOf(`*${alias}`) : -1;
    const position = offset >= 0 ? positionAt(yaml.fileText, offset) : { line: 1 + yaml.lineOffset, column: 1 };
    const bomb = /excessive alias count/.test(message);
    return {
      ok: false,
      diagnostic: {
        code: 'YAML_SYNTAX',
        severity: 'error',
        file: yaml.file,
        ...position,
        message: bomb ? 'the file expands its aliases (*name) to far more data than an organisation file holds' : message,
        excerpt: lineText(yaml.fileText, position.line),
        ...(alias ? { hint: `define &${alias} before using *${alias}` } : {}),
      },
    };
  }
}

/**
 * The offset where brackets or indentation first nest deeper than MAX_NESTING, if they do.
 * The YAML parser recurses per level, so a file of 2,000 "[" would exhaust its stack.
 * Quotes and comments are skipped well enough for a guard; it only has to be generous.
 */
function findExcessiveNesting(text: string): number | undefined {
  let depth = 0;
  let quote: string | undefined;
  let lineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (lineStart) {
      if (c === ' ') {
        indent++;
        continue;
      }
      if (indent / 2 > MAX_NESTING) return i;
      lineStart = false;
    }
    if (c === '\n') {
      lineStart = true;
      indent = 0;
      if (quote === "'" || quote === '"') continue;
    }
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#' && (i === 0 || /\s/.test(text[i - 1]!))) {
      const end = text.indexOf('\n', i);
      i = end < 0 ? text.length : end - 1;
    } else if (c === '[' || c === '{') {
      if (++depth > MAX_NESTING) return i;
    } else if (c === ']' || c === '}') depth = Math.max(0, depth - 1);
  }
  return undefined;
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
