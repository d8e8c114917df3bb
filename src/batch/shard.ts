/** `--shard 2/3`: the second of three slices of the work, as jest's `--shard` does. */
export interface Shard {
  index: number; // 1-based
  count: number;
}

export class InvalidShardError extends Error {}

export function parseShard(text: string): Shard {
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (!match || count < 1 || index < 1 || index > count) {
    throw new InvalidShardError(`--shard must be i/n with 1 <= i <= n, e.g. 1/4, not "${text}"`);
  }
  return { index, count };
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
