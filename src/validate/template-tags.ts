import Mustache from 'mustache';
import { LineIndex, type Diagnostic } from '../diagnostics';
import type { TemplateTag } from './model';

type MustacheToken = [string, string, number, number, MustacheToken[]?, ...unknown[]];

const KINDS: Record<string, TemplateTag['kind'] | undefined> = {
  name: 'variable',
  '&': 'variable',
  '#': 'section',
  '^': 'inverted',
  '>': 'partial',
};

/**
 * Parse a mustache body and list its tags with file positions. `fileText` and
 * `lineOffset` place the body inside its file (after a template's front matter).
 */
export function parseTags(
  body: string,
  file: string,
  fileText: string,
  lineOffset: number,
): { ok: true; tags: TemplateTag[] } | { ok: false; diagnostic: Diagnostic } {
  const bodyLines = new LineIndex(body);
  const fileLines = fileText === body ? bodyLines : new LineIndex(fileText);
  const place = (offset: number) => {
    const { line, column } = bodyLines.position(offset);
    return { line: line + lineOffset, column };
  };
  let tokens: MustacheToken[];
  try {
    tokens = Mustache.parse(body) as unknown as MustacheToken[];
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = errorOffset(body, message);
    const { line, column } = place(offset);
    const tripleBrace = message.startsWith('Unclosed tag') && body.startsWith('{{{', offset);
    return {
      ok: false,
      diagnostic: {
        code: 'TEMPLATE_SYNTAX',
        severity: 'error',
        file,
        line,
        column,
        message: tripleBrace ? 'this tag opens with three braces and is never closed with three' : describeMustacheError(message),
        excerpt: fileLines.line(line),
        ...(tripleBrace ? { hint: 'write {{name}}, two braces on each side, or {{{name}}} to keep the Markdown in a value' } : {}),
      },
    };
  }
  const walk = (list: MustacheToken[]): TemplateTag[] =>
    list.flatMap((token): TemplateTag[] => {
      const kind = KINDS[token[0]];
      if (!kind) return [];
      const { line, column } = place(token[2]);
      return [
        {
          kind,
          name: token[1],
          file,
          line,
          column,
          length: token[3] - token[2],
          excerpt: fileLines.line(line),
          children: kind === 'section' || kind === 'inverted' ? walk(token[4] ?? []) : [],
        },
      ];
    });
  return { ok: true, tags: walk(tokens) };
}

/** Where the user must look for a mustache syntax error; mustache often reports the place it gave up. */
function errorOffset(body: string, message: string): number {
  const reported = Number(/ at (\d+)$/.exec(message)?.[1] ?? 0);
  // mustache reports an unclosed tag at the end of the text; the culprit is the first tag whose closing braces never come.
  if (message.startsWith('Unclosed tag')) return findUnclosedTag(body) ?? Math.max(0, body.lastIndexOf('{{', reported));
  // "Invalid tags" carries no position: the culprit is a delimiter change.
  if (message.startsWith('Invalid tags')) return Math.max(0, body.indexOf('{{='));
  // mustache reports an unclosed section at the end of the text; point at its opening tag.
  const unclosed = /^Unclosed section "([^"]*)"/.exec(message)?.[1];
  if (unclosed !== undefined) {
    const escaped = unclosed.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const openings = [...body.slice(0, reported).matchAll(new RegExp(`\\{\\{\\s*[#^]\\s*${escaped}\\s*\\}\\}`, 'g'))];
    return openings.at(-1)?.index ?? reported;
  }
  return reported;
}

/**
 * The first `{{` whose closing braces never come, reading tags as mustache does: `{{{x}}`
 * (a brace too few) wants `}}}`, which may never appear, while later tags are fine.
 */
function findUnclosedTag(body: string): number | undefined {
  for (let open = body.indexOf('{{'); open >= 0;) {
    const closing = body[open + 2] === '{' ? '}}}' : '}}';
    const close = body.indexOf(closing, open + 2);
    if (close < 0) return open;
    open = body.indexOf('{{', close + closing.length);
  }
  return undefined;
}

function describeMustacheError(message: string): string {
  const name = /"([^"]*)"/.exec(message)?.[1];
  if (message.startsWith('Unclosed section')) return `the section {{#${name}}} is never closed with {{/${name}}}`;
  if (message.startsWith('Unopened section')) return `{{/${name}}} closes a section that was never opened`;
  if (message.startsWith('Unclosed tag')) return 'this tag is never closed with }}';
  if (message.startsWith('Invalid tags')) return 'this delimiter change is not valid; policy templates use {{ and }}';
  return message.replace(/ at \d+$/, '');
}

/** A diagnostic at a tag's position in its own file (a template or a partial). */
export function tagDiagnostic(tag: TemplateTag, code: Diagnostic['code'], message: string, hint?: string): Diagnostic {
  return {
    code,
    severity: 'error',
    file: tag.file,
    line: tag.line,
    column: tag.column,
    length: tag.length,
    message,
    excerpt: tag.excerpt,
    ...(hint ? { hint } : {}),
  };
}

/** The same diagnostic once, however many paths (partials used twice) lead to it. */
export function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return diagnostics.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.code}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
