import { describe, expect, it } from 'vitest';
import { audioSpecificConfigFromAdts, parseAdtsHeader, splitAdts } from '../../codecs/aac/adts.js';
import type { AacConfig, H264Config, HevcConfig } from '../../codecs/codec-config.js';
import { codecHandler } from '../../codecs/codec-registry.js';
import { buildAvcc } from '../../codecs/h264/avcc.js';
import { buildHvcc } from '../../codecs/hevc/build-hvcc.js';
import { splitAnnexb } from '../../codecs/nal/annexb.js';
import { joinLengthPrefixed } from '../../codecs/nal/length-prefixed.js';
import { BitWriter } from '../../codecs/test-support/bit-writer.js';
import { readTestdata } from '../../codecs/test-support/testdata.js';
import { beginBox, endBox } from '../../formats/fmp4/box.js';
import { writeMdatHeader } from '../../formats/fmp4/boxes/mdat.js';
import { writeMfhd } from '../../formats/fmp4/boxes/mfhd.js';
import { writeTfdt } from '../../formats/fmp4/boxes/tfdt.js';
import { writeTfhd } from '../../formats/fmp4/boxes/tfhd.js';
import { writeTrun } from '../../formats/fmp4/boxes/trun.js';
import { writeInitSegment } from '../../formats/fmp4/init-segment.js';
import { SYNC_SAMPLE_FLAGS } from '../../formats/fmp4/sample-flags.js';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { hexBytes, hexOf } from '../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { adtsFields, writeAdtsHeader } from './adts-header.js';
import { annexBAccessUnit } from './annexb-access-unit.js';
import { readCmafSamples } from './cmaf-samples.js';
import { readTrackConfig } from './track-config.js';
import { tsCarriesCodec } from './ts-codecs.js';

function codeOf(run: () => unknown): string | undefined {
  try {
    run();
  } catch (e) {
    if (e instanceof MediaFormatError) {
      return e.code;
    }
    throw e;
  }
  return undefined;
}

describe('tsCarriesCodec', () => {
  it.each([
    ['avc1.64001f', true],
    ['avc3.42e01e', true],
    ['hvc1.1.6.L93.B0', true],
    ['hev1.2.4.L120.90', true],
    ['mp4a.40.2', true],
    ['mp4a.40.5', true],
    ['mp4a.40.29', true],
    ['mp4a.40.42', false],
    ['mp4a.69', false],
    ['opus', false],
    ['av01.0.08M.08', false],
    ['ac-3', false],
  ])('%s → %s', (codec, carried) => {
    expect(tsCarriesCodec(codec)).toBe(carried);
  });
});

/** An AudioSpecificConfig from its fields (ISO/IEC 14496-3 §1.6.2.1), GASpecificConfig zeros. */
function asc(bits: (w: BitWriter) => BitWriter): AacConfig {
  const w = bits(new BitWriter()).u(3, 0);
  const raw = w.rbsp();
  return { ...(codecHandler('aac').parseConfig(Uint8Array.of(0x11, 0x90)) as AacConfig), asc: raw };
}

describe('ADTS headers from the AudioSpecificConfig', () => {
  it.each([
    [
      'AAC-LC 48 kHz stereo',
      asc((w) => w.u(5, 2).u(4, 3).u(4, 2)),
      { profile: 1, samplingFrequencyIndex: 3, channelConfiguration: 2 },
    ],
    [
      'AAC-LC 44.1 kHz mono',
      asc((w) => w.u(5, 2).u(4, 4).u(4, 1)),
      { profile: 1, samplingFrequencyIndex: 4, channelConfiguration: 1 },
    ],
    [
      'HE-AAC signalled explicitly: the AAC-LC core at 24 kHz',
      asc((w) => w.u(5, 5).u(4, 6).u(4, 2).u(4, 3).u(5, 2)),
      { profile: 1, samplingFrequencyIndex: 6, channelConfiguration: 2 },
    ],
    [
      'HE-AAC v2: the mono AAC-LC core',
      asc((w) => w.u(5, 29).u(4, 6).u(4, 1).u(4, 3).u(5, 2)),
      { profile: 1, samplingFrequencyIndex: 6, channelConfiguration: 1 },
    ],
    [
      'AAC Main 5.1',
      asc((w) => w.u(5, 1).u(4, 3).u(4, 6)),
      { profile: 0, samplingFrequencyIndex: 3, channelConfiguration: 6 },
    ],
  ])('%s', (_name, config, fields) => {
    expect(adtsFields(config)).toEqual(fields);
    const buf = new Uint8Array(7);
    writeAdtsHeader(buf, 0, fields, 300);
    expect(parseAdtsHeader(buf)).toEqual({
      audioObjectType: fields.profile + 1,
      samplingFrequencyIndex: fields.samplingFrequencyIndex,
      sampleRate: [0, 0, 0, 48_000, 44_100, 0, 24_000][fields.samplingFrequencyIndex],
      channelConfiguration: fields.channelConfiguration,
      headerLength: 7,
      frameLength: 307,
      rawDataBlocks: 1,
    });
  });

  it('writes the headers ffmpeg writes: the fixture stream, rebuilt from its config, byte for byte', () => {
    const stream = readTestdata('aac-lc-48000-stereo.adts');
    const frames = splitAdts(stream);
    const config = codecHandler('aac').parseConfig(
      audioSpecificConfigFromAdts(frames[0]!.header),
    ) as AacConfig;
    const fields = adtsFields(config);
    const rebuilt = Buffer.concat(
      frames.map((f) => {
        const header = new Uint8Array(7);
        writeAdtsHeader(header, 0, fields, f.payload.byteLength);
        return Buffer.concat([header, f.payload]);
      }),
    );
    // ffmpeg writes buffer fullness 0x7FF (variable bit rate) too.
    expect(rebuilt.equals(Buffer.from(stream))).toBe(true);
  });

  it.each([
    ['channel configuration 0 (a program_config_element)', asc((w) => w.u(5, 2).u(4, 3).u(4, 0))],
    ['an explicit sampling frequency', asc((w) => w.u(5, 2).u(4, 15).u(24, 48_000).u(4, 2))],
    ['an object type past 4 (escaped 42)', asc((w) => w.u(5, 31).u(6, 10).u(4, 3).u(4, 2))],
  ])('rejects %s', (_name, config) => {
    expect(codeOf(() => adtsFields(config))).toBe('adts-unsupported-config');
  });

  it('rejects a frame longer than aac_frame_length can say', () => {
    expect(() =>
      writeAdtsHeader(
        new Uint8Array(7),
        0,
        { profile: 1, samplingFrequencyIndex: 3, channelConfiguration: 2 },
        8185,
      ),
    ).toThrow(RangeError);
  });
});

