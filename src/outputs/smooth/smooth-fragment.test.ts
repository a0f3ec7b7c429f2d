import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { box, concatChunks, fullBox } from '../../formats/fmp4/box.js';
import { parseTfrf } from '../../formats/fmp4/boxes/tfrf.js';
import { parseTfxd, TFXD_EXTENDED_TYPE } from '../../formats/fmp4/boxes/tfxd.js';
import { hasExtendedType } from '../../formats/fmp4/boxes/uuid-box.js';
import type { TrackFragmentSample, TrackFragment } from '../../formats/fmp4/track-fragment.js';
import { writeMovieFragment } from '../../formats/fmp4/movie-fragment.js';
import { type BoxRange, childBoxes, readBoxRanges } from '../../formats/fmp4/reader/box-range.js';
import { readMediaSegment } from '../../formats/fmp4/reader/read-media-segment.js';
import { NON_SYNC_SAMPLE_FLAGS, SYNC_SAMPLE_FLAGS } from '../../formats/fmp4/sample-flags.js';
import { writeSegmentHeader } from '../../formats/fmp4/segment-header.js';
import { buildSmoothFragment } from './smooth-fragment.js';
import { aacInit } from './test-support/smooth-inits.js';

const K = SYNC_SAMPLE_FLAGS;
const N = NON_SYNC_SAMPLE_FLAGS;

function sample(
  duration: number,
  flags: number,
  compositionOffset: number,
  bytes: number[],
): TrackFragmentSample {
  return { duration, size: bytes.length, flags, compositionOffset, data: Uint8Array.from(bytes) };
}

/** A CMAF segment: `styp`, then one `moof`/`mdat` per part, decode times following each other. */
function cmafSegment(
  start: number,
  parts: readonly (readonly TrackFragmentSample[])[],
  firstSequence = 7,
): Uint8Array {
  const chunks: Uint8Array[] = [writeSegmentHeader()];
  let time = start;
  parts.forEach((samples, i) => {
    const track: TrackFragment = { trackId: 1, baseMediaDecodeTime: time, samples };
    chunks.push(...writeMovieFragment({ sequenceNumber: firstSequence + i, tracks: [track] }));
    time += samples.reduce((sum, s) => sum + s.duration, 0);
  });
  return concatChunks(chunks);
}

const gop = [
  sample(3000, K, 6000, [1, 2, 3, 4]),
  sample(3000, N, 15000, [5, 6]),
  sample(3000, N, -3000, [7]),
  sample(3000, N, -3000, [8, 9, 10]),
];

function trafChildren(bytes: Uint8Array): { traf: BoxRange; children: BoxRange[] } {
  const moof = readBoxRanges(bytes).find((b) => b.type === 'moof') as BoxRange;
  const traf = childBoxes(bytes, moof).find((b) => b.type === 'traf') as BoxRange;
  return { traf, children: childBoxes(bytes, traf) };
}

