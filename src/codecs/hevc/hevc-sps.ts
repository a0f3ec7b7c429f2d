import { BitReader } from '../../lib/bytes/bit-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { removeEmulationPrevention } from '../nal/emulation-prevention.js';
import { HevcNaluType, hevcNaluType } from './hevc-nalu-type.js';
import { readProfileTierLevel, type HevcProfileTierLevel } from './profile-tier-level.js';

/** `HevcSps` is what Inlet reads from an H.265 sequence parameter set (ITU-T H.265 §7.3.2.2.1). */
export interface HevcSps {
  readonly maxSubLayersMinus1: number;
  readonly temporalIdNesting: boolean;
  readonly profileTierLevel: HevcProfileTierLevel;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly bitDepthChroma: number;
  /** Picture size inside the conformance window, in pixels. */
  readonly width: number;
  readonly height: number;
}

/** sps_max_sub_layers_minus1 is at most 6 (H.265 §7.4.3.2.1). */
const MAX_SUB_LAYERS_MINUS1 = 6;
const CHROMA_444 = 3;

/**
 * `parseHevcSps` reads the profile/tier/level, chroma format, bit depths and the conformance-window
 * picture size from an H.265 SPS NAL unit (2-byte header included, emulation prevention still in).
 * Throws `MediaFormatError` when the unit is not an SPS or its fields do not fit.
 */
export function parseHevcSps(nal: Uint8Array): HevcSps {
  const rbsp = removeEmulationPrevention(nal);
  const br = new BitReader(rbsp);
  const type = hevcNaluType(br.u(8, 'nal header'));
  if (type !== HevcNaluType.sps) {
    throw new MediaFormatError('sps-bad-type', `expected an hevc sps (nal type 33), got type ${type}`, 0);
  }
  br.skip(8, 'nal header');
  br.skip(4, 'sps_video_parameter_set_id');
  const maxSubLayersMinus1 = br.u(3, 'sps_max_sub_layers_minus1');
  if (maxSubLayersMinus1 > MAX_SUB_LAYERS_MINUS1) {
    throw new MediaFormatError('sps-bad-value', `hevc sps_max_sub_layers_minus1 is ${maxSubLayersMinus1}`, 2);
  }
  const temporalIdNesting = br.flag('sps_temporal_id_nesting_flag');
  const profileTierLevel = readProfileTierLevel(br, maxSubLayersMinus1);
  br.ue('sps_seq_parameter_set_id');
  const chromaFormatIdc = br.ue('chroma_format_idc');
  if (chromaFormatIdc > CHROMA_444) {
    throw new MediaFormatError('sps-bad-value', `hevc chroma_format_idc is ${chromaFormatIdc}`, 0);
  }
  let separateColourPlane = false;
  if (chromaFormatIdc === CHROMA_444) {
    separateColourPlane = br.flag('separate_colour_plane_flag');
  }
  const codedWidth = br.ue('pic_width_in_luma_samples');
  const codedHeight = br.ue('pic_height_in_luma_samples');
  let window = [0, 0, 0, 0];
  if (br.flag('conformance_window_flag')) {
    window = [br.ue('left'), br.ue('right'), br.ue('top'), br.ue('bottom')];
  }
  const bitDepthLuma = 8 + br.ue('bit_depth_luma_minus8');
  const bitDepthChroma = 8 + br.ue('bit_depth_chroma_minus8');
  // H.265 §7.4.3.2.1 and Table 6-1: offsets are in chroma sample units.
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const width = codedWidth - subWidthC * ((window[0] ?? 0) + (window[1] ?? 0));
  const height = codedHeight - subHeightC * ((window[2] ?? 0) + (window[3] ?? 0));
  if (width <= 0 || height <= 0) {
    throw new MediaFormatError(
      'sps-bad-cropping',
      `hevc sps conformance window (${window.join(', ')}) leaves no picture of ${codedWidth}x${codedHeight}`,
      0,
    );
  }
  return {
    maxSubLayersMinus1,
    temporalIdNesting,
    profileTierLevel,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    width,
    height,
  };
}
