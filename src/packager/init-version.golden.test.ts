import { describe, expect, it } from 'vitest';
import { codecHandler } from '../codecs/codec-registry.js';
import { hexBytes, hexOf, hexText } from '../lib/bytes/test-support/hex.js';
import type { Track } from '../media/track.js';
import { buildInitVersion } from './init-version.js';

/**
 * The CMAF headers `buildInitVersion` writes for one fixed H.264 track and one fixed AAC track, against
 * literal bytes. The other init segment tests read segments back with Inlet's own reader; this one does
 * not use it. The hex was generated once from the writer, then checked box by box against ISO/IEC
 * 14496-12 (ftyp §4.3, mvhd §8.2.2, tkhd §8.3.2, mdhd §8.4.2, hdlr §8.4.3, vmhd §12.1.2, smhd §12.2.2,
 * dref §8.7.2, stsd §8.5.2, VisualSampleEntry §12.1.3, AudioSampleEntry §12.2.3, stts §8.6.1.2,
 * stsc §8.7.4, stsz §8.7.3.2, stco §8.7.5, mvex §8.8.1, trex §8.8.3), ISO/IEC 14496-15 §5.3.3.1 (avcC)
 * and §5.4.2 (btrt), ISO/IEC 14496-14 §3.1.2 with ISO/IEC 14496-1 §7.2.6 (esds). Each line below is one
 * field or a run of fields, with what was checked: every size was added up by hand (and `layout` adds
 * them up again), every box type is its four ASCII letters, version and flags are the ones the sections
 * require, the timescales are 90 kHz for video and the sample rate for audio, the track is ID 1 in
 * `tkhd` and `trex` and `next_track_ID` is 2, and the sample entry fields are those of the configs.
 */

/** avcC record: High profile (100), level 3.1, 4-byte NAL lengths, one SPS of 26 bytes, one PPS of 6. */
const SPS = '6764001facd9405005bb011000000300100000030320f1831960';
const PPS = '68ebe3cb22c0';
const AVCC = hexText('01 64 00 1f ff e1', '001a', SPS, '01', '0006', PPS, 'fd f8 f8 00');
/** AudioSpecificConfig: AAC-LC (object type 2), 48 kHz (index 3), 2 channels. */
const ASC = '1190';

const H264_TRACK: Track = {
  id: 'video',
  kind: 'video',
  name: 'video_3000000',
  timescale: 1000,
  config: codecHandler('h264').parseConfig(hexBytes(AVCC)),
  declaredBitrate: 3_000_000,
  revision: 0,
};

const AAC_TRACK: Track = {
  id: 'audio',
  kind: 'audio',
  name: 'audio_128000',
  timescale: 1000,
  config: codecHandler('aac').parseConfig(hexBytes(ASC)),
  declaredBitrate: 128_000,
  revision: 0,
};

/** The unity matrix { 0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000 } of mvhd and tkhd. */
const MATRIX = '00010000 00000000 00000000  00000000 00010000 00000000  00000000 00000000 40000000';

const FTYP = hexText(
  '0000001c 66747970', // size 28 = 8 + 4 + 4 + 3 × 4, 'ftyp'
  '69736f36', // major_brand 'iso6'
  '00000000', // minor_version 0
  '69736f36 636d6663 6d703431', // compatible_brands 'iso6' 'cmfc' 'mp41'
);

const MVHD = hexText(
  '0000006c 6d766864', // size 108, 'mvhd'
  '00 000000', // version 0 (32-bit times), flags 0
  '00000000 00000000', // creation_time, modification_time 0
  '000003e8', // timescale 1000
  '00000000', // duration 0: fragmented, no movie-level duration
  '00010000 0100 0000', // rate 1.0, volume 1.0, reserved
  '00000000 00000000', // reserved[2]
  MATRIX,
  '00'.repeat(24), // pre_defined[6]
  '00000002', // next_track_ID 2: the one track is ID 1
);

