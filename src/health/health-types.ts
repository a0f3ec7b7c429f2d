import type { Logger } from 'pino';
import type { TrackKind } from '../media/track.js';

/**
 * Public contract of `HealthMonitor`: what the app feeds it and the typed reports it hands back. The
 * reports carry domain values (integer ticks, wall-clock ms, booleans); the app maps them onto the Event
 * Grid data models of azure-compat §3.2 (numeric-looking wire fields become decimal strings there).
 *
 * Two clocks appear here:
 * - media time: the track's unwrapped 64-bit input timestamps in its timescale (RTMP milliseconds), the
 *   axis of `lastTimestamp` and `TimelineDrop.timestamp`;
 * - wall time: Unix epoch milliseconds (`Date.now()`), the axis of arrivals and report times.
 */

/** `HealthTrackInfo` declares one track of an ingest session to `HealthMonitor.trackStarted`. */
export interface HealthTrackInfo {
  readonly liveEventName: string;
  /** RTMP stream name of the session that carries the track. */
  readonly streamName: string;
  /** Unique within the live event, stable across reconnects (`Track.id`). */
  readonly trackId: string;
  readonly trackType: TrackKind;
  /** Event Grid `trackName` (`Track.name`). */
  readonly trackName: string;
  /** Bits per second declared by the encoder; `undefined` (or 0) means measure it. */
  readonly declaredBitrate: number | undefined;
  /** Ticks per second of the track's timestamps (1000 for RTMP). */
  readonly timescale: number;
}

/** `HealthDropReason` is why the track's `Timeline` dropped a unit (Azure `FragmentDrop_*`). */
export type HealthDropReason = 'overlap' | 'non-increasing';

/**
 * `HealthDiscontinuity` describes a unit kept after a gap or jump; structurally a subset of the media
 * layer's `TimelineDiscontinuity`, so a verdict can be passed as is. Media ticks.
 */
export interface HealthDiscontinuity {
  readonly previousTimestamp: number;
  readonly newTimestamp: number;
  readonly gap: number;
}

/** `HealthFragment` is the timing of one closed fragment, in track ticks on the input (encoder) axis. */
export interface HealthFragment {
  readonly t: number;
  readonly d: number;
}

/**
 * `TrackHealthHandle` is what `trackStarted` returns: the app keeps it with the track and calls it for
 * every unit, so the per-frame path needs no string keys or map lookups. Every method is O(1) (or
 * O(tracks of the stream / live event)) and allocation-free on the unit path. Calls after
 * `liveEventStopped` or `close` are ignored.
 */
export interface TrackHealthHandle {
  /**
   * A unit was accepted by the track's timeline: `timestamp` in media ticks (unwrapped input time),
   * `payloadBytes` its size, `arrivalMs` the wall time it was received.
   */
  unitAccepted(timestamp: number, payloadBytes: number, arrivalMs: number): void;
  /** The track's timeline dropped a unit. */
  unitDropped(reason: HealthDropReason): void;
  /**
   * The next accepted unit follows a gap or jump. Call it before that unit's `unitAccepted` (called
   * just after, it still works: the drift pair across the break is taken back).
   */
  discontinuity(info: HealthDiscontinuity): void;
  /** A fragment of this track closed (video: GOP-aligned). Used for video/video alignment. */
  fragmentClosed(fragment: HealthFragment): void;
  /** The track's `trackName` became final (named after its first fragment); nothing else changes. */
  rename(trackName: string): void;
}

/**
 * `IngestHeartbeatReport` is one track's health over one heartbeat window: the data of
 * `Microsoft.Media.LiveEventIngestHeartbeat` (azure-compat §3.2) plus the names that locate it.
 */
export interface IngestHeartbeatReport {
  readonly liveEventName: string;
  readonly streamName: string;
  readonly trackId: string;
  /** Wall time of the heartbeat (the event's `eventTime`). */
  readonly at: number;
  readonly trackType: TrackKind;
  readonly trackName: string;
  /** Declared bits per second, else the measured one (see `ExpectedBitrate`). */
  readonly bitrate: number;
  /** Payload bits received in the window divided by the window's length in seconds, rounded. */
  readonly incomingBitrate: number;
  /** Last accepted media timestamp ever seen (kept after a disconnect); 0 before the first unit. */
  readonly lastTimestamp: number;
  readonly timescale: number;
  readonly overlapCount: number;
  readonly discontinuityCount: number;
  /** Spelled as on the wire (`nonincreasingCount`). */
  readonly nonincreasingCount: number;
  readonly unexpectedBitrate: boolean;
  /** Live event resource state; the monitor only runs for running events. */
  readonly state: 'Running';
  /** All three counts 0 and `!unexpectedBitrate`. */
  readonly healthy: boolean;
  /** ISO 8601 UTC time (with `Z`) of the last unit's arrival; `""` before the first unit. */
  readonly lastFragmentArrivalTime: string;
  /** Seconds of media per minute that arrived late, e.g. `"0"`, `"6"`, `"1.3"`, or `"n/a"` (see `IngestDrift`). */
  readonly ingestDriftValue: string;
  /** Live transcription is not offered: always `""`. */
  readonly transcriptionState: '';
  readonly transcriptionLanguage: '';
}

