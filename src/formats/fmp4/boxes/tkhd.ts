import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint, assertUint32 } from './field-range.js';
import { writeUnityMatrix } from './unity-matrix.js';

/** `TKHD_TRACK_ENABLED` is tkhd flag `track_enabled` (§8.3.2.3). */
export const TKHD_TRACK_ENABLED = 0x000001;

/** `TKHD_TRACK_IN_MOVIE` is tkhd flag `track_in_movie` (§8.3.2.3). */
export const TKHD_TRACK_IN_MOVIE = 0x000002;

/** `Tkhd` is what Inlet sets in a TrackHeaderBox; the other fields have their fixed defaults. */
export interface Tkhd {
  readonly trackId: number;
  /** Track flags, normally `TKHD_TRACK_ENABLED | TKHD_TRACK_IN_MOVIE`. */
  readonly flags: number;
  /** Duration in movie timescale ticks; 0 in a fragmented movie header. */
  readonly duration: number;
  /** 8.8 fixed point: 0x0100 (full volume) for audio, 0 for video. */
  readonly volume: number;
  /** Visual presentation size in whole pixels (written as 16.16); 0 for audio. */
  readonly width: number;
  readonly height: number;
}

/**
 * `TKHD_SIZE` is the size of a version 0 `tkhd`: FullBox header + creation/modification time, track_ID,
 * reserved, duration (5 x 4) + reserved(8) + layer, alternate_group, volume, reserved (4 x 2) +
 * matrix(36) + width, height (2 x 4).
 */
export const TKHD_SIZE = FULL_BOX_HEADER_SIZE + 20 + 8 + 8 + 36 + 8;

/** `MAX_TKHD_DIMENSION` is the largest whole-pixel size whose 16.16 form fits 32 bits. */
const MAX_TKHD_DIMENSION = 0xffff;

/** `writeTkhd` appends a version 0 TrackHeaderBox (ISO/IEC 14496-12 §8.3.2). */
export function writeTkhd(w: ByteWriter, tkhd: Tkhd): void {
  assertUint('tkhd track_ID', tkhd.trackId, 0xffff_ffff);
  if (tkhd.trackId === 0) {
    throw new RangeError('tkhd track_ID must not be 0 (ISO/IEC 14496-12 §8.3.2.3)');
  }
  assertUint('tkhd flags', tkhd.flags, 0xff_ffff);
  assertUint32('tkhd duration', tkhd.duration);
  assertUint('tkhd volume', tkhd.volume, 0xffff);
  assertUint('tkhd width', tkhd.width, MAX_TKHD_DIMENSION);
  assertUint('tkhd height', tkhd.height, MAX_TKHD_DIMENSION);
  writeFullBoxHeader(w, 'tkhd', TKHD_SIZE, 0, tkhd.flags);
  w.u32(0); // creation_time
  w.u32(0); // modification_time
  w.u32(tkhd.trackId);
  w.u32(0); // reserved
  w.u32(tkhd.duration);
  w.u32(0); // reserved[2]
  w.u32(0);
  w.u16(0); // layer
  w.u16(0); // alternate_group
  w.u16(tkhd.volume);
  w.u16(0); // reserved
  writeUnityMatrix(w);
  w.u32(tkhd.width * 0x1_0000); // 16.16 fixed point
  w.u32(tkhd.height * 0x1_0000);
}
