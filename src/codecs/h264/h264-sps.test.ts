import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { BitWriter } from '../test-support/bit-writer.js';
import { H264_SPS_FUZZ } from '../test-support/fuzz-fixtures.js';
import { parseH264Sps, type H264Sps } from './h264-sps.js';

interface SpsFields {
  profileIdc: number;
  levelIdc?: number;
  chromaFormatIdc?: number;
  separateColourPlane?: boolean;
  bitDepth?: number;
  /** Scaling lists: per list index, undefined (not present) or the delta_scale values written. */
  scalingLists?: (number[] | undefined)[];
  pocType?: number;
  widthMbs: number;
  heightMapUnits: number;
  frameMbsOnly?: boolean;
  crop?: [number, number, number, number];
}

const HIGH = new Set([100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135]);

/** Writes an SPS NAL unit per ITU-T H.264 §7.3.2.1.1 (no emulation prevention needed for these values). */
function sps(f: SpsFields): Uint8Array {
  const w = new BitWriter()
    .u(8, 0x67)
    .u(8, f.profileIdc)
    .u(8, 0)
    .u(8, f.levelIdc ?? 30)
    .ue(0);
  if (HIGH.has(f.profileIdc)) {
    const chroma = f.chromaFormatIdc ?? 1;
    w.ue(chroma);
    if (chroma === 3) {
      w.flag(f.separateColourPlane ?? false);
    }
    w.ue((f.bitDepth ?? 8) - 8)
      .ue((f.bitDepth ?? 8) - 8)
      .flag(false);
    w.flag(f.scalingLists !== undefined);
    if (f.scalingLists !== undefined) {
      for (let i = 0; i < (chroma === 3 ? 12 : 8); i++) {
        const list = f.scalingLists[i];
        w.flag(list !== undefined);
        for (const d of list ?? []) {
          w.se(d);
        }
      }
    }
  }
  w.ue(0); // log2_max_frame_num_minus4
  const poc = f.pocType ?? 0;
  w.ue(poc);
  if (poc === 0) {
    w.ue(2);
  } else if (poc === 1) {
    w.flag(false).se(-3).se(5).ue(2).se(1).se(-1);
  }
  w.ue(4)
    .flag(false)
    .ue(f.widthMbs - 1)
    .ue(f.heightMapUnits - 1);
  w.flag(f.frameMbsOnly ?? true);
  if (!(f.frameMbsOnly ?? true)) {
    w.flag(true);
  }
  w.flag(true).flag(f.crop !== undefined);
  for (const c of f.crop ?? []) {
    w.ue(c);
  }
  w.flag(false); // vui_parameters_present_flag
  return w.rbsp();
}

const base: Omit<H264Sps, 'width' | 'height'> = {
  profileIdc: 66,
  constraintFlags: 0,
  levelIdc: 30,
  chromaFormatIdc: 1,
  bitDepthLuma: 8,
  bitDepthChroma: 8,
  frameMbsOnly: true,
};

