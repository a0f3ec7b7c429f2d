import { describe, expect, it } from 'vitest';
import { concatChunks } from '../formats/fmp4/box.js';
import type { Part, Segment, SegmentHead } from './rendition-window.js';
import type { AssembledChunk } from './segment-assembler.js';
import { MemorySegmentStore, segmentKey } from './segment-store.js';
import { SegmentWindow } from './segment-window.js';

const STYP = Uint8Array.of(0xaa, 0xbb);
const policy = { timescale: 90_000, partRetentionTicks: 0 };

const head = (sequence: number): SegmentHead => ({
  sequence,
  discontinuity: false,
  discontinuitySequence: 0,
  initVersion: 0,
  startTime: sequence * 180_000,
  programDateTime: 1_700_000_000_000 + sequence * 2000,
});

/** Chunk `index` of a segment: a two-byte header and a view, or one buffer with low latency. */
function chunk(index: number, lowLatency = false): AssembledChunk {
  const data = lowLatency
    ? [Uint8Array.of(index, index, index)]
    : [Uint8Array.of(index), Uint8Array.of(index, index)];
  const part: Part = { index, duration: 45_000, independent: index === 0, byteLength: 3 };
  return { part, data, segmentData: index === 0 ? [STYP, ...data] : data };
}

const segment = (sequence: number, chunks: number): Segment => ({
  ...head(sequence),
  duration: chunks * 45_000,
  parts: Array.from({ length: chunks }, (_v, i) => chunk(i).part),
  byteLength: STYP.byteLength + 3 * chunks,
  bitrate: 1,
});

const windowOf = (options: { store?: MemorySegmentStore; lowLatency?: boolean; liveEdgeSegments?: number }) =>
  new SegmentWindow({
    renditionId: 'v',
    windowMs: 10_000,
    graceSegments: 1,
    liveEdgeSegments: options.liveEdgeSegments ?? 0,
    store: options.store,
    lowLatency: options.lowLatency ?? false,
  });

describe('SegmentWindow', () => {
  it('with a store appends each chunk at once, holds none of it, and lists the segment once finished', async () => {
    const store = new MemorySegmentStore();
    const w = windowOf({ store });
    w.appendChunk(head(4), chunk(0));
    w.appendChunk(head(4), chunk(1));
    expect(store.openCount).toBe(1);
    expect(await store.get(segmentKey('v', 4))).toBeUndefined();
    expect(w.memoryBytes()).toBe(0);
    expect(w.listed()).toEqual([]);
    expect(w.pending).toBeUndefined();
    w.add(segment(4, 2), policy);
    expect(w.listed().map((s) => s.sequence)).toEqual([4]);
    expect(w.chunks(4)).toBeUndefined();
    expect([...concatChunks((await w.load(4)) ?? [])]).toEqual([0xaa, 0xbb, 0, 0, 0, 1, 1, 1]);
    // A part is a byte range of the stored segment.
    expect([...((await w.loadPart(4, 1)) ?? [])]).toEqual([1, 1, 1]);
    expect(store.openCount).toBe(0);
  });

  it('without a store keeps every chunk of the open and the finished segments in memory', () => {
    const w = windowOf({});
    w.appendChunk(head(0), chunk(0));
    expect(w.memoryBytes()).toBe(5);
    w.appendChunk(head(0), chunk(1));
    w.add(segment(0, 2), policy);
    expect([...concatChunks(w.chunks(0) ?? [])]).toEqual([0xaa, 0xbb, 0, 0, 0, 1, 1, 1]);
    expect(w.memoryBytes()).toBe(8);
  });

  it('with a live edge keeps the newest segments in memory besides the store', async () => {
    const store = new MemorySegmentStore();
    const w = windowOf({ store, liveEdgeSegments: 1 });
    for (const sequence of [0, 1]) {
      w.appendChunk(head(sequence), chunk(0));
      w.add(segment(sequence, 1), policy);
    }
    expect(w.chunks(0)).toBeUndefined();
    expect(w.chunks(1)).toBeDefined();
    expect(w.memoryBytes()).toBe(5);
    expect(store.keys()).toEqual(['v/0.m4s', 'v/1.m4s']);
  });

  it('with low latency lists each chunk as a pending part, counted once in memory', async () => {
    const store = new MemorySegmentStore();
    const w = windowOf({ store, lowLatency: true });
    w.appendChunk(head(2), chunk(0, true));
    expect(w.pending?.parts.map((p) => p.index)).toEqual([0]);
    w.appendChunk(head(2), chunk(1, true));
    expect(w.pending?.sequence).toBe(2);
    expect(w.pending?.parts.map((p) => p.index)).toEqual([0, 1]);
    expect([...(w.part(2, 1) ?? [])]).toEqual([1, 1, 1]);
    expect(w.memoryBytes()).toBe(STYP.byteLength + 6);
    w.add(segment(2, 2), { timescale: 90_000, partRetentionTicks: 3 * 180_000 });
    expect(w.pending).toBeUndefined();
    expect([...(w.part(2, 0) ?? [])]).toEqual([0, 0, 0]);
    expect(w.memoryBytes()).toBe(STYP.byteLength + 6);
    expect([...concatChunks((await store.get(segmentKey('v', 2))) ?? [])]).toEqual([
      0xaa, 0xbb, 0, 0, 0, 1, 1, 1,
    ]);
  });

  it('clear and a segment given up cancel the open segment in the store', () => {
    const store = new MemorySegmentStore();
    const w = windowOf({ store });
    w.appendChunk(head(0), chunk(0));
    // The next segment's first chunk without a finish: the unfinished one is never listed.
    w.appendChunk(head(1), chunk(0));
    expect(store.openCount).toBe(1);
    w.clear();
    expect(store.openCount).toBe(0);
    expect(store.size).toBe(0);
  });
});
