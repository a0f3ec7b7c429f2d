import type { CodecConfig } from '../codecs/codec-config.js';

/** `TrackKind` is the media type of a track. */
export type TrackKind = 'video' | 'audio';

/**
 * `Track` is one elementary stream of an ingest session. A change of decoder configuration mid-stream
 * makes a new `Track` with the same `id`, a higher `revision` and a discontinuity.
 */
export interface Track {
  /** Unique within its live event, stable across revisions (e.g. `video`, `audio`, `s1-video`). */
  readonly id: string;
  readonly kind: TrackKind;
  /** Event Grid `trackName`: from the encoder when it names tracks, else `<kind>_<bitrate>`. */
  readonly name: string;
  /** Ticks per second of the `dts`/`pts` of this track's access units (1000 for RTMP). */
  readonly timescale: number;
  readonly config: CodecConfig;
  /** Bits per second declared by the encoder (metadata or ingest URL query), if any. */
  readonly declaredBitrate: number | undefined;
  /** 0 for the first configuration; incremented on each configuration change. */
  readonly revision: number;
}
