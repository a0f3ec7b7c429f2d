import type { Logger } from 'pino';
import { ArchiveLatency } from './archive-latency.js';
import { AvSync, type AvSyncReport } from './av-sync.js';
import type {
  HealthClock,
  HealthObserver,
  HealthTimer,
  HealthTrackInfo,
  TrackHealthHandle,
} from './health-types.js';
import { TrackHealth } from './track-health.js';
import { VideoAlignment, type VideoAlignmentReport } from './video-alignment.js';

/** `LiveEventHealthOptions` configures a `LiveEventHealth`; durations in ms, already validated. */
export interface LiveEventHealthOptions {
  readonly liveEventName: string;
  readonly logger: Logger;
  readonly clock: HealthClock;
  /** Already wrapped by `safeObserver`. */
  readonly observer: HealthObserver;
  readonly heartbeatIntervalMs: number;
  readonly outOfSyncThresholdMs: number;
  readonly outOfSyncWindowMs: number;
  readonly driftWindowMs: number;
  readonly alignmentToleranceMs: number;
  /** Called once by `close`. */
  readonly onClose?: () => void;
}

/** A handle for tracks of a closed live event (or with an unusable timescale): ignores everything. */
const inertHandle: TrackHealthHandle = Object.freeze({
  unitAccepted(): void {},
  unitDropped(): void {},
  discontinuity(): void {},
  fragmentClosed(): void {},
  rename(): void {},
});

/**
 * `LiveEventHealth` is the health of one running live event: its tracks (of every stream name), one
 * `AvSync` per stream, one `VideoAlignment` and one `ArchiveLatency`, and its heartbeat timer. The timer
 * starts with the event's first track (its first encoder connection), so the heartbeats are aligned to
 * it; each tick closes every track's window (one `heartbeat` per track, in the order the tracks
 * started) and the archive window. `close` stops the timer and the handles.
 */
export class LiveEventHealth {
  readonly #options: LiveEventHealthOptions;
  readonly #tracks = new Map<string, TrackHealth>();
  readonly #streams = new Map<string, AvSync>();
  readonly #alignment: VideoAlignment;
  readonly #archive = new ArchiveLatency();
  #timer: HealthTimer | undefined;
  #closed = false;

  constructor(options: LiveEventHealthOptions) {
    this.#options = options;
    this.#alignment = new VideoAlignment({
      toleranceMs: options.alignmentToleranceMs,
      onMisaligned: (report) => this.#misaligned(report),
    });
  }

  /** True once `close` ran: the live event stopped or the monitor closed. */
  get closed(): boolean {
    return this.#closed;
  }

  /** Adds the track, or starts a new session of a known one (same id); returns its handle. */
  trackStarted(info: HealthTrackInfo): TrackHealthHandle {
    if (this.#closed) {
      return inertHandle;
    }
    if (!(info.timescale > 0)) {
      this.#options.logger.warn(
        { trackId: info.trackId, timescale: info.timescale },
        'track ignored: timescale must be positive',
      );
      return inertHandle;
    }
    // Heartbeats run from the live event's first track on.
    this.#timer ??= this.#options.clock.every(this.#options.heartbeatIntervalMs, () => this.#tick());
    const avSync = this.#streamSync(info.streamName);
    const known = this.#tracks.get(info.trackId);
    if (known !== undefined) {
      if (known.kind !== info.trackType || known.timescale !== info.timescale) {
        this.#options.logger.warn(
          { trackId: info.trackId, was: known.kind, now: info.trackType },
          'track restarted with another type or timescale; keeping the first one for its heartbeats',
        );
      }
      known.restart(info, avSync);
      return known;
    }
    const track = new TrackHealth({
      info,
      clock: this.#options.clock,
      driftWindowMs: this.#options.driftWindowMs,
      avSync,
      alignment: this.#alignment,
    });
    this.#tracks.set(info.trackId, track);
    return track;
  }

  /** The encoder of `streamName` disconnected: its tracks keep their heartbeats (incoming 0). */
  sessionEnded(streamName: string): void {
    this.#streams.get(streamName)?.reset();
    for (const track of this.#tracks.values()) {
      if (track.streamName === streamName) {
        track.sessionEnded();
      }
    }
  }

  /** Records the latency of one published segment or part. */
  segmentPublished(latencyMs: number): void {
    this.#archive.add(latencyMs);
  }

  /** Stops the heartbeats and the handles. Idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#timer?.cancel();
    this.#options.onClose?.();
    for (const track of this.#tracks.values()) {
      track.close();
    }
  }

  #streamSync(streamName: string): AvSync {
    let avSync = this.#streams.get(streamName);
    if (avSync === undefined) {
      avSync = new AvSync({
        thresholdMs: this.#options.outOfSyncThresholdMs,
        windowMs: this.#options.outOfSyncWindowMs,
        onOutOfSync: (report) => this.#outOfSync(streamName, report),
      });
      this.#streams.set(streamName, avSync);
    }
    return avSync;
  }

  #tick(): void {
    if (this.#closed) {
      return;
    }
    try {
      const now = this.#options.clock.now();
      let discontinuities = 0;
      for (const track of this.#tracks.values()) {
        const report = track.heartbeat(now);
        discontinuities += report.discontinuityCount;
        this.#options.observer.heartbeat(report);
      }
      const latency = this.#archive.take();
      if (latency !== undefined) {
        this.#options.observer.archiveHeartbeat({
          liveEventName: this.#options.liveEventName,
          at: now,
          channelLatencyMs: latency,
          latencyResultCode: discontinuities > 0 ? 'MPE_INGEST_DISCONTINUITY' : 'S_OK',
        });
      }
    } catch (err) {
      this.#options.logger.error({ err }, 'health heartbeat failed');
    }
  }

  #outOfSync(streamName: string, report: AvSyncReport): void {
    this.#options.observer.streamsOutOfSync({
      liveEventName: this.#options.liveEventName,
      streamName,
      at: report.at,
      minLastTimestamp: report.min.lastTimestamp,
      typeOfStreamWithMinLastTimestamp: report.min.kind,
      timescaleOfMinLastTimestamp: report.min.timescale,
      minTrackId: report.min.trackId,
      maxLastTimestamp: report.max.lastTimestamp,
      typeOfStreamWithMaxLastTimestamp: report.max.kind,
      timescaleOfMaxLastTimestamp: report.max.timescale,
      maxTrackId: report.max.trackId,
    });
  }

  #misaligned(report: VideoAlignmentReport): void {
    this.#options.observer.videoStreamsOutOfSync({
      liveEventName: this.#options.liveEventName,
      at: report.at,
      firstTrackId: report.first.trackId,
      firstStreamName: report.first.streamName,
      firstTimestamp: report.first.t,
      firstDuration: report.first.d,
      secondTrackId: report.second.trackId,
      secondStreamName: report.second.streamName,
      secondTimestamp: report.second.t,
      secondDuration: report.second.d,
      timescale: report.timescale,
    });
  }
}
