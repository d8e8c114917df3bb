import type { CalendarDate, LocalisedText, ReviewSettings } from '../validate';
import { addMonths, daysBetween } from './calendar';

/** Why the next review falls when it does. */
export type ReviewReason =
  | { kind: 'interval'; months: number }
  /**
   * `index` is the trigger's place in `review.triggers` (a home's own first, then its group's);
   * `origin` says whose it is: the home's own, or its care group's (the config file's defaults).
   * `reason` is as written: one text, or a text per language (see `textIn`).
   */
  | { kind: 'trigger'; date: CalendarDate; reason: LocalisedText; index: number; origin: TriggerOrigin };

/** Whose trigger brought a review forward: the home's own, or its care group's. */
export type TriggerOrigin = 'home' | 'group';

/** When one policy of one organisation was last reviewed and is next due. */
export interface ReviewSchedule {
  policyId: string;
  /** The version of the policy's template this review covers (its front matter's `version`). */
  version: string;
  lastReviewed: CalendarDate;
  /**
   * Where the last review date comes from: the policy's own record
   * (`review.policies.<id>.last_reviewed`), the organisation's `review.last_reviewed`, or,
   * when the file gives neither, the build date.
   */
  lastReviewedFrom: 'policy' | 'organisation' | 'build-date';
  /** False when the organisation file gave no date and the build date stands in. */
  lastReviewedGiven: boolean;
  intervalMonths: number;
  nextReview: CalendarDate;
  reason: ReviewReason;
  /** Days from today to the next review; negative when overdue. */
  daysLeft: number;
}

/**
 * Work out one policy's review dates. Pure: `today` is an argument, so tests and
 * reproducible builds fix it.
 *
 * next review = the earliest of last review + interval, and any trigger dated after the
 * last review that applies to this policy. The last review is the policy's own when its
 * record gives one, so a trigger is weighed against the review of that policy. The interval is the shortest of the
 * organisation's, the template's default and the per-policy override: each may only
 * shorten the annual cycle, never lengthen it.
 */
export function scheduleReview(
  review: ReviewSettings,
  policy: { id: string; version?: string; reviewIntervalMonths?: number },
  today: CalendarDate,
): ReviewSchedule {
  const record = review.policies.get(policy.id);
  const lastReviewedFrom =
    record?.lastReviewed !== undefined ? 'policy' : review.lastReviewed !== undefined ? 'organisation' : 'build-date';
  const lastReviewed = record?.lastReviewed ?? review.lastReviewed ?? today;
  const intervalMonths = Math.min(review.intervalMonths, policy.reviewIntervalMonths ?? 12, record?.intervalMonths ?? 12);
  let nextReview = addMonths(lastReviewed, intervalMonths);
  let reason: ReviewReason = { kind: 'interval', months: intervalMonths };

  review.triggers.forEach((trigger, index) => {
    const applies = trigger.policies === undefined || trigger.policies.includes(policy.id);
    // On a tie the trigger wins: it says why the date is what it is.
    if (applies && trigger.date > lastReviewed && trigger.date <= nextReview) {
      if (reason.kind === 'trigger' && trigger.date === nextReview) return; // keep the first listed
      nextReview = trigger.date;
      reason = { kind: 'trigger', date: trigger.date, reason: trigger.reason, index, origin: trigger.origin ?? 'home' };
    }
  });

  return {
    policyId: policy.id,
    version: policy.version ?? '1',
    lastReviewed,
    lastReviewedFrom,
    lastReviewedGiven: lastReviewedFrom !== 'build-date',
    intervalMonths,
    nextReview,
    reason,
    daysLeft: daysBetween(today, nextReview),
  };
}
