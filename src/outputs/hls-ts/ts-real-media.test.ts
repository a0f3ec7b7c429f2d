import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { avcFixture } from '../../../test/support/fixtures.js';
import { encodeFlvFile, generateHevcAacSource, hevcFlvTags } from '../../../test/support/hevc-flv.js';
import { ffmpegPath, ffprobePath } from '../../../test/support/media-tools.js';
import type { VideoCodecConfig } from '../../codecs/codec-config.js';
import { H264NaluType } from '../../codecs/h264/h264-nalu-type.js';
import { HevcNaluType } from '../../codecs/hevc/hevc-nalu-type.js';
import { splitLengthPrefixed } from '../../codecs/nal/length-prefixed.js';
import { hexOf } from '../../lib/bytes/test-support/hex.js';
import { type FlvMedia, readFlvMedia } from '../../packager/test-support/flv-media.js';
import { PackagerPipeline } from '../../packager/test-support/packager-pipeline.js';
import { wallClockMs } from '../wall-clock.js';
import { loadTrack, muxListed, type MuxedTsSegment } from './test-support/pipeline-ts.js';
import { publishedSamples, tsFrames } from './test-support/ts-media-checks.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { wallToTicks } from './ts-clock.js';
import { muxTsSegment } from './ts-mux.js';
import { planTsSegment } from './ts-plan.js';
import { buildTsMediaPlaylist, buildTsMultivariantPlaylist } from './ts-playlists.js';

/**
 * Real media through the real chain: an ffmpeg-made FLV (H.264 with B-frames, or HEVC from Inlet's own
 * FLV writer, both with AAC) → timeline → fragmenter → CMAF packager → TS muxer; read back with the TS
 * reader, and played by the bundled ffmpeg and ffprobe through the TS playlists.
 */

interface Source {
  readonly name: string;
  readonly codec: 'h264' | 'hevc';
  readonly streamType: number;
  /** Discontinuity runs the stream has. */
  readonly runs: number;
  load(): Promise<FlvMedia>;
  /** Pushes the media (default: once, then the end of the stream). */
  feed?(p: PackagerPipeline, media: FlvMedia): void;
}

const avc = async (): Promise<FlvMedia> =>
  readFlvMedia(new Uint8Array(readFileSync(await avcFixture({ seconds: 9 }))));

const sources: readonly Source[] = [
  { name: 'H.264', codec: 'h264', streamType: 0x1b, runs: 1, load: avc },
  {
    name: 'H.264 with a reconnect',
    codec: 'h264',
    streamType: 0x1b,
    runs: 2,
    load: avc,
    // The encoder reconnects 3.5 s of wall clock later and its timestamps start again from 0.
    feed(p, media) {
      p.push(media.units);
      p.restart();
      p.wallOffset = 9_000 + 3_500;
      p.push(media.units);
      p.end(true);
    },
  },
  {
    name: 'HEVC',
    codec: 'hevc',
    streamType: 0x24,
    runs: 1,
    load: async () => {
      const source = await generateHevcAacSource({ durationSeconds: 7 });
      return readFlvMedia(encodeFlvFile(hevcFlvTags(source, 'enhanced')));
    },
  },
];

const root = mkdtempSync(join(tmpdir(), 'inlet-hls-ts-'));
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

