/** Default of a process's budget for one kind of store (previews, archives). */
export const DEFAULT_WRITE_BUDGET_BYTES = 256 * 1024 * 1024;

/**
 * `WriteBudget` bounds the bytes queued for the disk by every `DiskSegmentStore` that shares it. Each
 * store has its own bound too, but hundreds of live events with one store each could together hold many
 * times what the process can spare while the disk (or the CPU feeding the thread pool) falls behind: a
 * shared budget makes the process drop segments, with a warning, at a fixed amount of memory however many
 * live events run. A store takes bytes when it queues an append and gives them back when they are
 * written or released.
 */
export class WriteBudget {
  readonly limit: number;
  #used = 0;
  #refused = 0;

  constructor(limitBytes: number = DEFAULT_WRITE_BUDGET_BYTES) {
    if (!Number.isFinite(limitBytes) || limitBytes <= 0) {
      throw new RangeError(`write budget must be a positive number of bytes, got ${limitBytes}`);
    }
    this.limit = limitBytes;
  }

  /** Bytes taken and not given back. */
  get used(): number {
    return this.#used;
  }

  /** Appends refused because the budget was spent. */
  get refused(): number {
    return this.#refused;
  }

  /** Takes `bytes` when they fit in what is left; `false` (counted) when they do not. */
  take(bytes: number): boolean {
    if (this.#used + bytes > this.limit) {
      this.#refused++;
      return false;
    }
    this.#used += bytes;
    return true;
  }

  /** Gives back bytes taken earlier. */
  give(bytes: number): void {
    this.#used = Math.max(0, this.#used - bytes);
  }
}
