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
import { AVCC_FUZZ } from '../test-support/fuzz-fixtures.js';
import { probeMp4 } from '../test-support/mp4-probe.js';
import { probeStream, readTestdata, testdataPath } from '../test-support/testdata.js';
import { avcCodecString, buildAvcc, parseAvcc } from './avcc.js';
import { isH264Keyframe } from './is-h264-keyframe.js';

interface Expected {
  codecString: string;
  width: number;
  height: number;
  profileIdc: number;
  constraintFlags: number;
  levelIdc: number;
  nalLengthSize: number;
  spsCount: number;
  ppsCount: number;
}

/**
 * One table: avcC records built from the SPS/PPS of the test streams (`file`). The bytes are written out
 * from ISO/IEC 14496-15 §5.3.3.1.2: version 1, profile, compatibility, level, 0xff (reserved + 4-byte
 * lengths), 0xe1 (reserved + 1 SPS), SPS, 1 PPS, and for profile 100 the extension fd f8 f8 00
 * (chroma_format 1, 8-bit luma and chroma, no SPS extensions).
 */
const cases: { name: string; file: string; bytes: Uint8Array; value: Expected }[] = [
  {
    name: 'high profile 1280x720',
    file: 'h264-high-1280x720.h264',
    bytes: hexBytes(
      '01 64 00 1f ff e1 001a 6764001facd9405005bb011000000300100000030320f1831960 01 0006 68ebe3cb22c0 fdf8f800',
    ),
    value: {
      codecString: 'avc1.64001f',
      width: 1280,
      height: 720,
      profileIdc: 100,
      constraintFlags: 0,
      levelIdc: 31,
      nalLengthSize: 4,
      spsCount: 1,
      ppsCount: 1,
    },
  },
  {
    name: 'main profile 1920x1080 interlaced (field coding, cropped from 1088)',
    file: 'h264-main-1920x1080i.h264',
    bytes: hexBytes(
      '01 4d 40 28 ff e1 001a 674d4028eca03c0227ef011000000300100000030321f162d960 01 0005 68fba3cb20',
    ),
    value: {
      codecString: 'avc1.4d4028',
      width: 1920,
      height: 1080,
      profileIdc: 77,
      constraintFlags: 0x40,
      levelIdc: 40,
      nalLengthSize: 4,
      spsCount: 1,
      ppsCount: 1,
    },
  },
  {
    name: 'high 4:4:4 with scaling matrices 1366x768 (cropped from 1376)',
    file: 'h264-high444-cqm-1366x768.h264',
    bytes: hexBytes(
      '01 f4 00 20 ff e1 001a 67f40020919b280ac0c3c5f808800000030080000019078c18cb 01 0007 68ebe3c4440110',
    ),
    value: {
      codecString: 'avc1.f40020',
      width: 1366,
      height: 768,
      profileIdc: 244,
      constraintFlags: 0,
      levelIdc: 32,
      nalLengthSize: 4,
      spsCount: 1,
      ppsCount: 1,
    },
  },
];

function parameterSets(file: string): { sps: Uint8Array[]; pps: Uint8Array[]; nalus: Uint8Array[] } {
  const nalus = splitAnnexb(readTestdata(file));
  return {
    sps: nalus.filter((n) => (n[0]! & 0x1f) === 7),
    pps: nalus.filter((n) => (n[0]! & 0x1f) === 8),
    nalus,
  };
}

function summary(record: Uint8Array): Expected {
  const c = parseAvcc(record);
  return {
    codecString: c.codecString,
    width: c.width,
    height: c.height,
    profileIdc: c.profileIdc,
    constraintFlags: c.constraintFlags,
    levelIdc: c.levelIdc,
    nalLengthSize: c.nalLengthSize,
    spsCount: c.sps.length,
    ppsCount: c.pps.length,
  };
}

function errorCode(bytes: Uint8Array): string | undefined {
  try {
    parseAvcc(bytes);
  } catch (e) {
    return e instanceof MediaFormatError ? e.code : `not a MediaFormatError: ${String(e)}`;
  }
  return undefined;
}

