/** `PrunableFile` is a closed event-log file as the pruner sees it. */
export interface PrunableFile {
  readonly path: string;
  readonly firstSeq: number;
  /** Seq of its last event: the next file's `firstSeq - 1`. */
  readonly lastSeq: number;
  readonly bytes: number;
  /** Last write time: the time of its newest event. */
  readonly mtimeMs: number;
}

/** `PrunePlanInput` is everything a prune decision depends on. */
export interface PrunePlanInput {
  /** Closed files, oldest first (the active file is never pruned: it carries the seq across restarts). */
  readonly files: readonly PrunableFile[];
  /** Size of the whole log including the active file. */
  readonly totalBytes: number;
  /** Every subscriber's cursor: the last seq it has handled. */
  readonly cursors: ReadonlyMap<string, number>;
  readonly nowMs: number;
  readonly maxAgeMs: number;
  readonly maxTotalBytes: number;
}

/** `PrunePlan` says which files to delete and which subscribers lose events or hold the log back. */
export interface PrunePlan {
  readonly deletions: readonly PrunableFile[];
  /** Events deleted by age before a subscriber received them, per subscriber. */
  readonly dropped: ReadonlyMap<string, number>;
  /** Subscribers whose undelivered events keep the log over `maxTotalBytes` (empty when it is not). */
  readonly heldBy: readonly string[];
}

/**
 * `planPrune` chooses the oldest files to delete. A file older than `maxAgeMs` goes regardless of cursors
 * (and the events it held for each lagging subscriber are counted in `dropped`); otherwise, while the log
 * exceeds `maxTotalBytes`, a file goes only once every cursor is past its last event. Deletion stops at the
 * first file that must stay, so the log is always one contiguous run of seqs.
 */
export function planPrune(input: PrunePlanInput): PrunePlan {
  const deletions: PrunableFile[] = [];
  const dropped = new Map<string, number>();
  let total = input.totalBytes;
  let heldBy: string[] = [];
  for (const file of input.files) {
    const expired = input.nowMs - file.mtimeMs > input.maxAgeMs;
    const lagging = [...input.cursors].filter(([, seq]) => seq < file.lastSeq);
    if (expired) {
      for (const [name, seq] of lagging) {
        const count = file.lastSeq - Math.max(seq, file.firstSeq - 1);
        dropped.set(name, (dropped.get(name) ?? 0) + count);
      }
    } else if (total > input.maxTotalBytes) {
      if (lagging.length > 0) {
        heldBy = lagging.map(([name]) => name);
        break;
      }
    } else {
      break;
    }
    deletions.push(file);
    total -= file.bytes;
  }
  return { deletions, dropped, heldBy };
}
