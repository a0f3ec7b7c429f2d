import type { HevcProfileTierLevel } from './profile-tier-level.js';

/** general_profile_space 0..3 is written as nothing, A, B, C (ISO/IEC 14496-15 Annex E.3). */
const PROFILE_SPACE_LETTERS = ['', 'A', 'B', 'C'];

function reverseBits32(v: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) {
    out = out * 2 + ((v >>> i) & 1);
  }
  return out;
}

/**
 * `hevcCodecString` is the RFC 6381 codec string of an HEVC track per ISO/IEC 14496-15 Annex E.3:
 * `hvc1.<space letter><profile_idc>.<compatibility flags, bit-reversed, hex>.<L|H><level_idc>` followed
 * by each constraint byte in hex, trailing zero bytes dropped, e.g. `hvc1.1.6.L93.B0`.
 */
export function hevcCodecString(ptl: HevcProfileTierLevel, sampleEntry = 'hvc1'): string {
  const space = PROFILE_SPACE_LETTERS[ptl.profileSpace] ?? '';
  const compat = reverseBits32(ptl.compatibilityFlags).toString(16).toUpperCase();
  const tier = ptl.tierFlag ? 'H' : 'L';
  let last = ptl.constraintIndicatorFlags.length;
  while (last > 0 && ptl.constraintIndicatorFlags[last - 1] === 0) {
    last--;
  }
  let constraints = '';
  for (let i = 0; i < last; i++) {
    constraints += `.${(ptl.constraintIndicatorFlags[i] ?? 0).toString(16).toUpperCase()}`;
  }
  return `${sampleEntry}.${space}${ptl.profileIdc}.${compat}.${tier}${ptl.levelIdc}${constraints}`;
}
