import { lineText, type Diagnostic } from '../diagnostics';
import { LANGUAGES, LANGUAGE_NAMES_IN_ENGLISH, languageSuffix, type Language } from '../languages';
import type { TemplateLibrary, TemplatePartial, TemplateTag } from './model';

const byLanguage = new WeakMap<ReadonlyMap<string, TemplatePartial>, Map<Language, Map<string, TemplatePartial>>>();

/**
 * The partials a document in `language` includes, by name: `{{> sign-off}}` in a Welsh
 * policy is partials/sign-off.cy.md. Remembered per library, since every document asks.
 */
export function partialsIn(partials: ReadonlyMap<string, TemplatePartial>, language: Language): ReadonlyMap<string, TemplatePartial> {
  let languages = byLanguage.get(partials);
  if (!languages) byLanguage.set(partials, (languages = new Map<Language, Map<string, TemplatePartial>>()));
  let found = languages.get(language);
  if (!found) {
    found = new Map([...partials.values()].filter((partial) => partial.language === language).map((partial) => [partial.name, partial]));
    languages.set(language, found);
  }
  return found;
}

/**
 * PARTIAL_TRANSLATION_MISSING: a library that replaces a partial (the document-control
 * block, say) in one language and not another leaves the documents of the other language
 * on the earlier library's block, silently. Said for the languages `asked` (those the
 * run's homes read) whose documents include the partial, at the replacing file.
 */
export function partialTranslationWarnings(library: TemplateLibrary, asked: ReadonlySet<Language>): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const names = new Set([...library.partials.values()].map((partial) => partial.name));
  for (const name of [...names].sort()) {
    const versions = LANGUAGES.flatMap((language) => {
      const partial = partialsIn(library.partials, language).get(name);
      return partial ? [partial] : [];
    });
    const newest = versions.reduce((a, b) => ((b.libraryIndex ?? 0) > (a.libraryIndex ?? 0) ? b : a));
    for (const older of versions) {
      if ((older.libraryIndex ?? 0) >= (newest.libraryIndex ?? 0) || !asked.has(older.language)) continue;
      if (!includedIn(library, older.language).has(name)) continue;
      const language = LANGUAGE_NAMES_IN_ENGLISH[older.language];
      // The built-in library's path is wherever policygen is installed: its name says more.
      const from = older.libraryIndex ? older.file : 'the built-in library';
      const wanted = `${name}${languageSuffix(older.language)}.md`;
      warnings.push({
        code: 'PARTIAL_TRANSLATION_MISSING',
        severity: 'warning',
        file: newest.file,
        line: 1,
        column: 1,
        length: Math.max(1, lineText(newest.body, 1).length),
        excerpt: lineText(newest.body, 1),
        message: `this replaces the partial "${name}" in ${LANGUAGE_NAMES_IN_ENGLISH[newest.language]} only: ${language} documents still use the one from ${from}`,
        hint: `add ${wanted} beside it, so ${language} documents use your block too`,
      });
    }
  }
  return warnings;
}

/** The partials the templates of one language include, directly or through other partials. */
function includedIn(library: TemplateLibrary, language: Language): Set<string> {
  const partials = partialsIn(library.partials, language);
  const found = new Set<string>();
  const walk = (tags: readonly TemplateTag[]) => {
    for (const tag of tags) {
      if (tag.kind !== 'partial' || found.has(tag.name)) continue;
      found.add(tag.name);
      const partial = partials.get(tag.name);
      if (partial) walk(partial.tags);
    }
  };
  for (const template of library.templates) if (template.language === language) walk(template.tags);
  return found;
}
