import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hexOf, hexText } from '../../lib/bytes/test-support/hex.js';
import { concatChunks } from './box.js';
import { PRFT_ENCODER_OUTPUT } from './boxes/prft.js';
import type { TrackFragmentSample, TrackFragment, SampleDefaultsMode } from './track-fragment.js';
import { writeMovieFragment } from './movie-fragment.js';
import { parsePrft } from './reader/movie-fragment-box-parsers.js';
import { childBoxes } from './reader/box-range.js';
import { readMediaSegment } from './reader/read-media-segment.js';
import { NON_SYNC_SAMPLE_FLAGS, SYNC_SAMPLE_FLAGS } from './sample-flags.js';
import { CMAF_SEGMENT_BRANDS, writeSegmentHeader } from './segment-header.js';

function sample(
  duration: number,
  flags: number,
  compositionOffset: number,
  data: number[],
): TrackFragmentSample {
  return { duration, size: data.length, flags, compositionOffset, data: Uint8Array.from(data) };
}

const K = SYNC_SAMPLE_FLAGS;
const N = NON_SYNC_SAMPLE_FLAGS;

/** Decode order I P B B with the presentation order I B B P: offsets +2, +5, -1, -1 frames (at 90 kHz). */
const videoWithBFrames: TrackFragment = {
  trackId: 1,
  baseMediaDecodeTime: 180_000,
  samples: [
    sample(3000, K, 6000, [1, 2, 3, 4]),
    sample(3000, N, 15000, [5, 6]),
    sample(3000, N, -3000, [7]),
    sample(3003, N, -3000, [8, 9, 10]),
  ],
};

const audio: TrackFragment = {
  trackId: 2,
  baseMediaDecodeTime: 96_000,
  samples: [0, 1, 2, 3, 4].map((i) => sample(1024, K, 0, [i, i + 1, i + 2])),
};

const cases: { name: string; sequenceNumber: number; tracks: TrackFragment[] }[] = [
  {
    name: 'video with B-frames (negative and positive composition offsets)',
    sequenceNumber: 1,
    tracks: [videoWithBFrames],
  },
  { name: 'audio', sequenceNumber: 2, tracks: [audio] },
  {
    name: '64-bit tfdt past 2^32',
    sequenceNumber: 3,
    tracks: [{ ...audio, baseMediaDecodeTime: 2 ** 40 + 7 }],
  },
  {
    name: 'one sample',
    sequenceNumber: 4,
    tracks: [{ ...videoWithBFrames, samples: videoWithBFrames.samples.slice(0, 1) }],
  },
  {
    name: 'a zero-byte sample',
    sequenceNumber: 5,
    tracks: [{ ...audio, samples: [sample(1024, K, 0, []), sample(1024, K, 0, [9])] }],
  },
  { name: 'two tracks in one movie fragment', sequenceNumber: 6, tracks: [videoWithBFrames, audio] },
  {
    name: 'flags that vary after the first sample',
    sequenceNumber: 7,
    tracks: [
      {
        trackId: 9,
        baseMediaDecodeTime: 0,
        samples: [sample(40, K, 0, [1]), sample(40, N, 0, [2]), sample(40, K, 0, [3])],
      },
    ],
  },
];

const modes: SampleDefaultsMode[] = ['compact', 'explicit'];

describe('writeMovieFragment round trip through readMediaSegment', () => {
  for (const c of cases) {
    for (const mode of modes) {
      it(`${c.name} (${mode})`, () => {
        const chunks = writeMovieFragment({
          sequenceNumber: c.sequenceNumber,
          tracks: c.tracks,
          sampleDefaults: mode,
        });
        const bytes = concatChunks(chunks);
        const seg = readMediaSegment(bytes);
        expect(seg.boxes.map((b) => b.type)).toEqual(['moof', 'mdat']);
        expect(seg.movieFragments).toHaveLength(1);
        const f = seg.movieFragments[0];
        expect(f?.sequenceNumber).toBe(c.sequenceNumber);
        expect(f?.tracks.map((t) => t.tfhd.trackId)).toEqual(c.tracks.map((t) => t.trackId));
        c.tracks.forEach((t, i) => {
          const got = f?.tracks[i];
          expect(got?.tfhd.defaultBaseIsMoof).toBe(true);
          expect(got?.tfhd.baseDataOffset).toBeUndefined();
          expect(got?.baseMediaDecodeTime).toBe(t.baseMediaDecodeTime);
          expect(got?.runs).toHaveLength(1);
          expect(got?.runs[0]?.version).toBe(1);
          expect(
            got?.samples.map(({ duration, size, flags, compositionOffset }) => ({
              duration,
              size,
              flags,
              compositionOffset,
            })),
          ).toEqual(
            t.samples.map(({ duration, size, flags, compositionOffset }) => ({
              duration,
              size,
              flags,
              compositionOffset,
            })),
          );
          expect(got?.samples.map((s) => hexOf(s.data))).toEqual(t.samples.map((s) => hexOf(s.data)));
        });
        // The payload chunks are the samples' own views, in track order.
        expect(chunks.slice(1)).toEqual(c.tracks.flatMap((t) => t.samples.map((s) => s.data)));
        c.tracks.flatMap((t) => t.samples).forEach((s, i) => expect(chunks[1 + i]).toBe(s.data));
      });
    }
  }
});

