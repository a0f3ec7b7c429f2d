import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';

/** `VMHD_SIZE` is FullBox header + graphicsmode(2) + opcolor(3 x 2). */
export const VMHD_SIZE = FULL_BOX_HEADER_SIZE + 2 + 6;

/**
 * `writeVmhd` appends a VideoMediaHeaderBox (ISO/IEC 14496-12 §12.1.2): flags 1 as the spec requires,
 * graphicsmode 0 (copy) and opcolor 0.
 */
export function writeVmhd(w: ByteWriter): void {
  writeFullBoxHeader(w, 'vmhd', VMHD_SIZE, 0, 1);
  w.u16(0); // graphicsmode: copy
  w.u16(0); // opcolor[3]
  w.u16(0);
  w.u16(0);
}
