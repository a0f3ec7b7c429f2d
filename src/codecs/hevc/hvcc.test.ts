import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../test/support/media-tools.js';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { splitAnnexb } from '../nal/annexb.js';
import { joinLengthPrefixed } from '../nal/length-prefixed.js';
import { HVCC_FUZZ } from '../test-support/fuzz-fixtures.js';
import { probeMp4 } from '../test-support/mp4-probe.js';
import { probeStream, readTestdata, testdataPath } from '../test-support/testdata.js';
import { buildHvcc } from './build-hvcc.js';
import { hevcCodecString } from './hevc-codec-string.js';
import { hevcNaluType } from './hevc-nalu-type.js';
import { parseHvcc } from './hvcc.js';
import { isHevcKeyframe } from './is-hevc-keyframe.js';
import type { HevcProfileTierLevel } from './profile-tier-level.js';

interface Expected {
  codecString: string;
  width: number;
  height: number;
  nalLengthSize: number;
  counts: [number, number, number];
}

const MAIN_VPS = '40010c01ffff016000000300900000030000030078959809';
const MAIN_SPS = '420101016000000300900000030000030078a003c08010e596566924caf010100000030010000003019080';
const MAIN10_VPS = '40010c01ffff022000000300900000030000030078959809';
const MAIN10_SPS = '420101022000000300900000030000030078a002ac80301d5365959a4932bc04040000030004000003006420';
const PPS = '4401c172b46240';

/**
 * One table: hvcC records of the test streams, written out from ISO/IEC 14496-15 §8.3.3.1.2 with the
 * profile_tier_level of the SPS: version 1; space 0, tier 0, profile; compatibility; constraint bytes
 * 90 00 00 00 00 00 (progressive, frame-only); level 120 (0x78); f000 (min_spatial_segmentation 0);
 * fc (parallelismType 0); fd (4:2:0); f8|depth−8 twice; avgFrameRate 0; 0f (constantFrameRate 0, one
 * temporal layer, nested, 4-byte lengths); 3 arrays (a0 = complete + VPS 32, a1 SPS, a2 PPS).
 */
const cases: { name: string; file: string; bytes: Uint8Array; value: Expected }[] = [
  {
    name: 'main 1920x1080',
    file: 'hevc-main-1920x1080.hevc',
    bytes: hexBytes(
      `01 01 60000000 900000000000 78 f000 fc fd f8 f8 0000 0f 03
       a0 0001 0018 ${MAIN_VPS} a1 0001 002b ${MAIN_SPS} a2 0001 0007 ${PPS}`,
    ),
    value: {
      codecString: 'hvc1.1.6.L120.90',
      width: 1920,
      height: 1080,
      nalLengthSize: 4,
      counts: [1, 1, 1],
    },
  },
  {
    name: 'main 10 1366x766 (conformance window of 1368x768)',
    file: 'hevc-main10-1366x766.hevc',
    bytes: hexBytes(
      `01 02 20000000 900000000000 78 f000 fc fd fa fa 0000 0f 03
       a0 0001 0018 ${MAIN10_VPS} a1 0001 002c ${MAIN10_SPS} a2 0001 0007 ${PPS}`,
    ),
    value: { codecString: 'hvc1.2.4.L120.90', width: 1366, height: 766, nalLengthSize: 4, counts: [1, 1, 1] },
  },
];

function parameterSets(file: string): {
  vps: Uint8Array[];
  sps: Uint8Array[];
  pps: Uint8Array[];
  nalus: Uint8Array[];
} {
  const nalus = splitAnnexb(readTestdata(file));
  const of = (type: number): Uint8Array[] => nalus.filter((n) => hevcNaluType(n[0]!) === type);
  return { vps: of(32), sps: of(33), pps: of(34), nalus };
}

