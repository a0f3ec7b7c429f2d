/** Bits per byte, and milliseconds per second: bits/ms × 1000 = bits/s. */
const BITS_PER_BYTE = 8;
const MS_PER_SECOND = 1000;

/**
 * `bitsPerSecond` is the rate of `bytes` received over `elapsedMs` of wall time, rounded to an integer
 * (Event Grid `incomingBitrate` is int64). An empty or zero-length window measures 0.
 */
export function bitsPerSecond(bytes: number, elapsedMs: number): number {
  if (elapsedMs <= 0 || bytes <= 0) {
    return 0;
  }
  return Math.round((bytes * BITS_PER_BYTE * MS_PER_SECOND) / elapsedMs);
}

/**
 * `BitrateMeter` counts the payload bytes of one track in the current heartbeat window. `add` is the
 * per-frame path: one addition. `take(now)` returns the window's bits per second (payload bits / window
 * seconds, the window running from the previous `take` or the start) and opens the next window.
 */
export class BitrateMeter {
  #bytes = 0;
  #windowStart: number;

  constructor(options: { readonly startMs: number }) {
    this.#windowStart = options.startMs;
  }

  /** Wall time at which the current window opened. */
  get windowStart(): number {
    return this.#windowStart;
  }

  /** Counts `payloadBytes` received in the current window. */
  add(payloadBytes: number): void {
    this.#bytes += payloadBytes;
  }

  /** Closes the window at `nowMs`: its incoming bits per second; the next window opens at `nowMs`. */
  take(nowMs: number): number {
    const rate = bitsPerSecond(this.#bytes, nowMs - this.#windowStart);
    this.#bytes = 0;
    this.#windowStart = nowMs;
    return rate;
  }
}
