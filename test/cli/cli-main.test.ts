import { runMain } from '../helpers';
import { cases } from './cases';
import { checkCase } from './run-case';

describe('policygen through main()', () => {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
    await checkCase(testCase, runMain);
  });
});
