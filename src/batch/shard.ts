/** `--shard 2/3`: the second of three slices of the work, as jest's `--shard` does. */
export interface Shard {
  index: number; // 1-based
  count: number;
}

/** A shard that is not i/n with 1 ≤ i ≤ n: a usage error on the command line, a RangeError in the API. */
export class InvalidShardError extends RangeError {}

/** A CI matrix has a handful of machines; a larger count is a typo, and its arithmetic would lose precision. */
export const MAX_SHARDS = 10_000;

export function parseShard(text: string): Shard {
  const match = /^(\d{1,9})\/(\d{1,9})$/.exec(text.trim());
  const shard = { index: Number(match?.[1]), count: Number(match?.[2]) };
  if (!match || !isValidShard(shard)) {
    throw new InvalidShardError(`--shard must be i/n with 1 <= i <= n <= ${MAX_SHARDS}, e.g. 1/4, not "${text}"`);
  }
  return shard;
}

export function isValidShard(shard: Shard): boolean {
  const { index, count } = shard;
  return Number.isInteger(index) && Number.isInteger(count) && count >= 1 && count <= MAX_SHARDS && index >= 1 && index <= count;
}

/**
 * The items of one shard. Items are split into `count` contiguous runs as even as possible,
 * in the order given (callers sort first), so every item is in exactly one shard and the
 * same inputs always give the same slices on every machine of a CI matrix.
 */
export function selectShard<T>(items: readonly T[], shard: Shard): T[] {
  const start = Math.floor(((shard.index - 1) * items.length) / shard.count);
  const end = Math.floor((shard.index * items.length) / shard.count);
  return items.slice(start, end);
}
