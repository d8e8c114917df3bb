/**
 * The library API: what `policygen build`, `validate` and `due` do, without a process, a
 * console or exit codes. Scripts `import { build } from "care-policygen"`.
 */
import { availableParallelism } from 'node:os';
import { basename, extname, join, resolve, sep } from 'node:path';
import { statSync } from 'node:fs';
import { stringify } from 'yaml';
import {
  checkBoolean,
  checkFormats,
  checkFunction,
  checkLanguages,
  checkShard,
  checkString,
  checkStringList,
  checkWholeNumber,
} from './api-options';
import { runAll, selectShard, type Mode, type OrganisationReport, type Shard, type TaskSettings } from './batch';
import { compareDiagnostics, hasErrors, type Diagnostic } from './diagnostics';
import { BUILT_IN_TEMPLATES, displayPathFor, expandInputs, findConfigFile, loadConfigFile, type InputFile, type YamlSource } from './load';
import { prepareGroupDefaults, prepareTemplateLibrary } from './pipeline';
import { templateGlyphWarnings } from './render';
import type { Format } from './formats';
import { LANGUAGES, type Language } from './languages';
import { resolveToday, type ReviewReason } from './schedule';
import {
  closest,
  describeUsage,
  diagnosticAtPath,
  partialsIn,
  partialTranslationWarnings,
  sectionWarnings,
  FIELD_PREFIX,
  validateConfig,
  type CalendarDate,
  type ConfigDefaults,
  type PolicygenConfig,
  type TemplateLibrary,
  type TemplateUsage,
} from './validate';
import { findLeftoverFolders, leftoverExtras, listExtras, pruneLeftoverFolder, type OutputResult, type OutputStatus } from './write';

export type { OrganisationReport, RenderedFile } from './batch';

export interface CommonOptions {
  /** Organisation files, or folders of them (every `*.yaml`/`*.yml` inside). */
  inputs: readonly string[];
  /** Folder that relative paths are resolved against. Default: the current working folder. */
  cwd?: string;
  /** Extra template folders, after the built-in library; a later template with the same id wins. */
  templates?: readonly string[];
  /** The date to treat as today, `yyyy-MM-dd`. Default: today's local date. Throws `InvalidTodayError` if it is not a date. */
  today?: CalendarDate;
  /** Worker threads for batches. Default: for PDF builds, one per 500 PDFs (organisations × templates) up to the number of cores; 1 otherwise (see `defaultJobs`). */
  jobs?: number;
  /** Only this slice of the organisations, e.g. `"2/4"` or `{ index: 2, count: 4 }`. */
  shard?: Shard | string;
  /** Called as each organisation finishes, for a progress display. */
  onProgress?: (progress: Progress) => void;
  /**
   * Only these organisation files of `inputs` (paths resolved against `cwd`), for a watcher
   * that rebuilds what changed: the others still count as present, so their output folders
   * are never leftovers. Default: all of them.
   */
  only?: readonly string[];
  /** The date language of organisations whose file does not give one. Default `en-GB`. */
  defaultLanguages?: readonly Language[];
  /** @deprecated since 0.2: `defaultLanguages` (`'cy'` is `['cy']`, `'en-GB'` is `['en']`). */
  defaultLocale?: 'en-GB' | 'cy';
  /**
   * A care group's defaults for every organisation file, in the organisation file's shape:
   * `loadConfig().config.defaults` (problems are then positioned in the config file), or an
   * object such as `{ organisation: { group_name: 'Glannau Care' } }` (positioned in it as
   * YAML, in a file called "(defaults option)"). A home's own values win; triggers add up.
   */
  defaults?: ConfigDefaults | Record<string, unknown>;
}

export interface Progress {
  done: number;
  total: number;
  file: string;
  ok: boolean;
}

export interface BuildOptions extends CommonOptions {
  /** Output folder. Default `out`. */
  out?: string;
  /** Default `['md']`. */
  formats?: readonly Format[];
  /**
   * Compare with what is on disk instead of writing: outputs come back `up-to-date`, `stale`
   * or `missing`, and files an earlier build made that this one would not `extra`.
   */
  check?: boolean;
  /**
   * Remove the files an earlier build made that this one no longer makes (an organisation
   * file, template or format gone): they come back `removed`. Only files policygen wrote, and
   * still exactly as it wrote them, are removed. Not with `check`.
   */
  prune?: boolean;
  /**
   * Also build each home's policy manual, `policy-pack.pdf` (`policy-pack.<language>.pdf`
   * for each language of a bilingual home), and its index page.
   */
  pack?: boolean;
  /** Template ids that come first in each manual and index, in this order; the others follow by title. */
  order?: readonly string[];
}