const h264 = (() => {
  const nalus = splitAnnexb(readTestdata('h264-high-1280x720.h264'));
  const sps = nalus.filter((n) => ((n[0] ?? 0) & 0x1f) === 7);
  const pps = nalus.filter((n) => ((n[0] ?? 0) & 0x1f) === 8);
  return codecHandler('h264').parseConfig(buildAvcc(sps.slice(0, 1), pps.slice(0, 1))) as H264Config;
})();
const hevc = (() => {
  const nalus = splitAnnexb(readTestdata('hevc-main-1920x1080.hevc'));
  const ofType = (t: number) => nalus.filter((n) => (((n[0] ?? 0) >> 1) & 0x3f) === t).slice(0, 1);
  return codecHandler('hevc').parseConfig(buildHvcc(ofType(32), ofType(33), ofType(34))) as HevcConfig;
})();

describe('annexBAccessUnit', () => {
  const START = '00000001';
  const joined = (chunks: readonly Uint8Array[]): string => hexOf(Uint8Array.from(Buffer.concat(chunks)));
  const sps = hexOf(h264.sps[0]!);
  const pps = hexOf(h264.pps[0]!);

  it.each<[string, string[], boolean, string]>([
    [
      'an H.264 key frame: delimiter, SPS, PPS, then its units',
      ['06 0501', '65 88'],
      true,
      `${START}09f0 ${START}${sps} ${START}${pps} ${START}060501 ${START}6588`,
    ],
    ['an H.264 frame: a delimiter, no parameter sets', ['41 9a'], false, `${START}09f0 ${START}419a`],
    [
      'a key frame that carries its own SPS gets no second copy',
      ['67 64', '68 ee', '65 88'],
      true,
      `${START}09f0 ${START}6764 ${START}68ee ${START}6588`,
    ],
    ['a delimiter in the sample is replaced', ['09 10', '41 9a'], false, `${START}09f0 ${START}419a`],
  ])('%s', (_name, units, keyframe, expected) => {
    const sample = joinLengthPrefixed(
      units.map((h) => hexBytes(h)),
      h264.nalLengthSize,
    );
    expect(joined(annexBAccessUnit(sample, h264, keyframe))).toBe(expected.replace(/\s+/g, ''));
  });

  it('gives an HEVC key frame VPS, SPS and PPS, and a delimiter with the picture TemporalId', () => {
    const [vps, hsps, hpps] = [hevc.vps[0]!, hevc.sps[0]!, hevc.pps[0]!].map(hexOf);
    const idr = joinLengthPrefixed([hexBytes('2601 af')], hevc.nalLengthSize); // IDR_W_RADL, TemporalId 0
    expect(joined(annexBAccessUnit(idr, hevc, true))).toBe(
      `${START}460150${START}${vps}${START}${hsps}${START}${hpps}${START}2601af`,
    );
    const b = joinLengthPrefixed([hexBytes('0003 c0')], hevc.nalLengthSize); // TRAIL_N, TemporalId 2
    expect(joined(annexBAccessUnit(b, hevc, false))).toBe(`${START}460350${START}0003c0`);
  });

  it('returns views of the sample and the config, not copies', () => {
    const sample = joinLengthPrefixed([hexBytes('65 88 84')], 4);
    const chunks = annexBAccessUnit(sample, h264, true);
    expect(chunks.at(-1)?.buffer).toBe(sample.buffer);
    expect(chunks[2]).toBe(h264.sps[0]);
  });

  it('rejects a sample whose NAL unit lengths run past its end', () => {
    expect(codeOf(() => annexBAccessUnit(hexBytes('00000009 6588'), h264, false))).toBe(
      'nalu-length-overflow',
    );
  });
});