describe('buildSmoothFragment', () => {
  it('joins the parts of a low-latency segment into one moof and one trun', () => {
    const input = cmafSegment(900_000, [gop.slice(0, 2), gop.slice(2, 3), gop.slice(3)]);
    const f = buildSmoothFragment({
      segment: input,
      lookahead: [{ time: 912_000, duration: 12_000 }],
      startTime: 900_000,
    });
    const bytes = concatChunks(f.chunks);
    expect(f).toMatchObject({
      startTime: 900_000,
      duration: 12_000,
      sampleCount: 4,
      byteLength: bytes.length,
    });
    expect(readBoxRanges(bytes).map((b) => b.type)).toEqual(['moof', 'mdat']);
    const seg = readMediaSegment(bytes);
    expect(seg.movieFragments).toHaveLength(1);
    expect(seg.movieFragments[0]?.sequenceNumber).toBe(7);
    const track = seg.movieFragments[0]?.tracks[0];
    expect(track?.runs).toHaveLength(1);
    expect(track?.baseMediaDecodeTime).toBe(900_000);
    expect(
      track?.samples.map(({ duration, size, flags, compositionOffset }) => [
        duration,
        size,
        flags,
        compositionOffset,
      ]),
    ).toEqual(
      gop.map(({ duration, size, flags, compositionOffset }) => [duration, size, flags, compositionOffset]),
    );
    expect(track?.samples.map((s) => Array.from(s.data))).toEqual(gop.map((s) => Array.from(s.data)));
    const { children } = trafChildren(bytes);
    expect(children.map((b) => b.type)).toEqual(['tfhd', 'tfdt', 'trun', 'uuid', 'uuid']);
    const [, , , tfxd, tfrf] = children as [BoxRange, BoxRange, BoxRange, BoxRange, BoxRange];
    expect(parseTfxd(bytes, tfxd)).toEqual({ fragmentAbsoluteTime: 900_000, fragmentDuration: 12_000 });
    expect(parseTfrf(bytes, tfrf)).toEqual([{ fragmentAbsoluteTime: 912_000, fragmentDuration: 12_000 }]);
  });

  it('references the sample bytes of the input instead of copying them', () => {
    const input = cmafSegment(0, [gop]);
    const f = buildSmoothFragment({ segment: input });
    expect(f.chunks.slice(1).every((c) => c.buffer === input.buffer)).toBe(true);
    expect(f.chunks.slice(1).map((c) => Array.from(c))).toEqual(gop.map((s) => Array.from(s.data)));
  });

  it('joins a segment held as chunks once, and reads it from the joined copy', () => {
    const input = cmafSegment(0, [gop]);
    const pieces = [input.subarray(0, 10), input.subarray(10, 61), input.subarray(61)];
    const f = buildSmoothFragment({ segment: pieces });
    const buffers = new Set(f.chunks.slice(1).map((c) => c.buffer));
    expect(buffers.size).toBe(1);
    expect(buffers.has(input.buffer)).toBe(false);
    expect(concatChunks(f.chunks)).toEqual(concatChunks(buildSmoothFragment({ segment: input }).chunks));
  });

  it('writes an empty tfrf at the live edge and none without look-ahead', () => {
    const input = cmafSegment(0, [gop]);
    const edge = concatChunks(buildSmoothFragment({ segment: input, lookahead: [] }).chunks);
    const edgeBoxes = trafChildren(edge).children;
    expect(parseTfrf(edge, edgeBoxes[4] as BoxRange)).toEqual([]);
    const none = concatChunks(buildSmoothFragment({ segment: input }).chunks);
    const noneBoxes = trafChildren(none).children;
    expect(noneBoxes.map((b) => b.type)).toEqual(['tfhd', 'tfdt', 'trun', 'uuid']);
    expect(hasExtendedType(none, noneBoxes[3] as BoxRange, TFXD_EXTENDED_TYPE)).toBe(true);
  });

  it('answers FragmentInfo with the moof alone', () => {
    const input = cmafSegment(0, [gop]);
    const full = buildSmoothFragment({ segment: input, lookahead: [] });
    const info = buildSmoothFragment({ segment: input, lookahead: [], headerOnly: true });
    const bytes = concatChunks(info.chunks);
    expect(readBoxRanges(bytes).map((b) => b.type)).toEqual(['moof']);
    expect(Array.from(bytes)).toEqual(Array.from(concatChunks(full.chunks).subarray(0, bytes.length)));
    expect(info.byteLength).toBe(bytes.length);
  });

  it('resolves sample defaults from the init segment’s trex', () => {
    // An AAC init whose trex says: 1024 ticks, sync; the moof gives sizes only.
    const init = aacInit(Uint8Array.of(0x11, 0x90)).slice();
    const at = Buffer.from(init).indexOf('trex');
    const view = new DataView(init.buffer, init.byteOffset);
    view.setUint32(at + 4 + 4 + 4 + 4, 1024); // default_sample_duration
    view.setUint32(at + 4 + 4 + 4 + 4 + 8, K); // default_sample_flags
    const payload = [Uint8Array.of(1, 2), Uint8Array.of(3)];
    const trun = (offset: number) => {
      const w = new ByteWriter();
      w.u32(2).i32(offset).u32(2).u32(1); // sample_count, data_offset, two sizes
      return fullBox('trun', 0, 0x000201, w.view().slice());
    };
    const moofOf = (offset: number) =>
      box(
        'moof',
        fullBox('mfhd', 0, 0, Uint8Array.of(0, 0, 0, 1)),
        box(
          'traf',
          fullBox('tfhd', 0, 0x020000, Uint8Array.of(0, 0, 0, 1)),
          fullBox('tfdt', 1, 0, Uint8Array.of(0, 0, 0, 0, 0, 0, 0x04, 0)),
          trun(offset),
        ),
      );
    const size = concatChunks(moofOf(0)).length;
    const segment = concatChunks([...moofOf(size + 8), ...box('mdat', ...payload)]);
    expect(() => buildSmoothFragment({ segment })).toThrow(/no duration in trun, tfhd or trex/);
    const f = buildSmoothFragment({ segment, init });
    expect(f).toMatchObject({ startTime: 1024, duration: 2048, sampleCount: 2 });
    const read = readMediaSegment(concatChunks(f.chunks)).movieFragments[0]?.tracks[0]?.samples;
    expect(read?.map((s) => [s.duration, s.size, s.flags])).toEqual([
      [1024, 2, K],
      [1024, 1, K],
    ]);
  });
});