/** tkhd of track 1: `volume` 0x0100 for audio, 0 for video; width and height 16.16 (0 for audio). */
const tkhd = (volume: string, width: string, height: string): string =>
  hexText(
    '0000005c 746b6864', // size 92, 'tkhd'
    '00 000003', // version 0, flags track_enabled | track_in_movie
    '00000000 00000000', // creation_time, modification_time 0
    '00000001', // track_ID 1
    '00000000', // reserved
    '00000000', // duration 0
    '00000000 00000000', // reserved[2]
    '0000 0000', // layer 0, alternate_group 0
    volume,
    '0000', // reserved
    MATRIX,
    width,
    height,
  );

/** mdhd: version 0, `timescale`, duration 0, the packed ISO 639-2/T `language`, pre_defined 0. */
const mdhd = (timescale: string, language: string): string =>
  hexText('00000020 6d646864', '00 000000', '00000000 00000000', timescale, '00000000', language, '0000');

/** hdlr: size 12 + 4 + 4 + 12 + 13 = 45, pre_defined 0, `handler`, reserved[3], a 12-letter name + NUL. */
const hdlr = (handler: string, name: string): string =>
  hexText('0000002d 68646c72', '00 000000', '00000000', handler, '00'.repeat(12), name, '00');

const DINF = hexText(
  '00000024 64696e66', // size 36, 'dinf'
  '0000001c 64726566 00 000000 00000001', // size 28, 'dref', version 0, flags 0, entry_count 1
  '0000000c 75726c20 00 000001', // size 12, 'url ', flags 1: media in the same file, no location
);

/** The empty sample tables of a fragmented file, after `stsd`: 16 + 16 + 20 + 16 = 68 bytes. */
const EMPTY_TABLES = hexText(
  '00000010 73747473 00000000 00000000', // 'stts', version 0, flags 0, entry_count 0
  '00000010 73747363 00000000 00000000', // 'stsc', entry_count 0
  '00000014 7374737a 00000000 00000000 00000000', // 'stsz', sample_size 0, sample_count 0
  '00000010 7374636f 00000000 00000000', // 'stco', entry_count 0
);

const MVEX = hexText(
  '00000028 6d766578', // size 40, 'mvex'
  '00000020 74726578 00 000000', // size 32, 'trex', version 0, flags 0
  '00000001', // track_ID 1
  '00000001', // default_sample_description_index 1
  '00000000 00000000 00000000', // default_sample_duration, _size, _flags 0: each tfhd sets its own
);

const H264_INIT = hexText(
  FTYP,
  '00000292 6d6f6f76', // size 658 = 8 + 108 (mvhd) + 502 (trak) + 40 (mvex), 'moov'
  MVHD,
  '000001f6 7472616b', // size 502 = 8 + 92 (tkhd) + 402 (mdia), 'trak'
  tkhd('0000', '05000000', '02d00000'), // volume 0, width 1280.0, height 720.0
  '00000192 6d646961', // size 402 = 8 + 32 + 45 + 317, 'mdia'
  mdhd('00015f90', '55c4'), // timescale 90000; 'und' = (21, 14, 4) in 5-bit letters
  hdlr('76696465', '566964656f48616e646c6572'), // 'vide', "VideoHandler"
  '0000013d 6d696e66', // size 317 = 8 + 20 + 36 + 253, 'minf'
  '00000014 766d6864 00 000001 0000 000000000000', // 'vmhd', flags 1, graphicsmode 0 (copy), opcolor 0
  DINF,
  '000000fd 7374626c', // size 253 = 8 + 177 (stsd) + 68, 'stbl'
  '000000b1 73747364 00 000000 00000001', // size 177 = 16 + 161, 'stsd', entry_count 1
  '000000a1 61766331', // size 161 = 86 + 55 (avcC) + 20 (btrt), 'avc1'
  '000000000000 0001', // reserved[6], data_reference_index 1
  '00'.repeat(16), // pre_defined, reserved, pre_defined[3]
  '0500 02d0', // width 1280, height 720 (from the SPS)
  '00480000 00480000', // horizresolution, vertresolution 72 dpi
  '00000000 0001', // reserved, frame_count 1
  '00'.repeat(32), // compressorname: empty
  '0018 ffff', // depth 0x18 (colour), pre_defined -1
  '00000037 61766343', // size 55 = 8 + 47, 'avcC'
  AVCC, // the record as given: version 1, profile 100, compatibility 0, level 31, 0xff, 0xe1, ...
  '00000014 62747274', // size 20, 'btrt'
  '00000000 002dc6c0 002dc6c0', // bufferSizeDB 0, maxBitrate and avgBitrate 3000000 (declared)
  EMPTY_TABLES,
  MVEX,
);