export interface BuildResult {
  /** True when there is no error at all (warnings allowed). */
  ok: boolean;
  today: CalendarDate;
  organisations: OrganisationReport[];
  /** Every diagnostic, including ones about templates or inputs rather than one organisation. */
  diagnostics: Diagnostic[];
  /** Output folders of organisation files that no longer exist, and their files (`extra`, or `removed` by `prune`). */
  leftovers: LeftoverReport[];
  summary: BuildSummary;
}

/** An output folder policygen made for an organisation file that is gone. */
export interface LeftoverReport {
  /** The folder, as shown to the user. */
  folder: string;
  /** The organisation file it was built from, which no longer exists. */
  organisation: string;
  outputs: OutputResult[];
}

export interface BuildSummary {
  organisations: number;
  failed: number;
  /** How many outputs ended in each status, leftover folders' files included. */
  outputs: Record<OutputStatus, number>;
}

/**
 * Build every organisation × every template × every format. A bad organisation never
 * stops the others; an error in the template library stops everything before anything is
 * written. With `check`, nothing is written at all.
 */
export async function build(options: BuildOptions): Promise<BuildResult> {
  const formats = checkFormats(options.formats) ?? ['md'];
  const out = checkString('out', options.out) ?? 'out';
  checkBoolean('check', options.check);
  checkBoolean('prune', options.prune);
  checkBoolean('pack', options.pack);
  const order = checkStringList('order', options.order);
  if (options.check && options.prune) throw new TypeError('check and prune cannot be used together: check writes nothing');
  const { library: _library, ...result } = await run(options, options.check ? 'check' : 'write', formats, out, {
    prune: options.prune === true,
    pack: options.pack === true,
    ...(order ? { order } : {}),
  });
  return result;
}

export interface RenderOptions extends CommonOptions {
  /** The output folder `build` would write into: it names each file's `path`. Default `out`. */
  out?: string;
  /** Default `['md']`. */
  formats?: readonly Format[];
  /** As for `build`: each home's policy manual and index page too. */
  pack?: boolean;
  /** As for `build`: template ids first in each manual and index, in this order. */
  order?: readonly string[];
}

/**
 * Build in memory: each valid organisation's report carries `files`, every file `build`
 * would write with these options, byte for byte, and nothing is written or compared.
 * For previews and editors; `build` runs the very same steps and then writes.
 */
export async function render(options: RenderOptions): Promise<BuildResult> {
  const formats = checkFormats(options.formats) ?? ['md'];
  const out = checkString('out', options.out) ?? 'out';
  checkBoolean('pack', options.pack);
  const order = checkStringList('order', options.order);
  const { library: _library, ...result } = await run(options, 'render', formats, out, {
    pack: options.pack === true,
    ...(order ? { order } : {}),
  });
  return result;
}

export interface ValidateOptions extends CommonOptions {
  /** The config file's `order`, checked as `build` checks it (an unknown id is a warning at its line). */
  order?: readonly string[];
}

/** Check organisation files (schema, policy ids, logo, placeholders) without writing anything. */
export async function validate(options: ValidateOptions): Promise<BuildResult> {
  const order = checkStringList('order', options.order);
  const { library: _library, ...result } = await run(options, 'validate', ['md'], 'out', order ? { order } : {});
  return result;
}

export interface DueOptions extends CommonOptions {
  /** A review within this many days counts as due. Default 30. */
  withinDays?: number;
}

/** One policy of one organisation, and when it must be reviewed. */
export interface DueEntry {
  file: string;
  organisation: string;
  policy: string;
  /** The policy's title in the organisation's preferred language. */
  title: string;
  /** The version of the policy's template (its front matter's `version`). */
  version: string;
  /** The languages the organisation's policies are built in: one review covers them all. */
  languages: Language[];
  lastReviewed: CalendarDate;
  nextReview: CalendarDate;
  daysLeft: number;
  reason: ReviewReason;
  status: 'overdue' | 'due' | 'ok';
}

