import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint32 } from './field-range.js';

/** `Trex` is the content of a TrackExtendsBox: per-track defaults for movie fragments. */
export interface Trex {
  readonly trackId: number;
  readonly defaultSampleDescriptionIndex: number;
  readonly defaultSampleDuration: number;
  readonly defaultSampleSize: number;
  readonly defaultSampleFlags: number;
}

/** `TREX_SIZE` is FullBox header + five 32-bit fields. */
export const TREX_SIZE = FULL_BOX_HEADER_SIZE + 20;

/** `writeTrex` appends a TrackExtendsBox (ISO/IEC 14496-12 §8.8.3). */
export function writeTrex(w: ByteWriter, trex: Trex): void {
  assertUint32('trex track_ID', trex.trackId);
  assertUint32('trex default_sample_description_index', trex.defaultSampleDescriptionIndex);
  assertUint32('trex default_sample_duration', trex.defaultSampleDuration);
  assertUint32('trex default_sample_size', trex.defaultSampleSize);
  assertUint32('trex default_sample_flags', trex.defaultSampleFlags);
  writeFullBoxHeader(w, 'trex', TREX_SIZE, 0, 0);
  w.u32(trex.trackId);
  w.u32(trex.defaultSampleDescriptionIndex);
  w.u32(trex.defaultSampleDuration);
  w.u32(trex.defaultSampleSize);
  w.u32(trex.defaultSampleFlags);
}