function summary(record: Uint8Array): Expected {
  const c = parseHvcc(record);
  return {
    codecString: c.codecString,
    width: c.width,
    height: c.height,
    nalLengthSize: c.nalLengthSize,
    counts: [c.vps.length, c.sps.length, c.pps.length],
  };
}

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseHvcc(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

/** Finds a box by type in a flat scan of an MP4 file (test helper: the `hvcC` inside `stsd`). */
function findBox(file: Uint8Array, type: string): Uint8Array | undefined {
  const at = Buffer.from(file).indexOf(type, 0, 'latin1');
  if (at < 4) {
    return undefined;
  }
  const size = new DataView(file.buffer, file.byteOffset).getUint32(at - 4);
  return file.subarray(at + 4, at - 4 + size);
}

describe('hvcC', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(summary(c.bytes)).toEqual(c.value);
    });
    it(`builds ${c.name} byte-exact from the stream's VPS/SPS/PPS`, () => {
      const { vps, sps, pps } = parameterSets(c.file);
      expect(hexOf(buildHvcc(vps, sps, pps))).toBe(hexOf(c.bytes));
      expect(hexOf(buildHvcc(vps[0]!, sps[0]!, pps[0]!))).toBe(hexOf(c.bytes));
    });
    it(`agrees with ffprobe on ${c.name}`, () => {
      const probe = probeStream(testdataPath(c.file));
      const profile = c.bytes[1]! & 0x1f;
      expect([c.value.width, c.value.height, c.bytes[12], profile === 1 ? 'Main' : 'Main 10']).toEqual([
        probe.width,
        probe.height,
        probe.level,
        probe.profile,
      ]);
    });
  }

  it("agrees with mp4box.js and with ffmpeg's own hvcC in muxed MP4 files", () => {
    const dir = mkdtempSync(join(tmpdir(), 'inlet-hvcc-'));
    try {
      for (const c of cases) {
        const out = join(dir, `${c.file}.mp4`);
        execFileSync(ffmpegPath(), [
          '-v',
          'error',
          '-r',
          '25',
          '-i',
          testdataPath(c.file),
          '-c',
          'copy',
          '-tag:v',
          'hvc1',
          '-f',
          'mp4',
          out,
        ]);
        const file = new Uint8Array(readFileSync(out));
        const [track] = probeMp4(file);
        expect([track?.codec.toUpperCase(), track?.width, track?.height]).toEqual([
          c.value.codecString.toUpperCase(),
          c.value.width,
          c.value.height,
        ]);
        // ffmpeg's record also carries the x265 SEI array and marks arrays incomplete; the facts agree.
        const theirs = parseHvcc(findBox(file, 'hvcC')!);
        const ours = parseHvcc(c.bytes);
        expect(summary(theirs.record)).toEqual(c.value);
        expect([theirs.vps, theirs.sps, theirs.pps].map((l) => l.map(hexOf))).toEqual(
          [ours.vps, ours.sps, ours.pps].map((l) => l.map(hexOf)),
        );
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads 2-byte NAL lengths and accepts configurationVersion 0', () => {
    const b = Uint8Array.from(cases[0]!.bytes);
    b[0] = 0;
    b[21] = 0x0d;
    expect(parseHvcc(b).nalLengthSize).toBe(2);
  });

  const ptl = (p: Partial<HevcProfileTierLevel>): HevcProfileTierLevel => ({
    profileSpace: 0,
    tierFlag: 0,
    profileIdc: 1,
    compatibilityFlags: 0x6000_0000,
    constraintIndicatorFlags: hexBytes('b00000000000'),
    levelIdc: 93,
    ...p,
  });
  const strings: { name: string; ptl: HevcProfileTierLevel; value: string }[] = [
    { name: 'main, level 3.1 (ISO/IEC 14496-15 E.3 example)', ptl: ptl({}), value: 'hvc1.1.6.L93.B0' },
    {
      name: 'profile space 1, high tier, two constraint bytes (E.3 example)',
      ptl: ptl({
        profileSpace: 1,
        tierFlag: 1,
        profileIdc: 4,
        compatibilityFlags: 0x8200_0000,
        levelIdc: 120,
        constraintIndicatorFlags: hexBytes('b02300000000'),
      }),
      value: 'hvc1.A4.41.H120.B0.23',
    },
    {
      name: 'inner zero constraint bytes are kept, trailing ones dropped',
      ptl: ptl({ profileSpace: 2, constraintIndicatorFlags: hexBytes('b00001000000') }),
      value: 'hvc1.B1.6.L93.B0.0.1',
    },
    {
      name: 'no constraint bytes and no compatibility flags',
      ptl: ptl({ profileSpace: 3, compatibilityFlags: 0, constraintIndicatorFlags: new Uint8Array(6) }),
      value: 'hvc1.C1.0.L93',
    },
    {
      name: 'all compatibility flags',
      ptl: ptl({ compatibilityFlags: 0xffff_ffff }),
      value: 'hvc1.1.FFFFFFFF.L93.B0',
    },
  ];
  for (const s of strings) {
    it(`writes the codec string for ${s.name}`, () => {
      expect(hevcCodecString(s.ptl)).toBe(s.value);
    });
  }

  it('detects IRAP access units (NAL types 16..23) and not others', () => {
    const { nalus } = parameterSets('hevc-main-1920x1080.hevc');
    expect(isHevcKeyframe(joinLengthPrefixed(nalus), 4)).toBe(true);
    const au = (type: number): Uint8Array =>
      joinLengthPrefixed([hexBytes('4601 50'), Uint8Array.of(type << 1, 0x01, 0xaf)]);
    expect([1, 8, 9, 15, 16, 19, 20, 21, 23, 24].map((t) => isHevcKeyframe(au(t), 4))).toEqual([
      false,
      false,
      false,
      false,
      true,
      true,
      true,
      true,
      true,
      false,
    ]);
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'version 2', bytes: Uint8Array.of(2, ...cases[0]!.bytes.subarray(1)), code: 'hvcc-bad-version' },
    {
      name: '3-byte NAL lengths',
      bytes: hexBytes('01 01 60000000 900000000000 78 f000 fc fd f8 f8 0000 0e 00'),
      code: 'hvcc-bad-length-size',
    },
    {
      name: 'no SPS',
      bytes: hexBytes(`01 01 60000000 900000000000 78 f000 fc fd f8 f8 0000 0f 01 a2 0001 0007 ${PPS}`),
      code: 'hvcc-no-sps',
    },
    { name: 'header cut off', bytes: hexBytes('01 01 60000000 9000'), code: 'truncated' },
    {
      name: 'array cut off',
      bytes: hexBytes('01 01 60000000 900000000000 78 f000 fc fd f8 f8 0000 0f 01 a1 0001 0010 4201'),
      code: 'truncated',
    },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('never throws anything but MediaFormatError on random or mutated records (fuzz)', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...cases.map((c) => c.bytes)),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
        fc.nat(),
      )
      .map(([seed, flips, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[i % b.length] = v;
        }
        return b.subarray(0, cut % (b.length + 1));
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 64 })), (bytes) => {
        try {
          const c = parseHvcc(bytes);
          expect(c.width >= 0 && c.height >= 0 && c.codecString.startsWith('hvc1.')).toBe(true);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 3000, seed: 41 }, bytesReplay(HVCC_FUZZ)),
    );
  });
});
