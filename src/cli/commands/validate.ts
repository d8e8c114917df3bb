import type { Command } from 'commander';
import { commonSettings, EXIT, exitCodeFor, withCommonOptions, type CommandContext, type CommonFlags } from '../context';
import { buildJson, plural, printDiagnostics } from '../report';

export function registerValidate(program: Command, context: CommandContext): void {
  const { io } = context;
  const command = program
    .command('validate')
    .description('check organisation files against the schema and the templates, writing nothing')
    .argument('<files...>', 'organisation files or folders');
  withCommonOptions(command, { today: true })
    .addHelpText(
      'after',
      `
Examples:
  $ policygen validate homes/
  $ policygen validate homes/ty-gwyn.yaml --json
  $ policygen validate homes/ --today 2027-04-01   # which reviews will be overdue then?`,
    )
    .action(async (files: string[], flags: CommonFlags) => {
      const { validate } = require('../../api') as typeof import('../../api');
      const { config, options } = commonSettings(context, flags);
      const result = await validate({ ...options, inputs: files, ...(config?.order ? { order: config.order } : {}) });
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
