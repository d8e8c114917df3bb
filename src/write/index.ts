/** Write: the only stage that writes files. Takes rendered outputs; writes each atomically. */
export { writeFileAtomic, TEMP_PREFIX } from './atomic';
export { writeOutputs, outputPath, type OutputFile, type OutputStatus } from './outputs';
