import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint32 } from './field-range.js';

/** `MFHD_SIZE` is FullBox header + sequence_number(4). */
export const MFHD_SIZE = FULL_BOX_HEADER_SIZE + 4;

/**
 * `writeMfhd` appends a MovieFragmentHeaderBox (ISO/IEC 14496-12 §8.8.5). `sequenceNumber` normally
 * starts at 1 and increases with each movie fragment in decode order.
 */
export function writeMfhd(w: ByteWriter, sequenceNumber: number): void {
  assertUint32('mfhd sequence_number', sequenceNumber);
  writeFullBoxHeader(w, 'mfhd', MFHD_SIZE, 0, 0);
  w.u32(sequenceNumber);
}
