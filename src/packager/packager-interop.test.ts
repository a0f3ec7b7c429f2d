import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath, ffprobePath } from '../../test/support/media-tools.js';
import { concatChunks } from '../formats/fmp4/box.js';
import { ffprobePackets, mp4boxSamples } from '../formats/fmp4/test-support/probe-tools.js';
// eslint-disable-next-line inlet/layer-order -- the test checks packager output with the real manifest builders
import { buildMpd } from '../outputs/dash/mpd.js';
// eslint-disable-next-line inlet/layer-order -- as above
import { buildMultivariantPlaylist } from '../outputs/hls/multivariant-playlist.js';
// eslint-disable-next-line inlet/layer-order -- as above
import { buildRenditionPlaylist } from '../outputs/hls/rendition-playlist.js';
// eslint-disable-next-line inlet/layer-order -- as above
import { readMpd } from '../outputs/test-support/mpd-reader.js';
import { readFlvMedia, type FlvMedia } from './test-support/flv-media.js';
import { PackagerPipeline, type ReleasedUnit } from './test-support/packager-pipeline.js';

/** Real tools: ffmpeg makes an H.264 (B-frames) + AAC FLV, ffprobe and mp4box.js read what the packager wrote. */

const SECONDS = 9;
const dir = mkdtempSync(join(tmpdir(), 'inlet-packager-'));
const input = join(dir, 'input.flv');

/** The ffmpeg recording as tracks and units, parsed once. */
function recording(): FlvMedia {
  return readFlvMedia(new Uint8Array(readFileSync(input)));
}

