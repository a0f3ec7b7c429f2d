/** Drift is reported per minute: "seconds per minute" (Event Grid `ingestDriftValue`). */
const MINUTE_MS = 60_000;
/** Azure measures "during the last minute". */
const DEFAULT_WINDOW_MS = MINUTE_MS;
/** One bucket per second of the default window: the window's edge moves in 1 s steps. */
const BUCKETS = 60;
/** Reported with one decimal: 0.1 s per minute, above the arrival jitter of a TCP stream at the window's edges. */
const MS_PER_REPORTED_STEP = 100;
const STEPS_PER_SECOND = 1000 / MS_PER_REPORTED_STEP;

/** `IngestDriftOptions` configures an `IngestDrift`. */
export interface IngestDriftOptions {
  /** Ticks per second of the media timestamps. */
  readonly timescale: number;
  /** Length of the sliding window, ms. Default 60000. */
  readonly windowMs?: number;
}

/**
 * `IngestDrift` measures how far one track's media arrives behind real time: over the last minute of
 * arrivals, wall time elapsed minus media time received, scaled to one minute, never below 0; as in
 * Azure's `ingestDriftValue` ("seconds per minute ... an encoder that delivers 58 s of media in one
 * minute drifts 2 s per minute; breaks in the data are not counted, only late data").
 *
 * Each accepted unit adds one pair to the bucket of its arrival second: the wall time and media time
 * elapsed since the previous unit. Within a run the sums telescope, so a stall followed by a catch-up
 * burst cancels out and only lasting lateness remains. A discontinuity or reconnect (`break`) starts a
 * new run: the pair across it counts neither its wall nor its media time. The pairs of the window are
 * summed: drift = max(0, Σwall − Σmedia) × 60 s / Σwall. O(1) per unit, allocation-free; the window
 * is a ring of 60 buckets, so its edge moves in steps of a sixtieth of the window.
 *
 * Format (`format`): seconds per minute with at most one decimal, trailing zero dropped (`"0"`, `"6"`,
 * `"1.3"`), consistent with Azure's `"0"` example; `"n/a"` when no unit arrived in the window.
 */
export class IngestDrift {
  readonly #windowMs: number;
  readonly #bucketMs: number;
  readonly #msPerTick: number;
  readonly #wall = new Float64Array(BUCKETS);
  readonly #late = new Float64Array(BUCKETS);
  /** Absolute number (arrival ms / bucket ms) of the newest bucket; NaN before the first unit. */
  #head = Number.NaN;
  #lastArrival = Number.NaN;
  #inRun = false;
  #previousArrival = 0;
  #previousTimestamp = 0;
  /** The last pair added, so a discontinuity reported just after its unit can take it back. */
  #undoBucket = Number.NaN;
  #undoWall = 0;
  #undoLate = 0;

  constructor(options: IngestDriftOptions) {
    this.#windowMs = options.windowMs ?? DEFAULT_WINDOW_MS;
    if (!(this.#windowMs > 0) || !(options.timescale > 0)) {
      throw new RangeError(
        `ingest drift needs a positive window and timescale, got ${this.#windowMs} ms and ${options.timescale}`,
      );
    }
    this.#bucketMs = this.#windowMs / BUCKETS;
    this.#msPerTick = 1000 / options.timescale;
  }

  /** Adds one accepted unit: media `timestamp` (ticks) received at wall time `arrivalMs`. */
  add(timestamp: number, arrivalMs: number): void {
    this.#undoBucket = Number.NaN;
    if (this.#inRun) {
      const wall = arrivalMs - this.#previousArrival;
      const media = (timestamp - this.#previousTimestamp) * this.#msPerTick;
      if (wall >= 0 && media >= 0) {
        const slot = this.#advance(arrivalMs);
        this.#wall[slot] = (this.#wall[slot] ?? 0) + wall;
        this.#late[slot] = (this.#late[slot] ?? 0) + (wall - media);
        this.#undoBucket = this.#head;
        this.#undoWall = wall;
        this.#undoLate = wall - media;
      }
    }
    this.#inRun = true;
    this.#previousArrival = arrivalMs;
    this.#previousTimestamp = timestamp;
    if (!(arrivalMs <= this.#lastArrival)) {
      this.#lastArrival = arrivalMs;
    }
  }

  /** Ends the current run: the next unit follows a discontinuity or a reconnect. */
  break(): void {
    this.#inRun = false;
    this.#undoBucket = Number.NaN;
  }

  /** Takes back the pair of the last unit (it followed a discontinuity reported after it); its run goes on from it. */
  retractLast(): void {
    const bucket = this.#undoBucket;
    if (Number.isNaN(bucket) || bucket <= this.#head - BUCKETS) {
      return;
    }
    const slot = this.#slot(bucket);
    this.#wall[slot] = (this.#wall[slot] ?? 0) - this.#undoWall;
    this.#late[slot] = (this.#late[slot] ?? 0) - this.#undoLate;
    this.#undoBucket = Number.NaN;
  }

  /** Drift in ms of late media per minute over the window ending at `nowMs`; undefined when no unit arrived in it. */
  driftMsPerMinute(nowMs: number): number | undefined {
    if (Number.isNaN(this.#lastArrival) || this.#lastArrival <= nowMs - this.#windowMs) {
      return undefined;
    }
    this.#advance(nowMs);
    let wall = 0;
    let late = 0;
    for (let i = 0; i < BUCKETS; i++) {
      wall += this.#wall[i] ?? 0;
      late += this.#late[i] ?? 0;
    }
    return wall > 0 && late > 0 ? (late * MINUTE_MS) / wall : 0;
  }

  /** `ingestDriftValue` at `nowMs`: `"n/a"` or seconds per minute with at most one decimal. */
  format(nowMs: number): string {
    const drift = this.driftMsPerMinute(nowMs);
    return drift === undefined ? 'n/a' : formatDriftSeconds(drift);
  }

  /** Moves the ring's head to the bucket of `ms`, clearing the buckets that left the window; returns its slot. */
  #advance(ms: number): number {
    const bucket = Math.floor(ms / this.#bucketMs);
    if (Number.isNaN(this.#head)) {
      this.#head = bucket;
    } else if (bucket > this.#head) {
      const first = Math.max(this.#head + 1, bucket - BUCKETS + 1);
      for (let b = first; b <= bucket; b++) {
        const slot = this.#slot(b);
        this.#wall[slot] = 0;
        this.#late[slot] = 0;
      }
      this.#head = bucket;
    }
    // A wall clock stepping back leaves the head where it is: the pair joins the newest bucket.
    return this.#slot(this.#head);
  }

  #slot(bucket: number): number {
    return ((bucket % BUCKETS) + BUCKETS) % BUCKETS;
  }
}

/** `formatDriftSeconds` formats ms of drift per minute as seconds with at most one decimal (`"0"`, `"6"`, `"1.3"`). */
export function formatDriftSeconds(msPerMinute: number): string {
  const steps = Math.round(Math.max(0, msPerMinute) / MS_PER_REPORTED_STEP);
  return String(steps / STEPS_PER_SECOND);
}
