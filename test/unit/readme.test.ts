import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from '../helpers';

/** The README is the user's reference: every diagnostic code policygen can print is explained there. */
test('every diagnostic code is listed in the README', () => {
  const source = readFileSync(join(REPO, 'src', 'diagnostics.ts'), 'utf8');
  const union = /export type DiagnosticCode =([\s\S]*?);/.exec(source)![1]!;
  const codes = [...union.matchAll(/'([A-Z_]+)'/g)].map((match) => match[1]!);
  expect(codes.length).toBeGreaterThan(30);
  const readme = readFileSync(join(REPO, 'README.md'), 'utf8');
  expect(codes.filter((code) => !readme.includes(`\`${code}\``))).toEqual([]);
});
