import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { hexBytes, hexOf, hexText } from '../../../lib/bytes/test-support/hex.js';
import { type BoxRange, readBoxRanges } from '../reader/box-range.js';
import {
  parseMfhd,
  parsePrft,
  parseSidx,
  parseTfdt,
  parseTfhd,
  parseTrun,
} from '../reader/movie-fragment-box-parsers.js';
import { mdat, writeMdatHeader } from './mdat.js';
import { writeMfhd } from './mfhd.js';
import { PRFT_ENCODER_OUTPUT, type Prft, writePrft } from './prft.js';
import { type Sidx, writeSidx } from './sidx.js';
import { writeTfdt } from './tfdt.js';
import { type Tfhd, writeTfhd } from './tfhd.js';
import { type Trun, writeTrun } from './trun.js';

interface BoxCase<T> {
  readonly name: string;
  readonly value: T;
  readonly bytes: string;
}

/** One table per box: byte-exact encode, then decode of the same bytes back to the (projected) value. */
function boxTable<T>(
  type: string,
  write: (w: ByteWriter, value: T) => void,
  parse: (bytes: Uint8Array, box: BoxRange) => unknown,
  cases: readonly BoxCase<T>[],
  project: (value: T) => unknown = (v) => v,
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
        const [box] = readBoxRanges(bytes);
        expect(box).toEqual({ type, start: 0, headerSize: 8, end: bytes.length });
        expect(parse(bytes, box as BoxRange)).toEqual(project(c.value));
      });
    }
  });
}

boxTable<number>('mfhd', writeMfhd, parseMfhd, [
  { name: 'sequence 7', value: 7, bytes: hexText('00000010 6d666864', '00 000000', '00000007') }, // size 16, v0 f0, 7
  { name: 'sequence 2^32-1', value: 0xffff_ffff, bytes: hexText('00000010 6d666864 00000000 ffffffff') },
]);

boxTable<number>('tfdt', writeTfdt, parseTfdt, [
  {
    name: 'zero',
    value: 0,
    bytes: hexText('00000014 74666474', '01 000000', '00000000 00000000'), // size 20, version 1, 64-bit 0
  },
  {
    name: 'past 2^32',
    value: 0x1_0000_0005,
    bytes: hexText('00000014 74666474', '01 000000', '00000001 00000005'), // version 1, high word 1, low 5
  },
  {
    name: 'largest safe integer',
    value: Number.MAX_SAFE_INTEGER,
    bytes: hexText('00000014 74666474', '01 000000', '001fffff ffffffff'), // 2^53 - 1
  },
]);

boxTable<Tfhd>('tfhd', writeTfhd, parseTfhd, [
  {
    name: 'default-base-is-moof only',
    value: { trackId: 1, defaultBaseIsMoof: true },
    bytes: hexText(
      '00000010 74666864', // size 16, 'tfhd'
      '00 020000', // version 0, flags default-base-is-moof
      '00000001', // track_ID 1
    ),
  },
  {
    name: 'audio defaults: duration and flags',
    value: {
      trackId: 2,
      defaultBaseIsMoof: true,
      defaultSampleDuration: 1024,
      defaultSampleFlags: 0x0200_0000,
    },
    bytes: hexText(
      '00000018 74666864', // size 24, 'tfhd'
      '00 020028', // version 0, flags default-base-is-moof | duration (0x08) | flags (0x20)
      '00000002', // track_ID 2
      '00000400', // default_sample_duration 1024
      '02000000', // default_sample_flags: sync
    ),
  },
  {
    name: 'every optional field',
    value: {
      trackId: 3,
      durationIsEmpty: true,
      baseDataOffset: 0x1_0000_0000,
      sampleDescriptionIndex: 1,
      defaultSampleDuration: 3000,
      defaultSampleSize: 100,
      defaultSampleFlags: 0x0101_0000,
    },
    bytes: hexText(
      '00000028 74666864', // size 40, 'tfhd'
      '00 01003b', // version 0, flags duration-is-empty | 0x01 | 0x02 | 0x08 | 0x10 | 0x20
      '00000003', // track_ID 3
      '00000001 00000000', // base_data_offset 2^32
      '00000001', // sample_description_index 1
      '00000bb8', // default_sample_duration 3000
      '00000064', // default_sample_size 100
      '01010000', // default_sample_flags: non-sync
    ),
  },
]);

