import { describe, expect, it } from 'vitest';
import { concatChunks } from '../formats/fmp4/box.js';
import { readMediaSegment } from '../formats/fmp4/reader/read-media-segment.js';
import { isSyncSampleFlags } from '../formats/fmp4/sample-flags.js';
import { writeSegmentHeader } from '../formats/fmp4/segment-header.js';
import { type AssembledChunk, SegmentAssembler } from './segment-assembler.js';

const FRAME = 3000; // 30 fps at 90 kHz
const header = writeSegmentHeader();

function assembler(options: { chunkTicks: number; lowLatency?: boolean; firstSequenceNumber?: number }) {
  const chunks: AssembledChunk[] = [];
  const a = new SegmentAssembler({
    chunkTicks: options.chunkTicks,
    lowLatency: options.lowLatency ?? false,
    header,
    firstSequenceNumber: options.firstSequenceNumber ?? 1,
    onChunk: (c) => chunks.push(c),
  });
  return { a, chunks };
}

/** Frame `i` of a 30 fps video with a key frame every `gop` frames, each payload its own buffer. */
const frame = (i: number, gop = 30) => ({
  duration: FRAME,
  data: new Uint8Array(100 + i).fill(i % 256),
  keyframe: i % gop === 0,
  compositionOffset: 0,
});

describe('SegmentAssembler', () => {
  it('without low latency cuts chunks at the target and hands each on at once, as header + sample views', () => {
    const { a, chunks } = assembler({ chunkTicks: 45_000, firstSequenceNumber: 7 });
    a.begin(900_000);
    const samples = Array.from({ length: 60 }, (_v, i) => frame(i));
    const handed: number[] = [];
    samples.forEach((s) => {
      a.add(s, FRAME);
      handed.push(chunks.length);
    });
    // 500 ms of 30 fps: 15 frames, handed on with the 15th (one more frame would pass the target).
    expect(handed.indexOf(1)).toBe(14);
    expect(a.heldBytes).toBe(0);
    const segment = a.finish();
    expect(segment).toBeDefined();
    expect(chunks.map((c) => c.part.duration)).toEqual([45_000, 45_000, 45_000, 45_000]);
    expect(chunks.map((c) => c.part.index)).toEqual([0, 1, 2, 3]);
    // Key frames at 0 and 30: chunks 0 and 2 start with one (CMAF independent chunks).
    expect(chunks.map((c) => c.part.independent)).toEqual([true, false, true, false]);
    expect(segment?.parts).toEqual(chunks.map((c) => c.part));
    expect(segment?.duration).toBe(chunks.reduce((n, c) => n + c.part.duration, 0));
    expect(segment?.startTime).toBe(900_000);
    // The payloads are referenced, not copied; only the first chunk carries the styp.
    expect(chunks[1]?.data.slice(1)).toEqual(samples.slice(15, 30).map((s) => s.data));
    expect(chunks[1]?.data[1]).toBe(samples[15]?.data);
    expect(chunks[0]?.segmentData[0]).toBe(header);
    expect(chunks[1]?.segmentData).toBe(chunks[1]?.data);
    const bytes = concatChunks(chunks.flatMap((c) => c.segmentData));
    expect(segment?.byteLength).toBe(bytes.byteLength);
    const info = readMediaSegment(bytes);
    expect(info.brands?.major).toBe('msdh');
    expect(info.movieFragments.map((f) => f.sequenceNumber)).toEqual([7, 8, 9, 10]);
    expect(info.movieFragments.map((f) => f.tracks[0]?.baseMediaDecodeTime)).toEqual([
      900_000, 945_000, 990_000, 1_035_000,
    ]);
    expect(info.movieFragments.map((f) => f.moof.start - header.byteLength)).toEqual(
      chunks.map((_c, i) => chunks.slice(0, i).reduce((n, c) => n + c.part.byteLength, 0)),
    );
    const read = info.movieFragments.flatMap((f) => f.tracks[0]?.samples ?? []);
    expect(read.map((s) => s.size)).toEqual(samples.map((s) => s.data.byteLength));
    expect(read.map((s) => isSyncSampleFlags(s.flags))).toEqual(samples.map((s) => s.keyframe));
    expect(a.nextSequenceNumber).toBe(11);
  });

  it('cuts before a sample that would pass the target, and keeps numbering chunks across segments', () => {
    const { a, chunks } = assembler({ chunkTicks: 10 });
    const sample = (duration: number, keyframe = false) => ({
      duration,
      data: new Uint8Array(4),
      keyframe,
      compositionOffset: 0,
    });
    a.begin(0);
    a.add(sample(4, true), 0);
    a.add(sample(4), 0);
    expect(chunks).toHaveLength(0);
    expect(a.heldBytes).toBe(8);
    a.add(sample(4), 0);
    expect(chunks.map((c) => c.part.duration)).toEqual([8]);
    expect(a.heldBytes).toBe(4);
    const first = a.finish();
    expect(first?.parts.map((p) => p.duration)).toEqual([8, 4]);
    expect(first?.duration).toBe(12);
    a.begin(12);
    a.add(sample(3, true), 0);
    const second = a.finish();
    expect(second?.parts).toEqual([
      { index: 0, duration: 3, independent: true, byteLength: chunks[2]?.part.byteLength },
    ]);
    expect(chunks[2]?.segmentData[0]).toBe(header);
    const mfhd = chunks.map((c) => readMediaSegment(concatChunks(c.data)).movieFragments[0]?.sequenceNumber);
    expect(mfhd).toEqual([1, 2, 3]);
  });

  it('with low latency copies each chunk into one buffer (the LL-HLS part)', () => {
    const { a, chunks } = assembler({ chunkTicks: 45_000, lowLatency: true });
    a.begin(0);
    for (let i = 0; i < 40; i++) {
      a.add(frame(i), FRAME);
    }
    const segment = a.finish();
    expect(chunks.map((c) => c.data.length)).toEqual([1, 1, 1]);
    expect(chunks.map((c) => c.part.duration)).toEqual([45_000, 45_000, 30_000]);
    expect(chunks.map((c) => c.data[0]?.byteLength)).toEqual(chunks.map((c) => c.part.byteLength));
    expect(chunks[0]?.segmentData).toEqual([header, chunks[0]?.data[0]]);
    expect(segment?.byteLength).toBe(header.byteLength + chunks.reduce((n, c) => n + c.part.byteLength, 0));
  });

  it('finishes a segment without samples as nothing, and refuses a target of no ticks', () => {
    const { a, chunks } = assembler({ chunkTicks: 45_000 });
    expect(a.finish()).toBeUndefined();
    a.begin(0);
    expect(a.open).toBe(true);
    expect(a.finish()).toBeUndefined();
    expect(a.open).toBe(false);
    expect(chunks).toHaveLength(0);
    expect(() => assembler({ chunkTicks: 0 })).toThrow(/positive/);
  });
});
