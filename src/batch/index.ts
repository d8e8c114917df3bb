/** Batches: many organisations at once, across worker threads, sharded for CI matrices. */
export { runAll } from './pool';
export { runOne, type Mode, type OrganisationReport, type RenderedFile, type TaskSettings } from './run-one';
export { parseShard, isValidShard, selectShard, InvalidShardError, MAX_SHARDS, type Shard } from './shard';
