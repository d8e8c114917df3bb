import { addMonths as addMonthsToDate, differenceInCalendarDays, format, isValid, parse } from 'date-fns';
import { cy } from 'date-fns/locale/cy';
import { enGB } from 'date-fns/locale/en-GB';
import type { CalendarDate, Locale } from '../validate';

/*
 * Dates here are calendar dates, `yyyy-MM-dd` text. Arithmetic happens on a local-noon Date:
 * noon is never moved to another day by a time zone or a daylight-saving change, and
 * the result goes straight back to text. Never `new Date('2026-04-01')` (UTC midnight,
 * which is the day before west of Greenwich) and never `toISOString()` a local date.
 */

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function toNoon(date: CalendarDate): Date {
  const match = ISO_DATE.exec(date);
  if (!match) throw new Error(`not a calendar date: ${date}`);
  return new Date(Number(match[1]), Number(match[2]) - 1, Number(match[3]), 12);
}

function fromDate(date: Date): CalendarDate {
  return format(date, 'yyyy-MM-dd');
}

/** Is `text` a real calendar date written `yyyy-MM-dd`? (2026-02-30 is not.) */
export function isCalendarDate(text: string): boolean {
  if (!ISO_DATE.test(text)) return false;
  const parsed = parse(text, 'yyyy-MM-dd', new Date(2000, 0, 1, 12));
  return isValid(parsed) && fromDate(parsed) === text;
}

/** Add whole months; a day past the end of the target month becomes its last day (29 Feb + 12 months = 28 Feb). */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  return fromDate(addMonthsToDate(toNoon(date), months));
}

/** Days from `from` to `to`: negative when `to` is earlier. */
export function daysBetween(from: CalendarDate, to: CalendarDate): number {
  return differenceInCalendarDays(toNoon(to), toNoon(from));
}

export function yearOf(date: CalendarDate): number {
  return Number(date.slice(0, 4));
}

const LOCALES = { 'en-GB': enGB, cy } as const;

/** "1 April 2026" in en-GB, "1 Ebrill 2026" in cy. */
export function formatLongDate(date: CalendarDate, locale: Locale): string {
  return format(toNoon(date), 'd MMMM yyyy', { locale: LOCALES[locale] });
}

/** Today's calendar date where the user is. */
export function localToday(now: Date): CalendarDate {
  return fromDate(now);
}

/**
 * The calendar date of a `SOURCE_DATE_EPOCH` (seconds since 1970, UTC). Reproducible-build
 * tools read it in UTC, so the same value gives the same date on every machine.
 */
export function dateFromEpochSeconds(seconds: number): CalendarDate {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}
