import type { Diagnostic } from '../diagnostics';
import { diagnosticAtPath, type CalendarDate, type Organisation } from '../validate';
import { formatLongDate } from './calendar';
import type { ReviewSchedule } from './review';

/** Dates that are probably mistakes: still built, but the user is told. */
export function reviewWarnings(organisation: Organisation, reviews: readonly ReviewSchedule[], today: CalendarDate): Diagnostic[] {
  const lastReviewed = organisation.review.lastReviewed;
  if (lastReviewed !== undefined && lastReviewed > today) {
    return [
      diagnosticAtPath(organisation.yaml, ['review', 'last_reviewed'], 'value', {
        code: 'LAST_REVIEW_IN_FUTURE',
        severity: 'warning',
        message: `the last review (${formatLongDate(lastReviewed, 'en')}) is after today (${formatLongDate(today, 'en')})`,
        hint: 'check the year',
      }),
    ];
  }
  return reviews
    .filter((review) => review.lastReviewedGiven && review.nextReview < today)
    .map((review) => {
      const days = -review.daysLeft;
      return diagnosticAtPath(
        organisation.yaml,
        review.reason.kind === 'trigger' ? ['review', 'triggers', review.reason.index, 'date'] : ['review', 'last_reviewed'],
        'value',
        {
          code: 'REVIEW_OVERDUE',
          severity: 'warning',
          message: `${review.policyId}: the review was due on ${formatLongDate(review.nextReview, 'en')}, ${days} day${days === 1 ? '' : 's'} ago`,
          hint: 'review the policy, then update review.last_reviewed',
        },
      );
    });
}
