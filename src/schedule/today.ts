import type { CalendarDate } from '../validate';
import { dateFromEpochSeconds, FIRST_YEAR, isCalendarDate, LAST_YEAR, localToday } from './calendar';

/** A bad `--today` or `SOURCE_DATE_EPOCH`: a usage error, not a diagnostic in a file. */
export class InvalidTodayError extends RangeError {}

/**
 * "Today" is `today` if given, else `SOURCE_DATE_EPOCH` (for reproducible builds), else
 * the real local date. `label` names the option in messages (`--today` on the command line).
 */
export function resolveToday(options: { today?: string; sourceDateEpoch?: string; now?: Date; label?: string }): CalendarDate {
  if (options.today !== undefined) {
    if (!isCalendarDate(options.today)) {
      throw new InvalidTodayError(
        `${options.label ?? 'today'} must be a real date from ${FIRST_YEAR} to ${LAST_YEAR} written YYYY-MM-DD, not "${options.today}"`,
      );
    }
    return options.today;
  }
  if (options.sourceDateEpoch !== undefined && options.sourceDateEpoch !== '') {
    if (!/^\d+$/.test(options.sourceDateEpoch)) {
      throw new InvalidTodayError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${options.sourceDateEpoch}"`);
    }
    const seconds = Number(options.sourceDateEpoch);
    const date = seconds < 8.64e12 ? dateFromEpochSeconds(seconds) : '';
    if (!isCalendarDate(date)) {
      throw new InvalidTodayError(`SOURCE_DATE_EPOCH ${options.sourceDateEpoch} is not a date from ${FIRST_YEAR} to ${LAST_YEAR}`);
    }
    return date;
  }
  return localToday(options.now ?? new Date());
}