export interface DueResult {
  /** True when there is no error (reviews being due is not an error). */
  ok: boolean;
  today: CalendarDate;
  withinDays: number;
  /** Most urgent first. */
  entries: DueEntry[];
  /** True when any review is overdue or due within the window. */
  anyDue: boolean;
  diagnostics: Diagnostic[];
}

/** Every organisation × policy with its review dates, and whether any review is due. */
export async function due(options: DueOptions): Promise<DueResult> {
  const withinDays = checkWholeNumber('withinDays', options.withinDays, 0, 3660) ?? 30;
  const result = await run(options, 'schedule', ['md'], 'out');
  const policies = new Map(result.library?.policies.map((policy) => [policy.id, policy]));
  const titleOf = (id: string, language: Language | undefined) => {
    const policy = policies.get(id);
    return (language && policy?.templates.get(language)?.title) ?? policy?.primary.title ?? id;
  };
  const entries: DueEntry[] = result.organisations.flatMap((organisation) =>
    organisation.reviews.map((review) => ({
      file: organisation.file,
      organisation: organisation.name ?? organisation.file,
      policy: review.policyId,
      title: titleOf(review.policyId, organisation.languages?.[0]),
      version: review.version,
      languages: organisation.languages ?? [],
      lastReviewed: review.lastReviewed,
      nextReview: review.nextReview,
      daysLeft: review.daysLeft,
      reason: review.reason,
      status: review.daysLeft < 0 ? 'overdue' : review.daysLeft <= withinDays ? 'due' : 'ok',
    })),
  );
  entries.sort((a, b) => a.daysLeft - b.daysLeft || a.file.localeCompare(b.file) || a.policy.localeCompare(b.policy));
  return {
    ok: result.ok,
    today: result.today,
    withinDays,
    entries,
    anyDue: entries.some((entry) => entry.status !== 'ok'),
    diagnostics: result.diagnostics,
  };
}

/**
 * The review calendar of a `due` result (what `policygen due --ics` writes): one all-day
 * event per organisation and policy on its next review date, each in the organisation's
 * preferred language, with a reminder 30 days before. `entries` defaults to all of them;
 * pass a selection (those due within the window, say) to narrow it.
 */
export function dueCalendar(result: Pick<DueResult, 'today' | 'entries'>, entries: readonly DueEntry[] = result.entries): string {
  const { renderCalendar } = require('./render/ics') as typeof import('./render/ics');
  return renderCalendar(
    entries.map((entry) => ({
      file: entry.file,
      organisation: entry.organisation,
      policy: entry.policy,
      title: entry.title,
      language: entry.languages[0] ?? 'en',
      lastReviewed: entry.lastReviewed,
      nextReview: entry.nextReview,
      reason: entry.reason,
    })),
    result.today,
  );
}

/** A run's result, and the template library it built from (for `due`'s titles). */
type RunResult = BuildResult & { library?: TemplateLibrary };

