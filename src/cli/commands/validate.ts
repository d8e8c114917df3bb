import { type Command } from 'commander';
import { validate } from '../../api';
import { collect, EXIT, type CommandContext } from '../context';
import { buildJson, plural, printDiagnostics } from '../report';
import { exitCodeFor } from './build';

export function registerValidate(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('validate')
    .description('check organisation files against the schema and the templates, writing nothing')
    .argument('<files...>', 'organisation files or folders')
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more', collect, [])
    .option('-c, --config <file>', 'a config file (default: the nearest policygen.config.yaml)')
    .option('--json', 'print a machine-readable report on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ policygen validate homes/
  $ policygen validate homes/ty-gwyn.yaml --json`,
    )
    .action(async (files: string[], flags: { templates: string[]; config?: string; json?: boolean }) => {
      const config = context.config(flags.config);
      const result = await validate({
        inputs: files,
        cwd: io.cwd,
        templates: [...(config?.templates ?? []), ...flags.templates],
        today: context.today(undefined),
        ...(config?.locale ? { defaultLocale: config.locale } : {}),
      });
      printDiagnostics(result.diagnostics, io);
      if (flags.json) {
        io.stdout.write(buildJson('validate', result));
      } else {
        for (const organisation of result.organisations) {
          if (organisation.ok) io.stdout.write(`${organisation.file}: valid\n`);
        }
        const failed = result.organisations.filter((o) => !o.ok).length;
        if (failed > 0) io.stderr.write(`${plural(failed, 'file')} with errors\n`);
      }
      context.setExitCode(exitCodeFor(result, EXIT.ok));
    });
}