function run(
  command: string,
  args: readonly string[],
): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe.each(sources)('$name + AAC from CMAF to TS segments', (source) => {
  let media: FlvMedia;
  let p: PackagerPipeline;
  const muxed = new Map<number, MuxedTsSegment[]>();

  beforeAll(async () => {
    media = await source.load();
    const { video, audio } = media;
    if (video === undefined || audio === undefined) {
      throw new Error('the fixture lost a track');
    }
    p = new PackagerPipeline({ video, audio, fps: media.frameRate ?? 25 });
    if (source.feed === undefined) {
      p.push(media.units);
      p.end(true);
    } else {
      source.feed(p, media);
    }
    for (const n of [1, 2, 3]) {
      muxed.set(n, muxListed(p.packager, p.packager.presentation(), 'video', { fragmentsPerSegment: n }));
    }
  }, 120_000);

  const segmentsOf = (n: number): MuxedTsSegment[] => muxed.get(n) ?? [];

  it.each([1, 2, 3])(
    'N=%i: groups the CMAF segments, numbered floor(sequence / N), none across a run',
    (n) => {
      const cmaf = p.published('video').map((s) => s.segment);
      const segments = segmentsOf(n);
      // CMAF segments of several chunks (moof + mdat each), read as one run of samples.
      expect(cmaf.some((s) => s.parts.length > 1)).toBe(true);
      expect(cmaf.filter((s) => s.discontinuity).length).toBe(source.runs - 1);
      expect(segments.map((m) => m.entry.sequence)).toEqual(segments.map((_, i) => i));
      // Every CMAF segment is in exactly one TS segment, in order (no block here holds two discontinuities).
      expect(segments.flatMap((m) => m.entry.segments.map((s) => s.sequence))).toEqual(
        cmaf.map((s) => s.sequence),
      );
      for (const m of segments) {
        const [head, ...rest] = m.entry.segments;
        expect(rest.some((s) => s.discontinuity)).toBe(false);
        // A TS segment opens at a block start or with the tail of the block before, cut at a discontinuity.
        expect(m.entry.sequence).toBe(Math.ceil(head!.sequence / n));
        const frames = tsFrames(m.bytes);
        expect(frames.streamTypes).toEqual([source.streamType, 0x0f]);
        expect(frames.pcrPid).toBe(0x100);
        expect(frames.video[0]?.randomAccess).toBe(true);
      }
    },
  );

  it.each([1, 2, 3])('N=%i: every CMAF video frame appears once, at its PTS and DTS, in Annex B', (n) => {
    const frames = segmentsOf(n).flatMap((m) => tsFrames(m.bytes).video);
    const expected = publishedSamples(p, 'video');
    const released = p.released.get('video') ?? [];
    expect(frames.length).toBe(expected.length);
    expect(frames.length).toBe(released.length);
    const config = media.video?.config as VideoCodecConfig;
    const hevc = source.codec === 'hevc';
    const typeOf = (nal: Uint8Array): number => (hevc ? ((nal[0] ?? 0) >> 1) & 0x3f : (nal[0] ?? 0) & 0x1f);
    const aud = hevc ? HevcNaluType.accessUnitDelimiter : H264NaluType.accessUnitDelimiter;
    const parameterSets = hevc ? [32, 33, 34] : [7, 8];
    frames.forEach((frame, i) => {
      const { sample } = expected[i]!;
      const unit = released[i]!;
      expect([frame.dts, frame.pts, frame.randomAccess]).toEqual([
        sample.dts,
        sample.dts + sample.compositionOffset,
        sample.keyframe,
      ]);
      // Video ticks are the ingest milliseconds × 90 exactly.
      expect([frame.dts, frame.pts]).toEqual([unit.dts * 90, unit.pts * 90]);
      expect(typeOf(frame.nalus[0]!)).toBe(aud);
      const kept = frame.nalus.slice(1).filter((nal, k) => !(sample.keyframe && k < parameterSets.length));
      expect(kept.map(hexOf)).toEqual(splitLengthPrefixed(sample.data, config.nalLengthSize).map(hexOf));
      if (sample.keyframe) {
        expect(frame.nalus.slice(1, 1 + parameterSets.length).map(typeOf)).toEqual(parameterSets);
      }
    });
  });

  it.each([1, 2, 3])(
    'N=%i: every audio frame appears once, in the segment whose span holds it, within 1 ms',
    (n) => {
      const segments = segmentsOf(n);
      const audioSamples = publishedSamples(p, 'audio');
      const released = p.released.get('audio') ?? [];
      expect(audioSamples.length).toBe(released.length);
      const wall = audioSamples.map((s) => wallClockMs(s.anchor, s.sample.dts, s.timescale));
      const taken = new Set<number>();
      segments.forEach((m, g) => {
        const next = segments[g + 1];
        if (next !== undefined && !next.entry.discontinuity) {
          expect(next.entry.startWall).toBe(m.entry.endWall); // the spans of a run tile the wall clock
        }
        const expected = wall.flatMap((w, i) => (w >= m.entry.startWall && w < m.entry.endWall ? [i] : []));
        const frames = tsFrames(m.bytes);
        expect(frames.audio.length).toBe(expected.length);
        for (const pes of frames.audioPes) {
          expect(pes.frames).toBeLessThanOrEqual(5);
          expect(pes.frames * 1920).toBeLessThanOrEqual(9000);
        }
        frames.audio.forEach((frame, k) => {
          const i = expected[k]!;
          expect(taken.has(i)).toBe(false);
          taken.add(i);
          expect(Buffer.from(frame.payload).equals(Buffer.from(audioSamples[i]!.sample.data))).toBe(true);
          expect([
            frame.header.audioObjectType,
            frame.header.sampleRate,
            frame.header.channelConfiguration,
          ]).toEqual([2, 48_000, 2]);
          const onVideoClock = wallToTicks(m.entry.anchor, wall[i]!, 90_000);
          expect(Math.abs(frame.pts - onVideoClock)).toBeLessThanOrEqual(1);
          // Video ticks are ingest ms × 90, so audio sits within 1 ms of its own ingest time.
          expect(Math.abs(frame.pts - released[i]!.dts * 90)).toBeLessThanOrEqual(90);
        });
      });
      // Left out: audio before a run's first picture or after its last video frame, a few frames.
      expect(audioSamples.length - taken.size).toBeLessThanOrEqual(6 * source.runs);
      expect(taken.has(0)).toBe(true);
    },
  );

  it.each([1, 2])('N=%i: ffmpeg plays the TS playlists without an error, ffprobe counts every frame', (n) => {
    const dir = join(root, `${source.codec}-${n}`);
    mkdirSync(join(dir, 'video'), { recursive: true });
    const presentation = p.packager.presentation();
    const options = { version: 4, fragmentsPerSegment: n } as const;
    writeFileSync(join(dir, 'index.m3u8'), buildTsMultivariantPlaylist(presentation, options));
    writeFileSync(join(dir, 'video', 'ts.m3u8'), buildTsMediaPlaylist(presentation, 'video', options) ?? '');
    for (const m of segmentsOf(n)) {
      writeFileSync(join(dir, 'video', `${m.entry.sequence}.ts`), m.bytes);
    }
    const playlist = readFileSync(join(dir, 'video', 'ts.m3u8'), 'utf8');
    expect(playlist.split('\n').filter((l) => l === '#EXT-X-DISCONTINUITY').length).toBe(source.runs - 1);
    expect(playlist.split('\n').filter((l) => l.startsWith('#EXT-X-PROGRAM-DATE-TIME')).length).toBe(
      source.runs,
    );
    const played = run(ffmpegPath(), [
      '-v',
      'error',
      '-i',
      join(dir, 'index.m3u8'),
      '-map',
      '0',
      '-f',
      'null',
      '-',
    ]);
    expect(played.stderr).toBe('');
    expect(played.status).toBe(0);
    const probed = run(ffprobePath(), [
      ...['-v', 'error', '-count_frames', '-show_streams', '-of', 'json'],
      join(dir, 'video', 'ts.m3u8'),
    ]);
    expect(probed.stderr).toBe('');
    const streams = (JSON.parse(probed.stdout) as { streams: Record<string, unknown>[] }).streams;
    const videoFrames = segmentsOf(n).reduce((sum, m) => sum + tsFrames(m.bytes).video.length, 0);
    const audioFrames = segmentsOf(n).reduce((sum, m) => sum + tsFrames(m.bytes).audio.length, 0);
    expect(streams.map((s) => [s['codec_type'], s['codec_name'], s['nb_read_frames']])).toEqual([
      ['video', source.codec, String(videoFrames)],
      ['audio', 'aac', String(audioFrames)],
    ]);
    expect([streams[0]?.['width'], streams[0]?.['height']]).toEqual([
      media.video?.config.kind === 'video' ? media.video.config.width : 0,
      media.video?.config.kind === 'video' ? media.video.config.height : 0,
    ]);
    // Packet times as ffprobe reads them through the playlist are the ones written.
    const packets = run(ffprobePath(), [
      ...['-v', 'error', '-select_streams', 'v:0', '-show_entries', 'packet=pts,dts', '-of', 'json'],
      join(dir, 'video', 'ts.m3u8'),
    ]);
    const read = (JSON.parse(packets.stdout) as { packets: { pts: number; dts: number }[] }).packets;
    expect(read.map((x) => [x.pts, x.dts])).toEqual(
      segmentsOf(n).flatMap((m) => tsFrames(m.bytes).video.map((f) => [f.pts, f.dts])),
    );
  });

  it('decodes a TS segment from the middle on its own (parameter sets in-band)', () => {
    const middle = segmentsOf(1)[1]!;
    const file = join(root, `${source.codec}-middle.ts`);
    writeFileSync(file, middle.bytes);
    const decoded = run(ffmpegPath(), ['-v', 'error', '-i', file, '-f', 'null', '-']);
    expect(decoded.stderr).toBe('');
    expect(decoded.status).toBe(0);
  });
});