async function run(
  options: CommonOptions,
  mode: Mode,
  formats: readonly Format[],
  out: string,
  { prune = false, pack = false, order }: { prune?: boolean; pack?: boolean; order?: readonly string[] } = {},
): Promise<RunResult> {
  if (typeof options !== 'object' || options === null) throw new TypeError('options must be an object such as { inputs: ["homes/"] }');
  const inputs = checkStringList('inputs', options.inputs, { nonEmpty: true })!;
  const templates = checkStringList('templates', options.templates) ?? [];
  const cwd = resolve(checkString('cwd', options.cwd) ?? process.cwd());
  const jobs = checkWholeNumber('jobs', options.jobs, 1, 256);
  const shard = checkShard(options.shard);
  const only = checkStringList('only', options.only);
  const defaultLanguages = checkLanguages(options.defaultLanguages, options.defaultLocale);
  checkFunction('onProgress', options.onProgress);
  const defaults = checkDefaults(options.defaults, cwd);
  if (options.today !== undefined && typeof options.today !== 'string') throw new TypeError('today must be a date written YYYY-MM-DD');
  const today = resolveToday({ ...(options.today !== undefined ? { today: options.today } : {}) });
  const diagnostics: Diagnostic[] = [];
  // The library is checked here once, so a broken template stops the run before any work starts.
  const prepared = await prepareTemplateLibrary(templates, cwd);
  const library = prepared.library;
  const finish = (organisations: OrganisationReport[], leftovers: LeftoverReport[] = []): RunResult => {
    diagnostics.push(...onceEach(organisations, defaults?.file));
    return {
      ok: !hasErrors(diagnostics),
      today,
      organisations,
      diagnostics: diagnostics.sort(compareDiagnostics),
      leftovers,
      summary: summarise(organisations, leftovers),
      library,
    };
  };

  // A translation that drifted from its English original matters to the homes that read it:
  // said after the run, for the languages its homes ask for (`templates` always says it).
  const isDrift = (d: Diagnostic) => d.code === 'TRANSLATION_DRIFT';
  diagnostics.push(...prepared.diagnostics.filter((d) => !isDrift(d)));
  if (mode === 'validate' || (mode !== 'schedule' && (formats.includes('pdf') || pack)))
    diagnostics.push(...templateGlyphWarnings(prepared.library));
  if (order) diagnostics.push(...checkOrder(order, prepared.library));
  const expanded = await expandInputs(inputs, cwd);
  diagnostics.push(...expanded.diagnostics);
  if (hasErrors(prepared.diagnostics)) return finish([]);
  // The group's defaults are checked once, here: a mistake in one is reported once, and nothing is built.
  if (defaults) {
    const checked = prepareGroupDefaults(defaults, prepared.library);
    if (hasErrors(checked.diagnostics)) {
      diagnostics.push(...checked.diagnostics.filter((d) => d.severity === 'error'));
      return finish([]);
    }
  }

  // Sorted, so that shards are the same slices on every machine whatever order files were named in.
  const work = [...expanded.files].sort((a, b) => (a.displayPath < b.displayPath ? -1 : a.displayPath > b.displayPath ? 1 : 0));
  const sharded = shard ? selectShard(work, shard) : work;
  const wanted = only && new Set(only.map((file) => resolve(cwd, file)));
  const mine = wanted ? sharded.filter((file) => wanted.has(file.absolutePath)) : sharded;
  // Only a build writes (or --check compares) output folders; validate and due need no clash check.
  const refused = mode === 'write' || mode === 'check' ? refuseNameClashes(work) : new Map<string, OrganisationReport>();
  const settings: TaskSettings = {
    cwd,
    today,
    formats,
    outDir: resolve(cwd, out),
    mode,
    ...(prune ? { prune } : {}),
    ...(defaultLanguages ? { defaultLanguages } : {}),
    ...(defaults ? { defaults } : {}),
    ...(pack ? { pack } : {}),
    ...(order ? { order } : {}),
  };
  const toRun = mine.filter((file) => !refused.has(file.displayPath));
  const reports = await runAll(
    toRun,
    settings,
    prepared.library,
    // A manual lays out every policy of its home again: as many PDFs once more.
    jobs ??
      defaultJobs(
        pack ? [...formats, 'pdf'] : formats,
        mode,
        toRun.length * prepared.library.templates.length * (pack && formats.includes('pdf') ? 2 : 1),
      ),
    (report, done) => options.onProgress?.({ done, total: toRun.length, file: report.file, ok: report.ok }),
  );
  const byFile = new Map(reports.map((report) => [report.file, report]));
  // A section over a field that no organisation of the run defines is probably a typo in the template;
  // a rebuild of `only` some organisations cannot tell, so it does not say.
  const defined = reports.filter((report) => report.placeholders).flatMap((report) => report.placeholders!);
  if (mode !== 'schedule' && !wanted && defined.length > 0) diagnostics.push(...sectionWarnings(prepared.library, new Set(defined)));
  const asked = new Set(reports.flatMap((report) => report.languages ?? []));
  const languageOf = new Map(prepared.library.templates.map((template) => [template.file, template.language]));
  if (mode !== 'schedule') diagnostics.push(...prepared.diagnostics.filter((d) => isDrift(d) && asked.has(languageOf.get(d.file)!)));
  if (mode !== 'schedule') diagnostics.push(...partialTranslationWarnings(prepared.library, asked));
  const leftovers = mode === 'write' || mode === 'check' ? handleLeftovers(work, settings, shard, diagnostics) : [];
  return finish(
    mine.map((file) => refused.get(file.displayPath) ?? byFile.get(file.displayPath)!),
    leftovers,
  );
}