describe('writeMovieFragment layout', () => {
  it('writes a two-sample audio movie fragment byte-exact (compact)', () => {
    const chunks = writeMovieFragment({
      sequenceNumber: 1,
      tracks: [
        {
          trackId: 1,
          baseMediaDecodeTime: 0,
          samples: [sample(1024, K, 0, [0xaa, 0xbb]), sample(1024, K, 0, [0xcc])],
        },
      ],
    });
    expect(hexOf(concatChunks(chunks))).toBe(
      hexText(
        '00000068 6d6f6f66', // moof, 104 bytes
        '00000010 6d666864 00000000 00000001', // mfhd v0, sequence_number 1
        '00000050 74726166', // traf, 80 bytes
        '00000018 74666864 00020028', // tfhd v0, flags default-base-is-moof | default duration | default flags
        '00000001 00000400 02000000', // track_ID 1, default_sample_duration 1024, default_sample_flags sync
        '00000014 74666474 01000000 00000000 00000000', // tfdt v1, baseMediaDecodeTime 0
        '0000001c 7472756e 01000201', // trun v1, flags data-offset | sample-size
        '00000002 00000070', // sample_count 2, data_offset 112 = moof 104 + mdat header 8
        '00000002 00000001', // sample sizes 2, 1
        '0000000b 6d646174', // mdat, 11 bytes
        'aabb cc', // sample data
      ),
    );
    expect(chunks).toHaveLength(3);
  });

  it('puts key-frame-first flags into first_sample_flags and a tfhd default (compact)', () => {
    const bytes = concatChunks(writeMovieFragment({ sequenceNumber: 1, tracks: [{ ...videoWithBFrames }] }));
    const t = readMediaSegment(bytes).movieFragments[0]?.tracks[0];
    expect(t?.tfhd.defaultSampleFlags).toBe(N);
    expect(t?.runs[0]?.firstSampleFlags).toBe(K);
    expect(t?.runs[0]?.fields).toEqual({ duration: true, size: true, flags: false, compositionOffset: true });
  });

  it('writes every field per sample and no tfhd defaults (explicit)', () => {
    const bytes = concatChunks(
      writeMovieFragment({ sequenceNumber: 1, tracks: [audio], sampleDefaults: 'explicit' }),
    );
    const t = readMediaSegment(bytes).movieFragments[0]?.tracks[0];
    expect(t?.tfhd).toEqual({ trackId: 2, defaultBaseIsMoof: true });
    expect(t?.runs[0]?.fields).toEqual({ duration: true, size: true, flags: true, compositionOffset: true });
  });

  it('writes a prft before the moof when asked, keeping data offsets relative to the moof', () => {
    const prft = {
      flags: PRFT_ENCODER_OUTPUT,
      referenceTrackId: 2,
      wallClockMs: 1_750_000_000_123,
      mediaTime: 96_000,
    };
    const bytes = concatChunks(
      writeMovieFragment({ sequenceNumber: 1, tracks: [audio], producerReferenceTime: prft }),
    );
    const seg = readMediaSegment(bytes);
    expect(seg.boxes.map((b) => b.type)).toEqual(['prft', 'moof', 'mdat']);
    expect(parsePrft(bytes, seg.boxes[0]!)).toEqual(prft);
    expect(seg.movieFragments[0]?.tracks[0]?.samples.map((s) => hexOf(s.data))).toEqual(
      audio.samples.map((s) => hexOf(s.data)),
    );
  });

  it('returns the moof and mdat header in one buffer of exactly their size', () => {
    const [header] = writeMovieFragment({ sequenceNumber: 1, tracks: [audio] });
    expect(header?.byteOffset).toBe(0);
    expect(header?.buffer.byteLength).toBe(header?.byteLength);
  });
});

describe('writeMovieFragment rejects', () => {
  it('a track without samples', () => {
    expect(() => writeMovieFragment({ sequenceNumber: 1, tracks: [{ ...audio, samples: [] }] })).toThrow(
      /track 2 has no samples/,
    );
  });
  it('a movie fragment without tracks', () => {
    expect(() => writeMovieFragment({ sequenceNumber: 1, tracks: [] })).toThrow(/at least one track/);
  });
  it('the same track twice', () => {
    expect(() => writeMovieFragment({ sequenceNumber: 1, tracks: [audio, audio] })).toThrow(
      /track 2 appears twice/,
    );
  });
  it('a sample whose size is not its data length', () => {
    const bad = { ...sample(1, K, 0, [1, 2]), size: 3 };
    expect(() => writeMovieFragment({ sequenceNumber: 1, tracks: [{ ...audio, samples: [bad] }] })).toThrow(
      /sample size 3 differs from its data length 2/,
    );
  });
  it('a tfdt that is not a safe integer', () => {
    expect(() =>
      writeMovieFragment({ sequenceNumber: 1, tracks: [{ ...audio, baseMediaDecodeTime: 2 ** 53 }] }),
    ).toThrow(RangeError);
  });
  it('a composition offset past 32 bits', () => {
    const bad = sample(1, K, 2 ** 31, [1]);
    expect(() => writeMovieFragment({ sequenceNumber: 1, tracks: [{ ...audio, samples: [bad] }] })).toThrow(
      RangeError,
    );
  });
});

