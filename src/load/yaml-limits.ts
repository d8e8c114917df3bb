import { Composer, Lexer, Parser, YAMLParseError, type CST, type Document, type LineCounter } from 'yaml';

/** Deeper than this is no file of ours: it is an attack on the parser's stack, or a generator gone wrong. */
export const MAX_NESTING = 64;

/**
 * Keys, values and list items in one file, counted with its aliases expanded. An organisation
 * file holds a few dozen; a care group's shared settings with years of review triggers a few
 * thousand. Everything after parsing (the schema check, placeholders, rendering) walks the
 * expanded data, so this is what bounds its time and memory.
 */
export const MAX_VALUES = 10_000;

/** Where parsing stopped early, and why. */
export interface ParseStop {
  offset: number;
  reason: 'nesting' | 'values';
}

/**
 * Parse YAML one lexical token at a time, stopping as soon as the nesting passes
 * MAX_NESTING or the tokens that make values pass what MAX_VALUES values can take. The
 * nesting is the parser's own stack of open collections, so every kind counts alike:
 * indentation, `- - -` and `? ` on one line, and flow brackets. Stopping early keeps the
 * parser's recursion and the work done on a hostile 1 MiB file small.
 *
 * Duplicate keys are not checked here: yaml's check compares each key with every earlier
 * one (quadratic); `checkDocument` does it with a Map.
 */
export function parseBounded(text: string, lineCounter: LineCounter): { document: Document.Parsed } | { stop: ParseStop } {
  const parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  const tokens: CST.Token[] = [];
  // Each value is at most one scalar plus one indicator before it ("-", "?", ":", ","),
  // so more than twice MAX_VALUES of these means more than MAX_VALUES values.
  let valueTokens = 0;
  let scalarText = false;
  for (const lexeme of new Lexer().lex(text)) {
    const offset = parser.offset;
    // A scalar's own text may start with anything ("-x", "'"): only the marker before it counts.
    const isText = scalarText;
    scalarText = lexeme === SCALAR;
    if (!isText && makesValue(lexeme) && ++valueTokens > 2 * MAX_VALUES) return { stop: { offset, reason: 'values' } };
    for (const token of parser.next(lexeme)) tokens.push(token);
    if (parser.stack.length > MAX_NESTING && openCollections(parser.stack) > MAX_NESTING) return { stop: { offset, reason: 'nesting' } };
  }
  for (const token of parser.end()) tokens.push(token);

  const composer = new Composer({ uniqueKeys: false });
  let document: Document.Parsed | undefined;
  for (const composed of composer.compose(tokens, true, text.length)) {
    if (!document) {
      document = composed;
    } else {
      document.errors.push(
        new YAMLParseError([composed.range[0], composed.range[1]], 'MULTIPLE_DOCS', 'the file holds more than one document'),
      );
      break;
    }
  }
  // compose(…, forceDoc = true) always gives a document, an empty one for empty text.
  return { document: document! };
}

/** The lexer marks a plain or block scalar with this token; the next one is its text. */
const SCALAR = '\u001f';

function makesValue(lexeme: string): boolean {
  switch (lexeme[0]) {
    case SCALAR:
    case '"':
    case "'":
    case '*':
      return true;
    case '-':
    case '?':
    case ':':
    case ',':
      return lexeme.length === 1;
    default:
      return false;
  }
}

function openCollections(stack: readonly CST.Token[]): number {
  let count = 0;
  for (const token of stack) if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') count++;
  return count;
}