/**
 * The defaults option: a config file's (from `loadConfig`), or an object in the organisation
 * file's shape, written out as YAML so that its problems have lines and columns too.
 */
function checkDefaults(value: unknown, cwd: string): ConfigDefaults | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError('defaults must be an object: loadConfig().config.defaults, or { organisation: { … }, review: { … } }');
  }
  const { file, absolutePath, text } = value as Partial<ConfigDefaults>;
  if (typeof file === 'string' && typeof absolutePath === 'string' && typeof text === 'string') return { file, absolutePath, text };
  const name = '(defaults option)';
  return { file: name, absolutePath: join(cwd, name), text: stringify({ defaults: value }) };
}

/**
 * Every home merged with the same defaults may meet the same problem in them (a field no
 * template uses, a logo that is not there): said once when every home meets it alike, and
 * once with the homes named when only some do (a review one home has recorded and the
 * others have not), for a problem positioned in the defaults names no home of its own.
 * A home with an error stopped before the later checks (a review is weighed last), so
 * its silence is no evidence that it does not meet one; it is named only when it does.
 */
function onceEach(organisations: readonly OrganisationReport[], defaultsFile: string | undefined): Diagnostic[] {
  if (defaultsFile === undefined) return organisations.flatMap((o) => o.diagnostics);
  const own: Diagnostic[] = [];
  const shared = new Map<string, { diagnostic: Diagnostic; homes: Set<string> }>();
  for (const organisation of organisations) {
    for (const d of organisation.diagnostics) {
      if (d.file !== defaultsFile) {
        own.push(d);
        continue;
      }
      const key = `${d.line}:${d.column}:${d.code}:${d.message}:${d.hint}`;
      const met = shared.get(key) ?? { diagnostic: d, homes: new Set<string>() };
      met.homes.add(organisation.file);
      shared.set(key, met);
    }
  }
  const whole = organisations.filter((o) => !hasErrors(o.diagnostics));
  const checked = whole.length > 0 ? whole : organisations;
  return [
    ...own,
    ...[...shared.values()].map(({ diagnostic, homes }) =>
      checked.every((o) => homes.has(o.file)) ? diagnostic : namingHomes(diagnostic, [...homes]),
    ),
  ];
}

/** The most homes a message names; `--json` lists them all. */
const HOMES_NAMED = 5;

function namingHomes(diagnostic: Diagnostic, homes: string[]): Diagnostic {
  const named =
    homes.length <= HOMES_NAMED
      ? homes.join(', ')
      : `${homes.slice(0, HOMES_NAMED - 1).join(', ')} and ${homes.length - HOMES_NAMED + 1} other homes`;
  return { ...diagnostic, message: `${diagnostic.message} (${named})`, organisations: homes };
}

/**
 * The output folders of organisation files that are gone: listed (`extra`), or removed with
 * `prune`. Every input of the whole run counts as present, so no shard calls another's homes
 * leftovers; each leftover folder belongs to one shard (the same even split, over their
 * sorted names), so a CI matrix reports and removes each once.
 */
function handleLeftovers(
  work: readonly InputFile[],
  settings: TaskSettings,
  shard: Shard | undefined,
  diagnostics: Diagnostic[],
): LeftoverReport[] {
  const built = new Set(work.map((file) => basename(file.absolutePath, extname(file.absolutePath))));
  const found = findLeftoverFolders(settings.outDir, built);
  return (shard ? selectShard(found, shard) : found).map((leftover) => {
    const folder = displayPathFor(leftover.folder, settings.cwd);
    const report = { folder, organisation: displayPathFor(leftover.organisationFile, settings.cwd) };
    if (settings.mode !== 'write' || !settings.prune) return { ...report, outputs: listExtras(folder, leftoverExtras(leftover)) };
    const pruned = pruneLeftoverFolder(leftover, folder);
    diagnostics.push(...pruned.diagnostics);
    return { ...report, outputs: pruned.outputs };
  });
}

/**
 * Worker threads pay for themselves only when there is heavy work: PDF layout, and
 * enough of it. Each worker loads pdfkit and shapes the policy's text again before it is
 * up to speed, and V8 already uses a second core to help a single thread; so a PDF build
 * gets a worker per PDFS_PER_WORKER PDFs (organisations × templates), up to the number of
 * cores, and Markdown and HTML builds, where a worker costs more than it saves, get one
 * thread. The measurements behind the numbers are in docs/performance.md (npm run bench).
 */
