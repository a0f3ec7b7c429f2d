import type { TrackKind } from './track.js';

/**
 * `IngestFrame` is one coded frame as an encoder sent it, before any timeline: the record the ingest
 * adapters hand to their live stream. Times are the encoder's RTMP milliseconds.
 */
export interface IngestFrame {
  readonly kind: TrackKind;
  /** Raw 32-bit decode timestamp, ms. */
  readonly timestamp: number;
  /** Signed composition offset (presentation − decode), ms. */
  readonly compositionTime: number;
  readonly keyframe: boolean;
  /** The frame's payload (a view into the received message). */
  readonly data: Uint8Array;
}
