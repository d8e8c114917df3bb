import { basename, join, resolve } from 'node:path';
import { hasErrors, type Diagnostic } from '../diagnostics';
import { isLanguage, LANGUAGES, type Language } from '../languages';
import { displayPathFor } from './display-path';
import { brokenLinkDiagnostics, listFolder } from './list-folder';
import { describeFsError, readTextFile } from './read-text';
import { loadTemplateImages, type TemplateImageFile } from './template-images';
import { scanTemplateMarkdown, type MarkdownScan } from './template-markdown';
import { parseYamlSource, yamlToData, type YamlSource } from './yaml-source';

/** The policy templates that ship with policygen. */
export const BUILT_IN_TEMPLATES = resolve(__dirname, '..', '..', 'templates');

/** A template file split into its front matter (still unvalidated) and its mustache body. */
export interface LoadedTemplate {
  /** The id the file name gives: `social-media.md` and `social-media.cy.md` are both `social-media`. */
  id: string;
  /** The language the file name gives: `social-media.md` is English, `social-media.cy.md` Welsh. */
  language: Language;
  file: string;
  fileText: string;
  frontMatter: YamlSource | undefined;
  frontMatterData: unknown;
  body: string;
  /** Lines of the file before the body, so body positions can be shown as file positions. */
  bodyLineOffset: number;
  /** What the body's Markdown refers to and uses, by offsets in `body`. */
  markdown?: MarkdownScan;
  /** The images it shows, read from the library. */
  images?: TemplateImageFile[];
}

/** A shared block, used as `{{> name}}`. */
export interface LoadedPartial {
  name: string;
  language: Language;
  file: string;
  body: string;
  markdown?: MarkdownScan;
  images?: TemplateImageFile[];
  /** The library folder it came from, as an index into `folders` (0: the built-in library). */
  libraryIndex?: number;
}

export interface LoadedTemplateLibrary {
  /** By id and language, in that order; a later library's template replaces an earlier one's in the same language. */
  templates: LoadedTemplate[];
  /** By `partialKey(name, language)`. */
  partials: Map<string, LoadedPartial>;
  /** The folders searched, as the user names them, in order: for messages about a missing translation. */
  folders?: string[];
}

/** How a partial is found: `sign-off` (English) or `sign-off.cy` (Welsh). */
export function partialKey(name: string, language: Language): string {
  return language === 'en' ? name : `${name}.${language}`;
}

/**
 * The id (or partial name) and language a file name gives: `visiting.md` is English,
 * `visiting.cy.md` Welsh. Ids have no dots, so a dot before `.md` always names a language.
 */
export function splitLanguage(fileName: string): { name: string; language: Language } | { name: string; unknown: string } {
  const stem = basename(fileName, '.md');
  const match = /^(.*)\.([^.]+)$/.exec(stem);
  if (!match) return { name: stem, language: 'en' };
  const [, name, suffix] = match as unknown as [string, string, string];
  return isLanguage(suffix) && suffix !== 'en' ? { name, language: suffix } : { name, unknown: suffix };
}

function unknownLanguage(file: string, name: string, suffix: string): Diagnostic {
  return {
    code: 'TEMPLATE_FRONT_MATTER',
    severity: 'error',
    file,
    message: `".${suffix}" in the file name is not a language policygen writes (${LANGUAGES.join(', ')})`,
    hint: `name the English version ${name}.md and the Welsh one ${name}.cy.md`,
  };
}

/** Files that document a library rather than being policies in it. */
const NOT_TEMPLATES = new Set(['readme.md', 'changelog.md', 'license.md', 'contributing.md']);

/**
 * Load template libraries in order: the built-in one first, then each `-t` folder.
 * A template or partial in a later library overrides one with the same name.
 */
export async function loadTemplateLibraries(
  folders: readonly string[],
  cwd: string,
): Promise<{ library: LoadedTemplateLibrary; diagnostics: Diagnostic[] }> {
  const templates = new Map<string, LoadedTemplate>();
  const partials = new Map<string, LoadedPartial>();
  const diagnostics: Diagnostic[] = [];
  const shownFolders: string[] = [];

  for (const folder of folders) {
    const absolute = resolve(cwd, folder);
    const shown = displayPathFor(absolute, cwd);
    shownFolders.push(shown);
    let listed: { names: string[]; broken: string[] };
    try {
      listed = await listFolder(absolute, (name) => name.endsWith('.md') && !NOT_TEMPLATES.has(name.toLowerCase()));
    } catch (error) {
      diagnostics.push({ code: 'FILE_UNREADABLE', severity: 'error', file: shown, message: `template folder: ${describeFsError(error)}` });
      continue;
    }
    diagnostics.push(...brokenLinkDiagnostics(absolute, listed.broken, cwd, 'warning'));
    for (const name of listed.names) {
      const absolutePath = join(absolute, name);
      const loaded = loadTemplateFile(absolutePath, displayPathFor(absolutePath, cwd));
      diagnostics.push(...loaded.diagnostics);
      if (loaded.template)
        templates.set(`${loaded.template.id}.${loaded.template.language}`, withImages(loaded.template, absolutePath, absolute, cwd));
    }
    const folderPartials = await loadPartials(join(absolute, 'partials'), absolute, cwd, diagnostics);
    for (const partial of folderPartials)
      partials.set(partialKey(partial.name, partial.language), { ...partial, libraryIndex: shownFolders.length - 1 });
    // A library may hold only partials: a consultant overriding one shared block.
    if (listed.names.length === 0 && folderPartials.length === 0) {
      diagnostics.push({
        code: 'NO_INPUT_FILES',
        severity: 'error',
        file: shown,
        message: 'this template folder holds no .md templates and no partials/ folder of them',
      });
    }
  }

  const order = (t: LoadedTemplate) => `${t.id}\u0000${LANGUAGES.indexOf(t.language)}`;
  const sorted = [...templates.values()].sort((a, b) => (order(a) < order(b) ? -1 : order(a) > order(b) ? 1 : 0));
  return { library: { templates: sorted, partials, folders: shownFolders }, diagnostics };
}

