import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { concatChunks } from '../formats/fmp4/box.js';
import type { AccessUnit } from '../media/access-unit.js';
import { DiskSegmentStore } from './disk-segment-store.js';
import { isLowLatency } from './low-latency.js';
import { PresentationPackager } from './presentation-packager.js';
import { PackagerPipeline } from './test-support/packager-pipeline.js';
import { syntheticEncoder } from './test-support/synthetic-encoder.js';
import { aacTrack, h264Track } from './test-support/test-tracks.js';

const root = mkdtempSync(join(tmpdir(), 'inlet-preview-'));
const logger = pino({ level: 'silent' });

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const START = { fragmentStart: true, discontinuity: false };
const NEXT = { fragmentStart: false, discontinuity: false };
const unit = (dts: number, keyframe = false): AccessUnit => ({
  trackId: 'video',
  dts,
  pts: dts,
  keyframe,
  data: new Uint8Array(100),
});

describe('PresentationPackager with a disk store', () => {
  it('keeps the live edge in memory, serves older window segments from disk and deletes what leaves', async () => {
    const dir = mkdtempSync(join(root, 'p-'));
    const store = new DiskSegmentStore({ dir, logger });
    const p = new PackagerPipeline({
      video: h264Track('video'),
      audio: aacTrack('audio'),
      packager: { store, windowMs: 10_000, lowLatency: true },
    });
    p.push(syntheticEncoder({ durationMs: 30_000 }));
    await store.idle();
    const window = p.packager.rendition('video');
    const listed = window?.segments ?? [];
    const oldest = listed[0];
    expect(oldest).toBeDefined();
    // Live edge: the parts of the last three target durations (3 segments of 2 s) stay in memory.
    expect(p.packager.segment('video', oldest?.sequence ?? 0)).toBeUndefined();
    expect(p.packager.segment('video', listed.at(-1)?.sequence ?? 0)).toBeDefined();
    const published = p.published('video').find((s) => s.segment.sequence === oldest?.sequence);
    const loaded = await p.packager.loadSegment('video', oldest?.sequence ?? 0);
    expect(Buffer.from(concatChunks(loaded ?? [])).equals(concatChunks(published?.chunks ?? []))).toBe(true);
    const part = await p.packager.loadPart('video', oldest?.sequence ?? 0, 1);
    const publishedPart = p.parts
      .get('video')
      ?.find((x) => x.sequence === oldest?.sequence && x.part.index === 1);
    expect(Buffer.from(part ?? []).equals(publishedPart?.data ?? new Uint8Array(1))).toBe(true);
    const files = readdirSync(join(dir, 'video'));
    // The listed segments, the grace, and the open segment being appended under its temp name.
    const open = (p.chunks.get('video') ?? []).at(-1)?.sequence ?? -1;
    expect(files.filter((f) => f.endsWith('.m4s')).length).toBe(listed.length + 2);
    expect(files.filter((f) => f.endsWith('.tmp'))).toEqual([`${open}.m4s.tmp`]);
    expect(open).toBe((listed.at(-1)?.sequence ?? 0) + 1);
    expect(files).not.toContain('0.m4s');
    const segmentBytes = Math.max(...listed.map((s) => s.byteLength));
    expect(p.packager.stats().memoryBytes).toBeLessThanOrEqual(2 * 4 * segmentBytes);
    p.packager.close();
    p.packager.close();
    await store.close();
    expect(readdirSync(join(dir, 'video'))).toEqual([]);
  });

  it('without low latency keeps no finished segment in memory: the newest is served from the store', async () => {
    const dir = mkdtempSync(join(root, 'p-'));
    const store = new DiskSegmentStore({ dir, logger });
    const p = new PackagerPipeline({
      video: h264Track('video'),
      audio: aacTrack('audio'),
      packager: { store, windowMs: 10_000, lowLatency: false },
    });
    p.push(syntheticEncoder({ durationMs: 30_000 }));
    const newest = p.packager.rendition('video')?.segments.at(-1);
    expect(newest).toBeDefined();
    expect(p.packager.segment('video', newest?.sequence ?? 0)).toBeUndefined();
    // Still queued for the disk: served from the store's queue, then from the file.
    const published = p.published('video').find((s) => s.segment.sequence === newest?.sequence);
    const early = await p.packager.loadSegment('video', newest?.sequence ?? 0);
    expect(Buffer.from(concatChunks(early ?? [])).equals(concatChunks(published?.chunks ?? []))).toBe(true);
    await store.idle();
    // What is left in memory is the samples of one chunk being built per rendition, at most.
    const largestChunk = (id: string): number =>
      Math.max(...(p.chunks.get(id) ?? []).map((c) => c.chunk.byteLength));
    expect(p.packager.stats().memoryBytes).toBeGreaterThan(0);
    expect(p.packager.stats().memoryBytes).toBeLessThanOrEqual(largestChunk('video') + largestChunk('audio'));
    expect(newest?.parts.length).toBeGreaterThanOrEqual(4);
    const late = await p.packager.loadSegment('video', newest?.sequence ?? 0);
    expect(Buffer.from(concatChunks(late ?? [])).equals(concatChunks(published?.chunks ?? []))).toBe(true);
    p.packager.close();
    await store.close();
  });
});

