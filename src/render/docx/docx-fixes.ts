/*
 * The one door into docx's internals. docx is not deterministic out of the box: hyperlink
 * relationship ids are random (nanoid), drawing ids come from a counter shared by every
 * document in the process, the core properties are dated from the clock, and its zip
 * entries carry the time of writing. So policygen takes the package's parts from docx's
 * compiler (the step before its zip), gives the ids numbers in the order they appear,
 * puts its own properties in, and zips the parts itself (./zip.ts) in a fixed order. docx
 * is pinned to one version in package.json, and what is used here is checked at first use.
 * It also lets a batch format once the parts that are the same in many policies.
 */
import { Packer, type Document } from 'docx';
import { zipParts, type ZipPart } from './zip';

interface Compiler {
  compile(file: Document, prettify: undefined, overrides: readonly ZipPart[]): Map<string, string | Uint8Array>;
}

let checkedCompiler: Compiler | undefined;

/** docx's compiler: the parts of the package by path, before they are zipped. */
function compiler(): Compiler {
  if (checkedCompiler) return checkedCompiler;
  const candidate = (Packer as unknown as { compiler?: Partial<Compiler> }).compiler;
  if (typeof candidate?.compile !== 'function') {
    throw new Error('docx has changed: Packer.compiler.compile is gone. policygen needs the docx version package.json pins.');
  }
  checkedCompiler = candidate as Compiler;
  return checkedCompiler;
}

/**
 * The .docx file of `document`, every run tagged with `language`, with `replacements` (path
 * and text) in place of docx's own parts: the same document gives the same bytes, built
 * alone or in a batch, on any day.
 */
export function packDocx(document: Document, language: string, replacements: readonly ZipPart[]): Uint8Array {
  const parts = compiler().compile(document, undefined, replacements);
  if (typeof parts.get('word/document.xml') !== 'string' || !parts.has('[Content_Types].xml')) {
    throw new Error('docx has changed: its compiler no longer gives word/document.xml and [Content_Types].xml as text.');
  }
  numberRelationships(parts);
  numberDrawings(parts);
  tagRunLanguage(parts, language);
  return zipParts(inZipOrder(parts));
}

const CONTENT_PART = /^word\/(document|header\d+|footer\d+)\.xml$/;

/**
 * Every run says its language (`w:lang`), so spell-checking works on any run, even one
 * copied into another document. docx would build three objects per run to write the same
 * tag, about a tenth of a policy's time, so it is written into the text here: appended to
 * each run's properties (language comes after every property policygen sets, in the
 * schema's order) or given as the run's only property. docx writes text escaped, so "<w:r>"
 * can only be a tag.
 */
function tagRunLanguage(parts: Map<string, string | Uint8Array>, language: string): void {
  const tag = `<w:lang w:val="${language}"/>`;
  for (const [path, text] of parts) {
    if (typeof text !== 'string' || !CONTENT_PART.test(path)) continue;
    if (text.includes('<w:lang ')) throw new Error(`docx has changed: ${path} already has language tags.`);
    parts.set(path, text.replaceAll('</w:rPr>', `${tag}</w:rPr>`).replace(BARE_RUN, `<w:r><w:rPr>${tag}</w:rPr>`));
  }
}

/** A run without properties. */
const BARE_RUN = /<w:r>(?!<w:rPr>)/g;

const RELATIONSHIP_ID = / Id="([^"]+)"/g;
const NUMBERED_ID = /^rId\d+$/;

/**
 * Relationship ids that docx draws at random (hyperlinks' nanoids) become rIdL1, rIdL2…
 * in the order they appear, in the relationship part and in the part it belongs to. An id
 * of any other shape left afterwards would be a new source of randomness: that stops the build.
 */
function numberRelationships(parts: Map<string, string | Uint8Array>): void {
  let next = 0;
  for (const path of [...parts.keys()].filter((p) => p.endsWith('.rels')).sort()) {
    let rels = parts.get(path) as string;
    const random = [...rels.matchAll(RELATIONSHIP_ID)].map((match) => match[1]!).filter((id) => !NUMBERED_ID.test(id));
    if (random.length > 0) {
      const owner = ownerOf(path);
      let ownerText = parts.get(owner);
      if (typeof ownerText !== 'string') throw new Error(`docx has changed: ${path} has a random id but ${owner} is not text.`);
      for (const id of random) {
        const renamed = `rIdL${++next}`;
        rels = rels.split(` Id="${id}"`).join(` Id="${renamed}"`);
        ownerText = ownerText.split(`r:id="${id}"`).join(`r:id="${renamed}"`);
      }
      parts.set(path, rels);
      parts.set(owner, ownerText);
    }
    for (const [, id] of rels.matchAll(RELATIONSHIP_ID)) {
      if (!/^rIdL?\d+$/.test(id!)) throw new Error(`docx has changed: relationship id "${id}" in ${path} is of an unknown kind.`);
    }
  }
}

