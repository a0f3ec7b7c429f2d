import type { TimelineDrop } from './timeline-types.js';

/** `DropReason` is the Azure `LiveEventIncomingDataChunkDropped.resultCode` of a dropped unit. */
export type DropReason = 'FragmentDrop_OverlapTimestamp' | 'FragmentDrop_NonIncreasingTimestamp';

/** `DROP_REASONS` maps a dropping `TimelineVerdict` kind to its `DropReason`. */
export const DROP_REASONS: Readonly<Record<TimelineDrop['kind'], DropReason>> = {
  overlap: 'FragmentDrop_OverlapTimestamp',
  'non-increasing': 'FragmentDrop_NonIncreasingTimestamp',
};

/** `DropReport` is one aggregated report: `count` drops of one track and reason in one window. */
export interface DropReport {
  readonly trackId: string;
  readonly reason: DropReason;
  readonly count: number;
  /** Input times (unwrapped ms, see `TimelineDrop.timestamp`) of the first and last drop counted. */
  readonly firstTimestamp: number;
  readonly lastTimestamp: number;
}

/** `DropAggregatorOptions` configures a `DropAggregator`. */
export interface DropAggregatorOptions {
  /** Window length in ms; at most one report per track and reason per window. Default 1000. */
  readonly intervalMs?: number;
  /** Receives each report, synchronously, from `add` or `flush`. */
  readonly onReport: (report: DropReport) => void;
}

/** Default window: one report per second is what a person reading the event stream can follow. */
const DEFAULT_INTERVAL_MS = 1000;

interface Window {
  start: number;
  count: number;
  firstTimestamp: number;
  lastTimestamp: number;
}

/**
 * `DropAggregator` collapses dropped units into at most one `DropReport` per track and reason per
 * window, so an encoder sending broken timestamps cannot flood the event bus. A window opens at a
 * track's first drop (`now`, wall-clock ms passed in) and is reported once it has ended: by the first
 * `add` at or after its end, or by `flush(now)`. `flush(Infinity)` reports every open window. Pure: no
 * timers; the owner calls `flush` periodically.
 */
export class DropAggregator {
  readonly #intervalMs: number;
  readonly #onReport: (report: DropReport) => void;
  readonly #windows = new Map<string, Record<DropReason, Window | undefined>>();

  constructor(options: DropAggregatorOptions) {
    this.#intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    this.#onReport = options.onReport;
  }

  /** Counts one drop of `trackId` at input time `timestamp`, at wall-clock `now` (ms). */
  add(trackId: string, reason: DropReason, timestamp: number, now: number): void {
    let windows = this.#windows.get(trackId);
    if (windows === undefined) {
      windows = { FragmentDrop_OverlapTimestamp: undefined, FragmentDrop_NonIncreasingTimestamp: undefined };
      this.#windows.set(trackId, windows);
    }
    const open = windows[reason];
    if (open !== undefined && now < open.start + this.#intervalMs) {
      open.count++;
      open.lastTimestamp = timestamp;
      return;
    }
    if (open !== undefined) {
      this.#report(trackId, reason, open);
    }
    windows[reason] = { start: now, count: 1, firstTimestamp: timestamp, lastTimestamp: timestamp };
  }

  /** Reports every window that has ended by `now` (all of them for `Infinity`). */
  flush(now: number): void {
    for (const [trackId, windows] of this.#windows) {
      for (const reason of Object.values(DROP_REASONS)) {
        const open = windows[reason];
        if (open !== undefined && now >= open.start + this.#intervalMs) {
          windows[reason] = undefined;
          this.#report(trackId, reason, open);
        }
      }
    }
  }

  #report(trackId: string, reason: DropReason, window: Window): void {
    this.#onReport({
      trackId,
      reason,
      count: window.count,
      firstTimestamp: window.firstTimestamp,
      lastTimestamp: window.lastTimestamp,
    });
  }
}