/**
 * `StreamsOutOfSyncReport` is the data of `Microsoft.Media.LiveEventIncomingStreamsOutOfSync`: the last
 * timestamps of the tracks of one stream stayed further apart than the threshold for a whole window.
 */
export interface StreamsOutOfSyncReport {
  readonly liveEventName: string;
  readonly streamName: string;
  readonly at: number;
  readonly minLastTimestamp: number;
  readonly typeOfStreamWithMinLastTimestamp: TrackKind;
  readonly timescaleOfMinLastTimestamp: number;
  readonly minTrackId: string;
  readonly maxLastTimestamp: number;
  readonly typeOfStreamWithMaxLastTimestamp: TrackKind;
  readonly timescaleOfMaxLastTimestamp: number;
  readonly maxTrackId: string;
}

/**
 * `VideoStreamsOutOfSyncReport` is the data of `Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync`:
 * two video tracks of one live event have matching fragments whose start times differ. Times are in
 * `timescale` ticks (the second track's are rescaled to the first's timescale if they differ).
 */
export interface VideoStreamsOutOfSyncReport {
  readonly liveEventName: string;
  readonly at: number;
  readonly firstTrackId: string;
  readonly firstStreamName: string;
  readonly firstTimestamp: number;
  readonly firstDuration: number;
  readonly secondTrackId: string;
  readonly secondStreamName: string;
  readonly secondTimestamp: number;
  readonly secondDuration: number;
  readonly timescale: number;
}

/**
 * `ArchiveHeartbeatReport` is the data of `Microsoft.Media.LiveEventChannelArchiveHeartbeat`: the
 * largest segment/part latency of the window (see `ArchiveLatency`).
 */
export interface ArchiveHeartbeatReport {
  readonly liveEventName: string;
  readonly at: number;
  readonly channelLatencyMs: number;
  /** `S_OK`, or `MPE_INGEST_DISCONTINUITY` when a track of the live event had a discontinuity in the window. */
  readonly latencyResultCode: 'S_OK' | 'MPE_INGEST_DISCONTINUITY';
}

/**
 * `HealthObserver` receives the monitor's reports, synchronously. A throwing observer is logged and
 * never breaks the monitor.
 */
export interface HealthObserver {
  /** One per track per heartbeat interval, while the live event runs. */
  heartbeat(report: IngestHeartbeatReport): void;
  /** Once per out-of-sync episode of a stream's audio and video. */
  streamsOutOfSync(report: StreamsOutOfSyncReport): void;
  /** Once per misalignment episode of a pair of video tracks. */
  videoStreamsOutOfSync(report: VideoStreamsOutOfSyncReport): void;
  /** One per live event per heartbeat interval in which segments or parts were published. */
  archiveHeartbeat(report: ArchiveHeartbeatReport): void;
}

/** `HealthTimer` is a running periodic timer of a `HealthClock`. */
export interface HealthTimer {
  cancel(): void;
}

/** `HealthClock` is the monitor's source of wall time and timers; tests inject a fake one. */
export interface HealthClock {
  /** Wall time, Unix epoch ms. */
  now(): number;
  /** Calls `callback` every `ms` until the returned timer is cancelled. */
  every(ms: number, callback: () => void): HealthTimer;
}

/** `HealthMonitorOptions` configures a `HealthMonitor`. Durations in ms. */
export interface HealthMonitorOptions {
  readonly logger: Logger;
  readonly observer: HealthObserver;
  /** Heartbeat interval (config `health.heartbeatInterval`). Default 20000, Azure's 20 s. */
  readonly heartbeatIntervalMs?: number;
  /** A/V distance above which a stream is out of sync (config `health.outOfSyncThreshold`). Default 2000. */
  readonly outOfSyncThresholdMs?: number;
  /** How long the A/V distance must stay above the threshold before it is reported. Default: the heartbeat interval. */
  readonly outOfSyncWindowMs?: number;
  /** Window of `ingestDriftValue`. Default 60000 (Azure: "during the last minute"). */
  readonly driftWindowMs?: number;
  /** Largest start difference of matching video fragments that still counts as aligned. Default 1. */
  readonly alignmentToleranceMs?: number;
  /** Default: the system clock (`Date.now`, unref'd `setInterval`). */
  readonly clock?: HealthClock;
}
