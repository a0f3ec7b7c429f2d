import type { TrackKind } from '../media/track.js';
import type { AvSync } from './av-sync.js';
import { BitrateMeter } from './bitrate-meter.js';
import type {
  HealthClock,
  HealthDiscontinuity,
  HealthDropReason,
  HealthFragment,
  HealthTrackInfo,
  IngestHeartbeatReport,
  TrackHealthHandle,
} from './health-types.js';
import { HeartbeatWindow, isHealthy } from './heartbeat-window.js';
import { IngestDrift } from './ingest-drift.js';
import { ExpectedBitrate } from './unexpected-bitrate.js';
import type { VideoAlignment } from './video-alignment.js';

/** `TrackHealthOptions` configures a `TrackHealth`. */
export interface TrackHealthOptions {
  readonly info: HealthTrackInfo;
  readonly clock: HealthClock;
  readonly driftWindowMs: number;
  /** The A/V sync watcher of the track's stream. */
  readonly avSync: AvSync;
  /** The video alignment of the track's live event (used by video tracks only). */
  readonly alignment: VideoAlignment;
}

/**
 * `TrackHealth` is the health state of one track of a running live event: the `TrackHealthHandle` the
 * app feeds per unit, and the source of that track's heartbeats. It composes the analyzers: a
 * `BitrateMeter` and a `HeartbeatWindow` (reset each heartbeat), an `ExpectedBitrate`, an `IngestDrift`,
 * and its slots in the stream's `AvSync` and the live event's `VideoAlignment`. The track outlives its
 * ingest sessions: a reconnect (`restart`) keeps its counters, bitrate and last timestamp.
 */
export class TrackHealth implements TrackHealthHandle {
  readonly trackId: string;
  readonly kind: TrackKind;
  readonly timescale: number;
  readonly #liveEventName: string;
  readonly #clock: HealthClock;
  readonly #meter: BitrateMeter;
  readonly #window = new HeartbeatWindow();
  readonly #expected: ExpectedBitrate;
  readonly #drift: IngestDrift;
  #avSync: AvSync;
  #avSlot: number;
  readonly #alignment: VideoAlignment;
  readonly #alignSlot: number;
  #streamName: string;
  #trackName: string;
  #closed = false;
  #hasUnit = false;
  /** Whether a unit had arrived before the current heartbeat window opened (the window is then a full one). */
  #receivingBeforeWindow = false;
  #lastTimestamp = 0;
  #lastArrival = 0;

  constructor(options: TrackHealthOptions) {
    const { info } = options;
    this.trackId = info.trackId;
    this.kind = info.trackType;
    this.timescale = info.timescale;
    this.#liveEventName = info.liveEventName;
    this.#streamName = info.streamName;
    this.#trackName = info.trackName;
    this.#clock = options.clock;
    this.#meter = new BitrateMeter({ startMs: options.clock.now() });
    this.#expected = new ExpectedBitrate({ declaredBitrate: info.declaredBitrate });
    this.#drift = new IngestDrift({ timescale: info.timescale, windowMs: options.driftWindowMs });
    this.#avSync = options.avSync;
    this.#avSlot = options.avSync.addTrack(this);
    this.#alignment = options.alignment;
    this.#alignSlot = info.trackType === 'video' ? options.alignment.addTrack(this) : -1;
  }

  /** RTMP stream name of the track's current (or last) session. */
  get streamName(): string {
    return this.#streamName;
  }

  unitAccepted(timestamp: number, payloadBytes: number, arrivalMs: number): void {
    if (this.#closed) {
      return;
    }
    this.#meter.add(payloadBytes);
    this.#drift.add(timestamp, arrivalMs);
    this.#hasUnit = true;
    this.#lastTimestamp = timestamp;
    this.#lastArrival = arrivalMs;
    this.#avSync.update(this.#avSlot, timestamp, arrivalMs);
  }

  unitDropped(reason: HealthDropReason): void {
    if (!this.#closed) {
      this.#window.drop(reason);
    }
  }

  discontinuity(info: HealthDiscontinuity): void {
    if (this.#closed) {
      return;
    }
    this.#window.discontinuity();
    if (this.#hasUnit && this.#lastTimestamp === info.newTimestamp) {
      this.#drift.retractLast();
    } else {
      this.#drift.break();
    }
  }

  rename(trackName: string): void {
    this.#trackName = trackName;
  }

  fragmentClosed(fragment: HealthFragment): void {
    if (!this.#closed && this.#alignSlot >= 0) {
      this.#alignment.fragmentClosed(this.#alignSlot, fragment.t, fragment.d, this.#clock.now());
    }
  }

  /**
   * Starts a new ingest session of this track (reconnect, new configuration): takes the session's names,
   * declared bitrate and stream; its clock may restart, so drift and A/V sync start afresh.
   */
  restart(info: HealthTrackInfo, avSync: AvSync): void {
    this.#streamName = info.streamName;
    this.#trackName = info.trackName;
    this.#expected.declare(info.declaredBitrate);
    if (avSync !== this.#avSync) {
      this.#avSync.resetTrack(this.#avSlot);
      this.#avSync = avSync;
      this.#avSlot = avSync.addTrack(this);
    } else {
      avSync.resetTrack(this.#avSlot);
    }
    this.sessionEnded();
  }

  /** The track's encoder disconnected: its next unit starts a new drift run, its fragments are forgotten. */
  sessionEnded(): void {
    this.#drift.break();
    if (this.#alignSlot >= 0) {
      this.#alignment.resetTrack(this.#alignSlot);
    }
  }

  /** Closes the heartbeat window at `nowMs`: the track's report; counters and bytes start again from zero. */
  heartbeat(nowMs: number): IngestHeartbeatReport {
    const incomingBitrate = this.#meter.take(nowMs);
    const counts = this.#window.take();
    const { bitrate, unexpectedBitrate } = this.#expected.judge(incomingBitrate, this.#receivingBeforeWindow);
    this.#receivingBeforeWindow = this.#hasUnit;
    return {
      liveEventName: this.#liveEventName,
      streamName: this.#streamName,
      trackId: this.trackId,
      at: nowMs,
      trackType: this.kind,
      trackName: this.#trackName,
      bitrate,
      incomingBitrate,
      lastTimestamp: this.#lastTimestamp,
      timescale: this.timescale,
      ...counts,
      unexpectedBitrate,
      state: 'Running',
      healthy: isHealthy(counts, unexpectedBitrate),
      lastFragmentArrivalTime: this.#hasUnit ? new Date(this.#lastArrival).toISOString() : '',
      ingestDriftValue: this.#drift.format(nowMs),
      transcriptionState: '',
      transcriptionLanguage: '',
    };
  }

  /** Stops the handle: later calls are ignored. Idempotent. */
  close(): void {
    this.#closed = true;
  }
}
