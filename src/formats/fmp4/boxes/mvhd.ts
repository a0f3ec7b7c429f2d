import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint, assertUint32 } from './field-range.js';
import { writeUnityMatrix } from './unity-matrix.js';

/** `Mvhd` is what Inlet sets in a MovieHeaderBox; the other fields have their fixed defaults. */
export interface Mvhd {
  /** Ticks per second of movie-level times (edit lists, `duration`). */
  readonly timescale: number;
  /** Movie duration in `timescale` ticks; 0 for a fragmented movie whose length is not known. */
  readonly duration: number;
  /** A track ID larger than any in use (`next_track_ID`). */
  readonly nextTrackId: number;
}

/**
 * `MVHD_SIZE` is the size of a version 0 `mvhd`: FullBox header + creation/modification time, timescale,
 * duration (4 x 4) + rate(4) + volume(2) + reserved(2 + 8) + matrix(36) + pre_defined(24) +
 * next_track_ID(4).
 */
export const MVHD_SIZE = FULL_BOX_HEADER_SIZE + 16 + 4 + 2 + 10 + 36 + 24 + 4;

/**
 * `writeMvhd` appends a version 0 MovieHeaderBox (ISO/IEC 14496-12 §8.2.2). Creation and modification
 * times are 0: they are informative, and fixed values keep init segments byte-identical across restarts.
 */
export function writeMvhd(w: ByteWriter, mvhd: Mvhd): void {
  assertUint('mvhd timescale', mvhd.timescale, 0xffff_ffff);
  assertUint32('mvhd duration', mvhd.duration);
  assertUint32('mvhd next_track_ID', mvhd.nextTrackId);
  writeFullBoxHeader(w, 'mvhd', MVHD_SIZE, 0, 0);
  w.u32(0); // creation_time
  w.u32(0); // modification_time
  w.u32(mvhd.timescale);
  w.u32(mvhd.duration);
  w.u32(0x0001_0000); // rate 1.0 (16.16)
  w.u16(0x0100); // volume 1.0 (8.8)
  w.u16(0); // reserved
  w.u32(0); // reserved[2]
  w.u32(0);
  writeUnityMatrix(w);
  for (let i = 0; i < 6; i++) {
    w.u32(0); // pre_defined[6]
  }
  w.u32(mvhd.nextTrackId);
}
