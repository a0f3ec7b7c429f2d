import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { BOX_HEADER_SIZE, writeBoxHeader } from '../box.js';
import { TREX_SIZE, type Trex, writeTrex } from './trex.js';

/**
 * `writeMvex` appends a MovieExtendsBox with one `trex` per track (ISO/IEC 14496-12 §8.8.1): it marks
 * the movie as fragmented. No `mehd`: a live movie's fragment duration is not known in advance.
 */
export function writeMvex(w: ByteWriter, trex: readonly Trex[]): void {
  writeBoxHeader(w, 'mvex', BOX_HEADER_SIZE + TREX_SIZE * trex.length);
  for (const t of trex) {
    writeTrex(w, t);
  }
}