const AAC_INIT = hexText(
  FTYP,
  '00000238 6d6f6f76', // size 568 = 8 + 108 (mvhd) + 412 (trak) + 40 (mvex), 'moov'
  MVHD,
  '0000019c 7472616b', // size 412 = 8 + 92 (tkhd) + 312 (mdia), 'trak'
  tkhd('0100', '00000000', '00000000'), // volume 1.0, width and height 0
  '00000138 6d646961', // size 312 = 8 + 32 + 45 + 227, 'mdia'
  mdhd('0000bb80', '15c7'), // timescale 48000 (the sample rate); 'eng' = (5, 14, 7)
  hdlr('736f756e', '536f756e6448616e646c6572'), // 'soun', "SoundHandler"
  '000000e3 6d696e66', // size 227 = 8 + 16 + 36 + 167, 'minf'
  '00000010 736d6864 00 000000 0000 0000', // 'smhd', version 0, flags 0, balance 0, reserved
  DINF,
  '000000a7 7374626c', // size 167 = 8 + 91 (stsd) + 68, 'stbl'
  '0000005b 73747364 00 000000 00000001', // size 91 = 16 + 75, 'stsd', entry_count 1
  '0000004b 6d703461', // size 75 = 36 + 39 (esds), 'mp4a'
  '000000000000 0001', // reserved[6], data_reference_index 1
  '00000000 00000000', // reserved[2]
  '0002 0010', // channelcount 2, samplesize 16
  '0000 0000', // pre_defined, reserved
  'bb800000', // samplerate 48000 << 16
  '00000027 65736473 00 000000', // size 39 = 12 + 2 + 25, 'esds', version 0, flags 0
  '03 19 0000 00', // ES_Descriptor, size 25: ES_ID 0, no dependence, URL or OCR, priority 0
  '04 11 40 15', // DecoderConfigDescriptor, size 17: MPEG-4 Audio (0x40), AudioStream (5 << 2 | 1)
  '000600', // bufferSizeDB 1536: 6144 bits per channel × 2 channels
  '0001f400 0001f400', // maxBitrate and avgBitrate 128000 (declared)
  '05 02', // DecoderSpecificInfo, size 2
  ASC, // the AudioSpecificConfig as given
  '06 01 02', // SLConfigDescriptor, size 1: predefined 2 (MP4 files)
  EMPTY_TABLES,
  MVEX,
);

const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'dinf', 'stbl', 'mvex']);
/** Bytes before the child boxes of the boxes that have some, after their 8-byte header. */
const CHILDREN_AFTER: Readonly<Record<string, number>> = { stsd: 8, dref: 8, avc1: 78, mp4a: 28 };

/**
 * `layout` lists `path size` for every box, walking sizes only: each box must fit its parent and the
 * children must fill it exactly. It is the box-by-box size check, without Inlet's reader.
 */
