import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { hexBytes, hexOf, hexText } from '../../../lib/bytes/test-support/hex.js';
import { type BoxRange, readBoxRanges } from '../reader/box-range.js';
import { parseBrands } from '../reader/movie-fragment-box-parsers.js';
import { parseHdlr, parseMdhd, parseMvhd, parseTkhd, parseTrex } from '../reader/movie-box-parsers.js';
import { writeDinf } from './dinf.js';
import { type FileBrands, writeFtyp } from './ftyp.js';
import { type Hdlr, writeHdlr } from './hdlr.js';
import { type Mdhd, packLanguage, writeMdhd } from './mdhd.js';
import { writeMvex } from './mvex.js';
import { type Mvhd, writeMvhd } from './mvhd.js';
import { writeSmhd } from './smhd.js';
import { writeStbl } from './stbl.js';
import { writeStyp } from './styp.js';
import { type Tkhd, writeTkhd } from './tkhd.js';
import { type Trex, writeTrex } from './trex.js';
import { writeVmhd } from './vmhd.js';

const UNITY_MATRIX_HEX = hexText(
  '00010000 00000000 00000000', // a = 1.0, b, u
  '00000000 00010000 00000000', // c, d = 1.0, v
  '00000000 00000000 40000000', // x, y, w = 1.0 (2.30)
);

interface BoxCase<T> {
  readonly name: string;
  readonly value: T;
  readonly bytes: string;
}

/** One table per box: byte-exact encode, then decode of the same bytes back to the value. */
function boxTable<T>(
  type: string,
  write: (w: ByteWriter, value: T) => void,
  parse: ((bytes: Uint8Array, box: BoxRange) => unknown) | undefined,
  cases: readonly BoxCase<T>[],
): void {
  describe(type, () => {
    for (const c of cases) {
      it(`encodes ${c.name} byte-exact`, () => {
        const w = new ByteWriter();
        write(w, c.value);
        expect(hexOf(w.view())).toBe(c.bytes);
      });
      it(`decodes ${c.name}`, () => {
        const bytes = hexBytes(c.bytes);
        const boxes = readBoxRanges(bytes);
        expect(boxes).toEqual([{ type, start: 0, headerSize: 8, end: bytes.length }]);
        if (parse !== undefined) {
          expect(parse(bytes, boxes[0] as BoxRange)).toEqual(c.value);
        }
      });
    }
  });
}

boxTable<FileBrands>('ftyp', writeFtyp, parseBrands, [
  {
    name: 'CMAF header brands',
    value: { major: 'iso6', minorVersion: 0, compatible: ['iso6', 'cmfc', 'mp41'] },
    bytes: hexText(
      '0000001c 66747970', // size 28, 'ftyp'
      '69736f36', // major_brand 'iso6'
      '00000000', // minor_version 0
      '69736f36 636d6663 6d703431', // compatible_brands 'iso6' 'cmfc' 'mp41'
    ),
  },
  {
    name: 'no compatible brands, minor version 512',
    value: { major: 'isom', minorVersion: 512, compatible: [] },
    bytes: hexText('00000010 66747970', '69736f6d', '00000200'), // size 16, 'ftyp', 'isom', 512
  },
]);

boxTable<FileBrands>('styp', writeStyp, parseBrands, [
  {
    name: 'CMAF segment brands',
    value: { major: 'msdh', minorVersion: 0, compatible: ['msdh', 'cmfs'] },
    bytes: hexText(
      '00000018 73747970', // size 24, 'styp'
      '6d736468', // major_brand 'msdh'
      '00000000', // minor_version 0
      '6d736468 636d6673', // compatible_brands 'msdh' 'cmfs'
    ),
  },
]);

boxTable<Mvhd>('mvhd', writeMvhd, parseMvhd, [
  {
    name: 'fragmented movie, timescale 1000',
    value: { timescale: 1000, duration: 0, nextTrackId: 2 },
    bytes: hexText(
      '0000006c 6d766864', // size 108, 'mvhd'
      '00 000000', // version 0, flags 0
      '00000000 00000000', // creation_time, modification_time
      '000003e8', // timescale 1000
      '00000000', // duration 0
      '00010000', // rate 1.0
      '0100 0000', // volume 1.0, reserved
      '00000000 00000000', // reserved[2]
      UNITY_MATRIX_HEX,
      '00000000'.repeat(6), // pre_defined[6]
      '00000002', // next_track_ID 2
    ),
  },
]);

