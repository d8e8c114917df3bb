import { basename } from 'node:path';
import { hasErrors, internalErrorDiagnostic, type Diagnostic } from '../diagnostics';
import { displayPathFor, type InputFile } from '../load';
import { groupDefaultsFrom, processOrganisation, type RenderedOutput } from '../pipeline';
import type { Format } from '../formats';
import type { ReviewSchedule } from '../schedule';
import type { Language } from '../languages';
import { logoPathOf, type CalendarDate, type ConfigDefaults, type TemplateLibrary } from '../validate';
import { checkHome, homeFolder, writeHome, type HomeOutputs, type OutputResult } from '../write';

/** What a run does with each organisation once it is rendered: `render` keeps the files in memory. */
export type Mode = 'write' | 'check' | 'validate' | 'schedule' | 'render';

/** Everything a task needs besides the template library, as plain data so it can cross into a worker thread. */
export interface TaskSettings {
  cwd: string;
  today: CalendarDate;
  formats: readonly Format[];
  /** Absolute output folder. */
  outDir: string;
  mode: Mode;
  /** In `write` mode: remove the files an earlier build wrote that this one no longer makes. */
  prune?: boolean;
  /** The languages of organisations whose file does not give them. */
  defaultLanguages?: readonly Language[];
  /** A care group's defaults for every organisation, as the config file's text the run checked. */
  defaults?: ConfigDefaults;
  /** Also build each home's policy manual. */
  pack?: boolean;
  /** Policy ids first in the manual and the index, in this order. */
  order?: readonly string[];
}

/** What happened to one organisation file. */
export interface OrganisationReport {
  file: string;
  /** The organisation's name, when the file could be read. */
  name?: string;
  /** The `org_field_…` placeholders the organisation defines (values and groups), when it is valid. */
  placeholders?: string[];
  /** The languages its policies are built in, when it is valid. */
  languages?: Language[];
  ok: boolean;
  /** Its files and what became of each, including any `extra` (or `removed`) that an earlier build made. */
  outputs: OutputResult[];
  reviews: ReviewSchedule[];
  diagnostics: Diagnostic[];
  /**
   * The files its documents are made from besides the template library, as shown to the
   * user: the organisation file, and the logo it names (there or not): what a watcher watches.
   */
  sources?: string[];
  /** In `render` mode, when it is valid: every file a build would write, with its contents. */
  files?: RenderedFile[];
}

/** One file as `build` would write it into the organisation's output folder, kept in memory. */
export interface RenderedFile {
  /** The file's name in the organisation's output folder, e.g. `social-media.cy.html`. */
  name: string;
  /** Where `build` would write it, as shown to the user. */
  path: string;
  contents: string | Uint8Array;
  /** The policy document it is; none for the logo beside Markdown files. */
  document?: RenderedOutput['document'];
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
      warnMissingGlyphs: settings.mode === 'validate' || settings.formats.includes('pdf') || settings.pack === true,
      ...(settings.defaultLanguages ? { defaultLanguages: settings.defaultLanguages } : {}),
      ...(settings.defaults ? { defaults: groupDefaultsFrom(settings.defaults) } : {}),
      ...(settings.pack ? { pack: true } : {}),
      ...(settings.order ? { order: settings.order } : {}),
    });
    const report: OrganisationReport = {
      file: rendered.file,
      ok: false,
      outputs: [],
      reviews: rendered.reviews,
      diagnostics: rendered.diagnostics,
      sources: sourcesOf(input, rendered.organisation && logoPathOf(rendered.organisation), settings.cwd),
      ...(rendered.organisation
        ? {
            name: rendered.organisation.fields.name,
            languages: rendered.organisation.languages,
            placeholders: [
              ...rendered.organisation.placeholders.values.map((value) => value.name),
              ...rendered.organisation.placeholders.groups,
            ],
          }
        : {}),
    };
    if (hasErrors(report.diagnostics)) return report;
    if (settings.mode === 'render') report.files = rendered.outputs.map(toRenderedFile);

    const folder = rendered.organisation && homeFolder(settings.outDir, rendered.organisation.outputName);
    if ((settings.mode === 'write' || settings.mode === 'check') && folder) {
      const home: HomeOutputs = {
        folder,
        displayFolder: displayPathFor(folder, settings.cwd),
        organisationFile: input.absolutePath,
        files: rendered.outputs,
      };
      const done = settings.mode === 'write' ? writeHome(home, { prune: settings.prune === true }) : checkHome(home);
      report.outputs = done.outputs;
      report.diagnostics.push(...done.diagnostics);
    }
    report.ok = !hasErrors(report.diagnostics);
    return report;
  } catch (error) {
    return internalErrorReport(input, error);
  }
}

function sourcesOf(input: InputFile, logo: string | undefined, cwd: string): string[] {
  return logo === undefined ? [input.displayPath] : [input.displayPath, displayPathFor(logo, cwd)];
}

function toRenderedFile(output: RenderedOutput): RenderedFile {
  return {
    name: basename(output.path),
    path: output.displayPath,
    contents: output.contents,
    ...(output.document ? { document: output.document } : {}),
  };
}

/** A bug while building one organisation, reported against it so the rest of a batch goes on. */
export function internalErrorReport(input: InputFile, error: unknown): OrganisationReport {
  return { file: input.displayPath, ok: false, outputs: [], reviews: [], diagnostics: [internalErrorDiagnostic(input.displayPath, error)] };
}