describe('PresentationPackager', () => {
  it('reports publish time − arrival of the unit that closed a segment', () => {
    let clock = 0;
    const latencies: number[] = [];
    const packager = new PresentationPackager({
      logger,
      lowLatency: false,
      now: () => (clock += 5),
      observer: { onSegment: (_id, _s, info) => latencies.push(info.latencyMs) },
    });
    packager.addRendition({ id: 'cam1-video', track: h264Track('video') });
    for (let i = 0; i < 200; i++) {
      packager.onUnit('cam1-video', unit(i * 33, i % 60 === 0), i % 60 === 0 ? START : NEXT);
    }
    expect(latencies).toEqual([5, 5, 5]);
  });

  it('notifies changes, survives throwing listeners and observers, and unsubscribes', () => {
    const packager = new PresentationPackager({ logger, lowLatency: false });
    packager.addRendition({ id: 'v', track: h264Track('video') });
    const seen: string[] = [];
    const off = packager.onChange((id) => seen.push(id));
    packager.onChange(() => {
      throw new Error('listener bug');
    });
    packager.addObserver({
      onSegment: () => {
        throw new Error('observer bug');
      },
    });
    for (let i = 0; i <= 120; i++) {
      packager.onUnit('v', unit(i * 33, i % 60 === 0), i % 60 === 0 ? START : NEXT);
    }
    expect(seen).toEqual(['v', 'v']);
    expect(packager.stats()).toMatchObject({ segments: 2, listenerErrors: 4 });
    off();
    packager.endOfStream('v');
    expect(seen).toEqual(['v', 'v']);
    expect(packager.stats().segments).toBe(3);
  });

  it('drops units that cannot start a segment or go back in time, and units of unknown renditions', () => {
    const packager = new PresentationPackager({ logger, lowLatency: false });
    packager.addRendition({ id: 'v', track: h264Track('video') });
    packager.onUnit('v', unit(0), NEXT);
    packager.onUnit('v', unit(33, true), NEXT);
    packager.onUnit('v', unit(33), NEXT);
    packager.onUnit('x', unit(66), NEXT);
    packager.endOfStream('v');
    expect(packager.stats().droppedUnits).toBe(3);
    expect(packager.rendition('v')?.segments.map((s) => s.startTime)).toEqual([33 * 90]);
  });

  it('continues the numbering when a rendition is removed and added again', () => {
    const packager = new PresentationPackager({ logger, lowLatency: false });
    const feed = (from: number): void => {
      for (let i = 0; i < 130; i++) {
        packager.onUnit('v', unit(from + i * 33, i % 60 === 0), i % 60 === 0 ? START : NEXT);
      }
      packager.endOfStream('v');
    };
    packager.addRendition({ id: 'v', track: h264Track('video') });
    feed(0);
    packager.remove('v');
    expect(packager.rendition('v')).toBeUndefined();
    packager.addRendition({ id: 'v', track: h264Track('video') });
    feed(10_000);
    const window = packager.rendition('v');
    expect(
      window?.segments.map((s) => [s.sequence, s.discontinuity, s.discontinuitySequence, s.initVersion]),
    ).toEqual([
      [3, true, 1, 1],
      [4, false, 1, 1],
      [5, false, 1, 1],
    ]);
    expect(() => packager.addRendition({ id: 'v', track: h264Track('video') })).toThrow(/already exists/);
    expect(() => packager.addRendition({ id: '../v', track: h264Track('video') })).toThrow(/path-safe/);
  });

  it('ends a rendition: flushed, ended, and later units are dropped', () => {
    const ended: string[] = [];
    const packager = new PresentationPackager({
      logger,
      lowLatency: false,
      observer: { onEnded: (id) => ended.push(id) },
    });
    packager.addRendition({ id: 'v', track: h264Track('video'), frameRate: 30 });
    for (let i = 0; i < 10; i++) {
      packager.onUnit('v', unit(i * 33, i === 0), i === 0 ? START : NEXT);
    }
    packager.endRendition('v');
    packager.endRendition('v');
    packager.onUnit('v', unit(1000, true), START);
    const window = packager.rendition('v');
    expect(window?.ended).toBe(true);
    expect(window?.segments.map((s) => s.duration)).toEqual([9 * 33 * 90 + 33 * 90]);
    expect(ended).toEqual(['v']);
    expect(packager.presentation().renditions[0]).toBe(window);
    expect(packager.presentation()).toBe(packager.presentation());
  });
});

describe('isLowLatency', () => {
  it.each([
    [[], false],
    [['Default'], false],
    [['LowLatency'], true],
    [['Default', 'LowLatencyV2'], true],
  ])('%j → %s', (options, expected) => {
    expect(isLowLatency(options)).toBe(expected);
  });
});
