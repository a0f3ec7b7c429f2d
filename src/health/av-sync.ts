import type { TrackKind } from '../media/track.js';

/** `AvSyncTrack` declares one track of a stream to `AvSync`. */
export interface AvSyncTrack {
  readonly trackId: string;
  readonly kind: TrackKind;
  /** Ticks per second of the track's timestamps. */
  readonly timescale: number;
}

/** `AvSyncEnd` is one end of an out-of-sync distance: a track and its last timestamp (its own ticks). */
export interface AvSyncEnd {
  readonly trackId: string;
  readonly kind: TrackKind;
  readonly lastTimestamp: number;
  readonly timescale: number;
}

/** `AvSyncReport` is one out-of-sync episode: the tracks with the smallest and largest last timestamps. */
export interface AvSyncReport {
  /** Wall time at which the distance had stayed above the threshold for a whole window. */
  readonly at: number;
  readonly min: AvSyncEnd;
  readonly max: AvSyncEnd;
}

/** `AvSyncOptions` configures an `AvSync`. */
export interface AvSyncOptions {
  /** Distance between the last timestamps, ms, above which the stream is out of sync. */
  readonly thresholdMs: number;
  /** Wall time, ms, the distance must stay above the threshold before it is reported. */
  readonly windowMs: number;
  /** Called once per episode, synchronously from `update`. */
  readonly onOutOfSync: (report: AvSyncReport) => void;
}

interface Entry {
  readonly track: AvSyncTrack;
  readonly msPerTick: number;
  last: number;
  hasData: boolean;
}

/**
 * `AvSync` watches the last timestamps of the tracks of one stream (its audio and video) for Azure's
 * `LiveEventIncomingStreamsOutOfSync`: when the largest and smallest last timestamps (compared in ms)
 * stay more than `thresholdMs` apart for `windowMs` of wall time, it reports once. Shorter spikes (the
 * interleaving of an encoder, a jump that the other track follows a moment later) are not reported. The
 * episode ends when the distance is back within the threshold; a later drift is a new episode and is
 * reported again. `update` is O(tracks), allocation-free unless it reports.
 */
export class AvSync {
  readonly #thresholdMs: number;
  readonly #windowMs: number;
  readonly #onOutOfSync: (report: AvSyncReport) => void;
  readonly #entries: Entry[] = [];
  /** Wall time at which the distance went above the threshold; NaN while within it. */
  #apartSince = Number.NaN;
  #reported = false;

  constructor(options: AvSyncOptions) {
    this.#thresholdMs = options.thresholdMs;
    this.#windowMs = options.windowMs;
    this.#onOutOfSync = options.onOutOfSync;
  }

  /** Adds a track; returns its slot for `update` and `resetTrack`. */
  addTrack(track: AvSyncTrack): number {
    this.#entries.push({ track, msPerTick: 1000 / track.timescale, last: 0, hasData: false });
    return this.#entries.length - 1;
  }

  /** Records the last accepted `timestamp` of the track in `slot`, received at wall time `nowMs`, and checks the stream. */
  update(slot: number, timestamp: number, nowMs: number): void {
    const entry = this.#entries[slot];
    if (entry === undefined) {
      return;
    }
    entry.last = timestamp;
    entry.hasData = true;
    this.#check(nowMs);
  }

  /** Forgets the track's last timestamp (new session: its clock may restart) and ends the episode. */
  resetTrack(slot: number): void {
    const entry = this.#entries[slot];
    if (entry !== undefined) {
      entry.hasData = false;
    }
    this.#endEpisode();
  }

  /** Forgets every track's last timestamp (the stream's encoder disconnected). */
  reset(): void {
    for (const entry of this.#entries) {
      entry.hasData = false;
    }
    this.#endEpisode();
  }

  #check(nowMs: number): void {
    let min: Entry | undefined;
    let max: Entry | undefined;
    // Indexed loop: this runs for every unit of the stream and must not allocate an iterator.
    for (let i = 0; i < this.#entries.length; i++) {
      const entry = this.#entries[i];
      if (entry === undefined || !entry.hasData) {
        continue;
      }
      if (min === undefined || entry.last * entry.msPerTick < min.last * min.msPerTick) {
        min = entry;
      }
      if (max === undefined || entry.last * entry.msPerTick > max.last * max.msPerTick) {
        max = entry;
      }
    }
    if (min === undefined || max === undefined || min === max) {
      return;
    }
    if (max.last * max.msPerTick - min.last * min.msPerTick <= this.#thresholdMs) {
      this.#endEpisode();
      return;
    }
    if (Number.isNaN(this.#apartSince)) {
      this.#apartSince = nowMs;
    }
    if (!this.#reported && nowMs - this.#apartSince >= this.#windowMs) {
      this.#reported = true;
      this.#onOutOfSync({ at: nowMs, min: end(min), max: end(max) });
    }
  }

  #endEpisode(): void {
    this.#apartSince = Number.NaN;
    this.#reported = false;
  }
}

function end(entry: Entry): AvSyncEnd {
  return {
    trackId: entry.track.trackId,
    kind: entry.track.kind,
    lastTimestamp: entry.last,
    timescale: entry.track.timescale,
  };
}
