import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { addMonths, formatLongDate, resolveToday, scheduleReview } from '../../src/schedule';
import type { ReviewSettings } from '../../src/validate';
import { REPO } from '../helpers';

const annual: ReviewSettings = { lastReviewed: '2026-04-01', intervalMonths: 12, policies: new Map(), triggers: [] };
const socialMedia = { id: 'social-media' };

describe('next review date', () => {
  test('is one year after the last review by default', () => {
    const schedule = scheduleReview(annual, socialMedia, '2026-05-01');
    expect(schedule).toMatchObject({ lastReviewed: '2026-04-01', nextReview: '2027-04-01', reason: { kind: 'interval', months: 12 } });
    expect(schedule.daysLeft).toBe(335);
  });

  test('uses a per-policy interval for that policy only', () => {
    const review = { ...annual, policies: new Map([['social-media', { intervalMonths: 6 }]]) };
    expect(scheduleReview(review, socialMedia, '2026-05-01').nextReview).toBe('2026-10-01');
    expect(scheduleReview(review, { id: 'fire-safety' }, '2026-05-01').nextReview).toBe('2027-04-01');
  });

  test("uses a template's shorter default interval", () => {
    expect(scheduleReview(annual, { id: 'medication', reviewIntervalMonths: 3 }, '2026-05-01').nextReview).toBe('2026-07-01');
  });

  test('never lengthens the cycle: the shortest interval wins', () => {
    const review = { ...annual, intervalMonths: 4, policies: new Map([['medication', { intervalMonths: 12 }]]) };
    expect(scheduleReview(review, { id: 'medication', reviewIntervalMonths: 6 }, '2026-05-01')).toMatchObject({
      intervalMonths: 4,
      nextReview: '2026-08-01',
    });
  });

  test('is brought forward by a trigger after the last review, and says why', () => {
    const review = { ...annual, triggers: [{ date: '2026-09-01', reason: 'New CIW guidance on digital safeguarding' }] };
    expect(scheduleReview(review, socialMedia, '2026-05-01')).toMatchObject({
      nextReview: '2026-09-01',
      reason: { kind: 'trigger', date: '2026-09-01', reason: 'New CIW guidance on digital safeguarding' },
    });
  });

  test('ignores a trigger for other policies, one on or before the last review, and one after the interval', () => {
    const review = {
      ...annual,
      triggers: [
        { date: '2026-06-01', reason: 'fire regulations', policies: ['fire-safety'] },
        { date: '2026-04-01', reason: 'same day as the review' },
        { date: '2026-03-01', reason: 'before the review' },
        { date: '2027-06-01', reason: 'after the annual review' },
      ],
    };
    expect(scheduleReview(review, socialMedia, '2026-05-01')).toMatchObject({ nextReview: '2027-04-01', reason: { kind: 'interval' } });
    expect(scheduleReview(review, { id: 'fire-safety' }, '2026-05-01').nextReview).toBe('2026-06-01');
  });

  test('takes the earliest of several triggers', () => {
    const review = {
      ...annual,
      triggers: [
        { date: '2026-12-01', reason: 'later' },
        { date: '2026-08-01', reason: 'earliest' },
      ],
    };
    expect(scheduleReview(review, socialMedia, '2026-05-01').reason).toMatchObject({ reason: 'earliest' });
  });

  test('month ends and the year turn over correctly', () => {
    expect(addMonths('2026-12-15', 1)).toBe('2027-01-15');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2100-01-31', 1)).toBe('2100-02-28'); // 2100 is not a leap year
    expect(addMonths('2000-01-31', 1)).toBe('2000-02-29'); // 2000 is
  });

  test('29 February plus a year is 28 February', () => {
    expect(scheduleReview({ ...annual, lastReviewed: '2024-02-29' }, socialMedia, '2024-03-01').nextReview).toBe('2025-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2026-08-31', 6)).toBe('2027-02-28');
  });

  test('uses today as the last review when none is given', () => {
    const schedule = scheduleReview({ intervalMonths: 12, policies: new Map(), triggers: [] }, socialMedia, '2026-11-25');
    expect(schedule).toMatchObject({ lastReviewed: '2026-11-25', lastReviewedGiven: false, nextReview: '2027-11-25', daysLeft: 365 });
  });

  test('counts days left as negative when overdue', () => {
    expect(scheduleReview(annual, socialMedia, '2027-04-11').daysLeft).toBe(-10);
  });
});

