import { build, due, render, validate } from '../../src';
import { listFiles, tempDir } from '../helpers';

/**
 * A script's mistake in an option is a TypeError or RangeError naming the option, thrown
 * before any work starts: never a build that reads "home.yaml" letter by letter, builds
 * nothing with ok: true, or never settles.
 */
const cases: Array<[string, Record<string, unknown>, ErrorConstructor, RegExp]> = [
  ['inputs as a string', { inputs: 'home.yaml' }, TypeError, /^inputs must be an array of strings/],
  ['no inputs', { inputs: [] }, RangeError, /^inputs must name at least one/],
  ['formats as a string', { inputs: ['x'], formats: 'pdf' }, TypeError, /^formats must be an array/],
  ['an unknown format', { inputs: ['x'], formats: ['docs'] }, RangeError, /^unknown format "docs" in formats/],
  ['jobs NaN', { inputs: ['x'], jobs: Number.NaN }, TypeError, /^jobs must be a whole number, not NaN/],
  ['jobs 0', { inputs: ['x'], jobs: 0 }, RangeError, /^jobs must be from 1 to 256, not 0/],
  ['shard of 0', { inputs: ['x'], shard: { index: 1, count: 0 } }, RangeError, /^shard must have whole numbers 1 <= index <= count/],
  ['shard past its count', { inputs: ['x'], shard: { index: 5, count: 2 } }, RangeError, /^shard must have whole numbers/],
  ['shard text too large', { inputs: ['x'], shard: '1/99999999999999999999' }, RangeError, /^--shard must be i\/n/],
  ['an unknown defaultLocale', { inputs: ['x'], defaultLocale: 'fr' }, RangeError, /^defaultLocale must be one of en-GB, cy, not "fr"/],
  ['today not a date', { inputs: ['x'], today: '1 April' }, RangeError, /^today must be a real date/],
  ['out empty', { inputs: ['x'], out: '' }, TypeError, /^out must be a non-empty string/],
  ['templates as a string', { inputs: ['x'], templates: 'lib' }, TypeError, /^templates must be an array of strings/],
  ['onProgress not a function', { inputs: ['x'], onProgress: 'yes' }, TypeError, /^onProgress must be a function/],
  ['prune as a string', { inputs: ['x'], prune: 'yes' }, TypeError, /^prune must be true or false, not "yes"/],
  ['check and prune together', { inputs: ['x'], check: true, prune: true }, TypeError, /^check and prune cannot be used together/],
  ['only as a string', { inputs: ['x'], only: 'x' }, TypeError, /^only must be an array of strings/],
];

test.each(cases)('build() with %s throws, naming the option, and writes nothing', async (_name, options, kind, message) => {
  const cwd = tempDir();
  const promise = build({ cwd, ...options } as never);
  await expect(promise).rejects.toThrow(kind);
  await expect(promise).rejects.toThrow(message);
  expect(listFiles(cwd)).toEqual([]);
});

test('validate(), due() and render() check their options too', async () => {
  await expect(render({ inputs: ['x'], formats: ['docs'] } as never)).rejects.toThrow(/^unknown format "docs" in formats/);
  await expect(render({ inputs: ['x'], out: 7 } as never)).rejects.toThrow(/^out must be a non-empty string/);
  await expect(validate({ inputs: 'home.yaml' } as never)).rejects.toThrow(/^inputs must be an array of strings/);
  await expect(due({ inputs: ['x'], withinDays: -1 })).rejects.toThrow(RangeError);
  await expect(due({ inputs: ['x'], withinDays: 1.5 })).rejects.toThrow(/^withinDays must be a whole number/);
});
