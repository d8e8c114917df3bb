/** The command-line interface: a thin layer over the library API in `src/api.ts`. */
export { main } from './main';
export { EXIT, type CliIO, type OutputStream } from './io';
export { internalErrorText } from './main';
