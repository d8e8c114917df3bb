/**
 * The library API: what `policygen build` and `policygen validate` do, without a process,
 * a console or exit codes. Scripts `import { build } from "policygen"`.
 */
import { resolve } from 'node:path';
import { compareDiagnostics, hasErrors, type Diagnostic } from './diagnostics';
import { expandInputs, type InputFile } from './load';
import { FORMATS, prepareTemplateLibrary, processOrganisation, type Format, type OrganisationOutcome } from './pipeline';
import { resolveToday, type ReviewSchedule } from './schedule';
import type { CalendarDate, TemplateLibrary } from './validate';
import { writeOutputs, type OutputStatus } from './write';

export interface CommonOptions {
  /** Organisation files, or folders of them (every `*.yaml`/`*.yml` inside). */
  inputs: readonly string[];
  /** Folder that relative paths are resolved against. Default: the current working folder. */
  cwd?: string;
  /** Extra template folders, after the built-in library; a later template with the same id wins. */
  templates?: readonly string[];
  /** The date to treat as today, `yyyy-MM-dd`. Default: today's local date. Throws `InvalidTodayError` if it is not a date. */
  today?: CalendarDate;
}

export interface BuildOptions extends CommonOptions {
  /** Output folder. Default `out`. */
  out?: string;
  /** Default `['md']`. */
  formats?: readonly Format[];
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

export interface BuildResult {
  /** True when there is no error at all (warnings allowed). */
  ok: boolean;
  today: CalendarDate;
  organisations: OrganisationReport[];
  /** Every diagnostic, including ones about templates or inputs rather than one organisation. */
  diagnostics: Diagnostic[];
}

/**
 * Build every organisation × every template. A bad organisation never stops the others;
 * an error in the template library stops everything before anything is written.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const formats = options.formats ?? ['md'];
  for (const format of formats) {
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new TypeError(`unknown format "${format}": expected one of ${FORMATS.join(', ')}`);
    }
  }
  return run(options, async (outcome, cwd) => {
    const written = await writeOutputs(outcome.outputs);
    return {
      outputs: written.results.map((r) => ({ path: r.file.displayPath, status: r.status })),
      diagnostics: written.diagnostics,
    };
  }, { formats, outDir: resolve(options.cwd ?? process.cwd(), options.out ?? 'out') });
}

/** Check organisation files (schema, policy ids, logo, placeholders) without writing anything. */
export async function validate(options: CommonOptions): Promise<BuildResult> {
  return run(options, async () => ({ outputs: [], diagnostics: [] }), { formats: ['md'], outDir: resolve(options.cwd ?? process.cwd(), 'out') });
}

type Finish = (
  outcome: OrganisationOutcome,
  cwd: string,
) => Promise<{ outputs: OrganisationReport['outputs']; diagnostics: Diagnostic[] }>;

async function run(options: CommonOptions, finish: Finish, target: { formats: readonly Format[]; outDir: string }): Promise<BuildResult> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const today = resolveToday({ ...(options.today !== undefined ? { today: options.today } : {}) });
  const diagnostics: Diagnostic[] = [];

  const prepared = await prepareTemplateLibrary(options.templates ?? [], cwd);
  diagnostics.push(...prepared.diagnostics);
  const expanded = await expandInputs(options.inputs, cwd);
  diagnostics.push(...expanded.diagnostics);
  if (hasErrors(prepared.diagnostics)) {
    return { ok: false, today, organisations: [], diagnostics: diagnostics.sort(compareDiagnostics) };
  }

  const organisations: OrganisationReport[] = [];
  const claimed = new Map<string, string>();
  for (const input of expanded.files) {
    const report = await processOne(input, prepared.library, today, target, cwd, claimed, finish);
    organisations.push(report);
    diagnostics.push(...report.diagnostics);
  }
  return { ok: !hasErrors(diagnostics), today, organisations, diagnostics: diagnostics.sort(compareDiagnostics) };
}

async function processOne(
  input: InputFile,
  library: TemplateLibrary,
  today: CalendarDate,
  target: { formats: readonly Format[]; outDir: string },
  cwd: string,
  claimed: Map<string, string>,
  finish: Finish,
): Promise<OrganisationReport> {
  const outcome = await processOrganisation(input, { library, today, formats: target.formats, outDir: target.outDir, cwd });
  const report: OrganisationReport = {
    file: outcome.file,
    ok: false,
    outputs: [],
    reviews: outcome.schedules,
    diagnostics: outcome.diagnostics,
    ...(outcome.organisation ? { name: outcome.organisation.fields.name } : {}),
  };
  if (hasErrors(outcome.diagnostics)) return report;

  // Two files called home.yaml in different folders would write into the same output folder.
  const folder = outcome.organisation?.outputName ?? '';
  const owner = claimed.get(folder);
  if (owner !== undefined) {
    report.diagnostics.push({
      code: 'OUTPUT_NAME_CLASH',
      severity: 'error',
      file: outcome.file,
      message: `${owner} already builds into the output folder "${folder}"`,
      hint: 'give each organisation file a different name',
    });
    return report;
  }
  claimed.set(folder, outcome.file);

  const finished = await finish(outcome, cwd);
  report.outputs = finished.outputs;
  report.diagnostics.push(...finished.diagnostics);
  report.ok = !hasErrors(report.diagnostics);
  return report;
}
