import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint64 } from './field-range.js';

/** `TFDT_SIZE` is the size of a version 1 `tfdt`: FullBox header + baseMediaDecodeTime(8). */
export const TFDT_SIZE = FULL_BOX_HEADER_SIZE + 8;

/**
 * `writeTfdt` appends a version 1 TrackFragmentBaseMediaDecodeTimeBox (ISO/IEC 14496-12 §8.8.12): the
 * decode time of the track fragment's first sample, in media timescale ticks. Always 64-bit, so a 90 kHz
 * timeline does not wrap after 13 hours; `baseMediaDecodeTime` must be a non-negative safe integer.
 */
export function writeTfdt(w: ByteWriter, baseMediaDecodeTime: number): void {
  assertUint64('tfdt baseMediaDecodeTime', baseMediaDecodeTime);
  writeFullBoxHeader(w, 'tfdt', TFDT_SIZE, 1, 0);
  w.u64(baseMediaDecodeTime);
}
