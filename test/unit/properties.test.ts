import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
import { parseTemplateText } from '../../src/load';
import { buildView, renderMarkdown } from '../../src/render';
import { parseDocument, renderHtml } from '../../src/render/formats';
import { renderPdf } from '../../src/render/pdf';
import { addMonths, scheduleReview } from '../../src/schedule';
import { fieldGroups, flattenFields, validateTemplateLibrary, type Organisation, type ReviewSettings } from '../../src/validate';
import { REPO, tempDir } from '../helpers';
import { hasPoppler, pdfProblems } from '../pdf-check';

/*
 * Property-based tests. The numbers of runs are fixed so that CI does the same work every
 * time (docs/reliability.md lists them); a failure prints the seed and the smallest
 * counterexample fast-check found.
 */
const RUNS = { markdownHtml: 300, pdf: 25, dates: 2000, timeZones: 300 };

const body = 'Name: {{org_field_name}}\n\n- Item: {{org_field_name}}\n\n## About {{org_field_name}}\n';
const template = validateTemplateLibrary({
  templates: [parseTemplateText(`---\ntitle: Property\n---\n${body}`, 'property', 'property.md').template!],
  partials: new Map(),
}).library.templates[0]!;

function organisation(name: string): Organisation {
  const fields = { name, registration_no: 'W1', registered_manager: { first_name: 'A', last_name: 'B' } };
  return {
    file: 'home.yaml',
    absolutePath: '/home.yaml',
    outputName: 'home',
    fields,
    review: { lastReviewed: '2026-04-01', intervalMonths: 12, policies: new Map(), triggers: [] },
    languages: ['en'],
    placeholders: { values: flattenFields(fields), groups: fieldGroups(fields) },
    yaml: undefined as never,
  };
}

function renderFor(name: string): string {
  const org = organisation(name);
  const schedule = scheduleReview(org.review, template, '2026-05-01');
  return renderMarkdown(template, buildView(org, schedule, '2026-05-01', undefined, 'en', template), new Map());
}

/** What a value becomes as text: a line break is a space, the edges are trimmed, NFC. */
const asText = (value: string) =>
  value
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .normalize('NFC');

/**
 * Any Unicode text a YAML file could hold in a field (no NUL: such a file is never read;
 * not blank: the schema refuses it). Half the values are built from the characters and
 * words that make Markdown markup, so that emphasis, links, headings, lists, entities and
 * autolinks are actually tried, not left to the chance of random Unicode.
 */
const markupPieces = [
  '*',
  '**',
  '_',
  '`',
  '[',
  ']',
  '(',
  ')',
  '<',
  '>',
  '#',
  '# ',
  '&',
  '&amp;',
  '&#169;',
  '!',
  '\\',
  '-',
  '- ',
  '+',
  '=',
  '|',
  '~~',
  ':',
  '//',
  '@',
  '.',
  '1.',
  '2)',
  ' ',
  '  ',
  '\n',
  '\n\n',
  '\t',
  'a',
  'Tŷ',
  'ŵ',
  'http://x.example',
  'www.x.example',
  'x@y.example',
  '<script>',
  '![i](x.png)',
  '[l](javascript:alert(1))',
];
const fieldValue = fc
  .oneof(
    fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 }),
    fc.array(fc.constantFrom(...markupPieces), { minLength: 1, maxLength: 12 }).map((pieces) => pieces.join('')),
  )
  .filter((s) => !s.includes('\u0000') && s.trim() !== '');