/** Read one template file and split off its `---` front matter. */
export function loadTemplateFile(absolutePath: string, displayPath: string): { template?: LoadedTemplate; diagnostics: Diagnostic[] } {
  const named = splitLanguage(basename(absolutePath));
  if ('unknown' in named) return { diagnostics: [unknownLanguage(displayPath, named.name, named.unknown)] };
  const read = readTextFile(absolutePath, displayPath);
  if (!read.ok) return { diagnostics: [read.diagnostic] };
  return parseTemplateText(toLf(read.text), named.name, displayPath, named.language);
}

const FRONT_MATTER = /^---\r?\n([\s\S]*?)^---[ \t]*(?:\r?\n|$)/m;

/** Split a template's text into front matter and body. Pure, so it can be tested without files. */
export function parseTemplateText(
  text: string,
  id: string,
  file: string,
  language: Language = 'en',
): { template?: LoadedTemplate; diagnostics: Diagnostic[] } {
  const match = text.startsWith('---') ? FRONT_MATTER.exec(text) : null;
  if (!match || match.index !== 0) {
    return {
      diagnostics: [
        {
          code: 'TEMPLATE_FRONT_MATTER',
          severity: 'error',
          file,
          line: 1,
          column: 1,
          message: 'a template starts with YAML front matter between two "---" lines',
          hint: 'add "---", "title: Your Policy Title", "---" as its first three lines',
        },
      ],
    };
  }
  const frontMatterText = match[1] ?? '';
  const { yaml, diagnostics } = parseYamlSource(frontMatterText, file, { fileText: text, lineOffset: 1 });
  let frontMatterData: unknown = undefined;
  if (!hasErrors(diagnostics)) {
    const converted = yamlToData(yaml);
    if (converted.ok) frontMatterData = converted.data;
    else diagnostics.push(converted.diagnostic);
  }
  const bodyStart = match[0].length;
  const bodyLineOffset = countLines(match[0]);
  return {
    template: {
      id,
      language,
      file,
      fileText: text,
      frontMatter: yaml,
      frontMatterData,
      body: text.slice(bodyStart),
      bodyLineOffset,
    },
    diagnostics,
  };
}

/**
 * A template or partial with its Markdown scanned and the images it shows read: paths are
 * relative to its own folder, or its library's `images/`.
 */
function withImages<T extends { body: string }>(loaded: T, absolutePath: string, library: string, cwd: string): T {
  const markdown = scanTemplateMarkdown(loaded.body);
  return { ...loaded, markdown, images: loadTemplateImages(markdown.images, absolutePath, library, cwd) };
}

async function loadPartials(folder: string, library: string, cwd: string, diagnostics: Diagnostic[]): Promise<LoadedPartial[]> {
  let listed: { names: string[]; broken: string[] };
  try {
    listed = await listFolder(folder, (name) => name.endsWith('.md'));
  } catch {
    return []; // A library without partials is normal.
  }
  diagnostics.push(...brokenLinkDiagnostics(folder, listed.broken, cwd, 'warning'));
  const partials: LoadedPartial[] = [];
  for (const name of listed.names) {
    const absolutePath = join(folder, name);
    const file = displayPathFor(absolutePath, cwd);
    const named = splitLanguage(name);
    if ('unknown' in named) {
      diagnostics.push(unknownLanguage(file, named.name, named.unknown));
      continue;
    }
    const read = readTextFile(absolutePath, file);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      continue;
    }
    partials.push(withImages({ name: named.name, language: named.language, file, body: toLf(read.text) }, absolutePath, library, cwd));
  }
  return partials;
}

/**
 * Templates are read with LF line endings whatever the editor saved, so the outputs are
 * byte-identical on every platform (a CRLF template once gave Markdown with mixed endings).
 * Positions are unchanged: a CR only ever ends a line.
 */
function toLf(text: string): string {
  return text.includes('\r') ? text.replace(/\r\n?/g, '\n') : text;
}

function countLines(text: string): number {
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) lines++;
  return lines;
}