/** One table: SPS fields → parsed values (crop arithmetic per H.264 §7.4.2.1.1, equations 7-19..7-22). */
const cases: { name: string; bytes: Uint8Array; value: H264Sps }[] = [
  {
    name: 'baseline 320x240, no cropping',
    bytes: sps({ profileIdc: 66, widthMbs: 20, heightMapUnits: 15 }),
    value: { ...base, width: 320, height: 240 },
  },
  {
    name: 'baseline 1920x1080 cropped from 1088 (4:2:0: 2 rows per unit)',
    bytes: sps({ profileIdc: 66, widthMbs: 120, heightMapUnits: 68, crop: [0, 0, 0, 4] }),
    value: { ...base, width: 1920, height: 1080 },
  },
  {
    name: 'main, pic_order_cnt_type 1',
    bytes: sps({ profileIdc: 77, widthMbs: 40, heightMapUnits: 30, pocType: 1 }),
    value: { ...base, profileIdc: 77, width: 640, height: 480 },
  },
  {
    name: 'field coding doubles map units and crop rows (4 rows per unit)',
    bytes: sps({ profileIdc: 77, widthMbs: 45, heightMapUnits: 18, frameMbsOnly: false, crop: [0, 0, 0, 2] }),
    value: { ...base, profileIdc: 77, frameMbsOnly: false, width: 720, height: 568 },
  },
  {
    name: 'high 4:2:2 10-bit: crop units 2 across, 1 down',
    bytes: sps({
      profileIdc: 122,
      chromaFormatIdc: 2,
      bitDepth: 10,
      widthMbs: 80,
      heightMapUnits: 45,
      crop: [1, 1, 1, 1],
    }),
    value: {
      ...base,
      profileIdc: 122,
      chromaFormatIdc: 2,
      bitDepthLuma: 10,
      bitDepthChroma: 10,
      width: 1276,
      height: 718,
    },
  },
  {
    name: 'high 4:4:4 with separate colour planes: crop units of 1',
    bytes: sps({
      profileIdc: 244,
      chromaFormatIdc: 3,
      separateColourPlane: true,
      widthMbs: 86,
      heightMapUnits: 48,
      crop: [0, 10, 0, 0],
    }),
    value: { ...base, profileIdc: 244, chromaFormatIdc: 3, width: 1366, height: 768 },
  },
  {
    name: 'high with scaling lists, one ending early with a zero next scale',
    bytes: sps({
      profileIdc: 100,
      scalingLists: [
        Array.from({ length: 16 }, () => 1),
        [-8],
        undefined,
        undefined,
        undefined,
        undefined,
        Array.from({ length: 64 }, (_, i) => (i % 2 === 0 ? 1 : -1)),
      ],
      widthMbs: 80,
      heightMapUnits: 45,
    }),
    value: { ...base, profileIdc: 100, width: 1280, height: 720 },
  },
];

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseH264Sps(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('parseH264Sps', () => {
  for (const c of cases) {
    it(`reads ${c.name}`, () => {
      expect(parseH264Sps(c.bytes)).toEqual(c.value);
    });
  }

  it('removes emulation prevention before reading', () => {
    // constraint flags 0 and level_idc 0 put two zero bytes after profile_idc (67 42 00 00); a 0x03
    // inserted after them is an emulation_prevention_three_byte and must be dropped before parsing.
    const raw = sps({ profileIdc: 66, levelIdc: 0, widthMbs: 20, heightMapUnits: 15 });
    expect([raw[2], raw[3]]).toEqual([0, 0]);
    const escaped = Uint8Array.from([...raw.subarray(0, 4), 0x03, ...raw.subarray(4)]);
    expect(parseH264Sps(escaped)).toEqual({ ...base, levelIdc: 0, width: 320, height: 240 });
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'not an SPS', bytes: Uint8Array.of(0x68, 0xce), code: 'sps-bad-type' },
    { name: 'cut off', bytes: Uint8Array.of(0x67, 0x64, 0x00), code: 'truncated' },
    {
      name: 'crop larger than the picture',
      bytes: sps({ profileIdc: 66, widthMbs: 1, heightMapUnits: 1, crop: [4, 4, 0, 0] }),
      code: 'sps-bad-cropping',
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
          b[1 + (i % (b.length - 1))] = v;
        }
        return b;
      });
    fc.assert(
      fc.property(
        fc.oneof(
          mutated,
          fc.uint8Array({ maxLength: 32 }).map((b) => Uint8Array.of(0x67, ...b)),
        ),
        (bytes) => {
          try {
            const s = parseH264Sps(bytes);
            expect(s.width > 0 && s.height > 0).toBe(true);
          } catch (e) {
            if (!(e instanceof MediaFormatError)) {
              throw e;
            }
          }
        },
      ),
      fuzzParameters({ numRuns: 3000, seed: 37 }, bytesReplay(H264_SPS_FUZZ)),
    );
  });
});
