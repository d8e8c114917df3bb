import type { Locale as DateFnsLocale } from 'date-fns';
import type { Language } from '../languages';
import type { CalendarDate } from '../validate';

/*
 * Dates here are calendar dates, `yyyy-MM-dd` text, and the arithmetic is done on the
 * numbers themselves. No JavaScript Date in local time is involved, so no time zone, no
 * daylight-saving change and no day a country skipped (Samoa's 30 December 2011,
 * Kiribati's 31 December 1994) can move a date.
 */

/** Policies are reviewed in this era; anything outside it is a typo. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2999;

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

interface Parts {
  year: number;
  month: number; // 1-12
  day: number;
}

function parts(date: CalendarDate): Parts {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`not a calendar date: ${date}`);
  return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
}

function text({ year, month, day }: Parts): CalendarDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

/** Is `date` a real calendar date written `yyyy-MM-dd`, in the years policygen accepts? (2026-02-30 is not.) */
export function isCalendarDate(date: string): boolean {
  if (!ISO_DATE.test(date)) return false;
  const { year, month, day } = parts(date);
  return year >= FIRST_YEAR && year <= LAST_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Add whole months; a day past the end of the target month becomes its last day (29 Feb + 12 months = 28 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  return text({ year: targetYear, month: targetMonth, day: Math.min(day, daysInMonth(targetYear, targetMonth)) });
}

/** Days since 1970-01-01, by the proleptic Gregorian calendar (UTC has no gaps). */
function dayNumber(date: CalendarDate): number {
  const { year, month, day } = parts(date);
  return Date.UTC(year, month - 1, day) / 86_400_000;
}

/** The date `days` days after `date` (before it, when negative). */
export function addDays(date: CalendarDate, days: number): CalendarDate {
  const moved = new Date((dayNumber(date) + days) * 86_400_000);
  return text({ year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() });
}

/** Days from `from` to `to`: negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return dayNumber(to) - dayNumber(from);
}

export function yearOf(date: CalendarDate): number {
  return parts(date).year;
}

// Each language's month names are loaded when a document in it is first dated: an English
// build never loads the Welsh locale, and `due` and `validate` need none.
const locales = new Map<Language, DateFnsLocale>();
function localeOf(language: Language): DateFnsLocale {
  let locale = locales.get(language);
  if (!locale) {
    locale =
      language === 'cy'
        ? (require('date-fns/locale/cy') as typeof import('date-fns/locale/cy')).cy
        : (require('date-fns/locale/en-GB') as typeof import('date-fns/locale/en-GB')).enGB;
    locales.set(language, locale);
  }
  return locale;
}

/** "1 April 2026" in English, "1 Ebrill 2026" in Welsh: month names from date-fns's locales. */
export function formatLongDate(date: CalendarDate, language: Language): string {
  const { year, month, day } = parts(date);
  const monthName = localeOf(language).localize.month((month - 1) as never, { width: 'wide' });
  return `${day} ${monthName} ${year}`;
}

/** Today's calendar date where the user is. */
export function localToday(now: Date): CalendarDate {
  return text({ year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() });
}

/**
 * The calendar date of a `SOURCE_DATE_EPOCH` (seconds since 1970, UTC). Reproducible-build
 * tools read it in UTC, so the same value gives the same date on every machine.
 */
export function dateFromEpochSeconds(seconds: number): CalendarDate {
  const date = new Date(seconds * 1000);
  return text({ year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() });
}
