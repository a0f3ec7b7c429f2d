import { BitReader } from '../../lib/bytes/bit-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { removeEmulationPrevention } from '../nal/emulation-prevention.js';

/** `H264Sps` is what Inlet reads from an H.264 sequence parameter set (ITU-T H.264 §7.3.2.1.1). */
export interface H264Sps {
  readonly profileIdc: number;
  /** constraint_set0..5 flags and the two reserved bits, as the byte after profile_idc. */
  readonly constraintFlags: number;
  readonly levelIdc: number;
  readonly chromaFormatIdc: number;
  readonly bitDepthLuma: number;
  readonly bitDepthChroma: number;
  readonly frameMbsOnly: boolean;
  /** Picture size after the frame cropping rectangle, in pixels. */
  readonly width: number;
  readonly height: number;
}

/** Profiles whose SPS carries chroma_format_idc, bit depths and scaling matrices (H.264 §7.3.2.1.1). */
const HIGH_PROFILES = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);
/** chroma_format_idc 3 is 4:4:4, which has 12 scaling lists instead of 8 and no chroma subsampling. */
const CHROMA_444 = 3;
/** Luma macroblocks are 16×16 samples. */
const MB_SIZE = 16;

function skipScalingList(br: BitReader, size: number): void {
  // H.264 §7.3.2.1.1.1: delta-coded; a next scale of 0 means "use the default list" and stops the deltas.
  let last = 8;
  let next = 8;
  for (let j = 0; j < size; j++) {
    if (next !== 0) {
      const delta = br.se('delta_scale');
      next = (last + delta + 256) % 256;
    }
    last = next === 0 ? last : next;
  }
}

/**
 * `parseH264Sps` reads profile, level, chroma format, bit depths and the cropped picture size from an
 * H.264 SPS NAL unit (header byte included, emulation prevention still in). Handles the high profiles'
 * chroma_format_idc and scaling matrices, field coding (frame_mbs_only_flag 0) and frame cropping.
 * Throws `MediaFormatError` when the unit is not an SPS or its fields do not fit.
 */
export function parseH264Sps(nal: Uint8Array): H264Sps {
  const rbsp = removeEmulationPrevention(nal);
  const br = new BitReader(rbsp);
  const header = br.u(8, 'nal header');
  if ((header & 0x1f) !== 7) {
    throw new MediaFormatError(
      'sps-bad-type',
      `expected an h264 sps (nal type 7), got type ${header & 0x1f}`,
      0,
    );
  }
  const profileIdc = br.u(8, 'profile_idc');
  const constraintFlags = br.u(8, 'constraint flags');
  const levelIdc = br.u(8, 'level_idc');
  br.ue('seq_parameter_set_id');
  let chromaFormatIdc = 1;
  let separateColourPlane = false;
  let bitDepthLuma = 8;
  let bitDepthChroma = 8;
  if (HIGH_PROFILES.has(profileIdc)) {
    chromaFormatIdc = br.ue('chroma_format_idc');
    if (chromaFormatIdc === CHROMA_444) {
      separateColourPlane = br.flag('separate_colour_plane_flag');
    }
    bitDepthLuma = 8 + br.ue('bit_depth_luma_minus8');
    bitDepthChroma = 8 + br.ue('bit_depth_chroma_minus8');
    br.skip(1, 'qpprime_y_zero_transform_bypass_flag');
    if (br.flag('seq_scaling_matrix_present_flag')) {
      const lists = chromaFormatIdc === CHROMA_444 ? 12 : 8;
      for (let i = 0; i < lists; i++) {
        if (br.flag('seq_scaling_list_present_flag')) {
          skipScalingList(br, i < 6 ? 16 : 64);
        }
      }
    }
  }
  br.ue('log2_max_frame_num_minus4');
  const pocType = br.ue('pic_order_cnt_type');
  if (pocType === 0) {
    br.ue('log2_max_pic_order_cnt_lsb_minus4');
  } else if (pocType === 1) {
    br.skip(1, 'delta_pic_order_always_zero_flag');
    br.se('offset_for_non_ref_pic');
    br.se('offset_for_top_to_bottom_field');
    const cycle = br.ue('num_ref_frames_in_pic_order_cnt_cycle');
    for (let i = 0; i < cycle; i++) {
      br.se('offset_for_ref_frame');
    }
  }
  br.ue('max_num_ref_frames');
  br.skip(1, 'gaps_in_frame_num_value_allowed_flag');
  const widthMbs = br.ue('pic_width_in_mbs_minus1') + 1;
  const heightMapUnits = br.ue('pic_height_in_map_units_minus1') + 1;
  const frameMbsOnly = br.flag('frame_mbs_only_flag');
  if (!frameMbsOnly) {
    br.skip(1, 'mb_adaptive_frame_field_flag');
  }
  br.skip(1, 'direct_8x8_inference_flag');
  let crop = [0, 0, 0, 0];
  if (br.flag('frame_cropping_flag')) {
    crop = [br.ue('left'), br.ue('right'), br.ue('top'), br.ue('bottom')];
  }
  // H.264 §7.4.2.1.1, (7-19)..(7-22): crop units depend on ChromaArrayType and field coding.
  const chromaArrayType = separateColourPlane ? 0 : chromaFormatIdc;
  const subWidthC = chromaArrayType === 1 || chromaArrayType === 2 ? 2 : 1;
  const subHeightC = chromaArrayType === 1 ? 2 : 1;
  const fieldFactor = frameMbsOnly ? 1 : 2;
  const cropUnitX = chromaArrayType === 0 ? 1 : subWidthC;
  const cropUnitY = (chromaArrayType === 0 ? 1 : subHeightC) * fieldFactor;
  const codedWidth = widthMbs * MB_SIZE;
  const codedHeight = heightMapUnits * MB_SIZE * fieldFactor;
  const width = codedWidth - cropUnitX * ((crop[0] ?? 0) + (crop[1] ?? 0));
  const height = codedHeight - cropUnitY * ((crop[2] ?? 0) + (crop[3] ?? 0));
  if (width <= 0 || height <= 0) {
    throw new MediaFormatError(
      'sps-bad-cropping',
      `h264 sps cropping (${crop.join(', ')}) leaves no picture of ${codedWidth}x${codedHeight}`,
      0,
    );
  }
  return {
    profileIdc,
    constraintFlags,
    levelIdc,
    chromaFormatIdc,
    bitDepthLuma,
    bitDepthChroma,
    frameMbsOnly,
    width,
    height,
  };
}
