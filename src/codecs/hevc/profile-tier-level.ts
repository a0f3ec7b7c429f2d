import type { BitReader } from '../../lib/bytes/bit-reader.js';

/** `HevcProfileTierLevel` is the general part of profile_tier_level() (ITU-T H.265 §7.3.3). */
export interface HevcProfileTierLevel {
  readonly profileSpace: number;
  readonly tierFlag: number;
  readonly profileIdc: number;
  /** general_profile_compatibility_flag[0..31], flag j in bit 31 − j (as read, most significant first). */
  readonly compatibilityFlags: number;
  /** The 48 bits from general_progressive_source_flag to general_inbld_flag/reserved, as 6 bytes. */
  readonly constraintIndicatorFlags: Uint8Array;
  readonly levelIdc: number;
}

/** Bits of a sub-layer profile: space (2), tier (1), idc (5), compatibility (32), constraints (48). */
const SUB_LAYER_PROFILE_BITS = 88;
const SUB_LAYER_LEVEL_BITS = 8;
/** The sub-layer presence flags are padded to eight sub-layers with reserved_zero_2bits. */
const MAX_SUB_LAYERS = 8;

/**
 * `readProfileTierLevel` reads profile_tier_level(1, maxSubLayersMinus1) (ITU-T H.265 §7.3.3), returning
 * the general fields and skipping the sub-layer ones.
 */
export function readProfileTierLevel(br: BitReader, maxSubLayersMinus1: number): HevcProfileTierLevel {
  const profileSpace = br.u(2, 'general_profile_space');
  const tierFlag = br.u(1, 'general_tier_flag');
  const profileIdc = br.u(5, 'general_profile_idc');
  const compatibilityFlags = br.u(32, 'general_profile_compatibility_flags');
  const constraintIndicatorFlags = new Uint8Array(6);
  for (let i = 0; i < 6; i++) {
    constraintIndicatorFlags[i] = br.u(8, 'general constraint flags');
  }
  const levelIdc = br.u(8, 'general_level_idc');
  const profilePresent: boolean[] = [];
  const levelPresent: boolean[] = [];
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    profilePresent.push(br.flag('sub_layer_profile_present_flag'));
    levelPresent.push(br.flag('sub_layer_level_present_flag'));
  }
  if (maxSubLayersMinus1 > 0) {
    br.skip(2 * (MAX_SUB_LAYERS - maxSubLayersMinus1), 'reserved_zero_2bits');
  }
  for (let i = 0; i < maxSubLayersMinus1; i++) {
    if (profilePresent[i]) {
      br.skip(SUB_LAYER_PROFILE_BITS, 'sub-layer profile');
    }
    if (levelPresent[i]) {
      br.skip(SUB_LAYER_LEVEL_BITS, 'sub_layer_level_idc');
    }
  }
  return { profileSpace, tierFlag, profileIdc, compatibilityFlags, constraintIndicatorFlags, levelIdc };
}
