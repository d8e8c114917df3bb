/**
 * Write: the only stage that writes files. Takes rendered outputs; writes each organisation's
 * atomically with a manifest of what it wrote, compares them for --check, and finds and
 * prunes what an earlier build wrote that this one no longer makes.
 */
export { writeFileAtomic } from './atomic';
export { checkHome, homeFolder, outputPath, placeOutput, readEarlierOutput, writeHome, type HomeOutputs, type OutputFile } from './outputs';
export { findLeftoverFolders, leftoverExtras, listExtras, pruneLeftoverFolder, type LeftoverFolder } from './extras';
export { MANIFEST_NAME } from './manifest';
export type { OutputResult, OutputStatus } from './status';