/** HTML text to plain text, in one pass (decoding twice would turn "&#38;amp;" into "&"). */
const NAMED: Record<string, string> = { lt: '<', gt: '>', quot: '"', amp: '&' };
const decode = (html: string) =>
  html.replace(/&(?:#(\d+)|(lt|gt|quot|amp));/g, (_, code: string | undefined, name: string | undefined) =>
    code ? String.fromCharCode(Number(code)) : NAMED[name!]!,
  );

test('any Unicode value is literal text in the Markdown and in the HTML, never markup', () => {
  const markdown = new MarkdownIt('commonmark', { html: false });
  fc.assert(
    fc.property(fieldValue, (value) => {
      const md = renderFor(value);
      const expected = asText(value);
      // CommonMark's own reading of the Markdown: exactly a paragraph, a list item and a heading.
      const html = markdown.render(md);
      expect(html.match(/<(?!\/)[a-z0-9]+/g)).toEqual(['<p', '<ul', '<li', '<h2']);
      const texts = [...html.matchAll(/<(p|li|h2)>(.*?)<\/\1>/g)].map((m) => decode(m[2]!));
      expect(texts).toEqual([`Name: ${expected}`, `Item: ${expected}`, `About ${expected}`]);
      // policygen's HTML writer, from the same Markdown.
      const page = renderHtml(parseDocument(md), { title: 'T', organisationName: value, language: 'en', images: [] });
      const main = /<main>\n([\s\S]*)<\/main>/.exec(page)![1]!;
      expect(main.match(/<(?!\/)[a-z0-9]+/g)).toEqual(['<p', '<ul', '<li', '<h2']);
      expect([...main.matchAll(/<(p|li|h2)>(.*?)<\/\1>/g)].map((m) => decode(m[2]!))).toEqual([
        `Name: ${expected}`,
        `Item: ${expected}`,
        `About ${expected}`,
      ]);
      expect(page).not.toMatch(/<script/i);
    }),
    { numRuns: RUNS.markdownHtml, seed: 20261125 },
  );
});

(hasPoppler() ? test : test.skip)(
  "any value in the font's letters comes back from the PDF as the same text",
  async () => {
    // The letters the embedded font has: ASCII, Latin-1 and the Welsh accented letters.
    const letters = [
      ...' !"#$%&\'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~',
      ...'ÀÁÂÄÇÈÉÊËÌÍÎÏÑÒÓÔÖÙÚÛÜÝàáâäçèéêëìíîïñòóôöùúûüýÿŴŵŶŷẀẁẂẃẄẅỲỳ',
    ];
    const dir = tempDir();
    await fc.assert(
      fc.asyncProperty(
        fc
          .array(fc.constantFrom(...letters), { minLength: 1, maxLength: 30 })
          .map((chars) => chars.join(''))
          .filter((s) => s.trim() !== ''),
        async (value) => {
          const pdf = await renderPdf(parseDocument(renderFor(value)), {
            title: 'T',
            organisationName: value,
            language: 'en',
            images: [],
            nextReview: 'x',
            date: '2026-04-01',
          });
          writeFileSync(join(dir, 'p.pdf'), pdf);
          const text = execFileSync('pdftotext', ['-enc', 'UTF-8', join(dir, 'p.pdf'), '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
          expect(text).toContain(`Name: ${asText(value).replace(/\s+/g, ' ')}`);
          expect(pdfProblems(join(dir, 'p.pdf'))).toEqual([]);
        },
      ),
      { numRuns: RUNS.pdf, seed: 20261125 },
    );
  },
  60_000,
);

/** Calendar dates from 2000 to 2989, as yyyy-MM-dd. */
const calendarDate = fc
  .record({ year: fc.integer({ min: 2000, max: 2989 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }) })
  .map(({ year, month, day }) => {
    const last = new Date(Date.UTC(year, month, 0)).getUTCDate();
    return `${year}-${String(month).padStart(2, '0')}-${String(Math.min(day, last)).padStart(2, '0')}`;
  });

const reviewCase = fc.record({
  lastReviewed: calendarDate,
  intervalMonths: fc.integer({ min: 1, max: 12 }),
  override: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }),
  triggers: fc.array(
    fc.record({
      date: calendarDate,
      reason: fc.constant('r'),
      policies: fc.option(fc.subarray(['social-media', 'fire-safety'], { minLength: 1 }), { nil: undefined }),
    }),
    { maxLength: 4 },
  ),
});

test('the next review is after the last, within 12 months of it, and the earliest applicable trigger when one comes first', () => {
  fc.assert(
    fc.property(reviewCase, ({ lastReviewed, intervalMonths, override, triggers }) => {
      const review: ReviewSettings = {
        lastReviewed,
        intervalMonths,
        policies: new Map(override === undefined ? [] : [['social-media', { intervalMonths: override }]]),
        triggers: triggers.map((t) => ({ date: t.date, reason: t.reason, ...(t.policies ? { policies: t.policies } : {}) })),
      };
      const schedule = scheduleReview(review, { id: 'social-media' }, '2026-11-25');
      expect(schedule.nextReview > lastReviewed).toBe(true);
      expect(schedule.nextReview <= addMonths(lastReviewed, 12)).toBe(true);
      const byInterval = addMonths(lastReviewed, Math.min(intervalMonths, override ?? 12));
      const applicable = review.triggers
        .filter((t) => t.date > lastReviewed && (!t.policies || t.policies.includes('social-media')))
        .map((t) => t.date)
        .sort();
      const earliest = applicable[0];
      if (earliest !== undefined && earliest <= byInterval) {
        expect(schedule.nextReview).toBe(earliest);
        expect(schedule.reason.kind).toBe('trigger');
      } else {
        expect(schedule.nextReview).toBe(byInterval);
        expect(schedule.reason).toEqual({ kind: 'interval', months: Math.min(intervalMonths, override ?? 12) });
      }
    }),
    { numRuns: RUNS.dates, seed: 20261125 },
  );
});

test('review dates are the same under any time zone', () => {
  const cases = fc.sample(reviewCase, { numRuns: RUNS.timeZones, seed: 20261125 });
  const script = `
    const s = require(${JSON.stringify(join(REPO, 'dist', 'schedule'))});
    const cases = JSON.parse(require('fs').readFileSync(0, 'utf8'));
    console.log(JSON.stringify(cases.map((c) => {
      const review = { lastReviewed: c.lastReviewed, intervalMonths: c.intervalMonths, policies: new Map(), triggers: c.triggers.map((t) => ({ date: t.date, reason: t.reason })) };
      const r = s.scheduleReview(review, { id: 'social-media' }, '2026-11-25');
      return [r.nextReview, r.daysLeft, s.formatLongDate(r.nextReview, 'cy')];
    })));`;
  const run = (zone: string) =>
    execFileSync(process.execPath, ['-e', script], { input: JSON.stringify(cases), env: { TZ: zone }, encoding: 'utf8' });
  const reference = run('UTC');
  for (const zone of ['Pacific/Kiritimati', 'Pacific/Honolulu', 'America/St_Johns', 'Asia/Kathmandu', 'Pacific/Apia', 'Europe/London']) {
    expect({ zone, results: run(zone) }).toEqual({ zone, results: reference });
  }
});
