import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { FORMATS } from '../../src/formats';
import { compileNow } from '../../src/validate/schemas';
import { REPO } from '../helpers';

// The CLI uses validators compiled at build time; the sources under test compile at run
// time. Both must judge every input alike, error for error.
const cases: Record<'organisation' | 'template', unknown[]> = {
  organisation: [
    { organisation: { name: 'Tŷ Gwyn', registration_no: 'W1', registered_manager: { first_name: 'A', last_name: 'B' } } },
    { organisation: { name: ' ', registration_no: 12, registered_manager: { first_name: 'A' }, 'bad-key': 'x', beds: 24 } },
    {
      organisation: {},
      review: { last_reviewed: '2026-02-30', interval_months: 13, polices: {}, triggers: [{ date: '1999-01-01' }] },
      locale: 'fr',
    },
    { review: { policies: { 'Bad Id': { interval_months: 0 } }, triggers: [{ date: '2026-09-01', reason: 'x', policies: [] }] } },
    [],
    null,
  ],
  template: [{ title: 'X' }, { title: '', id: 'Bad', review_interval_months: 24, author: 'me' }, 'text'],
};

test.each(Object.entries(cases))('the build-time %s validator agrees with ajv at run time', (name, inputs) => {
  const compiled = require(join(REPO, 'dist', 'validate', 'compiled', `${name}.js`)) as ValidateFunction;
  const runtime = compileNow(name as 'organisation' | 'template');
  const errors = (validate: ValidateFunction, input: unknown) => {
    validate(input);
    return (validate.errors ?? []).map(({ instancePath, keyword, params, data }) => ({ instancePath, keyword, params, data }));
  };
  for (const input of inputs) expect(errors(compiled, input)).toEqual(errors(runtime, input));
  expect(errors(compiled, inputs[1])).not.toEqual([]);
});

test('the config schema allows exactly the formats policygen builds', () => {
  const schema = require(join(REPO, 'schemas', 'config.schema.json')) as { properties: { formats: { items: { enum: string[] } } } };
  expect(schema.properties.formats.items.enum).toEqual([...FORMATS]);
});
