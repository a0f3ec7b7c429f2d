import type { HealthDropReason } from './health-types.js';

/** `WindowCounts` are a track's per-window counts, named as in `LiveEventIngestHeartbeat`. */
export interface WindowCounts {
  readonly overlapCount: number;
  readonly discontinuityCount: number;
  readonly nonincreasingCount: number;
}

/**
 * `HeartbeatWindow` counts one track's overlapping and non-increasing drops and discontinuities in the
 * current heartbeat window ("in the last 20 seconds", azure-compat §3.2). `take` returns the counts and
 * starts the next window from zero.
 */
export class HeartbeatWindow {
  #overlaps = 0;
  #nonIncreasing = 0;
  #discontinuities = 0;

  /** Counts one dropped unit. */
  drop(reason: HealthDropReason): void {
    if (reason === 'overlap') {
      this.#overlaps++;
    } else {
      this.#nonIncreasing++;
    }
  }

  /** Counts one discontinuity. */
  discontinuity(): void {
    this.#discontinuities++;
  }

  /** The counts of the window so far. */
  get counts(): WindowCounts {
    return {
      overlapCount: this.#overlaps,
      discontinuityCount: this.#discontinuities,
      nonincreasingCount: this.#nonIncreasing,
    };
  }

  /** Closes the window: its counts; the next window starts at zero. */
  take(): WindowCounts {
    const counts = this.counts;
    this.#overlaps = 0;
    this.#nonIncreasing = 0;
    this.#discontinuities = 0;
    return counts;
  }
}

/** `isHealthy` is the Event Grid `healthy` rule: no overlaps, discontinuities or non-increasing units, expected bitrate. */
export function isHealthy(counts: WindowCounts, unexpectedBitrate: boolean): boolean {
  return (
    counts.overlapCount === 0 &&
    counts.discontinuityCount === 0 &&
    counts.nonincreasingCount === 0 &&
    !unexpectedBitrate
  );
}
