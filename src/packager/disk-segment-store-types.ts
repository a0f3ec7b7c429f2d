import type { Logger } from 'pino';
import type { WriteBudget } from './write-budget.js';

/** `DiskSegmentStoreOptions` configures a `DiskSegmentStore`. */
export interface DiskSegmentStoreOptions {
  /** Directory the keys are relative to (e.g. `<dataDir>/preview/<liveEvent>`); created when needed. */
  readonly dir: string;
  readonly logger: Logger;
  /**
   * Bytes of queued writes past which an append is dropped, and with it its segment (counted, logged): a
   * disk slower than the streams must not grow memory without bound. Default 64 MiB (about 20 s of ten
   * 3 Mbit/s renditions).
   */
  readonly maxQueuedBytes?: number;
  /**
   * The bound shared with the other stores of the process (see `WriteBudget`), on top of
   * `maxQueuedBytes`; default none.
   */
  readonly budget?: WriteBudget;
  /**
   * `true` (default): each file is written to a temp name and renamed when finished, so other processes
   * that read the directory (archives, after a restart too) see whole files only. `false`: written in
   * place, one file system operation fewer per segment, for a directory only this store reads (the
   * preview); use it with `emptyFirst`, since a crash may leave a partial file behind.
   */
  readonly atomic?: boolean;
  /**
   * Segment files written at once (each on a lane of its own; every operation of one key runs on the
   * same lane, in order). Default 4, the size of libuv's thread pool.
   */
  readonly concurrency?: number;
  /** Removes whatever `dir` holds before the first write (what an earlier run left). */
  readonly emptyFirst?: boolean;
}

/** `DiskSegmentStoreStats` are the counters of a `DiskSegmentStore`. */
export interface DiskSegmentStoreStats {
  /** Segments stored whole. */
  readonly written: number;
  /** Writes, closes, renames, reads of queued segments and deletes that failed. */
  readonly failed: number;
  /** Segments lost because an append found the queue full. */
  readonly dropped: number;
  readonly deleted: number;
  /** Bytes appended and not yet on disk. */
  readonly queuedBytes: number;
  /** Segments being appended (not finished). */
  readonly open: number;
}