beforeAll(() => {
  execFileSync(ffmpegPath(), [
    ...['-hide_banner', '-loglevel', 'error', '-y'],
    ...[
      '-f',
      'lavfi',
      '-i',
      'testsrc=size=640x360:rate=30',
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
    ],
    ...['-t', String(SECONDS), '-c:v', 'libx264', '-preset', 'veryfast', '-profile:v', 'main', '-bf', '2'],
    ...['-g', '60', '-keyint_min', '60', '-sc_threshold', '0', '-pix_fmt', 'yuv420p'],
    ...['-c:a', 'aac', '-b:a', '96k', '-ar', '48000', '-f', 'flv', input],
  ]);
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

function packageMedia(media: FlvMedia, lowLatency: boolean): PackagerPipeline {
  const { video, audio } = media;
  const p = new PackagerPipeline({
    ...(video === undefined ? {} : { video }),
    ...(audio === undefined ? {} : { audio }),
    fps: media.frameRate ?? 30,
    packager: { lowLatency },
  });
  p.push(media.units);
  p.end(true);
  return p;
}

/** Writes init + segments of every rendition as the HTTP layer names them; returns each whole file. */
function writeRenditions(p: PackagerPipeline, root: string): Map<string, Uint8Array> {
  const whole = new Map<string, Uint8Array>();
  for (const id of p.ids) {
    mkdirSync(join(root, id), { recursive: true });
    const init = p.packager.init(id, 0) ?? new Uint8Array();
    writeFileSync(join(root, id, 'init-0.mp4'), init);
    const segments = p.published(id);
    for (const { segment, chunks } of segments) {
      writeFileSync(join(root, id, `${segment.sequence}.m4s`), concatChunks(chunks));
    }
    whole.set(id, concatChunks([init, ...segments.flatMap((s) => s.chunks)]));
  }
  return whole;
}

describe.each([false, true])('real H.264 + AAC through the packager (low latency %s)', (lowLatency) => {
  let media: FlvMedia;
  let p: PackagerPipeline;
  let files: Map<string, Uint8Array>;
  const root = join(dir, lowLatency ? 'll' : 'plain');
  const sentCount = (track: 'video' | 'audio'): number => media.units.filter((u) => u.track === track).length;

  beforeAll(() => {
    media = recording();
    p = packageMedia(media, lowLatency);
    files = writeRenditions(p, root);
  });

  it('cuts 2 s segments on the 2 s GOP and packages every frame', () => {
    const video = p.published('video').map((s) => s.segment);
    expect(video.slice(0, -1).map((s) => s.duration)).toEqual(video.slice(0, -1).map(() => 180_000));
    expect(p.released.get('video')?.length).toBe(sentCount('video'));
    expect(p.released.get('audio')?.length).toBe(sentCount('audio'));
  });

  it('mp4box.js reads the samples with the times and sizes that were sent', () => {
    for (const [id, timescale] of [
      ['video', 90_000],
      ['audio', 48_000],
    ] as const) {
      const read = mp4boxSamples(files.get(id) ?? new Uint8Array(), 1);
      const units = p.released.get(id) ?? [];
      expect(read.isFragmented).toBe(true);
      expect(read.tracks[0]?.timescale).toBe(timescale);
      expect(read.samples.length).toBe(units.length);
      expect(read.samples.map((s) => s.size)).toEqual(units.map((u) => u.size));
      if (id === 'video') {
        expect(read.samples.map((s) => [s.dts, s.cts, s.is_sync])).toEqual(
          units.map((u) => [u.dts * 90, u.pts * 90, u.keyframe]),
        );
        expect(read.samples.slice(0, -1).map((s) => s.duration)).toEqual(steps(units).map((d) => d * 90));
      } else {
        expect(new Set(read.samples.map((s) => s.duration))).toEqual(new Set([1024]));
        read.samples.forEach((s, i) => {
          expect(Math.abs(s.dts - (units[i]?.dts ?? 0) * 48)).toBeLessThanOrEqual(1024);
        });
      }
    }
  });

  it('ffprobe reads the same packets, at the times mp4box.js reads', () => {
    for (const id of ['video', 'audio'] as const) {
      const file = join(root, `${id}.mp4`);
      const bytes = files.get(id) ?? new Uint8Array();
      writeFileSync(file, bytes);
      const packets = ffprobePackets(file);
      const units = p.released.get(id) ?? [];
      expect(packets.length).toBe(units.length);
      expect(packets.map((x) => x.size)).toEqual(units.map((u) => u.size));
      expect(packets.map((x) => x.dts)).toEqual(mp4boxSamples(bytes, 1).samples.map((s) => s.dts));
      // ffprobe leaves the first AAC packet's duration unknown; every known one is a whole frame or step.
      const known = packets.filter((x) => Number.isFinite(x.duration));
      expect(known.length).toBeGreaterThanOrEqual(packets.length - 1);
      if (id === 'audio') {
        expect(new Set(known.map((x) => x.duration))).toEqual(new Set([1024]));
        const last = packets.at(-1);
        const end = p
          .published(id)
          .reduce((n, s) => Math.max(n, s.segment.startTime + s.segment.duration), 0);
        expect((last?.dts ?? 0) + (last?.duration ?? 0)).toBe(end);
      }
    }
  });

  it('ffprobe plays the HLS playlists from disk for about the input duration', () => {
    const presentation = p.packager.presentation();
    writeFileSync(join(root, 'index.m3u8'), buildMultivariantPlaylist(presentation));
    for (const id of p.ids) {
      writeFileSync(join(root, id, 'index.m3u8'), buildRenditionPlaylist(presentation, id) ?? '');
    }
    const mpd = buildMpd(presentation);
    writeFileSync(join(root, 'manifest.mpd'), mpd);
    const probe = spawnSync(
      ffprobePath(),
      [
        '-v',
        'error',
        '-show_entries',
        'format=duration:stream=codec_name',
        '-of',
        'json',
        join(root, 'index.m3u8'),
      ],
      { encoding: 'utf8' },
    );
    expect(probe.stderr).toBe('');
    expect(probe.status).toBe(0);
    const probed = JSON.parse(probe.stdout) as {
      format: { duration: string };
      streams: { codec_name: string }[];
    };
    expect(probed.streams.map((s) => s.codec_name).sort()).toEqual(['aac', 'h264']);
    expect(Math.abs(Number(probed.format.duration) - SECONDS)).toBeLessThanOrEqual(2);
    const periods = readMpd(mpd).periods;
    const video = periods[0]?.representations.find((r) => r.id === 'video');
    expect(video?.segments.map((s) => [s.t, s.d])).toEqual(
      p.published('video').map((s) => [s.segment.startTime, s.segment.duration]),
    );
  });
});

/** DTS steps of consecutive units, ms. */
function steps(units: readonly ReleasedUnit[]): number[] {
  return units.slice(1).map((u, i) => u.dts - (units[i]?.dts ?? 0));
}
