import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { BOX_HEADER_SIZE, writeBoxHeader, writeFourCc } from '../box.js';
import { assertUint32 } from './field-range.js';

/** `FileBrands` is the content of a FileTypeBox or SegmentTypeBox (ISO/IEC 14496-12 §4.3). */
export interface FileBrands {
  /** The best-fitting specification, e.g. `iso6`. */
  readonly major: string;
  /** Informative version of the major brand. */
  readonly minorVersion: number;
  /** Every specification the file conforms to; by convention it repeats the major brand. */
  readonly compatible: readonly string[];
}

/**
 * `brandsBoxSize` is the size of an `ftyp`/`styp` box: header + major_brand(4) + minor_version(4) +
 * 4 bytes per compatible brand (§4.3.2).
 */
export function brandsBoxSize(brands: FileBrands): number {
  return BOX_HEADER_SIZE + 8 + 4 * brands.compatible.length;
}

/** `writeBrandsBox` appends an `ftyp` or `styp` box; the two share one syntax (§4.3.2, §8.16.2). */
export function writeBrandsBox(w: ByteWriter, type: 'ftyp' | 'styp', brands: FileBrands): void {
  assertUint32(`${type} minor_version`, brands.minorVersion);
  writeBoxHeader(w, type, brandsBoxSize(brands));
  writeFourCc(w, brands.major);
  w.u32(brands.minorVersion);
  for (const b of brands.compatible) {
    writeFourCc(w, b);
  }
}

/** `writeFtyp` appends a FileTypeBox, the first box of an init segment (ISO/IEC 14496-12 §4.3). */
export function writeFtyp(w: ByteWriter, brands: FileBrands): void {
  writeBrandsBox(w, 'ftyp', brands);
}
