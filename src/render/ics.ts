/**
 * The review calendar (`policygen due --ics`): one all-day event per home and policy on its
 * next review date, with a reminder 30 days before. RFC 5545 written directly: the few
 * properties needed are simpler to write, and to keep byte-stable, than to configure in a
 * library (UIDs and DTSTAMP come from the inputs and "today", never from the clock).
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
  const stamp = `${compact(today)}T000000Z`;
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//policygen//Policy reviews//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(wordsFor(calendarLanguage).calendar.name)}`,
  ];
  for (const entry of entries) {
    const words = wordsFor(entry.language);
    const summary = words.calendar.summary(entry.title, entry.organisation);
    const description = [
      `${words.calendar.why}: ${words.reviewReason(entry.reason)}`,
      `${words.calendar.lastReviewed}: ${formatLongDate(entry.lastReviewed, entry.language)}`,
      `${words.calendar.organisationFile}: ${entry.file}`,
    ].join('\n');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${eventUid(entry.file, entry.policy)}`,
      `DTSTAMP:${stamp}`,
      `DTSTART;VALUE=DATE:${compact(entry.nextReview)}`,
      // An all-day event ends, exclusively, on the next day.
      `DTEND;VALUE=DATE:${compact(addDays(entry.nextReview, 1))}`,
      `SUMMARY:${escapeText(summary)}`,
      `DESCRIPTION:${escapeText(description)}`,
      // A reminder, not a meeting: the day is not shown as busy.
      'TRANSP:TRANSPARENT',
      'BEGIN:VALARM',
      'ACTION:DISPLAY',
      `TRIGGER:-P${REMINDER_DAYS}D`,
      `DESCRIPTION:${escapeText(summary)}`,
      'END:VALARM',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return lines.map(fold).join('\r\n') + '\r\n';
}

/** The same home and policy give the same UID on every run and machine, whatever the dates. */
export function eventUid(file: string, policy: string): string {
  const digest = createHash('sha256').update(`${file}\u0000${policy}`).digest('hex').slice(0, 32);
  return `${digest}@policygen`;
}

function compact(date: CalendarDate): string {
  return date.replace(/-/g, '');
}

/** RFC 5545 TEXT: backslash, semicolon, comma and line breaks escaped. */
function escapeText(text: string): string {
  return text.replace(/[\\;,]/g, (c) => `\\${c}`).replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded (CRLF and a space), never inside a UTF-8 character. */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let bytes = 0;
  for (const character of line) {
    const size = Buffer.byteLength(character);
    // The first line holds 75 octets; each continuation line a space and 74.
    if (bytes + size > (parts.length === 0 ? 75 : 74)) {
      parts.push(current);
      current = '';
      bytes = 0;
    }
    current += character;
    bytes += size;
  }
  parts.push(current);
  return parts.join('\r\n ');
}
