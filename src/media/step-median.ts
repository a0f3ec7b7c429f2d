/**
 * `StepMedian` is the running median of the last `capacity` time steps pushed into it: how a video
 * track learns its frame duration from observed DTS steps when the frame rate is unknown or wrong. One
 * missing frame (a double step) or a burst does not move a median, while a real change of frame rate
 * takes over after `capacity / 2` steps. Pushing is O(capacity) with no allocation.
 */
export class StepMedian {
  readonly #ring: Float64Array;
  readonly #sorted: Float64Array;
  #next = 0;
  #count = 0;

  /** `capacity`: how many recent steps count (odd, so the median is one of them). */
  constructor(options: { capacity: number }) {
    const capacity = Math.max(1, Math.floor(options.capacity));
    this.#ring = new Float64Array(capacity);
    this.#sorted = new Float64Array(capacity);
  }

  /** Number of steps currently held (at most the capacity). */
  get count(): number {
    return this.#count;
  }

  /** The median of the held steps, or `undefined` before the first push. */
  get median(): number | undefined {
    if (this.#count === 0) {
      return undefined;
    }
    return this.#sorted[(this.#count - 1) >> 1];
  }

  /** Adds one step, evicting the oldest when full. */
  push(step: number): void {
    const sorted = this.#sorted;
    let n = this.#count;
    if (n === this.#ring.length) {
      const evicted = this.#ring[this.#next] ?? 0;
      let i = 0;
      while (i < n - 1 && sorted[i] !== evicted) {
        i++;
      }
      sorted.copyWithin(i, i + 1, n);
      n--;
    }
    let j = n;
    while (j > 0 && (sorted[j - 1] ?? 0) > step) {
      sorted[j] = sorted[j - 1] ?? 0;
      j--;
    }
    sorted[j] = step;
    this.#count = n + 1;
    this.#ring[this.#next] = step;
    this.#next = (this.#next + 1) % this.#ring.length;
  }

  /** Forgets every step. */
  clear(): void {
    this.#count = 0;
    this.#next = 0;
  }
}
