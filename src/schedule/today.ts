import type { CalendarDate } from '../validate';
import { dateFromEpochSeconds, isCalendarDate, localToday } from './calendar';

/** A bad `--today` or `SOURCE_DATE_EPOCH`: a usage error, not a diagnostic in a file. */
export class InvalidTodayError extends Error {}

/**
 * "Today" is `--today` if given, else `SOURCE_DATE_EPOCH` (for reproducible builds), else
 * the real local date.
 */
export function resolveToday(options: { today?: string; sourceDateEpoch?: string; now?: Date }): CalendarDate {
  if (options.today !== undefined) {
    if (!isCalendarDate(options.today)) {
      throw new InvalidTodayError(`--today must be a real date written YYYY-MM-DD, not "${options.today}"`);
    }
    return options.today;
  }
  if (options.sourceDateEpoch !== undefined && options.sourceDateEpoch !== '') {
    if (!/^\d+$/.test(options.sourceDateEpoch)) {
      throw new InvalidTodayError(`SOURCE_DATE_EPOCH must be a whole number of seconds, not "${options.sourceDateEpoch}"`);
    }
    const seconds = Number(options.sourceDateEpoch);
    // Beyond this a JavaScript Date cannot represent the time at all.
    if (seconds > 8.64e12) throw new InvalidTodayError(`SOURCE_DATE_EPOCH is out of range: ${options.sourceDateEpoch}`);
    return dateFromEpochSeconds(seconds);
  }
  return localToday(options.now ?? new Date());
}
