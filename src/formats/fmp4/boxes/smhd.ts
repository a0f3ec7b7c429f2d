import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';

/** `SMHD_SIZE` is FullBox header + balance(2) + reserved(2). */
export const SMHD_SIZE = FULL_BOX_HEADER_SIZE + 4;

/** `writeSmhd` appends a SoundMediaHeaderBox (ISO/IEC 14496-12 §12.2.2) with centre balance. */
export function writeSmhd(w: ByteWriter): void {
  writeFullBoxHeader(w, 'smhd', SMHD_SIZE, 0, 0);
  w.u16(0); // balance 0.0 (8.8): centre
  w.u16(0); // reserved
}
