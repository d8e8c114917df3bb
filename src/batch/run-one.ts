import { hasErrors, internalErrorDiagnostic, type Diagnostic } from '../diagnostics';
import type { InputFile } from '../load';
import { processOrganisation } from '../pipeline';
import type { Format } from '../formats';
import type { ReviewSchedule } from '../schedule';
import type { CalendarDate, Locale, TemplateLibrary } from '../validate';
import { compareOutputs, writeOutputs, type OutputStatus } from '../write';

/** What a run does with each organisation once it is rendered. */
export type Mode = 'write' | 'check' | 'validate' | 'schedule';

/** Everything a task needs besides the template library, as plain data so it can cross into a worker thread. */
export interface TaskSettings {
  cwd: string;
  today: CalendarDate;
  formats: readonly Format[];
  /** Absolute output folder. */
  outDir: string;
  mode: Mode;
  /** The locale of organisations whose file does not give one. */
  defaultLocale?: Locale;
}

/** What happened to one organisation file. */
export interface OrganisationReport {
  file: string;
  /** The organisation's name, when the file could be read. */
  name?: string;
  /** The `org_field_…` placeholders the organisation defines (values and groups), when it is valid. */
  placeholders?: string[];
  ok: boolean;
  outputs: Array<{ path: string; status: OutputStatus }>;
  reviews: ReviewSchedule[];
  diagnostics: Diagnostic[];
}

/**
 * Run one organisation through the pipeline and do what the mode says with its outputs.
 * `library` is the one the run loaded and checked: every thread builds from exactly it.
 * A bug never escapes as an exception: it becomes an INTERNAL_ERROR for this organisation,
 * so the rest of a batch still runs.
 */
export async function runOne(input: InputFile, settings: TaskSettings, library: TemplateLibrary): Promise<OrganisationReport> {
  try {
    const rendered = await processOrganisation(input, {
      library,
      today: settings.today,
      formats: settings.formats,
      outDir: settings.outDir,
      cwd: settings.cwd,
      scheduleOnly: settings.mode === 'schedule',
      ...(settings.defaultLocale ? { defaultLocale: settings.defaultLocale } : {}),
    });
    const report: OrganisationReport = {
      file: rendered.file,
      ok: false,
      outputs: [],
      reviews: rendered.reviews,
      diagnostics: rendered.diagnostics,
      ...(rendered.organisation
        ? {
            name: rendered.organisation.fields.name,
            placeholders: [
              ...rendered.organisation.placeholders.values.map((value) => value.name),
              ...rendered.organisation.placeholders.groups,
            ],
          }
        : {}),
    };
    if (hasErrors(report.diagnostics)) return report;

    if (settings.mode === 'write') {
      const written = writeOutputs(rendered.outputs);
      report.outputs = written.results.map((r) => ({ path: r.file.displayPath, status: r.status }));
      report.diagnostics.push(...written.diagnostics);
    } else if (settings.mode === 'check') {
      report.outputs = compareOutputs(rendered.outputs).map((r) => ({ path: r.file.displayPath, status: r.status }));
    }
    report.ok = !hasErrors(report.diagnostics);
    return report;
  } catch (error) {
    return internalErrorReport(input, error);
  }
}

/** A bug while building one organisation, reported against it so the rest of a batch goes on. */
export function internalErrorReport(input: InputFile, error: unknown): OrganisationReport {
  return { file: input.displayPath, ok: false, outputs: [], reviews: [], diagnostics: [internalErrorDiagnostic(input.displayPath, error)] };
}
