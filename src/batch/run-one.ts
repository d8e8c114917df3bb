import { hasErrors, type Diagnostic } from '../diagnostics';
import type { InputFile } from '../load';
import { prepareTemplateLibrary, processOrganisation, type Format } from '../pipeline';
import type { ReviewSchedule } from '../schedule';
import type { CalendarDate, Locale, TemplateLibrary } from '../validate';
import { compareOutputs, writeOutputs, type OutputStatus } from '../write';

/** What a run does with each organisation once it is rendered. */
export type Mode = 'write' | 'check' | 'validate' | 'schedule';

/** Everything a task needs, as plain data so it can cross into a worker thread. */
export interface TaskSettings {
  cwd: string;
  templates: readonly string[];
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
  ok: boolean;
  outputs: Array<{ path: string; status: OutputStatus }>;
  reviews: ReviewSchedule[];
  diagnostics: Diagnostic[];
}

// Each thread loads and checks the template library once, then reuses it for every organisation.
const libraries = new Map<string, Promise<TemplateLibrary>>();

function libraryKey(settings: TaskSettings): string {
  return JSON.stringify([settings.cwd, settings.templates]);
}

/** Hand this thread a library already loaded and checked (the main thread does, before a batch). */
export function rememberLibrary(settings: TaskSettings, library: TemplateLibrary): void {
  libraries.set(libraryKey(settings), Promise.resolve(library));
}

function libraryFor(settings: TaskSettings): Promise<TemplateLibrary> {
  const key = libraryKey(settings);
  let library = libraries.get(key);
  if (!library) {
    library = prepareTemplateLibrary(settings.templates, settings.cwd).then((prepared) => prepared.library);
    libraries.set(key, library);
  }
  return library;
}

/**
 * Run one organisation through the pipeline and do what the mode says with its outputs.
 * A bug never escapes as an exception: it becomes an INTERNAL_ERROR for this organisation,
 * so the rest of a batch still runs.
 */
export async function runOne(input: InputFile, settings: TaskSettings): Promise<OrganisationReport> {
  try {
    const outcome = await processOrganisation(input, {
      library: await libraryFor(settings),
      today: settings.today,
      formats: settings.formats,
      outDir: settings.outDir,
      cwd: settings.cwd,
      scheduleOnly: settings.mode === 'schedule',
      warnMissingGlyphs: settings.mode === 'validate' || settings.formats.includes('pdf'),
      ...(settings.defaultLocale ? { defaultLocale: settings.defaultLocale } : {}),
    });
    const report: OrganisationReport = {
      file: outcome.file,
      ok: false,
      outputs: [],
      reviews: outcome.schedules,
      diagnostics: outcome.diagnostics,
      ...(outcome.organisation ? { name: outcome.organisation.fields.name } : {}),
    };
    if (hasErrors(report.diagnostics)) return report;

    if (settings.mode === 'write') {
      const written = writeOutputs(outcome.outputs);
      report.outputs = written.results.map((r) => ({ path: r.file.displayPath, status: r.status }));
      report.diagnostics.push(...written.diagnostics);
    } else if (settings.mode === 'check') {
      report.outputs = compareOutputs(outcome.outputs).map((r) => ({ path: r.file.displayPath, status: r.status }));
    }
    report.ok = !hasErrors(report.diagnostics);
    return report;
  } catch (error) {
    return internalErrorReport(input, error);
  }
}

/** A bug while building one organisation, reported against it so the rest of a batch goes on. */
export function internalErrorReport(input: InputFile, error: unknown): OrganisationReport {
  return {
    file: input.displayPath,
    ok: false,
    outputs: [],
    reviews: [],
    diagnostics: [
      {
        code: 'INTERNAL_ERROR',
        severity: 'error',
        file: input.displayPath,
        message: `internal error: ${error instanceof Error ? error.message : String(error)}`,
        hint: 'this is a bug in policygen, not in your files; please report it with the command you ran',
      },
    ],
  };
}