describe('buildSmoothFragment rejects', () => {
  it('parts with a gap between them', () => {
    const a = cmafSegment(0, [gop]);
    const b = concatChunks(
      writeMovieFragment({
        sequenceNumber: 9,
        tracks: [{ trackId: 1, baseMediaDecodeTime: 99_000, samples: gop }],
      }),
    );
    expect(() => buildSmoothFragment({ segment: [a, b] })).toThrow(
      /starts at 99000, but the previous chunk ends at 12000/,
    );
  });
  it('a moof with two tracks', () => {
    const two = concatChunks(
      writeMovieFragment({
        sequenceNumber: 1,
        tracks: [
          { trackId: 1, baseMediaDecodeTime: 0, samples: gop },
          { trackId: 2, baseMediaDecodeTime: 0, samples: gop },
        ],
      }),
    );
    expect(() => buildSmoothFragment({ segment: two })).toThrow(/holds tracks 1, 2/);
  });
  it('parts of different tracks', () => {
    const a = cmafSegment(0, [gop]);
    const b = concatChunks(
      writeMovieFragment({
        sequenceNumber: 9,
        tracks: [{ trackId: 2, baseMediaDecodeTime: 12_000, samples: gop }],
      }),
    );
    expect(() => buildSmoothFragment({ segment: [a, b] })).toThrow(
      /holds tracks 2; a Smooth fragment carries one track \(1\)/,
    );
  });
  it('a segment without samples', () => {
    expect(() => buildSmoothFragment({ segment: writeSegmentHeader() })).toThrow(/holds no samples/);
  });
  it('a segment that is not the one requested', () => {
    expect(() => buildSmoothFragment({ segment: cmafSegment(0, [gop]), startTime: 3000 })).toThrow(
      /starts at 0, the fragment was requested at 3000/,
    );
  });
  it('bytes that are not a segment', () => {
    expect(() => buildSmoothFragment({ segment: Uint8Array.of(0, 0, 0, 99, 1) })).toThrow(/box/);
  });
});

describe('buildSmoothFragment property', () => {
  const sampleArb = fc.record({
    duration: fc.integer({ min: 1, max: 0xffff }),
    flags: fc.constantFrom(K, N),
    compositionOffset: fc.integer({ min: -50_000, max: 50_000 }),
    data: fc.uint8Array({ maxLength: 20 }),
  });
  it('keeps every sample of every part, in order', () => {
    fc.assert(
      fc.property(
        fc.maxSafeNat(),
        fc.array(fc.array(sampleArb, { minLength: 1, maxLength: 8 }), { minLength: 1, maxLength: 5 }),
        (start, rawParts) => {
          const parts = rawParts.map((p) => p.map((s) => ({ ...s, size: s.data.byteLength })));
          const all = parts.flat();
          const total = all.reduce((sum, s) => sum + s.duration, 0);
          fc.pre(start + total <= Number.MAX_SAFE_INTEGER);
          const f = buildSmoothFragment({ segment: cmafSegment(start, parts), lookahead: [] });
          expect([f.startTime, f.duration, f.sampleCount]).toEqual([start, total, all.length]);
          const read = readMediaSegment(concatChunks(f.chunks)).movieFragments;
          expect(read).toHaveLength(1);
          const samples = read[0]?.tracks[0]?.samples ?? [];
          expect(samples.map((s) => [s.duration, s.flags, s.compositionOffset, Array.from(s.data)])).toEqual(
            all.map((s) => [s.duration, s.flags, s.compositionOffset, Array.from(s.data)]),
          );
        },
      ),
      { numRuns: 200, seed: 4102 },
    );
  });
});
