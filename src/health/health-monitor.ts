import type { Logger } from 'pino';
import type { HealthClock, HealthMonitorOptions, HealthObserver } from './health-types.js';
import { LiveEventHealth } from './live-event-health.js';
import { safeObserver } from './safe-observer.js';
import { systemHealthClock } from './system-health-clock.js';

/** Azure sends `LiveEventIngestHeartbeat` every 20 s per track (azure-compat §3.1). */
const DEFAULT_HEARTBEAT_INTERVAL_MS = 20_000;
/** Config `health.outOfSyncThreshold` default: 2 s between audio and video. */
const DEFAULT_OUT_OF_SYNC_THRESHOLD_MS = 2000;
/** `ingestDriftValue` covers "the last minute". */
const DEFAULT_DRIFT_WINDOW_MS = 60_000;
/** See `VideoAlignment`: one RTMP millisecond of rounding. */
const DEFAULT_ALIGNMENT_TOLERANCE_MS = 1;

/**
 * `HealthMonitor` measures the ingest health of every running live event and reports it through a
 * `HealthObserver` (the app maps the reports onto the `Microsoft.Media.LiveEvent*` events):
 * - `heartbeat`: per track, every `heartbeatIntervalMs` from the live event's first encoder connection
 *   (its first `trackStarted`), continuing after the encoder disconnects, until its `LiveEventHealth` closes;
 * - `streamsOutOfSync`: audio and video of one stream apart by more than `outOfSyncThresholdMs` for a
 *   whole `outOfSyncWindowMs`, once per episode;
 * - `videoStreamsOutOfSync`: two video tracks of one live event cutting matching fragments at different
 *   times, once per episode;
 * - `archiveHeartbeat`: per live event and heartbeat interval in which segments were published, the
 *   largest segment/part latency.
 *
 * A running live event gets its `LiveEventHealth` from `liveEventStarted` and owns it: units go through
 * the `TrackHealthHandle` its `trackStarted` returns (no string keys per frame), `close` on it ends the
 * event's heartbeats. Observer exceptions are logged, never thrown back. `close` here stops every
 * live event's timer; idempotent.
 */
export class HealthMonitor {
  readonly #logger: Logger;
  readonly #observer: HealthObserver;
  readonly #clock: HealthClock;
  readonly #heartbeatIntervalMs: number;
  readonly #outOfSyncThresholdMs: number;
  readonly #outOfSyncWindowMs: number;
  readonly #driftWindowMs: number;
  readonly #alignmentToleranceMs: number;
  readonly #events = new Set<LiveEventHealth>();
  #closed = false;

  constructor(options: HealthMonitorOptions) {
    this.#logger = options.logger;
    this.#observer = safeObserver(options.observer, options.logger);
    this.#clock = options.clock ?? systemHealthClock;
    this.#heartbeatIntervalMs = positive(
      'heartbeatIntervalMs',
      options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_INTERVAL_MS,
    );
    this.#outOfSyncThresholdMs = positive(
      'outOfSyncThresholdMs',
      options.outOfSyncThresholdMs ?? DEFAULT_OUT_OF_SYNC_THRESHOLD_MS,
    );
    this.#outOfSyncWindowMs = positive(
      'outOfSyncWindowMs',
      options.outOfSyncWindowMs ?? this.#heartbeatIntervalMs,
    );
    this.#driftWindowMs = positive('driftWindowMs', options.driftWindowMs ?? DEFAULT_DRIFT_WINDOW_MS);
    this.#alignmentToleranceMs = nonNegative(
      'alignmentToleranceMs',
      options.alignmentToleranceMs ?? DEFAULT_ALIGNMENT_TOLERANCE_MS,
    );
  }

  /**
   * A live event started: its health, owned by the caller. Heartbeats begin with its first track;
   * `close` on it stops them and makes its track handles inert. After the monitor closed, the returned
   * health is already closed.
   */
  liveEventStarted(liveEventName: string): LiveEventHealth {
    const event: LiveEventHealth = new LiveEventHealth({
      liveEventName,
      logger: this.#logger.child({ liveEvent: liveEventName }),
      clock: this.#clock,
      observer: this.#observer,
      heartbeatIntervalMs: this.#heartbeatIntervalMs,
      outOfSyncThresholdMs: this.#outOfSyncThresholdMs,
      outOfSyncWindowMs: this.#outOfSyncWindowMs,
      driftWindowMs: this.#driftWindowMs,
      alignmentToleranceMs: this.#alignmentToleranceMs,
      onClose: () => this.#events.delete(event),
    });
    if (this.#closed) {
      event.close();
    } else {
      this.#events.add(event);
    }
    return event;
  }

  /** Stops every live event's heartbeats. Idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const event of [...this.#events]) {
      event.close();
    }
  }
}

function positive(name: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) {
    throw new RangeError(`health monitor option ${name} must be a positive number of ms, got ${value}`);
  }
  return value;
}

function nonNegative(name: string, value: number): number {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(
      `health monitor option ${name} must be zero or a positive number of ms, got ${value}`,
    );
  }
  return value;
}
