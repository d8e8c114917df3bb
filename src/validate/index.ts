/** Validate: takes loaded YAML and templates; gives a checked Organisation and TemplateLibrary, or positioned diagnostics. */
export * from './model';
export { validateOrganisation, logoPathOf } from './organisation';
export { validateTemplateLibrary, checkPlaceholders, describeUsage, type PlaceholderVocabulary, type TemplateUsage } from './templates';
export { checkTemplateForOrganisation } from './placeholders';
export { logoDiagnostic } from './logo';
export { flattenFields, fieldGroups, COMPUTED_PLACEHOLDERS, FIELD_PREFIX, type FlatField } from './fields';
export { diagnosticAtPath, formatPath, type FieldPath } from './locate';
export { closest } from './schema-errors';
export { validateConfig, type PolicygenConfig } from './config';
