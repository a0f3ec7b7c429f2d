/**
 * `AccessUnit` is one decodable frame of a track. Times are integer ticks in the track's timescale;
 * after the track's `Timeline` they are monotonic 64-bit values (safe integers), never float seconds.
 */
export interface AccessUnit {
  readonly trackId: string;
  /** Decode time in track ticks. */
  readonly dts: number;
  /** Presentation time in track ticks (`dts` + signed composition offset). */
  readonly pts: number;
  /** Video: a random access point (IDR/IRAP). Audio: always true. */
  readonly keyframe: boolean;
  /**
   * Video: NAL units, each prefixed by its big-endian length (`nalLengthSize` bytes, as in FLV and
   * MP4). Audio: one raw AAC frame. A view into the received message; never mutated.
   */
  readonly data: Uint8Array;
}
