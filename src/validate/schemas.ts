import type { ValidateFunction } from 'ajv';
import { ajvOptions } from './ajv-options';

/**
 * The JSON Schemas in `schemas/` are the truth about the files users write; they ship with
 * the package so editors can use them too. `npm run build` compiles them to standalone
 * code (scripts/compile-schemas.js); where that is absent (the sources under ts-jest) they
 * are compiled here, once per process.
 */
export type SchemaName = 'organisation' | 'template' | 'config';

const validators = new Map<SchemaName, ValidateFunction>();

export function schemaValidator(name: SchemaName): ValidateFunction {
  let validate = validators.get(name);
  if (!validate) {
    validate = loadCompiled(name) ?? compileNow(name);
    validators.set(name, validate);
  }
  return validate;
}

function loadCompiled(name: SchemaName): ValidateFunction | undefined {
  try {
    return require(`./compiled/${name}.js`) as ValidateFunction;
  } catch {
    return undefined;
  }
}

/** Compile with ajv now: also used by a test that checks the build-time code agrees. */
export function compileNow(name: SchemaName): ValidateFunction {
  const Ajv2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  const schema = require(`../../schemas/${name}.schema.json`) as object;

  const ajv = addFormats(new Ajv2020({ ...ajvOptions }), ['date']);
  // The config's defaults refer to the organisation schema's fields, by file name as editors do.
  if (name === 'config') ajv.addSchema(require('../../schemas/organisation.schema.json') as object, 'organisation.schema.json');
  return ajv.compile(schema);
}
