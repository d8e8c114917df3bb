import { join } from 'node:path';
import type { ValidateFunction } from 'ajv';
import { compileNow } from '../../src/validate/schemas';
import { REPO } from '../helpers';

/**
 * The config file's `defaults` are the organisation file's fields: an editor completing
 * them must say the same about each field as it does in an organisation file.
 */
interface Schema {
  description?: string;
  $ref?: string;
  properties?: Record<string, Schema>;
  additionalProperties?: Schema | boolean;
  items?: Schema;
  $defs?: Record<string, Schema>;
}

const organisation = require(join(REPO, 'schemas', 'organisation.schema.json')) as Schema;
const config = require(join(REPO, 'schemas', 'config.schema.json')) as Schema;

/** Follow a $ref as an editor does: `organisation.schema.json#/…` from the config, `#/…` within a file. */
function resolveRef(schema: Schema, within: Schema): { schema: Schema; within: Schema } {
  if (!schema.$ref) return { schema, within };
  const [file, pointer] = schema.$ref.split('#') as [string, string];
  const root = file === 'organisation.schema.json' ? organisation : file === '' ? within : undefined;
  if (!root) throw new Error(`unexpected $ref ${schema.$ref}`);
  let target: unknown = root;
  for (const part of pointer.split('/').filter(Boolean)) target = (target as Record<string, unknown>)[part];
  if (!target) throw new Error(`$ref ${schema.$ref} leads nowhere`);
  return resolveRef(target, root);
}

/** Every description an editor shows, by the path of the field it describes. */
function descriptions(start: Schema, within: Schema, path = '', depth = 0): Map<string, string | undefined> {
  const found = new Map<string, string | undefined>();
  const { schema, within: root } = resolveRef(start, within);
  found.set(path || '(root)', schema.description);
  // customField refers to itself: two levels of it say all there is to say.
  if (depth > 6) return found;
  const into = (child: Schema | boolean | undefined, childPath: string) => {
    if (typeof child !== 'object') return;
    for (const [key, value] of descriptions(child, root, childPath, depth + 1)) found.set(key, value);
  };
  for (const [key, child] of Object.entries(schema.properties ?? {})) into(child, `${path}.${key}`);
  into(schema.additionalProperties, `${path}.*`);
  into(schema.items, `${path}[]`);
  return found;
}

test('the config’s defaults describe every field with the organisation schema’s own words', () => {
  const defaults = config.properties!.defaults!;
  const fields = Object.keys(defaults.properties!);
  expect(fields).toEqual(['organisation', 'review', 'languages', 'policies']);
  for (const field of fields) {
    const inOrganisationFile = descriptions(organisation.properties![field]!, organisation, field);
    const inDefaults = descriptions(defaults.properties![field]!, config, field);
    expect(inDefaults).toEqual(inOrganisationFile);
    expect([...inDefaults.values()].filter((description) => !description)).toEqual([]);
  }
  // Everything an organisation file may hold but the home-only old locale.
  expect(Object.keys(organisation.properties!).filter((field) => !fields.includes(field))).toEqual(['locale']);
});

test('the build-time config validator agrees with ajv at run time on defaults', () => {
  const compiled = require(join(REPO, 'dist', 'validate', 'compiled', 'config.js')) as ValidateFunction;
  const runtime = compileNow('config');
  const errors = (validate: ValidateFunction, input: unknown) => {
    validate(input);
    return (validate.errors ?? []).map(({ instancePath, keyword, params, data }) => ({ instancePath, keyword, params, data }));
  };
  const inputs = [
    {
      defaults: {
        organisation: { name: 'Glannau', address: { town: 'Aberystwyth' } },
        review: { triggers: [{ date: '2026-10-01', reason: 'x' }] },
      },
    },
    {
      defaults: {
        organisation: { registration_no: 12, 'bad-key': 'x', registered_manager: { first_name: 'A' } },
        review: { interval_months: 13, trigers: [] },
        languages: ['fr'],
        policies: { include: [], exclude: ['Bad Id'] },
        locale: 'cy',
      },
    },
  ];
  for (const input of inputs) expect(errors(compiled, input)).toEqual(errors(runtime, input));
  expect(errors(compiled, inputs[0])).toEqual([]);
  expect(errors(compiled, inputs[1]).length).toBeGreaterThan(5);
});