/** `projectTrun` is what the parser gives back: each sample row holds only the fields the run carries. */
function projectTrun(t: Trun): unknown {
  const { dataOffset, firstSampleFlags, ...rest } = t;
  return {
    ...rest,
    ...(dataOffset !== undefined ? { dataOffset } : {}),
    ...(firstSampleFlags !== undefined ? { firstSampleFlags } : {}),
    samples: t.samples.map((s) => ({
      ...(t.fields.duration ? { duration: s.duration } : {}),
      ...(t.fields.size ? { size: s.size } : {}),
      ...(t.fields.flags ? { flags: s.flags } : {}),
      ...(t.fields.compositionOffset ? { compositionOffset: s.compositionOffset } : {}),
    })),
  };
}

const ALL = { duration: true, size: true, flags: true, compositionOffset: true };

boxTable<Trun>(
  'trun',
  writeTrun,
  parseTrun,
  [
    {
      name: 'explicit rows with a negative composition offset',
      value: {
        version: 1,
        dataOffset: 120,
        fields: ALL,
        samples: [
          { duration: 3000, size: 100, flags: 0x0200_0000, compositionOffset: 3000 },
          { duration: 3000, size: 50, flags: 0x0101_0000, compositionOffset: -3000 },
        ],
      },
      bytes: hexText(
        '00000034 7472756e', // size 52, 'trun'
        '01 000f01', // version 1, flags data-offset | duration | size | flags | composition offset
        '00000002', // sample_count 2
        '00000078', // data_offset 120
        '00000bb8 00000064 02000000 00000bb8', // 3000, 100 bytes, sync, +3000
        '00000bb8 00000032 01010000 fffff448', // 3000, 50 bytes, non-sync, -3000
      ),
    },
    {
      name: 'sizes only with first-sample flags',
      value: {
        version: 1,
        dataOffset: 0x68,
        firstSampleFlags: 0x0200_0000,
        fields: { duration: false, size: true, flags: false, compositionOffset: false },
        samples: [10, 20, 30].map((size) => ({ duration: 0, size, flags: 0, compositionOffset: 0 })),
      },
      bytes: hexText(
        '00000024 7472756e', // size 36, 'trun'
        '01 000205', // version 1, flags data-offset | first-sample-flags | size
        '00000003', // sample_count 3
        '00000068', // data_offset 104
        '02000000', // first_sample_flags: sync
        '0000000a 00000014 0000001e', // sizes 10, 20, 30
      ),
    },
    {
      name: 'version 0 without data offset',
      value: {
        version: 0,
        fields: { duration: true, size: true, flags: false, compositionOffset: false },
        samples: [{ duration: 1024, size: 0x123, flags: 0, compositionOffset: 0 }],
      },
      bytes: hexText(
        '00000018 7472756e', // size 24, 'trun'
        '00 000300', // version 0, flags duration | size
        '00000001', // sample_count 1
        '00000400 00000123', // duration 1024, size 291
      ),
    },
  ],
  projectTrun,
);

boxTable<Sidx>('sidx', writeSidx, parseSidx, [
  {
    name: 'one subsegment starting with an IDR',
    value: {
      referenceId: 1,
      timescale: 90000,
      earliestPresentationTime: 0x1_0000_0000,
      firstOffset: 0,
      references: [
        {
          referencesIndex: false,
          referencedSize: 1000,
          subsegmentDuration: 180000,
          startsWithSap: true,
          sapType: 1,
          sapDeltaTime: 0,
        },
      ],
    },
    bytes: hexText(
      '00000034 73696478', // size 52, 'sidx'
      '01 000000', // version 1, flags 0
      '00000001', // reference_ID 1
      '00015f90', // timescale 90000
      '00000001 00000000', // earliest_presentation_time 2^32
      '00000000 00000000', // first_offset 0
      '0000 0001', // reserved, reference_count 1
      '000003e8', // reference_type 0 (media), referenced_size 1000
      '0002bf20', // subsegment_duration 180000
      '90000000', // starts_with_SAP 1, SAP_type 1, SAP_delta_time 0
    ),
  },
]);

