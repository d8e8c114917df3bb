/** Validate: takes loaded YAML and templates; gives a checked Organisation and TemplateLibrary, or positioned diagnostics. */
export * from './model';
export { validateOrganisation, logoPathOf } from './organisation';
export {
  validateTemplateLibrary,
  checkPlaceholders,
  describeUsage,
  type PlaceholderProblem,
  type PlaceholderVocabulary,
  type TemplateUsage,
} from './templates';
export { flattenFields, fieldGroups, FIELD_PREFIX, type FlatField } from './fields';
export { diagnosticAtPath, formatPath, type FieldPath } from './locate';
export { closest } from './schema-errors';
export { validateConfig, type PolicygenConfig } from './config';
