import { Command, CommanderError, Option } from 'commander';
import { build, validate } from '../api';
import { FORMATS, type Format } from '../pipeline';
import { InvalidTodayError, resolveToday } from '../schedule';
import { EXIT, type CliIO } from './io';
import { buildSummary, plural, printDiagnostics, toJson } from './report';

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
    if (error instanceof UsageError || error instanceof InvalidTodayError) {
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

Exit codes: 0 success, 2 invalid input or usage, 70 internal error.`,
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
    .option('--json', 'print a machine-readable summary on stdout')
    .option('-q, --quiet', 'print only errors and warnings')
    .addHelpText(
      'after',
      `
Output goes to <out>/<organisation file name>/<template id>.<format>.

Examples:
  $ policygen build examples/cartref-gofal-ty-gwyn.yaml
  $ policygen build homes/ -o policies
  $ policygen build homes/*.yaml -t ./my-templates --today 2026-04-01 --json`,
    )
    .action(async (files: string[], options: BuildCliOptions) => {
      const result = await build({
        inputs: files,
        cwd: io.cwd,
        out: options.out,
        formats: parseFormats(options.formats),
        templates: options.templates,
        today: today(options),
      });
      printDiagnostics(result, io);
      if (options.json) io.stdout.write(toJson(result));
      else if (!options.quiet) io.stderr.write(`${buildSummary(result, options.out)}\n`);
      setExitCode(result.ok ? EXIT.ok : EXIT.error);
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
      printDiagnostics(result, io);
      if (options.json) {
        io.stdout.write(toJson(result));
      } else {
        for (const organisation of result.organisations) {
          if (organisation.ok) io.stdout.write(`${organisation.file}: valid\n`);
        }
        const failed = result.organisations.filter((o) => !o.ok).length;
        if (failed > 0) io.stderr.write(`${plural(failed, 'file')} with errors\n`);
      }
      setExitCode(result.ok ? EXIT.ok : EXIT.error);
    });

  return program;
}

interface BuildCliOptions {
  out: string;
  formats: string;
  templates: string[];
  today?: string;
  json?: boolean;
  quiet?: boolean;
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