boxTable<Prft>('prft', writePrft, parsePrft, [
  {
    name: 'encoder output time with half a second',
    value: {
      flags: PRFT_ENCODER_OUTPUT,
      referenceTrackId: 1,
      wallClockMs: 1_700_000_000_500,
      mediaTime: 90000,
    },
    bytes: hexText(
      '00000020 70726674', // size 32, 'prft'
      '01 000001', // version 1, flags 1 (encoder output)
      '00000001', // reference_track_ID 1
      'e8fe6f80', // NTP seconds: 1700000000 + 2208988800
      '80000000', // NTP fraction: 0.5 s
      '00000000 00015f90', // media_time 90000
    ),
  },
]);

describe('mdat', () => {
  it('writes a 32-bit header for a small payload', () => {
    const w = new ByteWriter();
    writeMdatHeader(w, 5);
    expect(hexOf(w.view())).toBe(hexText('0000000d 6d646174')); // size 13, 'mdat'
  });

  it('writes a 64-bit largesize header once the box passes 2^32 - 1 bytes', () => {
    const w = new ByteWriter();
    writeMdatHeader(w, 0xffff_fff8);
    expect(hexOf(w.view())).toBe(hexText('00000001 6d646174', '00000001 00000008')); // size 1, largesize 2^32 + 8
  });

  it('references the payload views instead of copying them', () => {
    const a = Uint8Array.of(1, 2);
    const b = Uint8Array.of(3);
    const chunks = mdat([a, b]);
    expect(hexOf(chunks[0] as Uint8Array)).toBe(hexText('0000000b 6d646174'));
    expect(chunks[1]).toBe(a);
    expect(chunks[2]).toBe(b);
  });
});

describe('movie fragment box writers reject values that do not fit', () => {
  const one = [{ duration: 1, size: 1, flags: 0, compositionOffset: -1 }];
  it.each([
    ['tfdt negative', () => writeTfdt(new ByteWriter(), -1)],
    ['tfdt past 2^53', () => writeTfdt(new ByteWriter(), 2 ** 53)],
    ['mfhd past 32 bits', () => writeMfhd(new ByteWriter(), 2 ** 32)],
    [
      'trun negative offset in version 0',
      () => writeTrun(new ByteWriter(), { version: 0, fields: ALL, samples: one }),
    ],
    [
      'trun first-sample flags with per-sample flags',
      () => writeTrun(new ByteWriter(), { version: 1, firstSampleFlags: 0, fields: ALL, samples: one }),
    ],
    [
      'trun composition offset past 32 bits',
      () =>
        writeTrun(new ByteWriter(), {
          version: 1,
          fields: ALL,
          samples: [{ ...one[0]!, compositionOffset: 2 ** 31 }],
        }),
    ],
    ['tfhd track ID past 32 bits', () => writeTfhd(new ByteWriter(), { trackId: 2 ** 32 })],
    [
      'sidx referenced size past 31 bits',
      () =>
        writeSidx(new ByteWriter(), {
          referenceId: 1,
          timescale: 1,
          earliestPresentationTime: 0,
          firstOffset: 0,
          references: [
            {
              referencesIndex: false,
              referencedSize: 2 ** 31,
              subsegmentDuration: 1,
              startsWithSap: true,
              sapType: 1,
              sapDeltaTime: 0,
            },
          ],
        }),
    ],
  ])('%s', (_name, run) => {
    expect(run).toThrow(RangeError);
  });
});
