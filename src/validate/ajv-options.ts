/** ajv's options, shared by the run-time compiler and the build-time one (scripts/compile-schemas.js). */
export const ajvOptions = { allErrors: true, verbose: true, strict: true, allowUnionTypes: true } as const;