boxTable<Tkhd>('tkhd', writeTkhd, parseTkhd, [
  {
    name: 'video 1280x720',
    value: { trackId: 1, flags: 3, duration: 0, volume: 0, width: 1280, height: 720 },
    bytes: hexText(
      '0000005c 746b6864', // size 92, 'tkhd'
      '00 000003', // version 0, flags enabled | in_movie
      '00000000 00000000', // creation_time, modification_time
      '00000001', // track_ID 1
      '00000000', // reserved
      '00000000', // duration 0
      '00000000 00000000', // reserved[2]
      '0000 0000', // layer, alternate_group
      '0000 0000', // volume 0 (video), reserved
      UNITY_MATRIX_HEX,
      '05000000', // width 1280.0 (16.16)
      '02d00000', // height 720.0 (16.16)
    ),
  },
  {
    name: 'audio',
    value: { trackId: 2, flags: 3, duration: 0, volume: 0x0100, width: 0, height: 0 },
    bytes: hexText(
      '0000005c 746b6864', // size 92, 'tkhd'
      '00 000003', // version 0, flags enabled | in_movie
      '00000000 00000000', // creation_time, modification_time
      '00000002', // track_ID 2
      '00000000 00000000', // reserved, duration 0
      '00000000 00000000', // reserved[2]
      '0000 0000', // layer, alternate_group
      '0100 0000', // volume 1.0, reserved
      UNITY_MATRIX_HEX,
      '00000000 00000000', // width, height 0
    ),
  },
]);

boxTable<Mdhd>('mdhd', writeMdhd, parseMdhd, [
  {
    name: 'video 90 kHz, undetermined language',
    value: { timescale: 90000, duration: 0, language: 'und' },
    bytes: hexText(
      '00000020 6d646864', // size 32, 'mdhd'
      '00 000000', // version 0, flags 0
      '00000000 00000000', // creation_time, modification_time
      '00015f90', // timescale 90000
      '00000000', // duration 0
      '55c4', // pad 0, language 'und' = (21 << 10) | (14 << 5) | 4
      '0000', // pre_defined
    ),
  },
  {
    name: 'audio 48 kHz, English',
    value: { timescale: 48000, duration: 0, language: 'eng' },
    bytes: hexText(
      '00000020 6d646864', // size 32, 'mdhd'
      '00 000000', // version 0, flags 0
      '00000000 00000000', // creation_time, modification_time
      '0000bb80', // timescale 48000
      '00000000', // duration 0
      '15c7', // language 'eng' = (5 << 10) | (14 << 5) | 7
      '0000', // pre_defined
    ),
  },
]);

boxTable<Hdlr>('hdlr', writeHdlr, parseHdlr, [
  {
    name: 'video handler',
    value: { handlerType: 'vide', name: 'VideoHandler' },
    bytes: hexText(
      '0000002d 68646c72', // size 45, 'hdlr'
      '00 000000', // version 0, flags 0
      '00000000', // pre_defined
      '76696465', // handler_type 'vide'
      '00000000 00000000 00000000', // reserved[3]
      '566964656f48616e646c6572 00', // name 'VideoHandler', NUL
    ),
  },
  {
    name: 'sound handler',
    value: { handlerType: 'soun', name: 'SoundHandler' },
    bytes: hexText(
      '0000002d 68646c72', // size 45, 'hdlr'
      '00 000000', // version 0, flags 0
      '00000000', // pre_defined
      '736f756e', // handler_type 'soun'
      '00000000 00000000 00000000', // reserved[3]
      '536f756e6448616e646c6572 00', // name 'SoundHandler', NUL
    ),
  },
]);

boxTable<undefined>('vmhd', (w) => writeVmhd(w), undefined, [
  {
    name: 'copy mode',
    value: undefined,
    bytes: hexText(
      '00000014 766d6864', // size 20, 'vmhd'
      '00 000001', // version 0, flags 1 (required by §12.1.2)
      '0000', // graphicsmode copy
      '0000 0000 0000', // opcolor
    ),
  },
]);

boxTable<undefined>('smhd', (w) => writeSmhd(w), undefined, [
  {
    name: 'centre balance',
    value: undefined,
    bytes: hexText('00000010 736d6864', '00 000000', '0000 0000'), // size 16, 'smhd', v0 f0, balance, reserved
  },
]);

