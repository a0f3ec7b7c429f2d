import type { CodecConfig } from '../codecs/codec-config.js';
import type { TrackKind } from '../media/track.js';
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

/** `SessionInfo` describes one admitted encoder connection. */
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

/**
 * `Publisher` is an admitted encoder session as the `LiveStream` it feeds sees it: who it is, what it
 * currently sends (adopted when it takes over), and how to end it (replaced by a newer connection,
 * live event stopped).
 */
export interface Publisher {
  readonly info: SessionInfo;
  /** Current decoder configurations (adopted on fail-over). */
  configs(): readonly CodecConfig[];
  /** Declared bitrate (bits/s) from the ingest URL query or the stream metadata. */
  declaredBitrate(kind: TrackKind): number | undefined;
  /** Video frame rate from the stream metadata, when the encoder sent one. */
  frameRate(): number | undefined;
  /** Closes the publisher's connection with a result code. */
  end(code: ResultCodeValue, reason: string): void;
}