describe('readTrackConfig', () => {
  const init = (kind: 'video' | 'audio', entry: Uint8Array, timescale: number) =>
    writeInitSegment({
      tracks: [{ trackId: 1, kind, timescale, sampleEntry: entry, width: 1280, height: 720 }],
    });
  const aac = codecHandler('aac').parseConfig(Uint8Array.of(0x11, 0x90)) as AacConfig;

  it.each([
    ['avc1 / avcC', 'video', h264, 90_000],
    ['hvc1 / hvcC', 'video', hevc, 90_000],
    ['mp4a / esds', 'audio', aac, 48_000],
  ] as const)('reads the %s the codec registry writes', (_name, kind, config, timescale) => {
    const read = readTrackConfig(init(kind, codecHandler(config.codec).sampleEntry(config), timescale));
    expect(read.timescale).toBe(timescale);
    expect(read.config.codecString).toBe(config.codecString);
    expect(read.config.codec).toBe(config.codec);
    expect(read.trex.map((t) => t.trackId)).toEqual([1]);
  });

  it('rejects a sample entry of a codec TS cannot carry', () => {
    const opus = hexBytes('00000010 4f707573 0000000000000001'); // 'Opus' sample entry, no fields read
    expect(codeOf(() => readTrackConfig(init('audio', opus, 48_000)))).toBe('ts-unsupported-codec');
  });

  it('rejects an avc1 entry without avcC and an esds without its AudioSpecificConfig', () => {
    const entry = codecHandler('h264').sampleEntry(h264);
    const withoutAvcc = Uint8Array.from(entry.subarray(0, 86));
    new DataView(withoutAvcc.buffer).setUint32(0, 86);
    expect(codeOf(() => readTrackConfig(init('video', withoutAvcc, 90_000)))).toBe('fmp4-missing-box');
    const mp4a = codecHandler('aac').sampleEntry(aac);
    const at = Buffer.from(mp4a).indexOf(Buffer.from([0x05, 0x02, 0x11, 0x90])); // DecSpecificInfo of 2 bytes
    const broken = Uint8Array.from(mp4a);
    broken[at] = 0x07;
    expect(codeOf(() => readTrackConfig(init('audio', broken, 48_000)))).toBe('esds-bad-descriptor');
  });
});

describe('readCmafSamples', () => {
  /** One CMAF chunk of two 1-byte samples, with or without `tfdt`. */
  function chunk(tfdt: number | undefined): Uint8Array {
    const w = new ByteWriter();
    const moof = beginBox(w, 'moof');
    writeMfhd(w, 1);
    const traf = beginBox(w, 'traf');
    writeTfhd(w, {
      trackId: 1,
      defaultBaseIsMoof: true,
      defaultSampleDuration: 1024,
      defaultSampleSize: 1,
      defaultSampleFlags: SYNC_SAMPLE_FLAGS,
    });
    if (tfdt !== undefined) {
      writeTfdt(w, tfdt);
    }
    const fields = { duration: false, size: false, flags: false, compositionOffset: false };
    const one = { duration: 0, size: 0, flags: 0, compositionOffset: 0 };
    const dataOffset = w.length - moof + 20 + 8; // rest of moof (trun of 20 bytes) + mdat header
    writeTrun(w, { version: 0, dataOffset, fields, samples: [one, one] });
    endBox(w, traf);
    endBox(w, moof);
    writeMdatHeader(w, 2);
    w.bytes(Uint8Array.of(0xa1, 0xa2));
    return w.toBytes();
  }

  it('times samples from tfdt, and from where the previous chunk ended, in a segment held as byte runs', () => {
    const two = Uint8Array.from(Buffer.concat([chunk(5000), chunk(undefined)]));
    expect(
      readCmafSamples([two.subarray(0, 10), two.subarray(10)], []).map((s) => [
        s.dts,
        s.duration,
        s.keyframe,
        s.data[0],
      ]),
    ).toEqual([
      [5000, 1024, true, 0xa1],
      [6024, 1024, true, 0xa2],
      [7048, 1024, true, 0xa1],
      [8072, 1024, true, 0xa2],
    ]);
  });

  it('rejects a first chunk without tfdt', () => {
    expect(codeOf(() => readCmafSamples(chunk(undefined), []))).toBe('fmp4-missing-box');
  });
});
