import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { BitWriter } from '../test-support/bit-writer.js';
import { HEVC_SPS_FUZZ } from '../test-support/fuzz-fixtures.js';
import { parseHevcSps, type HevcSps } from './hevc-sps.js';

interface SpsFields {
  subLayers?: { profile: boolean; level: boolean }[];
  chromaFormatIdc?: number;
  separateColourPlane?: boolean;
  width: number;
  height: number;
  window?: [number, number, number, number];
  bitDepth?: number;
  profileIdc?: number;
  tier?: number;
}

/** Writes the start of an SPS per ITU-T H.265 §7.3.2.2.1 and §7.3.3 (profile_tier_level). */
function sps(f: SpsFields): Uint8Array {
  const sub = f.subLayers ?? [];
  const w = new BitWriter()
    .u(16, 0x4201)
    .u(4, 0)
    .u(3, sub.length)
    .flag(sub.length === 0);
  w.u(2, 0)
    .u(1, f.tier ?? 0)
    .u(5, f.profileIdc ?? 1)
    .u(32, 0x6000_0000)
    .u(32, 0x9000_0000)
    .u(16, 0)
    .u(8, 93);
  for (const s of sub) {
    w.flag(s.profile).flag(s.level);
  }
  if (sub.length > 0) {
    for (let i = sub.length; i < 8; i++) {
      w.u(2, 0);
    }
  }
  for (const s of sub) {
    if (s.profile) {
      w.u(32, 0x0160_0000).u(32, 0).u(24, 0);
    }
    if (s.level) {
      w.u(8, 90);
    }
  }
  const chroma = f.chromaFormatIdc ?? 1;
  w.ue(0).ue(chroma);
  if (chroma === 3) {
    w.flag(f.separateColourPlane ?? false);
  }
  w.ue(f.width)
    .ue(f.height)
    .flag(f.window !== undefined);
  for (const v of f.window ?? []) {
    w.ue(v);
  }
  w.ue((f.bitDepth ?? 8) - 8).ue((f.bitDepth ?? 8) - 8);
  return w.rbsp();
}

const ptl = {
  profileSpace: 0,
  tierFlag: 0,
  profileIdc: 1,
  compatibilityFlags: 0x6000_0000,
  constraintIndicatorFlags: Uint8Array.of(0x90, 0, 0, 0, 0, 0),
  levelIdc: 93,
};
const base: Omit<HevcSps, 'width' | 'height'> = {
  maxSubLayersMinus1: 0,
  temporalIdNesting: true,
  profileTierLevel: ptl,
  chromaFormatIdc: 1,
  bitDepthLuma: 8,
  bitDepthChroma: 8,
};

/** One table: SPS fields → parsed values (window offsets in chroma units, H.265 Table 6-1). */
const cases: { name: string; bytes: Uint8Array; value: HevcSps }[] = [
  {
    name: '4:2:0 without window',
    bytes: sps({ width: 1280, height: 720 }),
    value: { ...base, width: 1280, height: 720 },
  },
  {
    name: '4:2:0 window in units of 2',
    bytes: sps({ width: 1920, height: 1088, window: [0, 0, 0, 4] }),
    value: { ...base, width: 1920, height: 1080 },
  },
  {
    name: '4:2:2 10-bit high tier: window 2 across, 1 down',
    bytes: sps({
      chromaFormatIdc: 2,
      bitDepth: 10,
      tier: 1,
      profileIdc: 4,
      width: 1280,
      height: 720,
      window: [1, 1, 1, 1],
    }),
    value: {
      ...base,
      profileTierLevel: { ...ptl, tierFlag: 1, profileIdc: 4 },
      chromaFormatIdc: 2,
      bitDepthLuma: 10,
      bitDepthChroma: 10,
      width: 1276,
      height: 718,
    },
  },
  {
    name: '4:4:4 with separate colour planes: window in luma units',
    bytes: sps({
      chromaFormatIdc: 3,
      separateColourPlane: true,
      width: 1368,
      height: 768,
      window: [0, 2, 0, 0],
    }),
    value: { ...base, chromaFormatIdc: 3, width: 1366, height: 768 },
  },
  {
    name: 'three sub-layers with sub-layer profile and level fields skipped',
    bytes: sps({
      subLayers: [
        { profile: true, level: true },
        { profile: false, level: true },
      ],
      width: 640,
      height: 360,
    }),
    value: { ...base, maxSubLayersMinus1: 2, temporalIdNesting: false, width: 640, height: 360 },
  },
];

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseHevcSps(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('parseHevcSps', () => {
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      expect(parseHevcSps(c.bytes)).toEqual(c.value);
    });
  }

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'a PPS', bytes: Uint8Array.of(0x44, 0x01, 0xc1), code: 'sps-bad-type' },
    {
      name: 'cut inside profile_tier_level',
      bytes: Uint8Array.of(0x42, 0x01, 0x01, 0x01, 0x60),
      code: 'truncated',
    },
    {
      name: 'window larger than the picture',
      bytes: sps({ width: 16, height: 16, window: [4, 4, 0, 0] }),
      code: 'sps-bad-cropping',
    },
    {
      name: 'sps_max_sub_layers_minus1 of 7',
      bytes: Uint8Array.of(0x42, 0x01, 0x0e, ...new Uint8Array(40)),
      code: 'sps-bad-value',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('never throws anything but MediaFormatError on random or mutated SPS (fuzz)', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...cases.map((c) => c.bytes)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 4 }),
      )
      .map(([seed, flips]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[2 + (i % (b.length - 2))] = v;
        }
        return b;
      });
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          fc.uint8Array({ maxLength: 40 }).map((b) => Uint8Array.of(0x42, 0x01, ...b)),
        ),
        (bytes) => {
          try {
            const s = parseHevcSps(bytes);
            expect(s.width > 0 && s.height > 0).toBe(true);
          } catch (e) {
            if (!(e instanceof MediaFormatError)) {
              throw e;
            }
          }
        },
      ),
      fuzzParameters({ numRuns: 3000, seed: 43 }, bytesReplay(HEVC_SPS_FUZZ)),
    );
  });
});
