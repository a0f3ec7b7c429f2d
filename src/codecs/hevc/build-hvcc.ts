import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { HevcNaluType } from './hevc-nalu-type.js';
import { parseHevcSps } from './hevc-sps.js';

function list(v: Uint8Array | readonly Uint8Array[]): readonly Uint8Array[] {
  return v instanceof Uint8Array ? [v] : v;
}

/** array_completeness 1: all parameter sets of that type are in the record (required for `hvc1`). */
const ARRAY_COMPLETE = 0x80;

/**
 * `buildHvcc` writes an HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 §8.3.3.1) from VPS, SPS and PPS
 * NAL units (no start codes), as needed to carry raw Annex B HEVC in FLV or MP4. Profile space, tier,
 * profile, compatibility and constraint flags, level, chroma format, bit depths, temporal layers and
 * nesting come from the first SPS; min_spatial_segmentation_idc, parallelismType and avgFrameRate are 0
 * ("unknown"), NAL lengths are 4 bytes and every array is marked complete, as `hvc1` requires.
 */
export function buildHvcc(
  vps: Uint8Array | readonly Uint8Array[],
  sps: Uint8Array | readonly Uint8Array[],
  pps: Uint8Array | readonly Uint8Array[],
): Uint8Array {
  const arrays: [number, readonly Uint8Array[]][] = [
    [HevcNaluType.vps, list(vps)],
    [HevcNaluType.sps, list(sps)],
    [HevcNaluType.pps, list(pps)],
  ];
  const first = list(sps)[0];
  if (first === undefined) {
    throw new RangeError('an hvcC record needs at least one sps');
  }
  const info = parseHevcSps(first);
  const ptl = info.profileTierLevel;
  const w = new ByteWriter(256);
  w.u8(1); // configurationVersion
  w.u8((ptl.profileSpace << 6) | (ptl.tierFlag << 5) | ptl.profileIdc);
  w.u32(ptl.compatibilityFlags);
  w.bytes(ptl.constraintIndicatorFlags);
  w.u8(ptl.levelIdc);
  w.u16(0xf000); // reserved '1111'b, min_spatial_segmentation_idc 0
  w.u8(0xfc); // reserved '111111'b, parallelismType 0
  w.u8(0xfc | info.chromaFormatIdc); // reserved '111111'b
  w.u8(0xf8 | (info.bitDepthLuma - 8)); // reserved '11111'b
  w.u8(0xf8 | (info.bitDepthChroma - 8));
  w.u16(0); // avgFrameRate: unspecified
  // constantFrameRate 0 (2 bits), numTemporalLayers (3), temporalIdNested (1), lengthSizeMinusOne 3 (2).
  w.u8(((info.maxSubLayersMinus1 + 1) << 3) | ((info.temporalIdNesting ? 1 : 0) << 2) | 3);
  const present = arrays.filter(([, nalus]) => nalus.length > 0);
  w.u8(present.length);
  for (const [type, nalus] of present) {
    w.u8(ARRAY_COMPLETE | type);
    w.u16(nalus.length);
    for (const n of nalus) {
      w.u16(n.byteLength).bytes(n);
    }
  }
  return w.toBytes();
}
