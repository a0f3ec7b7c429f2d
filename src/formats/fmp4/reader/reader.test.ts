import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { bytesReplay, fuzzParameters } from '../../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes } from '../../../lib/bytes/test-support/hex.js';
import { MediaFormatError } from '../../../lib/media-format-error.js';
import { FMP4_READER_FUZZ } from '../../test-support/fuzz-fixtures.js';
import { beginBox, concatChunks, endBox } from '../box.js';
import { writeMdatHeader } from '../boxes/mdat.js';
import { writeMfhd } from '../boxes/mfhd.js';
import { writeTfhd, type Tfhd } from '../boxes/tfhd.js';
import { type Trun, writeTrun } from '../boxes/trun.js';
import { writeInitSegment } from '../init-segment.js';
import { writeMovieFragment } from '../movie-fragment.js';
import { SYNC_SAMPLE_FLAGS } from '../sample-flags.js';
import { writeSegmentHeader } from '../segment-header.js';
import { readBoxRanges } from './box-range.js';
import { readInitSegment } from './read-init-segment.js';
import { readMediaSegment } from './read-media-segment.js';

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

const NO_FIELDS = { duration: false, size: false, flags: false, compositionOffset: false };

/** A hand-built `moof` (one `traf` per entry, no `tfdt`) followed by an `mdat` with `payload`. */
function handBuiltMovieFragment(trafs: { tfhd: Tfhd; truns: Trun[] }[], payload: Uint8Array): Uint8Array {
  const w = new ByteWriter();
  const moof = beginBox(w, 'moof');
  writeMfhd(w, 1);
  for (const t of trafs) {
    const traf = beginBox(w, 'traf');
    writeTfhd(w, t.tfhd);
    for (const r of t.truns) {
      writeTrun(w, r);
    }
    endBox(w, traf);
  }
  endBox(w, moof);
  writeMdatHeader(w, payload.byteLength);
  w.bytes(payload);
  return w.toBytes();
}

describe('readBoxRanges', () => {
  it('reads a 64-bit largesize box and a size-0 box that runs to the end', () => {
    const bytes = hexBytes(
      '00000001 66726565 00000000 00000011 aa', // 'free' with largesize 17 (16-byte header + 1)
      '00000000 736b6970 bbcc', // 'skip' with size 0: to the end of the input
    );
    expect(readBoxRanges(bytes)).toEqual([
      { type: 'free', start: 0, headerSize: 16, end: 17 },
      { type: 'skip', start: 17, headerSize: 8, end: 27 },
    ]);
  });

  it.each([
    ['a size smaller than the header', '00000004 66726565', 'fmp4-bad-box-size'],
    ['a size past the end', '00000010 66726565 00', 'fmp4-bad-box-size'],
    ['a cut-off header', '000000', 'truncated'],
    ['a largesize past 2^53', '00000001 66726565 ffffffff ffffffff', 'fmp4-unsafe-integer'],
  ])('rejects %s', (_name, h, code) => {
    expect(codeOf(() => readBoxRanges(hexBytes(h)))).toBe(code);
  });
});

