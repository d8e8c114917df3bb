import { runBin } from '../helpers';
import { cases } from './cases';
import { checkCase } from './run-case';

// The built binary, as a user runs it: `npm test` compiles dist/ before jest starts.
describe('node bin/policygen.js', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await checkCase(testCase, runBin);
  });
});
