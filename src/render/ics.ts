/**
 * The review calendar (`policygen due --ics`): one all-day event per home and policy on its
 * next review date, with a reminder 30 days before. Written with ical-generator, which
 * escapes TEXT values (commas, semicolons, backslashes, every kind of line break) and folds
 * long lines by UTF-8 octets, never inside a character such as ŵ. It ships a CommonJS build,
 * so this stays synchronous under node and jest alike. The version is pinned: its output is
 * the file users commit, and a new release may add or reorder properties. UIDs and DTSTAMP
 * come from the inputs and "today", never from the clock or a random id.
 */
import { createHash } from 'node:crypto';
import type { Language } from '../languages';
import { addDays, formatLongDate, type ReviewReason } from '../schedule';
import type { CalendarDate } from '../validate';
import { wordsFor } from './words';

/** One policy of one home, as the calendar needs it. */
export interface CalendarEntry {
  /** The organisation file, as the user names it (relative to the working folder). */
  file: string;
  organisation: string;
  policy: string;
  /** The policy's title in `language`. */
  title: string;
  /** The home's preferred language: the event's words are in it. */
  language: Language;
  lastReviewed: CalendarDate;
  nextReview: CalendarDate;
  reason: ReviewReason;
}

/** Days before the review that the reminder goes off. */
export const REMINDER_DAYS = 30;

/**
 * An iCalendar file of `entries`, dated `today` (DTSTAMP), so the same inputs and the same
 * "today" give the same bytes, and a calendar that imports it again updates each event in
 * place: its UID comes from the organisation file and the policy id alone.
 */
export function renderCalendar(entries: readonly CalendarEntry[], today: CalendarDate): string {
  const languages = new Set(entries.map((entry) => entry.language));
  const calendarLanguage: Language = languages.size === 1 ? [...languages][0]! : 'en';
  // Required here, not at the top: every build loads this module (src/render re-exports it), only `due --ics` needs the library.
  const {
    default: ical,
    escape,
    ICalAlarmType,
    ICalCalendarMethod,
    ICalEventTransparency,
  } = require('ical-generator') as typeof import('ical-generator');
  const calendar = ical({
    prodId: '//policygen//Policy reviews//EN',
    scale: 'GREGORIAN',
    method: ICalCalendarMethod.PUBLISH,
    // ical-generator writes the calendar's name as given (NAME, X-WR-CALNAME), unlike event text.
    name: escape(wordsFor(calendarLanguage).calendar.name, false),
  });
  for (const entry of entries) {
    const words = wordsFor(entry.language);
    const summary = words.calendar.summary(entry.title, entry.organisation);
    const event = calendar.createEvent({
      id: eventUid(entry.file, entry.policy),
      stamp: utcMidnight(today),
      allDay: true,
      start: utcMidnight(entry.nextReview),
      // An all-day event ends, exclusively, on the next day.
      end: utcMidnight(addDays(entry.nextReview, 1)),
      summary,
      description: [
        `${words.calendar.why}: ${words.reviewReason(entry.reason)}`,
        `${words.calendar.lastReviewed}: ${formatLongDate(entry.lastReviewed, entry.language)}`,
        `${words.calendar.organisationFile}: ${entry.file}`,
      ].join('\n'),
      // A reminder, not a meeting: the day is not shown as busy.
      transparency: ICalEventTransparency.TRANSPARENT,
    });
    event.createAlarm({ type: ICalAlarmType.display, trigger: REMINDER_DAYS * 24 * 60 * 60, description: summary });
  }
  // RFC 5545 ends every content line, the last one too, with CRLF; ical-generator omits the last.
  return `${calendar.toString()}\r\n`;
}

/** The same home and policy give the same UID on every run and machine, whatever the dates. */
export function eventUid(file: string, policy: string): string {
  const digest = createHash('sha256').update(`${file}\u0000${policy}`).digest('hex').slice(0, 32);
  return `${digest}@policygen`;
}

/**
 * A calendar date as a UTC instant: with no calendar time zone set, ical-generator writes
 * dates (DTSTART;VALUE=DATE) and DTSTAMP in UTC, so the machine's own zone never shifts a day.
 */
function utcMidnight(date: CalendarDate): Date {
  return new Date(`${date}T00:00:00Z`);
}
