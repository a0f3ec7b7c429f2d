import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { afterAll, describe, expect, it } from 'vitest';
import { concatChunks } from '../formats/fmp4/box.js';
import { CorruptFileError } from '../lib/fs/corrupt-file-error.js';
import { ArchiveReader } from './archive-reader.js';
import { ArchiveWriter } from './archive-writer.js';
import { PackagerPipeline } from './test-support/packager-pipeline.js';
import { syntheticEncoder } from './test-support/synthetic-encoder.js';
import { aacTrack, h264Track } from './test-support/test-tracks.js';

const root = mkdtempSync(join(tmpdir(), 'inlet-archive-'));
const logger = pino({ level: 'silent' });

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

const pipeline = (): PackagerPipeline =>
  new PackagerPipeline({ video: h264Track('video'), audio: aacTrack('audio') });

async function record(dir: string, seconds: number, archiveWindowMs = 10_000, start = 1000) {
  const p = pipeline();
  const writer = await ArchiveWriter.open({ source: p.packager, dir, archiveWindowMs, logger });
  p.push(syntheticEncoder({ durationMs: seconds * 1000, start }));
  // The packager holds the last unit of the open segment until the stream ends.
  p.end();
  await writer.idle();
  return { p, writer };
}

describe('ArchiveWriter', () => {
  it('archives nothing that begins before the snap time (outputSnapTime), every rendition alike', async () => {
    const dir = mkdtempSync(join(root, 'snap-'));
    const p = pipeline();
    const writer = await ArchiveWriter.open({
      source: p.packager,
      dir,
      archiveWindowMs: 60_000,
      logger,
      snapTimeSeconds: 7,
    });
    p.push(syntheticEncoder({ durationMs: 16_000, start: 1000 }));
    p.end();
    await writer.idle();
    for (const r of writer.window().renditions) {
      const timescale = r.timescale;
      const published = p.published(r.id).map((x) => x.segment);
      const kept = published.filter((x) => x.startTime >= 7 * timescale);
      expect(kept.length, r.id).toBeGreaterThan(0);
      expect(kept.length, r.id).toBeLessThan(published.length);
      expect(
        r.segments.map((x) => x.startTime),
        r.id,
      ).toEqual(kept.map((x) => x.startTime));
      expect(r.segments[0]?.discontinuity, r.id).toBe(false);
    }
    expect(writer.stats().lostSegments).toBe(0);
    await writer.close();
  });

  it('writes each segment chunk by chunk and lists it once whole; a recording starts at the next segment', async () => {
    const dir = mkdtempSync(join(root, 'chunks-'));
    const p = pipeline();
    const units = syntheticEncoder({ durationMs: 9000, start: 1000 });
    p.push(units.filter((u) => u.e < 5000));
    const inside = p.packager.rendition('video')?.segments.at(-1)?.sequence ?? -1;
    const writer = await ArchiveWriter.open({ source: p.packager, dir, archiveWindowMs: 60_000, logger });
    p.push(units.filter((u) => u.e >= 5000));
    await writer.idle();
    const video = writer.window().renditions.find((r) => r.id === 'video');
    const finished = p.published('video').map((x) => x.segment.sequence);
    // The segment open when recording began is left out; every one begun after it is archived.
    expect(video?.segments.map((s) => s.sequence)).toEqual(finished.filter((n) => n > inside + 1));
    expect(video?.segments.length).toBeGreaterThan(0);
    const chunks = p.chunks.get('video') ?? [];
    const open = chunks.at(-1)?.sequence ?? -1;
    expect(finished).not.toContain(open);
    const openBytes = chunks.filter((c) => c.sequence === open).flatMap((c) => c.data);
    expect(openBytes.length).toBeGreaterThan(0);
    // The open segment is on disk so far under its temp name, out of the index.
    expect(
      Buffer.from(readFileSync(join(dir, 'video', `${open}.m4s.tmp`))).equals(concatChunks(openBytes)),
    ).toBe(true);
    expect(await writer.segment('video', open)).toBeUndefined();
    await writer.close();
    expect(readdirSync(join(dir, 'video')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(existsSync(join(dir, 'video', `${open}.m4s`))).toBe(false);
  });

  it('keeps a sliding window: files and index entries of older segments are deleted', async () => {
    const dir = mkdtempSync(join(root, 'a-'));
    const { p, writer } = await record(dir, 30);
    const listed = writer.window().renditions.find((r) => r.id === 'video')?.segments ?? [];
    const listedSeconds = listed.reduce((s, x) => s + x.duration, 0) / 90_000;
    expect(listedSeconds).toBeGreaterThanOrEqual(10);
    expect(listedSeconds).toBeLessThanOrEqual(12);
    const files = readdirSync(join(dir, 'video'));
    const segmentFiles = files.filter((f) => f.endsWith('.m4s')).sort((a, b) => parseInt(a) - parseInt(b));
    expect(segmentFiles).toEqual(listed.map((s) => `${s.sequence}.m4s`));
    expect(files.filter((f) => !f.endsWith('.m4s'))).toEqual(['init-0.mp4']);
    expect(existsSync(join(dir, 'video', '0.m4s'))).toBe(false);
    const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as {
      renditions: { segments: number[][] }[];
    };
    expect(index.renditions.map((r) => r.segments.length)).toEqual(
      writer.window().renditions.map((r) => r.segments.length),
    );
    const last = listed.at(-1);
    const published = p.published('video').find((x) => x.segment.sequence === last?.sequence);
    const stored = await writer.segment('video', last?.sequence ?? -1);
    expect(Buffer.from(concatChunks(stored ?? [])).equals(concatChunks(published?.chunks ?? []))).toBe(true);
    expect(writer.window().renditions.every((r) => !r.ended)).toBe(true);
    await writer.close();
  });

  it('reopens after a restart from its index (an interrupted archive)', async () => {
    const dir = mkdtempSync(join(root, 'a-'));
    const { p, writer } = await record(dir, 12, 60_000);
    await writer.close();
    await writer.close();
    const reader = await ArchiveReader.open(dir);
    expect(reader.interrupted).toBe(true);
    const video = reader.rendition('video');
    expect(video?.ended).toBe(true);
    expect(video?.segments.map((s) => s.sequence)).toEqual(
      p.published('video').map((s) => s.segment.sequence),
    );
    expect(video?.segments.map((s) => s.startTime)).toEqual(
      p.published('video').map((s) => s.segment.startTime),
    );
    expect(video?.codecString).toBe(p.packager.rendition('video')?.codecString);
    expect(reader.rendition('audio')?.language).toBe('eng');
    const first = await reader.segment('video', 0);
    expect(
      Buffer.from(concatChunks(first ?? [])).equals(concatChunks(p.published('video')[0]?.chunks ?? [])),
    ).toBe(true);
    expect(
      Buffer.from((await reader.init('audio', 0)) ?? []).equals(
        p.packager.init('audio', 0) ?? new Uint8Array(),
      ),
    ).toBe(true);
    expect(await reader.segment('video', 999)).toBeUndefined();
  });

  it('finish() ends the presentation, which stays on disk and cannot be recorded into again', async () => {
    const dir = mkdtempSync(join(root, 'a-'));
    const { writer } = await record(dir, 6, 60_000);
    await writer.finish();
    await writer.finish();
    expect(writer.window().renditions.map((r) => r.ended)).toEqual([true, true]);
    const reader = await ArchiveReader.open(dir);
    expect(reader.finished).toBe(true);
    expect(reader.presentation().renditions.map((r) => r.segments.length)).toEqual([3, 3]);
    await expect(
      ArchiveWriter.open({ source: pipeline().packager, dir, archiveWindowMs: 1000, logger }),
    ).rejects.toThrow(/is finished/);
  });

  it('continues the numbering of an interrupted archive with a discontinuity and a new init version', async () => {
    const dir = mkdtempSync(join(root, 'a-'));
    const first = await record(dir, 6, 60_000);
    await first.writer.close();
    const second = await record(dir, 6, 60_000, 50_000);
    await second.writer.close();
    const video = (await ArchiveReader.open(dir)).rendition('video');
    expect(
      video?.segments.map((s) => [s.sequence, s.discontinuity, s.discontinuitySequence, s.initVersion]),
    ).toEqual([
      [0, false, 0, 0],
      [1, false, 0, 0],
      [2, false, 0, 0],
      [3, true, 1, 1],
      [4, false, 1, 1],
      [5, false, 1, 1],
    ]);
    expect(video?.configurations?.map((c) => c.initVersion)).toEqual([0, 1]);
    expect(readdirSync(join(dir, 'video')).filter((f) => f.startsWith('init'))).toEqual([
      'init-0.mp4',
      'init-1.mp4',
    ]);
  });

  it('reports a torn index and leaves the archive as it is', async () => {
    const dir = mkdtempSync(join(root, 'a-'));
    const { writer } = await record(dir, 4, 60_000);
    await writer.close();
    const path = join(dir, 'index.json');
    const torn = readFileSync(path, 'utf8').slice(0, 200);
    writeFileSync(path, torn);
    const source = pipeline().packager;
    await expect(ArchiveWriter.open({ source, dir, archiveWindowMs: 1000, logger })).rejects.toBeInstanceOf(
      CorruptFileError,
    );
    await expect(ArchiveReader.open(dir)).rejects.toBeInstanceOf(CorruptFileError);
    expect(readFileSync(path, 'utf8')).toBe(torn);
    expect(readdirSync(join(dir, 'video'))).toContain('0.m4s');
  });
});
