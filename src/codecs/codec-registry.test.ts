import { describe, expect, it } from 'vitest';
import { hexBytes, hexOf } from '../lib/bytes/test-support/hex.js';
import type { CodecConfig } from './codec-config.js';
import { codecForFourCc, codecHandler, type SampleEntryOptions } from './codec-registry.js';
import { splitAnnexb } from './nal/annexb.js';
import { joinLengthPrefixed } from './nal/length-prefixed.js';
import { initSegmentWith, probeMp4 } from './test-support/mp4-probe.js';
import { readTestdata } from './test-support/testdata.js';

const AVCC =
  '0164001fffe1001a6764001facd9405005bb011000000300100000030320f1831960010006' + '68ebe3cb22c0fdf8f800';
const HVCC =
  '01016000000090000000000078f000fcfdf8f800000f03' +
  'a00001001840010c01ffff016000000300900000030000030078959809' +
  'a10001002b420101016000000300900000030000030078a003c08010e596566924caf010100000030010000003019080' +
  'a2000100074401c172b46240';

/**
 * VisualSampleEntry fields after the box header (ISO/IEC 14496-12 §12.1.3): reserved(6) + index 1,
 * pre_defined/reserved/pre_defined[3] (16 zero bytes), width, height, 72 dpi twice, reserved, frame_count 1,
 * compressorname (32 zero bytes), depth 0x18, pre_defined −1.
 */
const visual = (size: string): string =>
  `000000000000 0001 ${'00'.repeat(16)} ${size} 00480000 00480000 00000000 0001 ${'00'.repeat(32)} 0018 ffff`;

/**
 * AudioSampleEntry fields after the box header (ISO/IEC 14496-12 §12.2.3): reserved(6) + index 1,
 * reserved(8), channelcount, samplesize 16, pre_defined + reserved, samplerate 16.16.
 */
const audio = (channels: string, rate: string): string =>
  `000000000000 0001 0000000000000000 ${channels} 0010 00000000 ${rate}0000`;

/** One table: codec config record → `stsd` sample entry bytes, derived field by field from the specs. */
const cases: {
  name: string;
  fourCc: string;
  record: Uint8Array;
  options?: SampleEntryOptions;
  bytes: Uint8Array;
  probe: { codec: string; width?: number; height?: number; sampleRate?: number; channelCount?: number };
}[] = [
  {
    name: 'avc1 + avcC, high 1280x720',
    fourCc: 'avc1',
    record: hexBytes(AVCC),
    bytes: hexBytes(`0000008d 61766331 ${visual('0500 02d0')} 00000037 61766343 ${AVCC}`),
    probe: { codec: 'avc1.64001f', width: 1280, height: 720 },
  },
  {
    name: 'avc1 + avcC + btrt when the bitrate is known',
    fourCc: 'avc1',
    record: hexBytes(AVCC),
    options: { averageBitrate: 3_000_000 },
    bytes: hexBytes(
      `000000a1 61766331 ${visual('0500 02d0')} 00000037 61766343 ${AVCC}` +
        ' 00000014 62747274 00000000 002dc6c0 002dc6c0',
    ),
    probe: { codec: 'avc1.64001f', width: 1280, height: 720 },
  },
  {
    name: 'hvc1 + hvcC, main 1920x1080',
    fourCc: 'hvc1',
    record: hexBytes(HVCC),
    bytes: hexBytes(`000000ce 68766331 ${visual('0780 0438')} 00000078 68766343 ${HVCC}`),
    probe: { codec: 'hvc1.1.6.L120.90', width: 1920, height: 1080 },
  },
  {
    // esds: ES_Descriptor 03 len 25: ES_ID 0, flags 0; DecoderConfigDescriptor 04 len 17: OTI 0x40,
    // streamType 5 << 2 | 1, bufferSizeDB 2 × 768, max 0, avg 0; DecoderSpecificInfo 05 len 2: ASC;
    // SLConfigDescriptor 06 len 1: predefined 2.
    name: 'mp4a + esds, AAC-LC 48 kHz stereo',
    fourCc: 'mp4a',
    record: hexBytes('1190'),
    bytes: hexBytes(
      `0000004b 6d703461 ${audio('0002', 'bb80')}` +
        ' 00000027 65736473 00000000 03 19 0000 00 04 11 40 15 000600 00000000 00000000 05 02 1190 06 01 02',
    ),
    probe: { codec: 'mp4a.40.2', sampleRate: 48000, channelCount: 2 },
  },
  {
    name: 'mp4a + esds, AAC-LC 22.05 kHz mono with bitrates',
    fourCc: 'mp4a',
    record: hexBytes('1388'),
    options: { averageBitrate: 128_000, maxBitrate: 160_000 },
    bytes: hexBytes(
      `0000004b 6d703461 ${audio('0001', '5622')}` +
        ' 00000027 65736473 00000000 03 19 0000 00 04 11 40 15 000300 00027100 0001f400 05 02 1388 06 01 02',
    ),
    probe: { codec: 'mp4a.40.2', sampleRate: 22050, channelCount: 1 },
  },
  {
    name: 'mp4a + esds, HE-AAC v2 (output rate and stereo)',
    fourCc: 'mp4a',
    record: hexBytes('eb098800'),
    bytes: hexBytes(
      `0000004d 6d703461 ${audio('0002', 'bb80')}` +
        ' 00000029 65736473 00000000 03 1b 0000 00 04 13 40 15 000600 00000000 00000000 05 04 eb098800 06 01 02',
    ),
    probe: { codec: 'mp4a.40.29', sampleRate: 48000, channelCount: 2 },
  },
];

