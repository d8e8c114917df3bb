import type { BuildResult, DueEntry, DueResult } from '../api';
import type { Diagnostic } from '../diagnostics';
import { textIn } from '../validate/localised-text';
import { wantsColour, type CliIO } from './io';

/** Diagnostics as `--json` gives them: everything but the source excerpt, which is for people. */
export function diagnosticsForJson(diagnostics: readonly Diagnostic[]): Array<Omit<Diagnostic, 'excerpt'>> {
  return diagnostics.map(({ excerpt: _excerpt, ...rest }) => rest);
}

/** Print every diagnostic to stderr, errors and warnings alike. */
export function printDiagnostics(diagnostics: BuildResult['diagnostics'], io: CliIO): void {
  const colour = wantsColour(io.stderr, io.env);
  if (diagnostics.length === 0) return;
  // Loaded only when there is something to print: `policygen --version` need not load chalk.
  const { formatDiagnostic } = require('../format-diagnostic') as typeof import('../format-diagnostic');
  for (const diagnostic of diagnostics) io.stderr.write(`${formatDiagnostic(diagnostic, { colour })}\n`);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The one-line account of a build, for stderr. */
export function buildSummary(result: BuildResult, outLabel: string, { check = false, prune = false } = {}): string {
  const { summary } = result;
  if (summary.organisations === 0 && !result.ok) return 'Nothing built: fix the errors above';
  const built = summary.organisations - summary.failed;
  const failed = summary.failed > 0 ? `; ${plural(summary.failed, 'organisation')} failed` : '';
  const { 'up-to-date': upToDate, stale, missing, extra, written, unchanged, removed } = summary.outputs;
  if (check) {
    return `Checked ${plural(built, 'organisation')} against ${outLabel}: ${upToDate} up to date, ${stale} stale, ${missing} missing, ${extra} extra${failed}`;
  }
  const pruned = prune ? `, ${removed} removed` : '';
  // Files a build no longer makes are left unless asked: say so, and how to remove them.
  const left =
    extra === 0
      ? ''
      : prune
        ? `; ${plural(extra, 'extra file')} kept (see the warnings above)`
        : `; ${plural(extra, 'extra file')} left (--prune removes them)`;
  return `Built ${plural(built, 'organisation')} into ${outLabel}: ${plural(written, 'file')} written, ${unchanged} unchanged${pruned}${failed}${left}`;
}

/** `--json` output of build and validate: stable keys, positions included, for scripts and CI. */
export function buildJson(command: string, result: BuildResult): string {
  return `${JSON.stringify(
    {
      command,
      ok: result.ok,
      today: result.today,
      summary: result.summary,
      organisations: result.organisations.map((o) => ({
        file: o.file,
        name: o.name ?? null,
        ok: o.ok,
        outputs: o.outputs,
        reviews: o.reviews.map((r) => ({
          policy: r.policyId,
          version: r.version,
          lastReviewed: r.lastReviewed,
          nextReview: r.nextReview,
          daysLeft: r.daysLeft,
          intervalMonths: r.intervalMonths,
          reason: r.reason,
        })),
      })),
      ...(command === 'build' ? { leftovers: result.leftovers } : {}),
      diagnostics: diagnosticsForJson(result.diagnostics),
    },
    null,
    2,
  )}\n`;
}

export function dueJson(result: DueResult): string {
  return `${JSON.stringify(
    {
      command: 'due',
      ok: result.ok,
      today: result.today,
      withinDays: result.withinDays,
      anyDue: result.anyDue,
      entries: result.entries,
      diagnostics: diagnosticsForJson(result.diagnostics),
    },
    null,
    2,
  )}\n`;
}

/** Why a review is when it is, in a few words. */
export function describeReason(entry: DueEntry): string {
  // A care group's trigger (from the config file's defaults) says so; a home's own is just a trigger.
  return entry.reason.kind === 'trigger'
    ? `${entry.reason.origin === 'group' ? 'group trigger' : 'trigger'}: ${textIn(entry.reason.reason, 'en')}`
    : entry.reason.months === 12
      ? 'annual review'
      : `every ${entry.reason.months} months`;
}

/** The `due` table: one row per organisation × policy, most urgent first. */
export function dueTable(result: DueResult): string {
  const header = ['STATUS', 'ORGANISATION', 'POLICY', 'LANGUAGES', 'LAST REVIEWED', 'NEXT REVIEW', 'DAYS LEFT', 'WHY'];
  const daysLeft = header.indexOf('DAYS LEFT');
  // A name is shown on one line, with any control character (a tab, an escape) as a space.

  const cell = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ');
  const rows = result.entries.map((entry) => [
    entry.status === 'overdue' ? 'OVERDUE' : entry.status === 'due' ? 'DUE' : 'ok',
    cell(entry.organisation),
    entry.policy,
    entry.languages.join(', '),
    entry.lastReviewed,
    entry.nextReview,
    String(entry.daysLeft),
    cell(describeReason(entry)),
  ]);
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => [...row[column]!].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => {
        const pad = ' '.repeat(widths[column]! - [...cell].length);
        return column === daysLeft ? pad + cell : column === cells.length - 1 ? cell : cell + pad; // right-align the numbers
      })
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}
