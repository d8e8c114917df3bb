/** Schedule: takes review settings, a policy and today; gives last and next review dates. Pure: no I/O, no clock. */
export { scheduleReview, type ReviewSchedule, type ReviewReason, type TriggerOrigin } from './review';
export { resolveToday, InvalidTodayError } from './today';
export { reviewWarnings } from './warnings';
export { addDays, addMonths, daysBetween, formatLongDate, isCalendarDate, yearOf, FIRST_YEAR, LAST_YEAR } from './calendar';