describe('audio-only AAC from CMAF to TS segments', () => {
  let p: PackagerPipeline;
  let segments: MuxedTsSegment[];

  beforeAll(async () => {
    const media = readFlvMedia(new Uint8Array(readFileSync(await avcFixture({ seconds: 7, video: false }))));
    if (media.audio === undefined) {
      throw new Error('the fixture has no audio');
    }
    p = new PackagerPipeline({ audio: media.audio });
    p.push(media.units);
    p.end(true);
    segments = muxListed(p.packager, p.packager.presentation(), 'audio', { fragmentsPerSegment: 2 });
  }, 120_000);

  it('muxes every audio frame once, at its own ticks on the 90 kHz clock, the PCR on audio', () => {
    const expected = publishedSamples(p, 'audio');
    const frames = segments.flatMap((m) => {
      const read = tsFrames(m.bytes);
      expect(read.streamTypes).toEqual([0x0f]);
      expect(read.pcrPid).toBe(0x101);
      return read.audio;
    });
    expect(frames.length).toBe(expected.length);
    frames.forEach((f, i) => {
      const { sample } = expected[i]!;
      expect(Math.abs(f.pts - (sample.dts * 90_000) / 48_000)).toBeLessThanOrEqual(1);
      expect(Buffer.from(f.payload).equals(Buffer.from(sample.data))).toBe(true);
    });
  });

  it('plays through the playlist with ffmpeg', () => {
    const dir = join(root, 'audio-only');
    mkdirSync(join(dir, 'audio'), { recursive: true });
    const presentation = p.packager.presentation();
    const options = { version: 3, fragmentsPerSegment: 2 } as const;
    writeFileSync(join(dir, 'index.m3u8'), buildTsMultivariantPlaylist(presentation, options));
    writeFileSync(join(dir, 'audio', 'ts.m3u8'), buildTsMediaPlaylist(presentation, 'audio', options) ?? '');
    for (const m of segments) {
      writeFileSync(join(dir, 'audio', `${m.entry.sequence}.ts`), m.bytes);
    }
    const played = run(ffmpegPath(), ['-v', 'error', '-i', join(dir, 'index.m3u8'), '-f', 'null', '-']);
    expect(played.stderr).toBe('');
    expect(played.status).toBe(0);
  });
});

