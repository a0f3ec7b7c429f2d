import type { Fragment } from '../media/fragment.js';
import type { AccessUnit } from '../media/access-unit.js';
import type { FragmentUnitInfo } from '../media/stream-fragmenter-types.js';
import type { TimelineDiscontinuity, TimelineDrop } from '../media/timeline-types.js';
import type { Track } from '../media/track.js';
import type { ResultCodeValue } from './result-codes.js';

/** `IngestProtocol` is the transport of an ingest endpoint. */
export type IngestProtocol = 'rtmp' | 'rtmps';

/** `IngestEndpoint` is one listener: primary or secondary, RTMP or RTMPS. */
export interface IngestEndpoint {
  /** e.g. `rtmp-primary`, `rtmps-secondary`. */
  readonly id: string;
  readonly protocol: IngestProtocol;
  readonly role: 'primary' | 'secondary';
  /** The port actually bound (differs from the configured one when that was 0). */
  readonly port: number;
}

/** `SessionInfo` describes one admitted encoder connection (an `IngestSession`). */
export interface SessionInfo {
  /** Unique per process, e.g. `c42`. */
  readonly id: string;
  readonly liveEventName: string;
  readonly streamName: string;
  readonly endpoint: IngestEndpoint;
  readonly remoteAddress: string;
  readonly remotePort: number;
  /** The ingest URL without its access token (`rtmp://host:port/live/<redacted>/<stream>`). */
  readonly ingestUrl: string;
  /** Wall-clock ms the publish was admitted. */
  readonly startedAt: number;
}

/** `RejectionInfo` describes a refused publish (`LiveEventConnectionRejected`). */
export interface RejectionInfo {
  /** The live event, when the access token identified one. */
  readonly liveEventName: string | undefined;
  readonly streamName: string | undefined;
  readonly endpoint: IngestEndpoint;
  readonly ingestUrl: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly resultCode: ResultCodeValue;
  readonly reason: string;
}

/** `SessionCounters` are what one session received, for logs and end-to-end checks. */
export interface SessionCounters {
  readonly bytesReceived: number;
  readonly videoTags: number;
  readonly audioTags: number;
  readonly dataTags: number;
  readonly videoBytes: number;
  readonly audioBytes: number;
  /** Access units handed on after the timeline (not dropped). */
  readonly unitsAccepted: number;
  readonly unitsDropped: number;
}

/**
 * `StreamSink` receives the media of one ingest stream (a live event + stream name), across the
 * sessions that feed it (reconnects, primary/secondary). The app connects it to the packager and the
 * health monitor. Calls happen on the media path: implementations must be quick and must not throw.
 */
export interface StreamSink {
  /**
   * A new track: its units follow. `name` is provisional until `trackReady`. `frameRate` is the video
   * frame rate the encoder declared in its metadata, when it did.
   */
  trackAdded(track: Track, facts: { readonly frameRate: number | undefined }): void;
  /**
   * A track produced its first fragment; `track.name` is now final (`LiveEventIncomingStreamReceived`).
   * `session` is the session feeding the stream at that moment.
   */
  trackReady(
    track: Track,
    first: { readonly fragment: Fragment; readonly bitrate: number },
    session: SessionInfo | undefined,
  ): void;
  /** A track's decoder configuration changed; its next fragment follows a discontinuity. */
  trackRevised(track: Track): void;
  /** Every accepted unit as it arrives: input (encoder clock, unwrapped) ms, payload bytes, arrival. */
  received(trackId: string, inputTimestamp: number, bytes: number, arrivalMs: number): void;
  /** A unit released by the fragmenter, in DTS order per track. */
  unit(trackId: string, au: AccessUnit, info: FragmentUnitInfo): void;
  /**
   * A fragment closed. Fragment times are on the output axis; `inputOffset` is output − input of the
   * track at that moment, so `fragment.t - inputOffset` is the encoder's own timestamp.
   */
  fragment(trackId: string, fragment: Fragment, inputOffset: number): void;
  /** A unit was dropped by the timeline (overlap, non-increasing). */
  dropped(trackId: string, drop: TimelineDrop): void;
  /** The timeline found a gap or jump. */
  discontinuity(trackId: string, track: Track, d: TimelineDiscontinuity): void;
  /** No session feeds the stream any more (encoder gone); the stream may resume on reconnect. */
  idle(): void;
  /** The stream is discarded (live event stopped or reset). */
  close(): void;
}

/** `IngestObserver` is how the ingest layer reports to the rest of Inlet (wired by the app). */
export interface IngestObserver {
  connectionRejected(r: RejectionInfo): void;
  encoderConnected(s: SessionInfo): void;
  encoderDisconnected(
    s: SessionInfo,
    resultCode: ResultCodeValue,
    reason: string,
    counters: SessionCounters,
  ): void;
  /** Opens the sink of a new ingest stream (first publish of a stream name since the event started). */
  openStream(liveEventName: string, streamName: string): StreamSink;
}
