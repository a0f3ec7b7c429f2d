import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeSampleFlags,
  encodeSampleFlags,
  isSyncSampleFlags,
  NON_SYNC_SAMPLE_FLAGS,
  type SampleFlagFields,
  sampleFlags,
  SYNC_SAMPLE_FLAGS,
} from './sample-flags.js';

const none = { isLeading: 0, isDependedOn: 0, hasRedundancy: 0, paddingValue: 0, degradationPriority: 0 };

const cases: { name: string; flags: number; value: SampleFlagFields }[] = [
  // sample_depends_on = 2 (bits 25..24), is_non_sync = 0
  { name: 'sync sample', flags: 0x0200_0000, value: { ...none, dependsOn: 2, isNonSync: false } },
  // sample_depends_on = 1, sample_is_non_sync_sample = 1 (bit 16)
  { name: 'non-sync sample', flags: 0x0101_0000, value: { ...none, dependsOn: 1, isNonSync: true } },
  { name: 'all zero (unknown)', flags: 0, value: { ...none, dependsOn: 0, isNonSync: false } },
  {
    // is_leading 3 (bits 27..26), depends_on 1, is_depended_on 2 (bits 23..22), has_redundancy 1
    // (bits 21..20), padding 5 (bits 19..17), non-sync, degradation priority 0xabcd
    name: 'every field set',
    flags: 0x0d9b_abcd,
    value: {
      isLeading: 3,
      dependsOn: 1,
      isDependedOn: 2,
      hasRedundancy: 1,
      paddingValue: 5,
      isNonSync: true,
      degradationPriority: 0xabcd,
    },
  },
];

describe('sample flags (ISO/IEC 14496-12 §8.8.3.1)', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(decodeSampleFlags(c.flags)).toEqual(c.value);
    });
    it(`encodes ${c.name}`, () => {
      expect(encodeSampleFlags(c.value)).toBe(c.flags);
    });
  }

  it('gives sync flags to key frames and non-sync flags to the others', () => {
    expect(sampleFlags({ keyframe: true })).toBe(SYNC_SAMPLE_FLAGS);
    expect(sampleFlags({ keyframe: false })).toBe(NON_SYNC_SAMPLE_FLAGS);
    expect(isSyncSampleFlags(SYNC_SAMPLE_FLAGS)).toBe(true);
    expect(isSyncSampleFlags(NON_SYNC_SAMPLE_FLAGS)).toBe(false);
  });

  it('rejects a field wider than its bits', () => {
    expect(() => encodeSampleFlags({ ...none, dependsOn: 4, isNonSync: false })).toThrow(RangeError);
  });

  it('round-trips every value with the reserved bits clear (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 0x0fff_ffff }), (flags) => {
        expect(encodeSampleFlags(decodeSampleFlags(flags))).toBe(flags);
      }),
      { numRuns: 2000, seed: 14496 },
    );
  });
});
