import type { Logger } from 'pino';
import type {
  HealthClock,
  HealthMonitorOptions,
  HealthObserver,
  HealthTrackInfo,
  TrackHealthHandle,
} from './health-types.js';
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

/** A handle for calls that arrive after `close`: accepts and ignores everything. */
const inertHandle: TrackHealthHandle = Object.freeze({
  unitAccepted(): void {},
  unitDropped(): void {},
  discontinuity(): void {},
  fragmentClosed(): void {},
  rename(): void {},
});

/**
 * `HealthMonitor` measures the ingest health of every running live event and reports it through a
 * `HealthObserver` (the app maps the reports onto the `Microsoft.Media.LiveEvent*` events):
 * - `heartbeat`: per track, every `heartbeatIntervalMs` from the live event's first encoder connection
 *   (its first `trackStarted`), continuing after the encoder disconnects, until `liveEventStopped`;
 * - `streamsOutOfSync`: audio and video of one stream apart by more than `outOfSyncThresholdMs` for a
 *   whole `outOfSyncWindowMs`, once per episode;
 * - `videoStreamsOutOfSync`: two video tracks of one live event cutting matching fragments at different
 *   times, once per episode;
 * - `archiveHeartbeat`: per live event and heartbeat interval in which segments were published, the
 *   largest segment/part latency.
 *
 * The app feeds units through the `TrackHealthHandle` returned by `trackStarted` (no string keys per
 * frame). Observer exceptions are logged, never thrown back. `close` stops every timer; idempotent.
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
  readonly #events = new Map<string, LiveEventHealth>();
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
   * A track of an ingest session is known (after the session's probe). The first track of a live event
   * starts its heartbeats. Called again for a known `trackId` (reconnect, new configuration), it starts
   * the track's new session and returns the same handle.
   */
  trackStarted(info: HealthTrackInfo): TrackHealthHandle {
    if (this.#closed) {
      return inertHandle;
    }
    if (!(info.timescale > 0)) {
      this.#logger.warn(
        { trackId: info.trackId, timescale: info.timescale },
        'track ignored: timescale must be positive',
      );
      return inertHandle;
    }
    let event = this.#events.get(info.liveEventName);
    if (event === undefined) {
      event = new LiveEventHealth({
        liveEventName: info.liveEventName,
        logger: this.#logger.child({ liveEvent: info.liveEventName }),
        clock: this.#clock,
        observer: this.#observer,
        heartbeatIntervalMs: this.#heartbeatIntervalMs,
        outOfSyncThresholdMs: this.#outOfSyncThresholdMs,
        outOfSyncWindowMs: this.#outOfSyncWindowMs,
        driftWindowMs: this.#driftWindowMs,
        alignmentToleranceMs: this.#alignmentToleranceMs,
      });
      this.#events.set(info.liveEventName, event);
    }
    return event.trackStarted(info);
  }

  /** The encoder of `streamName` disconnected; the live event's heartbeats go on (incoming bitrate 0). */
  sessionEnded(liveEventName: string, streamName: string): void {
    this.#events.get(liveEventName)?.sessionEnded(streamName);
  }

  /** The live event stopped: its heartbeats stop, its tracks are forgotten and their handles go inert. */
  liveEventStopped(liveEventName: string): void {
    const event = this.#events.get(liveEventName);
    if (event !== undefined) {
      event.close();
      this.#events.delete(liveEventName);
    }
  }

  /**
   * A segment or part of the live event was listed in its playlist, `latencyMs` after the arrival of its
   * last sample. Ignored for a live event without tracks.
   */
  segmentPublished(liveEventName: string, latencyMs: number): void {
    this.#events.get(liveEventName)?.segmentPublished(latencyMs);
  }

  /** Stops every live event's heartbeats. Idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const event of this.#events.values()) {
      event.close();
    }
    this.#events.clear();
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
