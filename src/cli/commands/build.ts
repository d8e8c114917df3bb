import { resolve } from 'node:path';
import type { Command } from 'commander';
import { FORMATS, isFormat, type Format } from '../../formats';
import type { OutputStatus } from '../../write';
import { commonSettings, EXIT, exitCodeFor, UsageError, withCommonOptions, type CommandContext, type CommonFlags } from '../context';
import { buildJson, buildSummary, printDiagnostics } from '../report';
import type { BuildRun } from '../watch-build';

interface BuildFlags extends CommonFlags {
  out?: string;
  formats?: string;
  check?: boolean;
  prune?: boolean;
  pack?: boolean;
  jobs?: string;
  shard?: string;
  quiet?: boolean;
  watch?: boolean;
}

export function registerBuild(program: Command, context: CommandContext): void {
  const command = program
    .command('build')
    .description('build every policy for each organisation file (a folder means every *.yaml/*.yml in it)')
    .argument('<files...>', 'organisation files or folders')
    .option('-o, --out <dir>', 'output folder (default: out)')
    .option('-f, --formats <list>', `comma-separated output formats: ${FORMATS.join(', ')} (default: md)`)
    .option('--check', 'write nothing; exit 1 if any output is stale, missing or extra, listing them')
    .option('--prune', 'remove the files policygen made that this build no longer makes (a home, template or format gone)')
    .option(
      '--pack',
      "also build each home's policy manual (policy-pack.pdf: cover, contents, every policy, read-and-sign sheets) and index.html",
    )
    .option('--no-pack', 'build no manuals this time, though the config file says pack: true')
    .option('-j, --jobs <n>', 'worker threads (default: for PDF one per 500 PDFs, up to the cores; else 1)')
    .option('--shard <i/n>', 'build only the i-th of n equal slices of the organisations, e.g. 1/4')
    .option(
      '-w, --watch',
      'then rebuild what each change affects (an organisation file or logo: that home; a template or the config: all) until Ctrl-C',
    )
    .option('-q, --quiet', 'print only errors and warnings');
  withCommonOptions(command, { today: true })
    .addHelpText(
      'after',
      `
Output goes to <out>/<organisation file name>/<template id>.<format>.

Examples:
  $ policygen build examples/cartref-gofal-ty-gwyn.yaml
  $ policygen build homes/ -o policies -f md,html,pdf
  $ policygen build homes/ --check                 # in CI: are the committed files current?
  $ policygen build homes/ --prune                 # and remove what a deleted home or template left
  $ policygen build homes/ -f pdf --pack           # each home's policy manual and index page too
  $ policygen build homes/ --shard 2/4 --jobs 2    # one machine of a 4-way CI matrix
  $ policygen build homes/ -t my-templates -f html --watch   # rebuild as you save
  $ policygen build homes/*.yaml -t ./my-templates --today 2026-04-01 --json`,
    )
    .action(async (files: string[], flags: BuildFlags) => {
      if (flags.check && flags.prune) throw new UsageError('--check writes nothing and --prune removes files: use one or the other');
      if (flags.watch) {
        if (flags.check) throw new UsageError('--watch rebuilds as files change and --check writes nothing: use one or the other');
        if (flags.json) throw new UsageError('--watch prints a line per rebuild, not JSON: leave out --json');
        const { watchBuild } = require('../watch-build') as typeof import('../watch-build');
        await watchBuild(context, files, flags.config, (only, label) => buildOnce(context, files, flags, only, label));
        context.setExitCode(EXIT.ok);
        return;
      }
      const { result, listed } = await buildOnce(context, files, flags);
      context.setExitCode(exitCodeFor(result, flags.check && listed > 0 ? EXIT.no : EXIT.ok));
    });
}

/**
 * One build, printed: diagnostics, the files --check or --prune lists, and the summary line,
 * after `label` when given (`build --watch` says when and why it rebuilt). `only` builds just
 * those organisation files of the inputs.
 */
async function buildOnce(
  context: CommandContext,
  files: string[],
  flags: BuildFlags,
  only?: readonly string[],
  label?: string,
): Promise<BuildRun> {
  const { io } = context;
  const { build } = require('../../api') as typeof import('../../api');
  const { displayPathFor } = require('../../load') as typeof import('../../load');
  const { config, options } = commonSettings(context, flags);
  const out = flags.out ?? config?.out ?? 'out';
  const jobs = flags.jobs !== undefined ? parseJobs(flags.jobs) : config?.jobs;
  const { progressReporter } = require('../progress') as typeof import('../progress');
  const progress = progressReporter(io, flags.quiet !== true && flags.json !== true);
  const result = await build({
    ...options,
    inputs: files,
    out,
    formats: flags.formats !== undefined ? parseFormats(flags.formats) : (config?.formats ?? ['md']),
    check: flags.check === true,
    prune: flags.prune === true,
    pack: flags.pack ?? config?.pack ?? false,
    ...(config?.order ? { order: config.order } : {}),
    ...(jobs !== undefined ? { jobs } : {}),
    ...(flags.shard !== undefined ? { shard: parseShardFlag(flags.shard) } : {}),
    ...(only ? { only } : {}),
    onProgress: progress.update,
  });
  progress.stop();
  printDiagnostics(result.diagnostics, io);
  // --check lists what is not as the build would leave it; a build lists what it removed.
  const listed = new Set<OutputStatus>(flags.check ? ['stale', 'missing', 'extra'] : ['removed']);
  const lines = [...result.organisations, ...result.leftovers].flatMap((o) => o.outputs).filter((o) => listed.has(o.status));
  if (flags.json) {
    io.stdout.write(buildJson('build', result));
  } else {
    for (const output of lines) io.stdout.write(`${output.status.padEnd(7)} ${output.path}\n`);
    const summary = buildSummary(result, displayPathFor(resolve(io.cwd, out), io.cwd), {
      check: flags.check === true,
      prune: flags.prune === true,
    });
    if (!flags.quiet) io.stderr.write(`${label !== undefined ? `${label}: ` : ''}${summary}\n`);
  }
  return { result, listed: lines.length, templates: options.templates, out };
}

function parseJobs(text: string): number {
  if (!/^\d{1,3}$/.test(text) || Number(text) < 1 || Number(text) > 256) {
    throw new UsageError(`--jobs must be a whole number from 1 to 256, not "${text}"`);
  }
  return Number(text);
}

function parseShardFlag(text: string): { index: number; count: number } {
  const { parseShard } = require('../../batch/shard') as typeof import('../../batch/shard');
  try {
    return parseShard(text);
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

function parseFormats(list: string): Format[] {
  const formats = list
    .split(',')
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  if (formats.length === 0) throw new UsageError('--formats needs at least one format');
  for (const format of formats) {
    if (!isFormat(format)) throw new UsageError(`unknown format "${format}" in --formats: expected ${FORMATS.join(', ')}`);
  }
  return [...new Set(formats)] as Format[];
}