function layout(bytes: Uint8Array, from = 0, to = bytes.length, path = ''): string[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: string[] = [];
  let at = from;
  while (at < to) {
    const size = view.getUint32(at);
    const type = Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1');
    expect(size, `${path}${type} at ${at}`).toBeGreaterThanOrEqual(8);
    expect(at + size, `${path}${type} at ${at} must end inside its parent`).toBeLessThanOrEqual(to);
    out.push(`${path}${type} ${size}`);
    const skip = CONTAINERS.has(type) ? 0 : CHILDREN_AFTER[type];
    if (skip !== undefined) {
      out.push(...layout(bytes, at + 8 + skip, at + size, `${path}${type}/`));
    }
    at += size;
  }
  expect(at, `${path} children must fill their parent`).toBe(to);
  return out;
}

const COMMON_TOP = ['ftyp 28'];
const trakLayout = (moov: number, trak: number, mdia: number, minf: number): string[] => [
  `moov ${moov}`,
  'moov/mvhd 108',
  `moov/trak ${trak}`,
  'moov/trak/tkhd 92',
  `moov/trak/mdia ${mdia}`,
  'moov/trak/mdia/mdhd 32',
  'moov/trak/mdia/hdlr 45',
  `moov/trak/mdia/minf ${minf}`,
];
const DINF_LAYOUT = [
  'moov/trak/mdia/minf/dinf 36',
  'moov/trak/mdia/minf/dinf/dref 28',
  'moov/trak/mdia/minf/dinf/dref/url  12',
];
const TABLES_LAYOUT = [
  'moov/trak/mdia/minf/stbl/stts 16',
  'moov/trak/mdia/minf/stbl/stsc 16',
  'moov/trak/mdia/minf/stbl/stsz 20',
  'moov/trak/mdia/minf/stbl/stco 16',
  'moov/mvex 40',
  'moov/mvex/trex 32',
];

describe('buildInitVersion against literal bytes', () => {
  it('writes the H.264 High 1280x720 header (3 Mbit/s declared) byte for byte', () => {
    const built = buildInitVersion(0, H264_TRACK, {});
    expect(built.timescale).toBe(90000);
    expect(hexOf(built.init.data)).toBe(H264_INIT);
  });

  it('writes the AAC-LC 48 kHz stereo header (128 kbit/s declared, English) byte for byte', () => {
    const built = buildInitVersion(0, AAC_TRACK, { language: 'eng' });
    expect(built.timescale).toBe(48000);
    expect(hexOf(built.init.data)).toBe(AAC_INIT);
  });

  it('has box sizes that add up, in the CMAF header order, in the H.264 bytes', () => {
    expect(layout(hexBytes(H264_INIT))).toEqual([
      ...COMMON_TOP,
      ...trakLayout(658, 502, 402, 317),
      'moov/trak/mdia/minf/vmhd 20',
      ...DINF_LAYOUT,
      'moov/trak/mdia/minf/stbl 253',
      'moov/trak/mdia/minf/stbl/stsd 177',
      'moov/trak/mdia/minf/stbl/stsd/avc1 161',
      'moov/trak/mdia/minf/stbl/stsd/avc1/avcC 55',
      'moov/trak/mdia/minf/stbl/stsd/avc1/btrt 20',
      ...TABLES_LAYOUT,
    ]);
  });

  it('has box sizes that add up, in the CMAF header order, in the AAC bytes', () => {
    expect(layout(hexBytes(AAC_INIT))).toEqual([
      ...COMMON_TOP,
      ...trakLayout(568, 412, 312, 227),
      'moov/trak/mdia/minf/smhd 16',
      ...DINF_LAYOUT,
      'moov/trak/mdia/minf/stbl 167',
      'moov/trak/mdia/minf/stbl/stsd 91',
      'moov/trak/mdia/minf/stbl/stsd/mp4a 75',
      'moov/trak/mdia/minf/stbl/stsd/mp4a/esds 39',
      ...TABLES_LAYOUT,
    ]);
  });
});
