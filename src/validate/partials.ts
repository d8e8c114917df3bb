import type { Language } from '../languages';
import type { TemplatePartial } from './model';

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
