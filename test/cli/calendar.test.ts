import { cpSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { EXAMPLES, listFiles, organisationYaml, runBin, runMain, tempDir, writeFiles } from '../helpers';

/** `policygen due --ics`: read back with an iCalendar parser, as a calendar app would. */
interface ParsedEvent {
  uid: string;
  start: string;
  allDay: boolean;
  end: string;
  summary: string;
  description: string;
  stamp: string;
  alarm: { action: string; trigger: string };
}

function parseCalendar(text: string): ParsedEvent[] {
  const calendar = new ICAL.Component(ICAL.parse(text));
  return calendar.getAllSubcomponents('vevent').map((component) => {
    const event = new ICAL.Event(component);
    const alarm = component.getFirstSubcomponent('valarm')!;
    return {
      uid: event.uid,
      start: event.startDate.toString(),
      allDay: event.startDate.isDate,
      end: event.endDate.toString(),
      summary: event.summary,
      description: event.description,
      stamp: String(component.getFirstPropertyValue('dtstamp')),
      alarm: { action: String(alarm.getFirstPropertyValue('action')), trigger: String(alarm.getFirstPropertyValue('trigger')) },
    };
  });
}

function examplesFolder(): string {
  const cwd = tempDir();
  cpSync(EXAMPLES, join(cwd, 'examples'), { recursive: true });
  return cwd;
}

test('one all-day event per home and policy on its next review date, in the home’s language, with a reminder 30 days before', async () => {
  const cwd = examplesFolder();
  const result = await runMain(['due', 'examples', '--today', '2026-11-25', '--ics', 'reviews.ics'], cwd);
  expect(result.code).toBe(0);
  // The table still goes to stdout; the calendar to its file.
  expect(result.stdout).toContain('NEXT REVIEW');
  const events = parseCalendar(readFileSync(join(cwd, 'reviews.ics'), 'utf8'));
  expect(events).toEqual([
    {
      // The UIDs earlier releases wrote, byte for byte: a calendar that imported them updates in place.
      uid: '2afe65291ad759a7556358f484618d57@policygen',
      start: '2027-01-15',
      allDay: true,
      end: '2027-01-16',
      summary: 'Review: Using Social Media Platforms Policy – Ocean View Care Home',
      description:
        'Why this date: New CIW guidance on digital safeguarding\nLast reviewed: 15 September 2026\nOrganisation file: examples/ocean-view.yaml',
      stamp: '2026-11-25T00:00:00Z',
      alarm: { action: 'DISPLAY', trigger: '-P30D' },
    },
    {
      uid: '617d601deda3a82f73ed1b158100eacd@policygen',
      start: '2027-04-01',
      allDay: true,
      end: '2027-04-02',
      // Tŷ Gwyn prefers Welsh: its event is wholly Welsh.
      summary: "Adolygiad: Polisi Defnyddio Platfformau'r Cyfryngau Cymdeithasol – Cartref Gofal Tŷ Gwyn",
      description:
        'Pam y dyddiad hwn: adolygiad blynyddol\nAdolygwyd ddiwethaf: 1 Ebrill 2026\nFfeil y sefydliad: examples/cartref-gofal-ty-gwyn.yaml',
      stamp: '2026-11-25T00:00:00Z',
      alarm: { action: 'DISPLAY', trigger: '-P30D' },
    },
  ]);
});

test('the same --today gives the same bytes, in any time zone; another day moves only DTSTAMP and the dates, never a UID', async () => {
  const cwd = examplesFolder();
  const ics = async (today: string) => {
    const result = await runMain(['due', 'examples', '--today', today, '--ics', '-'], cwd);
    return result.stdout;
  };
  const first = await ics('2026-11-25');
  expect(await ics('2026-11-25')).toBe(first);
  // The built binary, in zones either side of UTC: no review date may slip a day.
  for (const TZ of ['Pacific/Kiritimati', 'Pacific/Honolulu']) {
    expect((await runBin(['due', 'examples', '--today', '2026-11-25', '--ics', '-'], cwd, { TZ })).stdout).toBe(first);
  }
  expect(first).toMatch(/^BEGIN:VCALENDAR\r\n[\s\S]*\r\nEND:VCALENDAR\r\n$/);
  expect(first.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
  const later = await ics('2026-12-01');
  expect(parseCalendar(later).map((e) => e.uid)).toEqual(parseCalendar(first).map((e) => e.uid));
  expect(later.replace(/DTSTAMP:\d+T\d+Z/g, '')).toBe(first.replace(/DTSTAMP:\d+T\d+Z/g, ''));
});

test('--within narrows the calendar to the reviews due in the window; --ics - writes only the calendar to stdout', async () => {
  const cwd = examplesFolder();
  const result = await runMain(['due', 'examples', '--today', '2026-11-25', '--within', '2m', '--ics', '-'], cwd);
  expect(result.code).toBe(1); // Ocean View is due within two months
  expect(parseCalendar(result.stdout).map((e) => [e.start, e.summary])).toEqual([
    ['2027-01-15', 'Review: Using Social Media Platforms Policy – Ocean View Care Home'],
  ]);
  expect(result.stderr).toContain('0 overdue, 1 due within 61 days, 1 not yet due');
});

test('over a whole estate: every home, UIDs unique, text with commas, semicolons and long names intact', async () => {
  const cwd = tempDir();
  const names = ['Smith, Jones; & Partners \\ Care', `Bryn ${'Hyfryd '.repeat(20)}Care Home`, 'Tŷ Ŵyn'];
  writeFiles(cwd, Object.fromEntries(names.map((name, index) => [`homes/home-${index}.yaml`, organisationYaml({ name })])));
  const result = await runMain(['due', 'homes', '--today', '2026-11-25', '--ics', 'out/reviews.ics'], cwd);
  expect(result.code).toBe(0);
  const events = parseCalendar(readFileSync(join(cwd, 'out', 'reviews.ics'), 'utf8'));
  expect(events.map((e) => e.summary)).toEqual(names.map((name) => `Review: Using Social Media Platforms Policy – ${name.trim()}`));
  expect(events.map((e) => e.description.split('\n')[2])).toEqual(names.map((_, i) => `Organisation file: homes/home-${i}.yaml`));
  expect(new Set(events.map((e) => e.uid)).size).toBe(3);
});

test('a reason written per language: each home’s event in its preferred language, due’s table in English, --json as written', async () => {
  const cwd = tempDir();
  const trigger = `  triggers:
    - date: 2027-01-15
      reason:
        cy: Canllawiau newydd AGC ar ddiogelu digidol
        en: New CIW guidance on digital safeguarding`;
  writeFiles(cwd, {
    'homes/a-welsh.yaml': organisationYaml({ extra: `${trigger}\nlanguages: [cy, en]` }),
    'homes/b-english.yaml': organisationYaml({ name: 'Ocean View', extra: `${trigger}\nlanguages: [en, cy]` }),
  });
  const result = await runMain(['due', 'homes', '--today', '2026-11-25', '--ics', 'reviews.ics'], cwd);
  expect(result.code).toBe(0);
  expect(result.stderr).not.toContain('warning');
  const events = parseCalendar(readFileSync(join(cwd, 'reviews.ics'), 'utf8'));
  expect(events.map((e) => e.description.split('\n')[0])).toEqual([
    'Pam y dyddiad hwn: Canllawiau newydd AGC ar ddiogelu digidol',
    'Why this date: New CIW guidance on digital safeguarding',
  ]);
  // The table is English, whatever the home's language.
  const rows = result.stdout.split('\n').filter((line) => line.includes('trigger:'));
  expect(rows.map((row) => row.slice(row.indexOf('trigger:')))).toEqual([
    'trigger: New CIW guidance on digital safeguarding',
    'trigger: New CIW guidance on digital safeguarding',
  ]);
  const json = JSON.parse((await runMain(['due', 'homes', '--today', '2026-11-25', '--json'], cwd)).stdout) as {
    entries: Array<{ reason: { reason: unknown } }>;
  };
  expect(json.entries[0]!.reason.reason).toEqual({
    cy: 'Canllawiau newydd AGC ar ddiogelu digidol',
    en: 'New CIW guidance on digital safeguarding',
  });
});

test('a calendar that cannot be written is a usage error, and nothing is written', async () => {
  const cwd = examplesFolder();
  writeFiles(cwd, { 'cal/keep.txt': 'x' });
  expect(await runMain(['due', 'examples', '--today', '2026-11-25', '--ics', 'cal'], cwd)).toMatchObject({
    code: 2,
    stderr: expect.stringContaining('policygen: --ics cal is a folder; name the file to write, e.g. cal/reviews.ics'),
  });
  expect(await runMain(['due', 'examples', '--ics', '-', '--json'], cwd)).toMatchObject({
    code: 2,
    stderr: expect.stringContaining('policygen: --ics - and --json both write to stdout: write the calendar to a file'),
  });
  expect(listFiles(join(cwd, 'cal'))).toEqual(['keep.txt']);
});

test('with an invalid home the calendar is not written: a calendar missing a home would look complete', async () => {
  const cwd = tempDir();
  writeFiles(cwd, { 'homes/good.yaml': organisationYaml(), 'homes/bad.yaml': 'organisation: {}\n' });
  const result = await runMain(['due', 'homes', '--today', '2026-11-25', '--ics', 'reviews.ics'], cwd);
  expect(result.code).toBe(2);
  expect(listFiles(cwd)).toEqual(['homes/bad.yaml', 'homes/good.yaml']);
});
