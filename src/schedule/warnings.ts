import type { Diagnostic } from '../diagnostics';
import { diagnosticAtPath, type CalendarDate, type Organisation } from '../validate';
import { formatLongDate } from './calendar';
import type { ReviewSchedule } from './review';

/**
 * Dates that are probably mistakes: still built, but the user is told. Each points at the
 * line that sets the date: a policy's own `review.policies.<id>.last_reviewed`, the
 * organisation's `review.last_reviewed`, or the trigger that brought the review forward.
 */
export function reviewWarnings(organisation: Organisation, reviews: readonly ReviewSchedule[], today: CalendarDate): Diagnostic[] {
  const warnings: Diagnostic[] = [];
  const inFuture = (date: CalendarDate | undefined): date is CalendarDate => date !== undefined && date > today;
  const future = (path: Array<string | number>, what: string, date: CalendarDate) =>
    diagnosticAtPath(organisation.yaml, path, 'value', {
      code: 'LAST_REVIEW_IN_FUTURE',
      severity: 'warning',
      message: `${what} (${formatLongDate(date, 'en')}) is after today (${formatLongDate(today, 'en')})`,
      hint: 'check the year',
    });
  const homeWide = organisation.review.lastReviewed;
  if (inFuture(homeWide)) warnings.push(future(['review', 'last_reviewed'], 'the last review', homeWide));
  for (const review of reviews) {
    if (review.lastReviewedFrom === 'policy' && inFuture(review.lastReviewed)) {
      warnings.push(
        future(['review', 'policies', review.policyId, 'last_reviewed'], `the last review of ${review.policyId}`, review.lastReviewed),
      );
    }
  }
  for (const review of reviews) {
    if (!review.lastReviewedGiven || review.nextReview >= today) continue;
    const days = -review.daysLeft;
    const path =
      review.reason.kind === 'trigger'
        ? ['review', 'triggers', review.reason.index, 'date']
        : review.lastReviewedFrom === 'policy'
          ? ['review', 'policies', review.policyId, 'last_reviewed']
          : ['review', 'last_reviewed'];
    const overdue = diagnosticAtPath(organisation.yaml, path, 'value', {
      code: 'REVIEW_OVERDUE',
      severity: 'warning',
      message: `${review.policyId}: the review was due on ${formatLongDate(review.nextReview, 'en')}, ${days} day${days === 1 ? '' : 's'} ago`,
      // Its own date: reviewing one policy must not re-date the others (a false record for CIW).
      hint: `review the policy, then update review.policies.${review.policyId}.last_reviewed`,
    });
    // A date from a care group's defaults: the record of a review belongs to the home that made it.
    if (overdue.file !== organisation.file) {
      overdue.hint = `review the policy, then write review.policies.${review.policyId}.last_reviewed in the file of each home that reviewed it`;
    }
    warnings.push(overdue);
  }
  return warnings;
}
