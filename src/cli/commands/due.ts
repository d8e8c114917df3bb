import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import type { DueResult } from '../../api';
import { commonSettings, EXIT, exitCodeFor, UsageError, withCommonOptions, type CommandContext, type CommonFlags } from '../context';
import { dueJson, dueTable, plural, printDiagnostics } from '../report';

interface DueFlags extends CommonFlags {
  within?: string;
  ics?: string;
}

export function registerDue(program: Command, context: CommandContext): void {
  const { io } = context;
  const command = program
    .command('due')
    .description('list every organisation × policy with its review dates; exit 1 if any review is overdue or due soon')
    .argument('<files...>', 'organisation files or folders')
    .option(
      '--within <period>',
      'a review within this period counts as due: days, weeks, months or years, e.g. 30d, 6w, 2m, 1y (default: 30d)',
    )
    .option('--ics <file>', 'also write the reviews as an iCalendar file (- for stdout): every review, or with --within those due in it');
  withCommonOptions(command, { today: true })
    .addHelpText(
      'after',
      `
Examples:
  $ policygen due homes/                       # overdue, or due in the next 30 days?
  $ policygen due homes/ --within 2m           # ... in the next two calendar months?
  $ policygen due homes/ --within 8w --json
  $ policygen due homes/ --ics reviews.ics      # every review, for a shared calendar
  $ policygen due homes/ --within 2m --ics -    # the next two months' reviews, on stdout`,
    )
    .action(async (files: string[], flags: DueFlags) => {
      const { due } = require('../../api') as typeof import('../../api');
      if (flags.ics === '-' && flags.json) throw new UsageError('--ics - and --json both write to stdout: write the calendar to a file');
      const { options } = commonSettings(context, flags);
      const result = await due({ ...options, inputs: files, withinDays: withinDays(flags.within ?? '30d', options.today!) });
      printDiagnostics(result.diagnostics, io);
      // A calendar missing a home that failed would look complete: none is written then.
      const calendar = flags.ics !== undefined && result.ok ? calendarOf(result, flags.within !== undefined) : undefined;
      if (calendar !== undefined && flags.ics !== '-') writeCalendar(io.cwd, flags.ics!, calendar);
      if (calendar !== undefined && flags.ics === '-') {
        io.stdout.write(calendar);
      } else if (flags.json) {
        io.stdout.write(dueJson(result));
      } else if (result.entries.length > 0) {
        io.stdout.write(dueTable(result));
      }
      if (!flags.json) {
        const overdue = result.entries.filter((e) => e.status === 'overdue').length;
        const soon = result.entries.filter((e) => e.status === 'due').length;
        io.stderr.write(
          `${overdue} overdue, ${soon} due within ${plural(result.withinDays, 'day')}, ${result.entries.length - overdue - soon} not yet due\n`,
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

/** Without --within, the calendar holds every review; with it, those the window counts as due (overdue ones too). */
function calendarOf(result: DueResult, windowGiven: boolean): string {
  const { dueCalendar } = require('../../api') as typeof import('../../api');
  return dueCalendar(result, windowGiven ? result.entries.filter((entry) => entry.status !== 'ok') : result.entries);
}

/** Write the calendar atomically: a calendar app that reads it mid-write sees the old file or the new one. */
function writeCalendar(cwd: string, file: string, calendar: string): void {
  const { writeFileAtomic } = require('../../write/atomic') as typeof import('../../write/atomic');
  const { describeFsError } = require('../../load/read-text') as typeof import('../../load/read-text');
  const path = resolve(cwd, file);
  const existing = statSync(path, { throwIfNoEntry: false });
  if (existing?.isDirectory())
    throw new UsageError(`--ics ${file} is a folder; name the file to write, e.g. ${file.replace(/\/$/, '')}/reviews.ics`);
  if (existing && !existing.isFile()) throw new UsageError(`--ics ${file} is not a regular file; it will not be replaced`);
  try {
    writeFileAtomic(path, calendar);
  } catch (error) {
    throw new UsageError(`cannot write ${file}: ${describeFsError(error)}`);
  }
}