describe('avcC', () => {
  for (const c of cases) {
    it(`decodes ${c.name}`, () => {
      expect(summary(c.bytes)).toEqual(c.value);
    });
    it(`builds ${c.name} byte-exact from the stream's parameter sets`, () => {
      const { sps, pps } = parameterSets(c.file);
      expect(hexOf(buildAvcc(sps, pps))).toBe(hexOf(c.bytes));
    });
    it(`agrees with ffprobe on ${c.name}`, () => {
      const probe = probeStream(testdataPath(c.file));
      expect([c.value.width, c.value.height, c.value.levelIdc]).toEqual([
        probe.width,
        probe.height,
        probe.level,
      ]);
    });
  }

  it('agrees with mp4box.js on the codec strings of ffmpeg-muxed MP4 files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'inlet-avcc-'));
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
          '-f',
          'mp4',
          out,
        ]);
        const [track] = probeMp4(new Uint8Array(readFileSync(out)));
        expect([track?.codec, track?.width, track?.height]).toEqual([
          c.value.codecString,
          c.value.width,
          c.value.height,
        ]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads 2-byte NAL lengths and several parameter sets, and copies the record', () => {
    const { sps, pps } = parameterSets('h264-high-1280x720.h264');
    const record = buildAvcc([sps[0]!, sps[0]!], [pps[0]!, pps[0]!, pps[0]!], 2);
    expect(record[4]).toBe(0xfd);
    const c = parseAvcc(record);
    expect([c.nalLengthSize, c.sps.length, c.pps.length]).toEqual([2, 2, 3]);
    record[8] = record[8]! ^ 0xff;
    expect(hexOf(c.sps[0]!)).toBe(hexOf(sps[0]!));
    expect(c.record).not.toBe(record);
  });

  it('keeps a record whose SPS cannot be read, with a 0x0 size', () => {
    const c = parseAvcc(hexBytes('01 64 00 1f ff e1 0002 6764 01 0001 68'));
    expect([c.codecString, c.width, c.height]).toEqual(['avc1.64001f', 0, 0]);
  });

  it('writes the codec string as lowercase hex with leading zeros', () => {
    expect(avcCodecString(66, 0xc0, 9)).toBe('avc1.42c009');
  });

  const bad: { name: string; bytes: Uint8Array; code: string }[] = [
    { name: 'version 0', bytes: hexBytes('00 64 00 1f ff e1 0001 67 01 0001 68'), code: 'avcc-bad-version' },
    {
      name: '3-byte NAL lengths',
      bytes: hexBytes('01 64 00 1f fe e1 0001 67 01 0001 68'),
      code: 'avcc-bad-length-size',
    },
    { name: 'no SPS', bytes: hexBytes('01 64 00 1f ff e0 01 0001 68'), code: 'avcc-no-sps' },
    { name: 'SPS cut off', bytes: hexBytes('01 64 00 1f ff e1 0009 6764'), code: 'truncated' },
    { name: 'missing PPS count', bytes: hexBytes('01 64 00 1f ff e1 0001 67'), code: 'truncated' },
    { name: 'empty', bytes: hexBytes(''), code: 'truncated' },
  ];
  for (const c of bad) {
    it(`rejects ${c.name} with MediaFormatError ${c.code}`, () => {
      expect(errorCode(c.bytes)).toBe(c.code);
    });
  }

  it('detects IDR access units and not others', () => {
    const { nalus } = parameterSets('h264-high-1280x720.h264');
    const idr = joinLengthPrefixed(nalus);
    expect(isH264Keyframe(idr, 4)).toBe(true);
    const nonIdr = joinLengthPrefixed([hexBytes('09f0'), hexBytes('06 05 01 00'), hexBytes('41 9a 02')]);
    expect(isH264Keyframe(nonIdr, 4)).toBe(false);
    expect(isH264Keyframe(joinLengthPrefixed([hexBytes('65 88')], 2), 2)).toBe(true);
  });

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
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 48 })), (bytes) => {
        try {
          const c = parseAvcc(bytes);
          expect(c.width >= 0 && c.height >= 0).toBe(true);
        } catch (e) {
          if (!(e instanceof MediaFormatError)) {
            throw e;
          }
        }
      }),
      fuzzParameters({ numRuns: 3000, seed: 31 }, bytesReplay(AVCC_FUZZ)),
    );
  });
});
