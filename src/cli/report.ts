import type { BuildResult } from '../api';
import { formatDiagnostic } from '../format-diagnostic';
import { wantsColour, type CliIO } from './io';

/** Print every diagnostic to stderr, errors and warnings alike. */
export function printDiagnostics(result: BuildResult, io: CliIO): void {
  const colour = wantsColour(io.stderr, io.env);
  for (const diagnostic of result.diagnostics) io.stderr.write(`${formatDiagnostic(diagnostic, { colour })}\n`);
}

export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** The one-line account of a build, for stderr. */
export function buildSummary(result: BuildResult, outLabel: string): string {
  const built = result.organisations.filter((o) => o.ok);
  const failed = result.organisations.length - built.length;
  const outputs = built.flatMap((o) => o.outputs);
  const written = outputs.filter((o) => o.status === 'written').length;
  const parts = [
    `Built ${plural(built.length, 'organisation')} into ${outLabel}: ${plural(written, 'file')} written, ${outputs.length - written} unchanged`,
  ];
  if (failed > 0) parts.push(`${plural(failed, 'organisation')} failed`);
  const errorsOutside = result.organisations.length === 0 && !result.ok;
  if (errorsOutside) return 'Nothing built: fix the errors above';
  return parts.join('; ');
}

/** `--json` output: stable keys, positions included, for scripts and CI. */
export function toJson(result: BuildResult): string {
  return `${JSON.stringify(
    {
      ok: result.ok,
      today: result.today,
      organisations: result.organisations.map((o) => ({
        file: o.file,
        name: o.name ?? null,
        ok: o.ok,
        outputs: o.outputs,
        reviews: o.reviews.map((r) => ({
          policy: r.policyId,
          lastReviewed: r.lastReviewed,
          nextReview: r.nextReview,
          daysLeft: r.daysLeft,
          intervalMonths: r.intervalMonths,
          reason: r.reason,
        })),
      })),
      diagnostics: result.diagnostics.map(({ excerpt: _excerpt, ...rest }) => rest),
    },
    null,
    2,
  )}\n`;
}
