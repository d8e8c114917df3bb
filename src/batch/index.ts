/** Batches: many organisations at once, across worker threads, sharded for CI matrices. */
export { runAll } from './pool';
export { rememberLibrary, runOne, type Mode, type OrganisationReport, type TaskSettings } from './run-one';
export { parseShard, selectShard, InvalidShardError, type Shard } from './shard';
