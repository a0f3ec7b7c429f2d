import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { type FileBrands, writeBrandsBox } from './ftyp.js';

/**
 * `writeStyp` appends a SegmentTypeBox (ISO/IEC 14496-12 §8.16.2): the first box of a media segment,
 * with the same syntax as `ftyp`.
 */
export function writeStyp(w: ByteWriter, brands: FileBrands): void {
  writeBrandsBox(w, 'styp', brands);
}
