/**
 * Sample flags (ISO/IEC 14496-12 §8.8.3.1), the 32-bit field of `trex`, `tfhd` and `trun`:
 *
 *   reserved(4) is_leading(2) sample_depends_on(2) sample_is_depended_on(2) sample_has_redundancy(2)
 *   sample_padding_value(3) sample_is_non_sync_sample(1) sample_degradation_priority(16)
 */

/** `SampleFlagFields` is the sample flags split into their fields. */
export interface SampleFlagFields {
  /** 0 unknown, 1 leading with dependency before the RAP, 2 not leading, 3 leading without. */
  readonly isLeading: number;
  /** 0 unknown, 1 depends on others (not an I picture), 2 does not depend on others (I picture). */
  readonly dependsOn: number;
  /** 0 unknown, 1 others depend on it, 2 disposable. */
  readonly isDependedOn: number;
  /** 0 unknown, 1 has redundant coding, 2 has none. */
  readonly hasRedundancy: number;
  readonly paddingValue: number;
  /** True for every sample that is not a sync sample (not a random access point). */
  readonly isNonSync: boolean;
  readonly degradationPriority: number;
}

/** `SYNC_SAMPLE_FLAGS` marks a sync sample: sample_depends_on = 2 (depends on no other), is_non_sync = 0. */
export const SYNC_SAMPLE_FLAGS = 0x0200_0000;

/** `NON_SYNC_SAMPLE_FLAGS` marks a non-sync sample: sample_depends_on = 1, is_non_sync = 1. */
export const NON_SYNC_SAMPLE_FLAGS = 0x0101_0000;

/**
 * `sampleFlags` is the flags of a video sample that is (`keyframe`) or is not a random access point.
 * Every audio sample of the codecs Inlet carries (AAC) is a sync sample: pass `keyframe: true`.
 */
export function sampleFlags(sample: { readonly keyframe: boolean }): number {
  return sample.keyframe ? SYNC_SAMPLE_FLAGS : NON_SYNC_SAMPLE_FLAGS;
}

/** `isSyncSampleFlags` is true when the flags do not set sample_is_non_sync_sample. */
export function isSyncSampleFlags(flags: number): boolean {
  return (flags & 0x0001_0000) === 0;
}

/** `encodeSampleFlags` packs the fields; each must fit its bit width. */
export function encodeSampleFlags(f: SampleFlagFields): number {
  const fits = (v: number, bits: number): boolean => Number.isInteger(v) && v >= 0 && v < 2 ** bits;
  if (
    !fits(f.isLeading, 2) ||
    !fits(f.dependsOn, 2) ||
    !fits(f.isDependedOn, 2) ||
    !fits(f.hasRedundancy, 2) ||
    !fits(f.paddingValue, 3) ||
    !fits(f.degradationPriority, 16)
  ) {
    throw new RangeError(`sample flag fields out of range: ${JSON.stringify(f)}`);
  }
  return (
    ((f.isLeading << 26) |
      (f.dependsOn << 24) |
      (f.isDependedOn << 22) |
      (f.hasRedundancy << 20) |
      (f.paddingValue << 17) |
      ((f.isNonSync ? 1 : 0) << 16) |
      f.degradationPriority) >>>
    0
  );
}

/** `decodeSampleFlags` splits a 32-bit sample flags value into its fields (reserved bits ignored). */
export function decodeSampleFlags(flags: number): SampleFlagFields {
  return {
    isLeading: (flags >>> 26) & 3,
    dependsOn: (flags >>> 24) & 3,
    isDependedOn: (flags >>> 22) & 3,
    hasRedundancy: (flags >>> 20) & 3,
    paddingValue: (flags >>> 17) & 7,
    isNonSync: ((flags >>> 16) & 1) === 1,
    degradationPriority: flags & 0xffff,
  };
}
