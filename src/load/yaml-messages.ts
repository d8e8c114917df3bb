/**
 * yaml's error codes in the words of someone editing a care home's file, with the fix
 * spelt out where the mistake is a common one: a colon or an apostrophe in a value,
 * a "- " where a group of fields belongs, an unclosed quote or bracket.
 */

interface At {
  offset: number;
  end: number;
  message: string;
}

export interface Explained {
  offset: number;
  end: number;
  message: string;
  hint?: string;
}

const MESSAGES: Partial<Record<string, string>> = {
  MULTIPLE_DOCS: 'the file holds more than one YAML document (a "---" line); only one is allowed',
  TAB_AS_INDENT: 'tabs are not allowed as indentation in YAML',
  BLOCK_AS_IMPLICIT_KEY: 'the indentation of the lines around here does not line up',
  MULTILINE_IMPLICIT_KEY: 'the indentation of the lines around here does not line up',
  RESOURCE_EXHAUSTION: 'values are nested too deeply here',
};

const HINTS: Partial<Record<string, string>> = {
  TAB_AS_INDENT: 'indent with spaces',
  BLOCK_AS_IMPLICIT_KEY: 'indent every field of a group by the same number of spaces',
  MULTILINE_IMPLICIT_KEY: 'indent every field of a group by the same number of spaces',
};

/** Our message and hint for one of yaml's errors, possibly moved to where the user must look. */
export function explainYamlError(code: string, at: At, text: string): Explained {
  const line = lineAround(text, at.offset);
  if (code === 'BLOCK_AS_IMPLICIT_KEY' || code === 'MULTILINE_IMPLICIT_KEY' || code === 'BAD_INDENT') {
    const special = colonInValue(line) ?? listWhereGroupBelongs(text, line, code);
    if (special) return special;
  }
  if (code === 'UNEXPECTED_TOKEN') {
    const special = quoteInQuotedValue(line, at.offset);
    if (special) return special;
  }
  // An unclosed quote runs to the end of the file, where yaml reports it; the user needs
  // the opening quote, which is the last quote mark before that point.
  const quote = code === 'MISSING_CHAR' ? /closing (["'])quote/.exec(at.message)?.[1] : undefined;
  if (quote) {
    const opening = text.lastIndexOf(quote, at.offset - 1);
    if (opening >= 0) return { offset: opening, end: opening + 1, message: `this quoted text is never closed with ${quote}` };
  }
  // An unclosed flow collection is reported where the parser gave up; point at its opening bracket.
  const bracket = /end with a ([\]}])/.exec(at.message)?.[1];
  if (bracket) {
    const open = bracket === ']' ? '[' : '{';
    const opening = findUnclosedOpening(text, at.offset, open, bracket);
    if (opening >= 0) return { offset: opening, end: opening + 1, message: `this ${open} is never closed with ${bracket}` };
  }
  const hint = HINTS[code];
  return { offset: at.offset, end: at.end, message: MESSAGES[code] ?? plainMessage(at.message), ...(hint ? { hint } : {}) };
}

interface Line {
  start: number;
  text: string;
}

function lineAround(text: string, offset: number): Line {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const end = text.indexOf('\n', offset);
  return { start, text: text.slice(start, end < 0 ? text.length : end).replace(/\r$/, '') };
}

/** `  - key: value  # comment` split into its parts; undefined when the line has no `key: value`. */
const KEY_VALUE = /^(\s*(?:- +)*)([^\s#'"[\]{}:,-][^:#]*?|"[^"]*"|'[^']*'):[ \t]+(.*?)\s*$/;

/** `name: Cartref Gofal: Bryn Ŵyn`: the second ": " makes YAML read a mapping inside the value. */
function colonInValue(line: Line): Explained | undefined {
  const match = KEY_VALUE.exec(line.text);
  if (!match) return undefined;
  const [, lead = '', key = '', rawValue = ''] = match;
  const value = rawValue.replace(/\s+#.*$/, '');
  if (/^["'[{|>&*!]/.test(value) || !(/: /.test(value) || value.endsWith(':'))) return undefined;
  const offset = line.start + line.text.indexOf(value, lead.length + key.length + 1);
  return {
    offset,
    end: offset + value.length,
    message: `a value containing ": " must be quoted`,
    hint: `put it in double quotes: ${key}: ${JSON.stringify(value)}`,
  };
}

/** `'O'Prŷs'`: the apostrophe ends the single-quoted text, and the rest is left over. */
function quoteInQuotedValue(line: Line, offset: number): Explained | undefined {
  const match = KEY_VALUE.exec(line.text) ?? /^(\s*(?:- +)*)()(.*?)\s*$/.exec(line.text);
  if (!match) return undefined;
  const [, lead = '', key = '', rawValue = ''] = match;
  const quote = rawValue[0];
  if (quote !== "'" && quote !== '"') return undefined;
  const value = rawValue.replace(/\s+#[^'"]*$/, '');
  const start = line.start + line.text.indexOf(value, lead.length + key.length);
  if (offset < start || offset > start + value.length || !value.endsWith(quote)) return undefined;
  const inner = value.slice(1, -1);
  const prefix = key ? `${key}: ` : lead.trim() ? '- ' : '';
  if (quote === "'") {
    return {
      offset: start,
      end: start + value.length,
      message: 'an apostrophe inside single quotes ends the quoted text early',
      hint: `use double quotes around a value with an apostrophe: ${prefix}${JSON.stringify(inner)}`,
    };
  }
  return {
    offset: start,
    end: start + value.length,
    message: 'a double quote inside double quotes ends the quoted text early',
    hint: inner.includes("'")
      ? `put a backslash before each " inside: ${prefix}"${inner.replace(/"/g, '\\"')}"`
      : `use single quotes around a value with double quotes: ${prefix}'${inner}'`,
  };
}

/**
 * `    - first_name: Siân` under `registered_manager:`: a list item where a group of indented
 * fields belongs. yaml notices only at the next line, which it calls badly indented; the
 * user needs the "- " line.
 */
function listWhereGroupBelongs(text: string, line: Line, code: string): Explained | undefined {
  const indent = /^ */.exec(line.text)![0].length;
  let item: Line | undefined = /^ *- /.test(line.text) ? line : undefined;
  // For a badly indented line, look up at the lines of the same group for the "- ".
  for (let start = line.start; !item && code === 'BAD_INDENT' && start > 0;) {
    const above = lineAround(text, start - 1);
    start = above.start;
    if (/^\s*(#.*)?$/.test(above.text)) continue;
    const aboveIndent = /^ */.exec(above.text)![0].length;
    if (aboveIndent < indent) break;
    if (aboveIndent === indent && /^ *- /.test(above.text)) item = above;
  }
  if (!item) return undefined;
  const column = item.text.indexOf('-');
  const rest = item.text.slice(column + 1).trimStart();
  if (!/^[^\s#'"[\]{}:,-][^:#]*:( |$)/.test(rest)) return undefined;
  const offset = item.start + column;
  return {
    offset,
    end: offset + 1,
    message: 'a list item ("- ") where a group of indented fields is expected',
    hint: `write the group's fields without "- ", one under another: ${rest}`,
  };
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

/** yaml's messages, without its " at line N, column M:" and snippet (we print our own), starting lower-case. */
function plainMessage(message: string): string {
  const cut = message.search(/ at line \d+, column \d+/);
  const text = (cut >= 0 ? message.slice(0, cut) : message).trim();
  return text.charAt(0).toLowerCase() + text.slice(1);
}
