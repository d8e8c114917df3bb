import { Command, CommanderError, Option } from 'commander';
import { build, due, validate, type BuildResult } from '../api';
import { InvalidShardError, parseShard } from '../batch';
import { FORMATS, type Format } from '../pipeline';
import { InvalidTodayError, resolveToday } from '../schedule';
import { EXIT, type CliIO } from './io';
import { progressReporter } from './progress';
import { buildJson, buildSummary, dueJson, dueTable, plural, printDiagnostics } from './report';

/** A mistake on the command line: printed with the usage hint, exit 2. */
class UsageError extends Error {}

/**
 * The whole CLI as a function: parse `argv`, run the command, return the exit code.
 * `bin/policygen.js` passes the real process; tests pass their own streams.
 */
export async function main(io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; every real parse error is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (error instanceof UsageError || error instanceof InvalidTodayError || error instanceof InvalidShardError) {
      io.stderr.write(`policygen: ${error.message}\n`);
      return EXIT.error;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.stderr.write(
      `policygen: internal error: ${message}\n` +
        'This is a bug in policygen, not in your files. Please report it with the command you ran.\n',
    );
    if (io.env.POLICYGEN_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return EXIT.internal;
  }
}

function createProgram(io: CliIO, setExitCode: (code: number) => void): Command {
  const program = new Command('policygen')
    .description('Turn an organisation file and policy templates into finished, dated policy documents.')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError()
    .addHelpText(
      'after',
      `
Examples:
  $ policygen build examples/cartref-gofal-ty-gwyn.yaml
  $ policygen build homes/ -o policies --today 2026-04-01
  $ policygen validate homes/
  $ policygen due homes/ --within 60d

Exit codes: 0 success; 1 --check found stale or missing files, or due found reviews due;
2 invalid input, a template error, bad usage or an I/O error; 70 internal error.`,
    );

  const today = (options: { today?: string }) =>
    resolveToday({
      label: '--today',
      ...(options.today !== undefined ? { today: options.today } : {}),
      ...(io.env.SOURCE_DATE_EPOCH !== undefined ? { sourceDateEpoch: io.env.SOURCE_DATE_EPOCH } : {}),
    });
  const collect = (value: string, previous: string[] = []) => [...previous, value];

  program
    .command('build')
    .description('build every policy for each organisation file (a folder means every *.yaml/*.yml in it)')
    .argument('<files...>', 'organisation files or folders')
    .option('-o, --out <dir>', 'output folder', 'out')
    .addOption(new Option('-f, --formats <list>', `comma-separated output formats (${FORMATS.join(', ')})`).default('md'))
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more (later ones override)', collect, [])
    .option('--today <date>', 'the date to treat as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the real date)')
    .option('--check', 'write nothing; exit 1 if any output is stale or missing, listing them')
    .option('-j, --jobs <n>', 'worker threads (default: the number of cores for PDF, else 1)')
    .option('--shard <i/n>', 'build only the i-th of n equal slices of the organisations, e.g. 1/4')
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'print only errors and warnings')
    .addHelpText(
      'after',
      `
Output goes to <out>/<organisation file name>/<template id>.<format>.

Examples:
  $ policygen build examples/cartref-gofal-ty-gwyn.yaml
  $ policygen build homes/ -o policies -f md,html,pdf
  $ policygen build homes/ --check                 # in CI: are the committed files current?
  $ policygen build homes/ --shard 2/4 --jobs 2    # one machine of a 4-way CI matrix
  $ policygen build homes/*.yaml -t ./my-templates --today 2026-04-01 --json`,
    )
    .action(async (files: string[], options: BuildCliOptions) => {
      const quietDisplay = options.quiet === true || options.json === true;
      const progress = progressReporter(io, !quietDisplay);
      const result = await build({
        inputs: files,
        cwd: io.cwd,
        out: options.out,
        formats: parseFormats(options.formats),
        templates: options.templates,
        today: today(options),
        check: options.check === true,
        ...(parseJobs(options.jobs) !== undefined ? { jobs: parseJobs(options.jobs)! } : {}),
        ...(options.shard !== undefined ? { shard: parseShard(options.shard) } : {}),
        onProgress: progress.update,
      });
      progress.stop();
      printDiagnostics(result.diagnostics, io);
      const outOfDate = result.organisations.flatMap((o) => o.outputs).filter((o) => o.status === 'stale' || o.status === 'missing');
      if (options.json) {
        io.stdout.write(buildJson('build', result));
      } else {
        for (const output of outOfDate) io.stdout.write(`${output.status.padEnd(7)} ${output.path}\n`);
        if (!options.quiet) io.stderr.write(`${buildSummary(result, options.out, options.check === true)}\n`);
      }
      setExitCode(exitCodeFor(result, outOfDate.length > 0 ? EXIT.no : EXIT.ok));
    });

  program
    .command('validate')
    .description('check organisation files against the schema and the templates, writing nothing')
    .argument('<files...>', 'organisation files or folders')
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more', collect, [])
    .option('--json', 'print a machine-readable report on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ policygen validate homes/
  $ policygen validate homes/ty-gwyn.yaml --json`,
    )
    .action(async (files: string[], options: { templates: string[]; json?: boolean }) => {
      const result = await validate({ inputs: files, cwd: io.cwd, templates: options.templates, today: today({}) });
      printDiagnostics(result.diagnostics, io);
      if (options.json) {
        io.stdout.write(buildJson('validate', result));
      } else {
        for (const organisation of result.organisations) {
          if (organisation.ok) io.stdout.write(`${organisation.file}: valid\n`);
        }
        const failed = result.organisations.filter((o) => !o.ok).length;
        if (failed > 0) io.stderr.write(`${plural(failed, 'file')} with errors\n`);
      }
      setExitCode(exitCodeFor(result, EXIT.ok));
    });

  program
    .command('due')
    .description('list every organisation × policy with its review dates; exit 1 if any review is overdue or due soon')
    .argument('<files...>', 'organisation files or folders')
    .option('--within <days>', 'a review within this many days counts as due: 30d, 6w', '30d')
    .option('--today <date>', 'the date to treat as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the real date)')
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more', collect, [])
    .option('--json', 'print the list as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ policygen due homes/                       # overdue, or due in the next 30 days?
  $ policygen due homes/ --within 8w --json`,
    )
    .action(async (files: string[], options: { within: string; today?: string; templates: string[]; json?: boolean }) => {
      const result = await due({
        inputs: files,
        cwd: io.cwd,
        templates: options.templates,
        today: today(options),
        withinDays: parseWithin(options.within),
      });
      printDiagnostics(result.diagnostics, io);
      if (options.json) {
        io.stdout.write(dueJson(result));
      } else {
        if (result.entries.length > 0) io.stdout.write(dueTable(result));
        const overdue = result.entries.filter((e) => e.status === 'overdue').length;
        const soon = result.entries.filter((e) => e.status === 'due').length;
        io.stderr.write(`${overdue} overdue, ${soon} due within ${result.withinDays} days, ${result.entries.length - overdue - soon} not yet due\n`);
      }
      if (!result.ok) setExitCode(result.diagnostics.some((d) => d.code === 'INTERNAL_ERROR') ? EXIT.internal : EXIT.error);
      else setExitCode(result.anyDue ? EXIT.no : EXIT.ok);
    });

  return program;
}

