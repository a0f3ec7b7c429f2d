import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { brandsBoxSize, type FileBrands } from './boxes/ftyp.js';
import { writeStyp } from './boxes/styp.js';

/**
 * `CMAF_SEGMENT_BRANDS` is the default `styp` of a media segment. ISO/IEC 23000-19 (§7.3.2, CMAF chunk,
 * fragment and segment) names the brand of each unit a `styp` may start: `cmfs` a CMAF segment, `cmff` a CMAF
 * fragment, `cmfl` a CMAF chunk. A segment header starts a whole segment, so it carries `cmfs`; `msdh`
 * (ISO/IEC 23009-1 §6.3.4.2, a DASH media segment) is the major brand DASH tools look for. `msix` is not
 * claimed: it promises a `sidx`, which these segments do not have.
 */
export const CMAF_SEGMENT_BRANDS: FileBrands = {
  major: 'msdh',
  minorVersion: 0,
  compatible: ['msdh', 'cmfs'],
};

/**
 * `writeSegmentHeader` writes the `styp` box (ISO/IEC 14496-12 §8.16.2) that starts a media segment,
 * before its first `moof`; default brands `CMAF_SEGMENT_BRANDS`.
 */
export function writeSegmentHeader(brands: FileBrands = CMAF_SEGMENT_BRANDS): Uint8Array {
  const w = new ByteWriter(brandsBoxSize(brands));
  writeStyp(w, brands);
  return w.view();
}