boxTable<undefined>('dinf', (w) => writeDinf(w), undefined, [
  {
    name: 'self-contained data reference',
    value: undefined,
    bytes: hexText(
      '00000024 64696e66', // size 36, 'dinf'
      '0000001c 64726566', // size 28, 'dref'
      '00 000000', // version 0, flags 0
      '00000001', // entry_count 1
      '0000000c 75726c20', // size 12, 'url '
      '00 000001', // version 0, flags 1: media data in the same file
    ),
  },
]);

const FAKE_ENTRY = hexText('00000010 74657374', 'aabbccdd eeff0011'); // size 16, 'test', 8 payload bytes

boxTable<Uint8Array>('stbl', writeStbl, undefined, [
  {
    name: 'one sample entry, empty sample tables',
    value: hexBytes(FAKE_ENTRY),
    bytes: hexText(
      '0000006c 7374626c', // size 108, 'stbl'
      '00000020 73747364', // size 32, 'stsd'
      '00 000000', // version 0, flags 0
      '00000001', // entry_count 1
      FAKE_ENTRY, // the sample entry, copied as is
      '00000010 73747473 00000000 00000000', // 'stts' v0 f0, entry_count 0
      '00000010 73747363 00000000 00000000', // 'stsc' v0 f0, entry_count 0
      '00000014 7374737a 00000000 00000000 00000000', // 'stsz' v0 f0, sample_size 0, sample_count 0
      '00000010 7374636f 00000000 00000000', // 'stco' v0 f0, entry_count 0
    ),
  },
]);

const TREX_1: Trex = {
  trackId: 1,
  defaultSampleDescriptionIndex: 1,
  defaultSampleDuration: 0,
  defaultSampleSize: 0,
  defaultSampleFlags: 0,
};
const TREX_1_HEX = hexText(
  '00000020 74726578', // size 32, 'trex'
  '00 000000', // version 0, flags 0
  '00000001', // track_ID 1
  '00000001', // default_sample_description_index 1
  '00000000 00000000 00000000', // default duration, size, flags 0
);

boxTable<Trex>('trex', writeTrex, parseTrex, [
  { name: 'track 1, description 1', value: TREX_1, bytes: TREX_1_HEX },
  {
    name: 'every default set',
    value: {
      trackId: 7,
      defaultSampleDescriptionIndex: 2,
      defaultSampleDuration: 1024,
      defaultSampleSize: 371,
      defaultSampleFlags: 0x0200_0000,
    },
    bytes: hexText(
      '00000020 74726578 00000000', // size 32, 'trex', v0 f0
      '00000007 00000002', // track_ID 7, default_sample_description_index 2
      '00000400 00000173 02000000', // duration 1024, size 371, flags sync
    ),
  },
]);

boxTable<readonly Trex[]>('mvex', writeMvex, undefined, [
  { name: 'one trex', value: [TREX_1], bytes: hexText('00000028 6d766578', TREX_1_HEX) }, // size 40, 'mvex'
]);

describe('movie box writers reject values that do not fit', () => {
  it.each([
    ['mdhd language in upper case', () => packLanguage('ENG')],
    ['mdhd language of two letters', () => packLanguage('en')],
    ['mdhd timescale 0', () => writeMdhd(new ByteWriter(), { timescale: 0, duration: 0, language: 'und' })],
    [
      'tkhd track ID 0',
      () =>
        writeTkhd(new ByteWriter(), { trackId: 0, flags: 3, duration: 0, volume: 0, width: 0, height: 0 }),
    ],
    [
      'tkhd width past 16 bits',
      () =>
        writeTkhd(new ByteWriter(), {
          trackId: 1,
          flags: 3,
          duration: 0,
          volume: 0,
          width: 70000,
          height: 1,
        }),
    ],
    ['hdlr name with a NUL', () => writeHdlr(new ByteWriter(), { handlerType: 'vide', name: 'a\0b' })],
    [
      'stsd entry whose size field is wrong',
      () => writeStbl(new ByteWriter(), hexBytes('00000020 74657374')),
    ],
    ['stsd entry shorter than a box header', () => writeStbl(new ByteWriter(), hexBytes('0000'))],
  ])('%s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });

  it('ftyp brand of three letters', () => {
    expect(() => writeFtyp(new ByteWriter(), { major: 'iso', minorVersion: 0, compatible: [] })).toThrow(
      /four-character code must have four characters, got "iso"/,
    );
  });
});