export function defaultJobs(formats: readonly Format[], mode: Mode, documents: number): number {
  if ((mode !== 'write' && mode !== 'check') || !formats.includes('pdf')) return 1;
  return Math.max(1, Math.min(availableParallelism(), Math.floor(documents / PDFS_PER_WORKER)));
}

const PDFS_PER_WORKER = 500;

/**
 * Two files called home.yaml in different folders would build into the same output
 * folder: the second one, in sorted order, is refused before anything is written.
 */
function refuseNameClashes(sorted: readonly InputFile[]): Map<string, OrganisationReport> {
  const owners = new Map<string, string>();
  const refused = new Map<string, OrganisationReport>();
  for (const file of sorted) {
    const folder = basename(file.absolutePath, extname(file.absolutePath));
    const owner = owners.get(folder);
    if (owner === undefined) {
      owners.set(folder, file.displayPath);
      continue;
    }
    refused.set(file.displayPath, {
      file: file.displayPath,
      ok: false,
      outputs: [],
      reviews: [],
      diagnostics: [
        {
          code: 'OUTPUT_NAME_CLASH',
          severity: 'error',
          file: file.displayPath,
          message: `${owner} already builds into the output folder "${folder}"`,
          hint: 'give each organisation file a different name',
        },
      ],
    });
  }
  return refused;
}

function summarise(organisations: OrganisationReport[], leftovers: LeftoverReport[]): BuildSummary {
  const outputs: Record<OutputStatus, number> = { written: 0, unchanged: 0, 'up-to-date': 0, stale: 0, missing: 0, extra: 0, removed: 0 };
  for (const { outputs: files } of [...organisations, ...leftovers]) for (const output of files) outputs[output.status]++;
  return { organisations: organisations.length, failed: organisations.filter((o) => !o.ok).length, outputs };
}

/** Where each config file's `order` was read from, so a wrong id in it is shown at its line. */
const orderSources = new WeakMap<readonly string[], YamlSource>();

/**
 * Every id in `order` must be a policy of the library. A typo in a config file is a
 * warning at its line (the manual is still built, with that policy in title order); in an
 * `order` a script passes, it is a programming mistake.
 */
function checkOrder(order: readonly string[], library: TemplateLibrary): Diagnostic[] {
  const ids = library.policies.map((policy) => policy.id);
  const source = orderSources.get(order);
  return order.flatMap((id, index) => {
    if (ids.includes(id)) return [];
    const suggestion = closest(id, ids);
    if (!source)
      throw new RangeError(`order names "${id}", which is not a policy template${suggestion ? ` (did you mean "${suggestion}"?)` : ''}`);
    return [
      diagnosticAtPath(source, ['order', index], 'value', {
        code: 'UNKNOWN_POLICY',
        severity: 'warning',
        path: `order[${index}]`,
        message: `there is no policy template with id "${id}", so it cannot be ordered`,
        hint: suggestion ? `did you mean "${suggestion}"?` : `known ids: ${ids.join(', ')}`,
      }),
    ];
  });
}

/**
 * The config file for a folder: `file` if given, else the nearest policygen.config.yaml
 * (or .yml, .json) in `cwd` or a folder above it. No file is no config, not an error.
 */
export function loadConfig(options: { cwd?: string; file?: string }): { config?: PolicygenConfig; diagnostics: Diagnostic[] } {
  const cwd = resolve(options.cwd ?? process.cwd());
  const path = options.file !== undefined ? resolve(cwd, options.file) : findConfigFile(cwd);
  if (path === undefined) return { diagnostics: [] };
  const loaded = loadConfigFile(path, cwd);
  if (!loaded.loaded) return { diagnostics: loaded.diagnostics };
  const validated = validateConfig(loaded.loaded);
  const diagnostics = [...loaded.diagnostics, ...validated.diagnostics];
  if (validated.config?.order) orderSources.set(validated.config.order, loaded.loaded.yaml);
  // A template folder named in the config that is not there is the config's mistake: say where.
  validated.config?.templates?.forEach((folder, index) => {
    if (statSync(folder, { throwIfNoEntry: false })?.isDirectory()) return;
    diagnostics.push(
      diagnosticAtPath(loaded.loaded!.yaml, ['templates', index], 'value', {
        code: 'CONFIG_INVALID',
        path: `templates[${index}]`,
        message: `the template folder ${displayPathFor(folder, cwd)} does not exist`,
        hint: 'paths in the config file are relative to the config file',
      }),
    );
  });
  return { ...(validated.config ? { config: validated.config } : {}), diagnostics };
}

