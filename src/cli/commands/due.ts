import { type Command } from 'commander';
import { due } from '../../api';
import { collect, EXIT, UsageError, type CommandContext } from '../context';
import { dueJson, dueTable, printDiagnostics } from '../report';
import { exitCodeFor } from './build';

export function registerDue(program: Command, context: CommandContext): void {
  const { io } = context;
  program
    .command('due')
    .description('list every organisation × policy with its review dates; exit 1 if any review is overdue or due soon')
    .argument('<files...>', 'organisation files or folders')
    .option('--within <days>', 'a review within this many days counts as due: 30d, 6w', '30d')
    .option('--today <date>', 'the date to treat as today, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else the real date)')
    .option('-t, --templates <dir>', 'an extra template folder; repeat for more', collect, [])
    .option('-c, --config <file>', 'a config file (default: the nearest policygen.config.yaml)')
    .option('--json', 'print the list as JSON on stdout')
    .addHelpText(
      'after',
      `
Examples:
  $ policygen due homes/                       # overdue, or due in the next 30 days?
  $ policygen due homes/ --within 8w --json`,
    )
    .action(async (files: string[], flags: { within: string; today?: string; templates: string[]; config?: string; json?: boolean }) => {
      const config = context.config(flags.config);
      const result = await due({
        inputs: files,
        cwd: io.cwd,
        templates: [...(config?.templates ?? []), ...flags.templates],
        today: context.today(flags.today),
        withinDays: parseWithin(flags.within),
        ...(config?.locale ? { defaultLocale: config.locale } : {}),
      });
      printDiagnostics(result.diagnostics, io);
      if (flags.json) {
        io.stdout.write(dueJson(result));
      } else {
        if (result.entries.length > 0) io.stdout.write(dueTable(result));
        const overdue = result.entries.filter((e) => e.status === 'overdue').length;
        const soon = result.entries.filter((e) => e.status === 'due').length;
        io.stderr.write(
          `${overdue} overdue, ${soon} due within ${result.withinDays} days, ${result.entries.length - overdue - soon} not yet due\n`,
        );
      }
      context.setExitCode(exitCodeFor(result, result.anyDue ? EXIT.no : EXIT.ok));
    });
}

function parseWithin(text: string): number {
  const match = /^(\d+)\s*([dw]?)$/i.exec(text.trim());
  if (!match) throw new UsageError(`--within must be a number of days or weeks, e.g. 30d or 6w, not "${text}"`);
  const days = Number(match[1]) * (match[2]?.toLowerCase() === 'w' ? 7 : 1);
  if (days > 3660) throw new UsageError(`--within may be at most 3660 days (ten years), not "${text}"`);
  return days;
}
