/**
 * What became of an output. A build writes it or leaves it (`written`, `unchanged`); `--check`
 * compares it (`up-to-date`, `stale`, `missing`). A file policygen wrote before that the
 * build no longer makes (a home, template or format gone) is `extra`, or `removed` by
 * `--prune`.
 */
export type OutputStatus = 'written' | 'unchanged' | 'up-to-date' | 'stale' | 'missing' | 'extra' | 'removed';

/** One output file and what became of it. */
export interface OutputResult {
  /** The path as shown to the user. */
  path: string;
  status: OutputStatus;
}
