/**
 * policygen's library API. Everything here is data in, data out: no console, no exit codes.
 *
 * @example
 *   import { build } from 'care-policygen';
 *   const result = await build({ inputs: ['homes/'], out: 'policies', today: '2026-04-01' });
 *   if (!result.ok) for (const d of result.diagnostics) console.error(formatDiagnostic(d));
 */
export {
  build,
  render,
  due,
  dueCalendar,
  listTemplates,
  loadConfig,
  validate,
  type BuildOptions,
  type BuildResult,
  type BuildSummary,
  type RenderedFile,
  type RenderOptions,
  type ValidateOptions,
  type CommonOptions,
  type DueEntry,
  type DueOptions,
  type DueResult,
  type LeftoverReport,
  type OrganisationReport,
  type Progress,
  type TemplateInfo,
  type TemplateListing,
} from './api';
export type { OutputResult, OutputStatus } from './write';
export type { Diagnostic, DiagnosticCode, Severity } from './diagnostics';
export { formatDiagnostic } from './format-diagnostic';
export { FORMATS, type Format } from './formats';
export { InvalidTodayError, type ReviewSchedule, type ReviewReason, type TriggerOrigin } from './schedule';
export type { CalendarDate, ConfigDefaults, LocalisedText, PolicygenConfig, TemplateUsage } from './validate';
// A reason or changes as written (one text, or one per language): the text a reader in `language` sees.
export { textIn } from './validate/localised-text';
export { LANGUAGES, type Language } from './languages';
