/** Write: the only stage that writes files. Takes rendered outputs; writes each atomically. */
export { writeFileAtomic, writeTemp, commitTemp, discardTemp, TEMP_PREFIX } from './atomic';
export { compareOutputs, writeOutputs, outputPath, type OutputFile, type OutputStatus } from './outputs';
