/** Validate: takes loaded YAML and templates; gives a checked Organisation and TemplateLibrary, or positioned diagnostics. */
export * from './model';
export { textIn } from './localised-text';
export { validateOrganisation, logoPathOf } from './organisation';
export { validateTemplateLibrary, MAX_DOCUMENT_CHARS } from './template-library';
export { applyEdits, outputName } from './template-markdown';
export { describeUsage, type TemplateUsage } from './template-usage';
export { checkPlaceholders, checkTemplateForOrganisation, type PlaceholderVocabulary } from './placeholders';
export { logoDiagnostic } from './logo';
export { partialsIn, partialTranslationWarnings } from './partials';
export { missingTranslations } from './languages';
export { namesUsedByLibrary, sectionWarnings, unusedFieldWarnings } from './field-usage';
export { flattenFields, fieldGroups, COMPUTED_PLACEHOLDERS, FIELD_PREFIX, OPTIONAL_COMPUTED_PLACEHOLDERS, type FlatField } from './fields';
export { diagnosticAtPath, formatPath, type FieldPath } from './locate';
export { closest } from './schema-errors';
export { validateConfig, groupDefaultsOf, type ConfigDefaults, type PolicygenConfig } from './config';
export { mergeWithDefaults, checkGroupDefaults, type GroupDefaults } from './defaults';
export { policiesFor, type PolicyChoice } from './policy-choice';
export { sourceOf, type FieldOrigin } from './locate';
