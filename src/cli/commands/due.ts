import type { Command } from 'commander';
import { commonSettings, EXIT, exitCodeFor, UsageError, withCommonOptions, type CommandContext, type CommonFlags } from '../context';
import { dueJson, dueTable, printDiagnostics } from '../report';

interface DueFlags extends CommonFlags {
  within: string;
}

export function registerDue(program: Command, context: CommandContext): void {
  const { io } = context;
  const command = program
    .command('due')
    .description('list every organisation × policy with its review dates; exit 1 if any review is overdue or due soon')
    .argument('<files...>', 'organisation files or folders')
    .option('--within <period>', 'a review within this period counts as due: days, weeks, months or years, e.g. 30d, 6w, 2m, 1y', '30d');
  withCommonOptions(command, { today: true })
    .addHelpText(
      'after',
      `
Examples:
  $ policygen due homes/                       # overdue, or due in the next 30 days?
  $ policygen due homes/ --within 2m           # ... in the next two calendar months?
  $ policygen due homes/ --within 8w --json`,
    )
    .action(async (files: string[], flags: DueFlags) => {
      const { due } = require('../../api') as typeof import('../../api');
      const { options } = commonSettings(context, flags);
      const result = await due({ ...options, inputs: files, withinDays: withinDays(flags.within, options.today!) });
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

/**
 * `--within` in days. Weeks are seven days; months and years are calendar months from
 * today, with the same arithmetic as review dates (31 January + 1 month is 28 February).
 */
export function withinDays(text: string, today: string): number {
  const match = /^(\d{1,4})\s*([dwmy]?)$/i.exec(text.trim());
  if (!match) throw new UsageError(`--within must be a number of days, weeks, months or years, e.g. 30d, 6w, 2m or 1y, not "${text}"`);
  const { addMonths, daysBetween } = require('../../schedule') as typeof import('../../schedule');
  const count = Number(match[1]);
  const unit = (match[2] ?? 'd').toLowerCase() || 'd';
  const days =
    unit === 'd'
      ? count
      : unit === 'w'
        ? count * 7
        : count > 120
          ? Infinity
          : daysBetween(today, addMonths(today, count * (unit === 'y' ? 12 : 1)));
  if (days > 3660) throw new UsageError(`--within may be at most ten years (3660 days), not "${text}"`);
  return days;
}
