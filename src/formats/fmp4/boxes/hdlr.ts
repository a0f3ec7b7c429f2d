import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader, writeFourCc } from '../box.js';

/** `Hdlr` is the content of a HandlerBox. */
export interface Hdlr {
  /** `vide` for video, `soun` for audio (§12.1.2, §12.2.2). */
  readonly handlerType: string;
  /** Human-readable track type name, ASCII; written null-terminated. */
  readonly name: string;
}

/** `hdlrSize` is FullBox header + pre_defined(4) + handler_type(4) + reserved(12) + name + NUL. */
export function hdlrSize(hdlr: Hdlr): number {
  return FULL_BOX_HEADER_SIZE + 20 + hdlr.name.length + 1;
}

/** `writeHdlr` appends a HandlerBox (ISO/IEC 14496-12 §8.4.3). */
export function writeHdlr(w: ByteWriter, hdlr: Hdlr): void {
  if (!/^[\x20-\x7e]*$/.test(hdlr.name)) {
    throw new RangeError(`hdlr name must be printable ASCII, got "${hdlr.name}"`);
  }
  writeFullBoxHeader(w, 'hdlr', hdlrSize(hdlr), 0, 0);
  w.u32(0); // pre_defined
  writeFourCc(w, hdlr.handlerType);
  w.u32(0); // reserved[3]
  w.u32(0);
  w.u32(0);
  w.ascii(hdlr.name);
  w.u8(0); // null terminator
}