interface BuildCliOptions {
  out: string;
  formats: string;
  templates: string[];
  today?: string;
  check?: boolean;
  jobs?: string;
  shard?: string;
  json?: boolean;
  quiet?: boolean;
}

/** A bug anywhere wins (70), then errors (2), then the command's own answer. */
function exitCodeFor(result: BuildResult, answer: number): number {
  if (result.diagnostics.some((d) => d.code === 'INTERNAL_ERROR')) return EXIT.internal;
  if (!result.ok) return EXIT.error;
  return answer;
}

function parseJobs(text: string | undefined): number | undefined {
  if (text === undefined) return undefined; // the API's default: all cores for PDF, else 1
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--jobs must be a whole number of 1 or more, not "${text}"`);
  return Number(text);
}

function parseWithin(text: string): number {
  const match = /^(\d+)\s*([dw]?)$/i.exec(text.trim());
  if (!match) throw new UsageError(`--within must be a number of days or weeks, e.g. 30d or 6w, not "${text}"`);
  return Number(match[1]) * (match[2]?.toLowerCase() === 'w' ? 7 : 1);
}

function parseFormats(list: string): Format[] {
  const formats = list
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  if (formats.length === 0) throw new UsageError('--formats needs at least one format');
  for (const format of formats) {
    if (!(FORMATS as readonly string[]).includes(format)) {
      throw new UsageError(`unknown format "${format}" in --formats: expected ${FORMATS.join(', ')}`);
    }
  }
  return [...new Set(formats)] as Format[];
}

function version(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('../../package.json') as { version: string }).version;
}