describe('writeSegmentHeader', () => {
  it('writes the CMAF segment styp by default', () => {
    // size 24, 'styp', major 'msdh', minor 0, compatible 'msdh' 'cmfs'
    expect(hexOf(writeSegmentHeader())).toBe(
      hexText('00000018 73747970 6d736468 00000000 6d736468 636d6673'),
    );
    expect(readMediaSegment(writeSegmentHeader()).brands).toEqual(CMAF_SEGMENT_BRANDS);
  });
  it('takes other brands', () => {
    const brands = { major: 'cmfl', minorVersion: 0, compatible: ['cmfl'] };
    expect(readMediaSegment(writeSegmentHeader(brands)).brands).toEqual(brands);
  });
});

describe('writeMovieFragment property', () => {
  const sampleArb = fc.record({
    duration: fc.nat({ max: 0xffff_ffff }),
    flags: fc.oneof(fc.constantFrom(K, N), fc.nat({ max: 0xffff_ffff })),
    compositionOffset: fc.oneof(fc.constant(0), fc.integer({ min: -0x8000_0000, max: 0x7fff_ffff })),
    data: fc.uint8Array({ maxLength: 40 }),
  });
  const trackArb = fc.record({
    baseMediaDecodeTime: fc.oneof(fc.nat(), fc.maxSafeNat()),
    samples: fc.array(sampleArb, { minLength: 1, maxLength: 30 }),
    constantDuration: fc.boolean(),
  });

  it('gives back every duration, size, flag, offset and payload byte (random sample lists)', () => {
    fc.assert(
      fc.property(
        fc.nat({ max: 0xffff_ffff }),
        fc.array(trackArb, { minLength: 1, maxLength: 3 }),
        fc.constantFrom(...modes),
        (sequenceNumber, rawTracks, mode) => {
          const tracks: TrackFragment[] = rawTracks.map((t, i) => ({
            trackId: i + 1,
            baseMediaDecodeTime: t.baseMediaDecodeTime,
            samples: t.samples.map((s) => ({
              ...s,
              duration: t.constantDuration ? 1024 : s.duration,
              size: s.data.byteLength,
            })),
          }));
          const seg = readMediaSegment(
            concatChunks(writeMovieFragment({ sequenceNumber, tracks, sampleDefaults: mode })),
          );
          const f = seg.movieFragments[0];
          expect(f?.sequenceNumber).toBe(sequenceNumber);
          tracks.forEach((t, i) => {
            const got = f?.tracks[i];
            expect(got?.baseMediaDecodeTime).toBe(t.baseMediaDecodeTime);
            expect(got?.samples.length).toBe(t.samples.length);
            t.samples.forEach((s, j) => {
              const g = got?.samples[j];
              expect([g?.duration, g?.size, g?.flags, g?.compositionOffset]).toEqual([
                s.duration,
                s.size,
                s.flags,
                s.compositionOffset,
              ]);
              expect(g?.data).toEqual(s.data);
            });
          });
        },
      ),
      { numRuns: 400, seed: 2301 },
    );
  });
});

describe('writeMovieFragment trafBoxes', () => {
  const extra = Uint8Array.of(0, 0, 0, 12, 0x66, 0x72, 0x65, 0x65, 1, 2, 3, 4); // a 12-byte 'free' box

  it('closes the traf with the given boxes and keeps the data offset right', () => {
    const plain = concatChunks(writeMovieFragment({ sequenceNumber: 1, tracks: [audio] }));
    const bytes = concatChunks(
      writeMovieFragment({ sequenceNumber: 1, tracks: [{ ...audio, trafBoxes: [extra, extra] }] }),
    );
    expect(bytes.length).toBe(plain.length + 24);
    const seg = readMediaSegment(bytes);
    const moof = seg.movieFragments[0]?.moof;
    const traf = moof && childBoxes(bytes, moof).find((b) => b.type === 'traf');
    expect(traf && childBoxes(bytes, traf).map((b) => b.type)).toEqual([
      'tfhd',
      'tfdt',
      'trun',
      'free',
      'free',
    ]);
    expect(seg.movieFragments[0]?.tracks[0]?.samples.map((s) => hexOf(s.data))).toEqual(
      audio.samples.map((s) => hexOf(s.data)),
    );
  });

  it('writes exactly the same bytes as before without them', () => {
    const a = concatChunks(writeMovieFragment({ sequenceNumber: 3, tracks: [videoWithBFrames, audio] }));
    const b = concatChunks(
      writeMovieFragment({ sequenceNumber: 3, tracks: [{ ...videoWithBFrames, trafBoxes: [] }, audio] }),
    );
    expect(hexOf(b)).toBe(hexOf(a));
  });
});