describe("a policy's own review record", () => {
  const reviewed = (id: string, lastReviewed: string): ReviewSettings => ({ ...annual, policies: new Map([[id, { lastReviewed }]]) });

  test('one policy re-reviewed moves only its own dates', () => {
    const review = reviewed('social-media', '2026-10-15');
    expect(scheduleReview(review, socialMedia, '2026-11-25')).toMatchObject({
      lastReviewed: '2026-10-15',
      lastReviewedFrom: 'policy',
      nextReview: '2027-10-15',
    });
    expect(scheduleReview(review, { id: 'fire-safety' }, '2026-11-25')).toMatchObject({
      lastReviewed: '2026-04-01',
      lastReviewedFrom: 'organisation',
      nextReview: '2027-04-01',
    });
  });

  test('its own interval and its own date work together', () => {
    const review = { ...annual, policies: new Map([['social-media', { lastReviewed: '2026-10-15', intervalMonths: 6 }]]) };
    expect(scheduleReview(review, socialMedia, '2026-11-25').nextReview).toBe('2027-04-15');
  });

  test('a policy with its own date has one even when the organisation gives none', () => {
    const review: ReviewSettings = {
      intervalMonths: 12,
      policies: new Map([['social-media', { lastReviewed: '2026-10-15' }]]),
      triggers: [],
    };
    expect(scheduleReview(review, socialMedia, '2026-11-25')).toMatchObject({ lastReviewedGiven: true, nextReview: '2027-10-15' });
    expect(scheduleReview(review, { id: 'fire-safety' }, '2026-11-25')).toMatchObject({
      lastReviewedFrom: 'build-date',
      lastReviewedGiven: false,
    });
  });

  test("a trigger is weighed against the policy's own last review", () => {
    const review = { ...reviewed('social-media', '2026-10-15'), triggers: [{ date: '2026-09-01', reason: 'New CIW guidance' }] };
    // Reviewed after the guidance came out: the trigger is spent for this policy, still due for the rest.
    expect(scheduleReview(review, socialMedia, '2026-08-01')).toMatchObject({ nextReview: '2027-10-15', reason: { kind: 'interval' } });
    expect(scheduleReview(review, { id: 'fire-safety' }, '2026-08-01')).toMatchObject({
      nextReview: '2026-09-01',
      reason: { kind: 'trigger' },
    });
  });
});

describe('time zones cannot move a date', () => {
  // jest sandboxes process.env, so a zone must be set on a real child process. The script uses
  // the compiled stage (npm test builds dist/ first) and reports the zone's offset as proof it took.
  const script = `
    const s = require(${JSON.stringify(join(REPO, 'dist', 'schedule'))});
    const review = { lastReviewed: '2026-04-01', intervalMonths: 12, policies: new Map(), triggers: [] };
    console.log(JSON.stringify({
      offset: new Date(2026, 3, 1, 12).getTimezoneOffset(),
      next: s.scheduleReview(review, { id: 'social-media' }, '2026-05-01').nextReview,
      leap: s.addMonths('2024-02-29', 12),
      words: s.formatLongDate('2026-04-01', 'en'),
      epoch: s.resolveToday({ sourceDateEpoch: '1775001600' }),
      // Samoa skipped 30 December 2011: that day has no local midnight or noon there.
      skipped: [s.addMonths('2011-12-30', 12), s.formatLongDate('2011-12-30', 'en'), s.daysBetween('2011-12-29', '2011-12-31')],
    }));`;

  // UTC+14 and UTC-10: the two ends of the world's clocks, a whole day apart.
  test.each([
    ['Pacific/Kiritimati', -840],
    ['Pacific/Honolulu', 600],
    ['America/Santiago', 180],
    ['Pacific/Apia', -780],
  ])('%s', (zone, offset) => {
    const output = execFileSync(process.execPath, ['-e', script], { env: { TZ: zone }, encoding: 'utf8' });
    expect(JSON.parse(output)).toEqual({
      offset,
      next: '2027-04-01',
      leap: '2025-02-28',
      words: '1 April 2026',
      epoch: '2026-04-01',
      skipped: ['2012-12-30', '30 December 2011', 2],
    });
  });
});

describe('date wording', () => {
  test('is d MMMM yyyy in English', () => {
    expect(formatLongDate('2026-04-01', 'en')).toBe('1 April 2026');
    expect(formatLongDate('2026-12-25', 'en')).toBe('25 December 2026');
  });

  test('uses Welsh month names in cy', () => {
    const months = [
      'Ionawr',
      'Chwefror',
      'Mawrth',
      'Ebrill',
      'Mai',
      'Mehefin',
      'Gorffennaf',
      'Awst',
      'Medi',
      'Hydref',
      'Tachwedd',
      'Rhagfyr',
    ];
    months.forEach((month, i) => {
      expect(formatLongDate(`2026-${String(i + 1).padStart(2, '0')}-01`, 'cy')).toBe(`1 ${month} 2026`);
    });
  });
});

describe('today', () => {
  test('--today wins over SOURCE_DATE_EPOCH, which wins over the clock', () => {
    const now = new Date(2030, 0, 15, 12);
    expect(resolveToday({ today: '2026-04-01', sourceDateEpoch: '0', now })).toBe('2026-04-01');
    expect(resolveToday({ sourceDateEpoch: '1775001600', now })).toBe('2026-04-01');
    expect(resolveToday({ now })).toBe('2030-01-15');
  });

  test('rejects dates that do not exist and malformed epochs', () => {
    expect(() => resolveToday({ today: '2026-02-30', label: '--today' })).toThrow(
      '--today must be a real date from 2000 to 2999 written YYYY-MM-DD, not "2026-02-30"',
    );
    expect(() => resolveToday({ today: '1/4/2026' })).toThrow('today must be a real date');
    expect(() => resolveToday({ today: '9999-12-31' })).toThrow('from 2000 to 2999');
    expect(() => resolveToday({ sourceDateEpoch: 'yesterday' })).toThrow('SOURCE_DATE_EPOCH must be a whole number');
    expect(() => resolveToday({ sourceDateEpoch: '253402300800' })).toThrow(
      'SOURCE_DATE_EPOCH 253402300800 is not a date from 2000 to 2999',
    );
  });
});
