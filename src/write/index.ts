/** Write: the only stage that writes files. Takes rendered outputs; writes each atomically. */
export { writeFileAtomic } from './atomic';
export { compareOutputs, writeOutputs, outputPath, placeOutput, type OutputFile, type OutputStatus } from './outputs';
