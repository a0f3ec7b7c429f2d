import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { BOX_HEADER_SIZE, FULL_BOX_HEADER_SIZE, writeBoxHeader, writeFullBoxHeader } from '../box.js';

/** `URL_SELF_CONTAINED` is the `url ` flag meaning the media data is in the same file (§8.7.2.3). */
const URL_SELF_CONTAINED = 0x000001;

/** `DINF_SIZE` is `dinf` header + `dref` (FullBox header + entry_count(4) + one flags-only `url `). */
export const DINF_SIZE = BOX_HEADER_SIZE + FULL_BOX_HEADER_SIZE + 4 + FULL_BOX_HEADER_SIZE;

/**
 * `writeDinf` appends a DataInformationBox holding a DataReferenceBox with one self-contained
 * `url ` entry (ISO/IEC 14496-12 §8.7.1, §8.7.2): the samples are in this file's `mdat` boxes.
 */
export function writeDinf(w: ByteWriter): void {
  writeBoxHeader(w, 'dinf', DINF_SIZE);
  writeFullBoxHeader(w, 'dref', DINF_SIZE - BOX_HEADER_SIZE, 0, 0);
  w.u32(1); // entry_count
  writeFullBoxHeader(w, 'url ', FULL_BOX_HEADER_SIZE, 0, URL_SELF_CONTAINED);
}
