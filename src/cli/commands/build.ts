import { resolve } from 'node:path';
import { type Command } from 'commander';
import { displayPathFor } from '../../load';
import { build, type BuildResult } from '../../api';
import { parseShard } from '../../batch';
import { FORMATS, type Format } from '../../pipeline';
import { collect, EXIT, UsageError, type CommandContext } from '../context';
import { progressReporter } from '../progress';
import { buildJson, buildSummary, printDiagnostics } from '../report';

interface BuildFlags {
  out?: string;
  formats?: string;
  templates: string[];
  today?: string;
  check?: boolean;
  jobs?: string;
  shard?: string;
  config?: string;
  json?: boolean;
  quiet?: boolean;
}

export function registerBuild(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('build')
    .description('build every policy for each organisation file (a folder means every *.yaml/*.yml in it)')
    .argument('<files...>', 'organisation files or folders')
    .option('-o, --out <dir>', 'output folder (default: out)')
    .option('-f, --formats <list>', `comma-separated output formats: ${FORMATS.join(', ')} (default: md)`)
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more (later ones override)', collect, [])
    .option('--today <date>', 'the date to treat as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the real date)')
    .option('--check', 'write nothing; exit 1 if any output is stale or missing, listing them')
    .option('-j, --jobs <n>', 'worker threads (default: for PDF one per 500 PDFs, up to the cores; else 1)')
    .option('--shard <i/n>', 'build only the i-th of n equal slices of the organisations, e.g. 1/4')
    .option('-c, --config <file>', 'a config file (default: the nearest policygen.config.yaml)')
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
    .action(async (files: string[], flags: BuildFlags) => {
      const config = context.config(flags.config);
      const out = flags.out ?? config?.out ?? 'out';
      const jobs = flags.jobs !== undefined ? parseJobs(flags.jobs) : config?.jobs;
      const progress = progressReporter(io, flags.quiet !== true && flags.json !== true);
      const result = await build({
        inputs: files,
        cwd: io.cwd,
        out,
        formats: flags.formats !== undefined ? parseFormats(flags.formats) : (config?.formats ?? ['md']),
        templates: [...(config?.templates ?? []), ...flags.templates],
        today: context.today(flags.today),
        check: flags.check === true,
        ...(jobs !== undefined ? { jobs } : {}),
        ...(flags.shard !== undefined ? { shard: parseShard(flags.shard) } : {}),
        ...(config?.locale ? { defaultLocale: config.locale } : {}),
        onProgress: progress.update,
      });
      progress.stop();
      printDiagnostics(result.diagnostics, io);
      const outOfDate = result.organisations.flatMap((o) => o.outputs).filter((o) => o.status === 'stale' || o.status === 'missing');
      if (flags.json) {
        io.stdout.write(buildJson('build', result));
      } else {
        for (const output of outOfDate) io.stdout.write(`${output.status.padEnd(7)} ${output.path}\n`);
        if (!flags.quiet) io.stderr.write(`${buildSummary(result, displayPathFor(resolve(io.cwd, out), io.cwd), flags.check === true)}\n`);
      }
      context.setExitCode(exitCodeFor(result, outOfDate.length > 0 ? EXIT.no : EXIT.ok));
    });
}

/** A bug anywhere wins (70), then errors (2), then the command's own answer. */
export function exitCodeFor(result: Pick<BuildResult, 'ok' | 'diagnostics'>, answer: number): number {
  if (result.diagnostics.some((d) => d.code === 'INTERNAL_ERROR')) return EXIT.internal;
  if (!result.ok) return EXIT.error;
  return answer;
}

function parseJobs(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--jobs must be a whole number of 1 or more, not "${text}"`);
  return Number(text);
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
