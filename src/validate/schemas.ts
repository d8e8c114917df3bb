import Ajv2020, { type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';

/**
 * The JSON Schemas in `schemas/` are the truth about the files users write; they ship with
 * the package so editors can use them too. Each is compiled once per process (about 40 ms).
 */
let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

export type SchemaName = 'organisation' | 'template';

export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    ajv ??= addFormats(new Ajv2020({ allErrors: true, verbose: true, strict: true, allowUnionTypes: true }), ['date']);
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const schema = require(`../../schemas/${name}.schema.json`) as object;
    validate = ajv.compile(schema);
    compiled.set(name, validate);
  }
  return validate;
}