describe('readMediaSegment', () => {
  it('resolves sizes, durations and flags from trex when tfhd and trun leave them out', () => {
    const moofSize = 8 + 16 + 8 + 16 + 20; // moof, mfhd, traf, tfhd without defaults, trun with data offset
    const bytes = handBuiltMovieFragment(
      [
        {
          tfhd: { trackId: 5, defaultBaseIsMoof: true },
          truns: [
            {
              version: 0,
              dataOffset: moofSize + 8,
              fields: NO_FIELDS,
              samples: [0, 1].map(() => ({ duration: 0, size: 0, flags: 0, compositionOffset: 0 })),
            },
          ],
        },
      ],
      Uint8Array.of(1, 2, 3, 4),
    );
    expect(codeOf(() => readMediaSegment(bytes))).toBe('fmp4-no-default');
    const trex = [
      {
        trackId: 5,
        defaultSampleDescriptionIndex: 1,
        defaultSampleDuration: 40,
        defaultSampleSize: 2,
        defaultSampleFlags: SYNC_SAMPLE_FLAGS,
      },
    ];
    const samples = readMediaSegment(bytes, { trex }).movieFragments[0]?.tracks[0]?.samples;
    expect(samples?.map((s) => [s.duration, s.size, s.flags, Array.from(s.data)])).toEqual([
      [40, 2, SYNC_SAMPLE_FLAGS, [1, 2]],
      [40, 2, SYNC_SAMPLE_FLAGS, [3, 4]],
    ]);
  });

  it('rejects a run whose data would start outside every mdat', () => {
    const bytes = handBuiltMovieFragment(
      [
        {
          tfhd: { trackId: 5, defaultSampleDuration: 1, defaultSampleSize: 2, defaultSampleFlags: 0 },
          truns: [
            {
              version: 0,
              fields: NO_FIELDS,
              samples: [{ duration: 0, size: 0, flags: 0, compositionOffset: 0 }],
            },
          ],
        },
      ],
      Uint8Array.of(1, 2),
    );
    expect(codeOf(() => readMediaSegment(bytes))).toBe('fmp4-sample-outside-mdat');
  });

  it('continues a run without a data offset right after the previous run', () => {
    const moofSize = 8 + 16 + 8 + 28 + 20 + 16; // moof, mfhd, traf, tfhd + 3 defaults, trun with offset, trun without
    const one = { duration: 0, size: 0, flags: 0, compositionOffset: 0 };
    const bytes = handBuiltMovieFragment(
      [
        {
          tfhd: {
            trackId: 1,
            defaultBaseIsMoof: true,
            defaultSampleDuration: 10,
            defaultSampleSize: 1,
            defaultSampleFlags: 0,
          },
          truns: [
            { version: 0, dataOffset: moofSize + 8, fields: NO_FIELDS, samples: [one] },
            { version: 0, fields: NO_FIELDS, samples: [one] },
          ],
        },
      ],
      Uint8Array.of(0xa1, 0xb2),
    );
    const t = readMediaSegment(bytes).movieFragments[0]?.tracks[0];
    expect(t?.samples.map((s) => [s.offset, s.data[0]])).toEqual([
      [moofSize + 8, 0xa1],
      [moofSize + 9, 0xb2],
    ]);
  });

  it('rejects a trun that claims more rows than its box holds', () => {
    const bytes = concatChunks(
      writeMovieFragment({
        sequenceNumber: 1,
        tracks: [
          {
            trackId: 1,
            baseMediaDecodeTime: 0,
            samples: [{ duration: 1, size: 1, flags: 0, compositionOffset: 0, data: Uint8Array.of(1) }],
          },
        ],
      }),
    );
    const trun = Buffer.from(bytes).indexOf('trun');
    new DataView(bytes.buffer).setUint32(trun + 8, 1000); // sample_count 1000
    expect(codeOf(() => readMediaSegment(bytes))).toBe('fmp4-bad-count');
  });

  it('reads styp, then several movie fragments in a row', () => {
    const frag = (n: number): Uint8Array[] =>
      writeMovieFragment({
        sequenceNumber: n,
        tracks: [
          {
            trackId: 1,
            baseMediaDecodeTime: n * 10,
            samples: [{ duration: 10, size: 1, flags: 0, compositionOffset: 0, data: Uint8Array.of(n) }],
          },
        ],
      });
    const seg = readMediaSegment(concatChunks([writeSegmentHeader(), ...frag(1), ...frag(2)]));
    expect(seg.boxes.map((b) => b.type)).toEqual(['styp', 'moof', 'mdat', 'moof', 'mdat']);
    expect(
      seg.movieFragments.map((f) => [
        f.sequenceNumber,
        f.tracks[0]?.baseMediaDecodeTime,
        f.tracks[0]?.samples[0]?.data[0],
      ]),
    ).toEqual([
      [1, 10, 1],
      [2, 20, 2],
    ]);
  });
});

describe('fMP4 readers on random or mutated input (fuzz)', () => {
  const entry = hexBytes('00000010 61766331 0102030405060708');
  const seeds = [
    writeInitSegment({
      tracks: [{ trackId: 1, kind: 'video', timescale: 90000, sampleEntry: entry, width: 64, height: 48 }],
    }),
    concatChunks([
      writeSegmentHeader(),
      ...writeMovieFragment({
        sequenceNumber: 1,
        tracks: [
          {
            trackId: 1,
            baseMediaDecodeTime: 2 ** 33,
            samples: [
              {
                duration: 3000,
                size: 2,
                flags: SYNC_SAMPLE_FLAGS,
                compositionOffset: -3000,
                data: Uint8Array.of(1, 2),
              },
              { duration: 3001, size: 1, flags: 0, compositionOffset: 6000, data: Uint8Array.of(3) },
            ],
          },
        ],
      }),
    ]),
    concatChunks(
      writeMovieFragment({
        sequenceNumber: 2,
        sampleDefaults: 'explicit',
        tracks: [
          {
            trackId: 2,
            baseMediaDecodeTime: 0,
            samples: [{ duration: 1024, size: 1, flags: 0, compositionOffset: 0, data: Uint8Array.of(9) }],
          },
        ],
      }),
    ),
  ];

  it('never throws anything but MediaFormatError', () => {
    const mutated = fc
      .tuple(
        fc.constantFrom(...seeds),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
        fc.nat(),
      )
      .map(([seed, flips, cut]) => {
        const b = Uint8Array.from(seed);
        for (const [i, v] of flips) {
          b[i % b.length] = v;
        }
        return cut % 4 === 0 ? b.subarray(0, cut % b.length) : b;
      });
    fc.assert(
      fc.property(fc.oneof(mutated, fc.uint8Array({ maxLength: 200 })), (bytes) => {
        for (const read of [readInitSegment, readMediaSegment]) {
          try {
            read(bytes);
          } catch (e) {
            if (!(e instanceof MediaFormatError)) {
              throw e;
            }
          }
        }
      }),
      fuzzParameters({ numRuns: 3000, seed: 1449612 }, bytesReplay(FMP4_READER_FUZZ)),
    );
  });
});