/** One template of a library, as `policygen templates` shows it. */
export interface TemplateInfo {
  /** The policy's id: every language version has it. */
  id: string;
  /** The title of the version that speaks for the policy: English, else its only language. */
  title: string;
  /** The policy's version ("1" unless its front matter gives one). */
  version: string;
  /** The languages the policy is written in, English first. */
  languages: Language[];
  /** The file of each language version. */
  files: Partial<Record<Language, string>>;
  /** The file of the version that speaks for the policy. */
  file: string;
  /** True when that version ships with policygen. */
  builtIn: boolean;
  /** The template's own default review interval, if it sets a shorter one than 12 months. */
  reviewIntervalMonths?: number;
  /** What its versions print, together: what a home building it in every language must define. */
  placeholders: TemplateUsage;
  /** What each language version prints (they differ only when a translation has drifted). */
  placeholdersByLanguage: Partial<Record<Language, TemplateUsage>>;
}

export interface TemplateListing {
  ok: boolean;
  templates: TemplateInfo[];
  /** Over the whole library: what every organisation must define, and what is used when present. */
  placeholders: TemplateUsage;
  /** The same for the organisation's own fields, as written under `organisation:` (a group's fields joined by "_"). */
  organisationFields: TemplateUsage;
  diagnostics: Diagnostic[];
}

/** Is this template file one that ships with policygen? */
export function isBuiltIn(file: string, cwd: string): boolean {
  return resolve(cwd, file).startsWith(BUILT_IN_TEMPLATES + sep);
}

/** The templates the built-in library and `templates` folders give, with the placeholders each uses. */
export async function listTemplates(options: { cwd?: string; templates?: readonly string[] } = {}): Promise<TemplateListing> {
  const cwd = resolve(checkString('cwd', options.cwd) ?? process.cwd());
  const { library, diagnostics } = await prepareTemplateLibrary(checkStringList('templates', options.templates) ?? [], cwd);
  // Like TRANSLATION_DRIFT, said here for every language: no home is there to narrow it.
  diagnostics.push(...partialTranslationWarnings(library, new Set(LANGUAGES)));
  const templates = library.policies.map(({ id, primary, templates: versions }): TemplateInfo => {
    const byLanguage = [...versions].map(
      ([language, template]) => [language, describeUsage(template.tags, partialsIn(library.partials, template.language))] as const,
    );
    const usages = byLanguage.map(([, usage]) => usage);
    const required = new Set(usages.flatMap((usage) => usage.required));
    return {
      id,
      title: primary.title,
      version: primary.version,
      languages: [...versions.keys()],
      files: Object.fromEntries([...versions].map(([language, template]) => [language, template.file])),
      file: primary.file,
      builtIn: isBuiltIn(primary.file, cwd),
      ...(primary.reviewIntervalMonths !== undefined ? { reviewIntervalMonths: primary.reviewIntervalMonths } : {}),
      placeholders: {
        required: [...required].sort(),
        optional: [...new Set(usages.flatMap((usage) => usage.optional))].filter((name) => !required.has(name)).sort(),
      },
      placeholdersByLanguage: Object.fromEntries(byLanguage),
    };
  });
  const required = new Set(templates.flatMap((t) => t.placeholders.required));
  const optional = new Set(templates.flatMap((t) => t.placeholders.optional).filter((name) => !required.has(name)));
  const fields = (names: Set<string>) =>
    [...names]
      .filter((name) => name.startsWith(FIELD_PREFIX))
      .map((name) => name.slice(FIELD_PREFIX.length))
      .sort();
  return {
    ok: !hasErrors(diagnostics),
    templates,
    placeholders: { required: [...required].sort(), optional: [...optional].sort() },
    organisationFields: { required: fields(required), optional: fields(optional) },
    diagnostics: diagnostics.sort(compareDiagnostics),
  };
}
