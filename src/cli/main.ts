import { Command, CommanderError } from 'commander';
import { INTERNAL_ERROR_HINT, internalErrorMessage } from '../diagnostics';
import { registerBuild } from './commands/build';
import { registerDue } from './commands/due';
import { registerInit } from './commands/init';
import { registerPreview } from './commands/preview';
import { registerTemplates } from './commands/templates';
import { registerValidate } from './commands/validate';
import { ReportedError, UsageError, type CommandContext } from './context';
import { EXIT, type CliIO } from './io';

/**
 * The whole CLI as a function: parse `argv`, run the command, return the exit code.
 * `bin/policygen.js` passes the real process; tests pass their own streams.
 */
export async function main(io: CliIO): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = createProgram({
    io,
    setExitCode: (code) => {
      exitCode = code;
    },
  });
  try {
    await program.parseAsync([...io.argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; every real parse error is a usage error.
      return error.exitCode === 0 ? EXIT.ok : EXIT.error;
    }
    if (error instanceof ReportedError) return EXIT.error;
    if (error instanceof UsageError) {
      io.stderr.write(`policygen: ${error.message}\n`);
      return EXIT.error;
    }
    io.stderr.write(internalErrorText(error));
    if (io.env.POLICYGEN_DEBUG) io.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
    return EXIT.internal;
  }
}

/** What the user reads when policygen itself fails: bin/policygen.js prints the same for a crash outside main(). */
export function internalErrorText(error: unknown): string {
  return `policygen: ${internalErrorMessage(error)}\n${INTERNAL_ERROR_HINT.charAt(0).toUpperCase()}${INTERNAL_ERROR_HINT.slice(1)}.\n`;
}

function createProgram(context: CommandContext): Command {
  const { io } = context;
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
  $ policygen init homes/ty-gwyn.yaml
  $ policygen build examples/cartref-gofal-ty-gwyn.yaml
  $ policygen build homes/ -o policies -f md,html,pdf --today 2026-04-01
  $ policygen validate homes/
  $ policygen due homes/ --within 60d
  $ policygen templates
  $ policygen preview homes/ty-gwyn.yaml -t my-templates   # live pages while writing templates

Defaults for build, validate, due and templates can go in a policygen.config.yaml in
this folder or one above it; command-line flags win.

Exit codes: 0 success; 1 --check found stale, missing or extra files, or due found reviews due;
2 invalid input, a template error, bad usage or an I/O error; 70 internal error.`,
    );
  registerBuild(program, context);
  registerValidate(program, context);
  registerDue(program, context);
  registerTemplates(program, context);
  registerPreview(program, context);
  registerInit(program, context);
  return program;
}

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}