describe('codec registry', () => {
  for (const c of cases) {
    it(`writes the ${c.name} sample entry byte-exact`, () => {
      const handler = codecForFourCc(c.fourCc)!;
      expect(hexOf(handler.sampleEntry(handler.parseConfig(c.record), c.options))).toBe(hexOf(c.bytes));
    });
    it(`writes a ${c.name} sample entry that mp4box.js reads back`, () => {
      const handler = codecForFourCc(c.fourCc)!;
      const entry = handler.sampleEntry(handler.parseConfig(c.record), c.options);
      const [track] = probeMp4(initSegmentWith(entry, handler.kind));
      expect(track).toMatchObject(c.probe);
    });
  }

  it('writes multi-byte descriptor sizes for long AudioSpecificConfigs', () => {
    const asc = new Uint8Array(200);
    asc.set(hexBytes('1190'));
    const entry = codecHandler('aac').sampleEntry(codecHandler('aac').parseConfig(asc));
    // DecoderSpecificInfo of 200 bytes: size 200 = 0x81 0x48 in 7-bit groups (ISO/IEC 14496-1 §8.3.3).
    expect(hexOf(entry)).toContain(`0581481190${'00'.repeat(198)}060102`);
    expect(probeMp4(initSegmentWith(entry, 'audio'))[0]?.codec).toBe('mp4a.40.2');
  });

  it('maps FourCCs and codec ids to the same handlers', () => {
    expect(codecForFourCc('avc1')).toBe(codecHandler('h264'));
    expect(codecForFourCc('hvc1')).toBe(codecHandler('hevc'));
    expect(codecForFourCc('mp4a')).toBe(codecHandler('aac'));
    expect(codecForFourCc('av01')).toBeUndefined();
    expect(codecForFourCc('Opus')).toBeUndefined();
    expect([codecHandler('h264').kind, codecHandler('hevc').kind, codecHandler('aac').kind]).toEqual([
      'video',
      'video',
      'audio',
    ]);
  });

  it('detects keyframes per codec on real access units', () => {
    const h264 = codecHandler('h264');
    const h264Config = h264.parseConfig(hexBytes(AVCC));
    const idr = joinLengthPrefixed(splitAnnexb(readTestdata('h264-high-1280x720.h264')));
    expect(h264.isKeyframe(idr, h264Config)).toBe(true);
    expect(h264.isKeyframe(joinLengthPrefixed([hexBytes('419a0203')]), h264Config)).toBe(false);
    const hevc = codecHandler('hevc');
    const hevcConfig = hevc.parseConfig(hexBytes(HVCC));
    const irap = joinLengthPrefixed(splitAnnexb(readTestdata('hevc-main-1920x1080.hevc')));
    expect(hevc.isKeyframe(irap, hevcConfig)).toBe(true);
    expect(hevc.isKeyframe(joinLengthPrefixed([hexBytes('0201d0')]), hevcConfig)).toBe(false);
    const aac = codecHandler('aac');
    expect(aac.isKeyframe(hexBytes('21'), aac.parseConfig(hexBytes('1190')))).toBe(true);
  });

  it('compares configs by their record bytes', () => {
    const h264 = codecHandler('h264');
    const a = h264.parseConfig(hexBytes(AVCC));
    expect(h264.sameConfig(a, h264.parseConfig(hexBytes(AVCC)))).toBe(true);
    const changed = hexBytes(AVCC);
    changed[changed.length - 1] = 1;
    expect(h264.sameConfig(a, h264.parseConfig(changed))).toBe(false);
    const aac = codecHandler('aac');
    expect(aac.sameConfig(aac.parseConfig(hexBytes('1190')), aac.parseConfig(hexBytes('1190')))).toBe(true);
    expect(aac.sameConfig(aac.parseConfig(hexBytes('1190')), aac.parseConfig(hexBytes('1188')))).toBe(false);
  });

  it('refuses a config of another codec as a programming error', () => {
    const aacConfig: CodecConfig = codecHandler('aac').parseConfig(hexBytes('1190'));
    expect(() => codecHandler('h264').sampleEntry(aacConfig)).toThrow(TypeError);
    expect(() => codecHandler('hevc').isKeyframe(new Uint8Array(0), aacConfig)).toThrow(TypeError);
    expect(() =>
      codecHandler('aac').sameConfig(codecHandler('h264').parseConfig(hexBytes(AVCC)), aacConfig),
    ).toThrow(TypeError);
  });
});