describe('muxTsSegment with media that does not fit the plan', () => {
  let p: PackagerPipeline;

  beforeAll(async () => {
    const media = await avc();
    p = new PackagerPipeline({ video: media.video!, audio: media.audio!, fps: media.frameRate ?? 30 });
    p.push(media.units);
    p.end(true);
  }, 120_000);

  const plan = () => planTsSegment(p.packager.presentation(), 'video', 1)!;

  it('throws when a planned segment or init segment was not loaded', () => {
    const video = loadTrack(p.packager, plan().video!);
    const audio = loadTrack(p.packager, plan().audio!);
    expect(() => muxTsSegment(plan(), { video: { ...video, segments: [] }, audio })).toThrow(
      /1 cmaf segments planned, 0 loaded/,
    );
    expect(() => muxTsSegment(plan(), { video: { ...video, init: new Map() }, audio })).toThrow(
      /init segment 0 was not loaded/,
    );
    expect(() => muxTsSegment(plan(), { video })).toThrow(/planned, 0 loaded/);
  });

  it('throws when the bytes are another segment or another codec', () => {
    const video = loadTrack(p.packager, plan().video!);
    const audio = loadTrack(p.packager, plan().audio!);
    const other = loadTrack(p.packager, planTsSegment(p.packager.presentation(), 'video', 2)!.video!);
    expect(() => muxTsSegment(plan(), { video: other, audio })).toThrow(
      /starts at 360000, its window entry at 180000/,
    );
    expect(() => muxTsSegment(plan(), { video: { ...video, init: audio.init }, audio })).toThrow(
      MediaFormatError,
    );
  });
});