/** A part docx formats through `prepForXml`, as its compiler calls it. */
interface Formattable {
  prepForXml(context: unknown): object;
}

/**
 * What each shared part is formatted from, as a key: the same key gives the same XML.
 * `fixed` covers the parts policygen gives no options for (settings, footnotes, endnotes).
 */
export interface SharedPartKeys {
  styles: string;
  theme: string;
  numbering: string;
  fixed: string;
}

const formatted = new Map<string, object>();
const REMEMBERED_FORMATS = 32;

/**
 * Formatting the styles, the theme, the list definitions and the fixed parts was about a
 * third of the time docx took over a policy, and they are the same for every policy of a
 * language and template. Each is formatted once per key and the formatted tree is handed
 * to docx's compiler again, which writes it to the same text. Formatting reads nothing but
 * the part itself (the numbering's instances follow the document's lists, which its key
 * names), so the bytes do not change; the tests compare a policy built alone with the same
 * policy built after others.
 *
 * `create` makes the document; `withOptions` says whether it must give the styles and the
 * theme their options (the first time a key is seen), or may leave docx's cheaper defaults
 * in their place, since those are never formatted.
 */
export function createSharingDocument(
  keys: SharedPartKeys,
  create: (withOptions: { styles: boolean; theme: boolean }) => Document,
): Document {
  const document = create({ styles: !formatted.has(`styles ${keys.styles}`), theme: !formatted.has(`theme ${keys.theme}`) });
  type Wrapper = { View?: Formattable };
  const file = document as unknown as {
    Styles?: Formattable;
    Theme?: Formattable;
    Numbering?: Formattable;
    Settings?: Formattable;
    FootNotes?: Wrapper;
    Endnotes?: Wrapper;
  };
  const parts: Array<[Formattable | undefined, string]> = [
    [file.Styles, `styles ${keys.styles}`],
    [file.Theme, `theme ${keys.theme}`],
    [file.Numbering, `numbering ${keys.numbering}`],
    [file.Settings, `settings ${keys.fixed}`],
    [file.FootNotes?.View, `footnotes ${keys.fixed}`],
    [file.Endnotes?.View, `endnotes ${keys.fixed}`],
  ];
  for (const [part, key] of parts) {
    if (typeof part?.prepForXml !== 'function')
      throw new Error(`docx has changed: a document no longer has the part formatted as "${key}".`);
    const cached = formatted.get(key);
    if (cached) {
      part.prepForXml = () => cached;
      continue;
    }
    const prepare = part.prepForXml.bind(part);
    part.prepForXml = (context) => {
      const tree = prepare(context);
      if (formatted.size >= REMEMBERED_FORMATS) formatted.clear();
      formatted.set(key, tree);
      return tree;
    };
  }
  return document;
}

/** `word/_rels/document.xml.rels` belongs to `word/document.xml`. */
function ownerOf(relsPath: string): string {
  return relsPath.replace(/(^|\/)_rels\/([^/]+)\.rels$/, '$1$2');
}

const DRAWING_ID = /<wp:docPr id="\d+"/g;

/** Drawing ids (`wp:docPr`), unique in the document, counted from 1 in the order of the parts. */
function numberDrawings(parts: Map<string, string | Uint8Array>): void {
  let next = 0;
  for (const path of [...parts.keys()].filter((p) => p.startsWith('word/') && p.endsWith('.xml')).sort()) {
    const text = parts.get(path);
    if (typeof text !== 'string' || !text.includes('<wp:docPr ')) continue;
    parts.set(
      path,
      text.replace(DRAWING_ID, () => `<wp:docPr id="${++next}"`),
    );
  }
}

/** [Content_Types].xml first, as word processors expect, then every other part by path. */
function inZipOrder(parts: Map<string, string | Uint8Array>): ZipPart[] {
  const paths = [...parts.keys()].filter((path) => path !== '[Content_Types].xml').sort();
  return ['[Content_Types].xml', ...paths].map((path) => ({ path, data: parts.get(path)! }));
}
