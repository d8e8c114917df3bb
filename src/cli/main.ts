import { Command, CommanderError } from 'commander';
import { InvalidShardError } from '../batch';
import { InvalidTodayError } from '../schedule';
import { registerBuild } from './commands/build';
import { registerDue } from './commands/due';
import { registerInit } from './commands/init';
import { registerTemplates } from './commands/templates';
import { registerValidate } from './commands/validate';
import { createContext, ReportedError, UsageError } from './context';
import { EXIT, type CliIO } from './io';

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
    if (error instanceof ReportedError) return EXIT.error;
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
  $ policygen init homes/ty-gwyn.yaml
  $ policygen build examples/cartref-gofal-ty-gwyn.yaml
  $ policygen build homes/ -o policies -f md,html,pdf --today 2026-04-01
  $ policygen validate homes/
  $ policygen due homes/ --within 60d
  $ policygen templates

Defaults for build, validate, due and templates can go in a policygen.config.yaml in
this folder or one above it; command-line flags win.

Exit codes: 0 success; 1 --check found stale or missing files, or due found reviews due;
2 invalid input, a template error, bad usage or an I/O error; 70 internal error.`,
    );
  const context = createContext(io, setExitCode);
  registerBuild(program, context);
  registerValidate(program, context);
  registerDue(program, context);
  registerTemplates(program, context);
  registerInit(program, context);
  return program;
}

function version(): string {
  return (require('../../package.json') as { version: string }).version;
}
