import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readMpd } from '../../src/outputs/test-support/mpd-reader.js';
import { readFlvMedia, type FlvMedia } from '../../src/packager/test-support/flv-media.js';
import { avcFixture } from '../support/fixtures.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import {
  fetchRendition,
  fetchHttpsBytes,
  fetchText,
  ffprobeUrl,
  parseMediaPlaylist,
  readSamples,
  type ProbeResult,
  type RenditionMedia,
  type TrackSamples,
} from '../support/preview-media.js';
import { runProcess, startProcess, type ProcessResult } from '../support/run-process.js';
import {
  expectSentSamples,
  sentCountsPerSegment,
  sentFrames,
  type SentFrame,
} from '../support/sample-checks.js';

/** 8 s of 320×240 at 30 fps, 1 s closed GOPs with 2 B-frames, AAC 48 kHz: four 2 s segments. */
const FIXTURE = { seconds: 8, gopSeconds: 1 } as const;
const STREAM = 'cam1';
const KINDS = ['video', 'audio'] as const;
type Kind = (typeof KINDS)[number];

function probeSummary(p: ProbeResult): { code: number | null; stderr: string; streams: unknown[][] } {
  return {
    code: p.code,
    stderr: p.stderr,
    streams: p.streams.map((s) => [s['codec_name'], s['width'] ?? s['sample_rate']]).sort(),
  };
}

describe.sequential('CMAF packaging of a live H.264 + AAC push (ffmpeg → Inlet → HLS and DASH)', () => {
  let h: InletHarness;
  let dir: string;
  let fixture: string;
  let media: FlvMedia;
  const sent = new Map<Kind, SentFrame[]>();
  const renditions = new Map<Kind, RenditionMedia>();
  let pull: Promise<ProcessResult> | undefined;
  const preview = (path: string): string => h.http(`/preview/default/${path}`);
  const rendition = (kind: Kind): RenditionMedia => {
    const r = renditions.get(kind);
    if (r === undefined) {
      throw new Error(`the ${kind} rendition was not downloaded: the push test failed`);
    }
    return r;
  };
  const frames = (kind: Kind): SentFrame[] => sent.get(kind) ?? [];
  const segmentsAlone = (r: RenditionMedia): TrackSamples[] =>
    r.segments.map((s) => readSamples(r.init, [s]));

  beforeAll(async () => {
    fixture = await avcFixture(FIXTURE);
    media = readFlvMedia(new Uint8Array(readFileSync(fixture)));
    for (const kind of KINDS) {
      sent.set(kind, sentFrames(media.units.filter((u) => u.track === kind)));
    }
    h = await startInlet();
    dir = mkdtempSync(join(tmpdir(), 'inlet-e2e-packaging-'));
  }, 60_000);

  afterAll(async () => {
    await pull;
    await h?.close();
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('takes a real-time ffmpeg push and serves both renditions once each has its first segment', async () => {
    const push = startProcess(
      ffmpegPath(),
      [
        ...['-hide_banner', '-loglevel', 'error', '-re', '-i', fixture, '-c', 'copy', '-f', 'flv'],
        `${h.ingestUrl('default')}/${STREAM}`,
      ],
      60_000,
    );
    await h.until(
      async () => (await fetch(preview('index.m3u8'))).status === 200,
      15_000,
      'the multivariant playlist',
    );
    // The multivariant playlist appears only when every rendition it lists has a segment.
    for (const kind of KINDS) {
      const first = parseMediaPlaylist(await fetchText(preview(`${STREAM}-${kind}/index.m3u8`)));
      expect(first.segments.length).toBeGreaterThan(0);
    }
    const pushed = await push.done;
    expect({ code: pushed.code, stderr: pushed.stderr }).toEqual({ code: 0, stderr: '' });
    // ffmpeg pulls the whole window (live_start_index 0) in the background while the checks below run.
    // The playlist stays live after the encoder leaves, so the pull ends after a reload that brings no
    // new segment (max_reload 1).
    pull = runProcess(
      ffmpegPath(),
      [
        ...['-hide_banner', '-loglevel', 'error', '-live_start_index', '0', '-max_reload', '1'],
        ...['-i', preview('index.m3u8'), '-c', 'copy', '-y', join(dir, 'pulled.mp4')],
      ],
      60_000,
    );
    for (const kind of KINDS) {
      renditions.set(kind, await fetchRendition(preview(`${STREAM}-${kind}/index.m3u8`)));
    }
  }, 30_000);

  it('packages every sent video frame with its decode time, composition offset, sync flag and size', () => {
    const r = rendition('video');
    const read = readSamples(r.init, r.segments);
    expect([read.codec, read.timescale]).toEqual([media.video?.config.codecString, 90_000]);
    expectSentSamples(read, frames('video'), 'video');
    // The first decode time is the first FLV timestamp on the 90 kHz clock (× 90, exact).
    expect(read.samples[0]?.dts).toBe((frames('video')[0]?.dts ?? NaN) * 90);
  });

  it('packages every sent AAC frame, 1024 samples each, where the FLV puts it relative to the video', () => {
    const r = rendition('audio');
    const read = readSamples(r.init, r.segments);
    const video = readSamples(rendition('video').init, rendition('video').segments);
    expect([read.codec, read.timescale]).toEqual([media.audio?.config.codecString, 48_000]);
    expectSentSamples(read, frames('audio'), 'audio');
    const offset = (read.samples[0]?.dts ?? NaN) / 48_000 - (video.samples[0]?.dts ?? NaN) / 90_000;
    const sentOffset = ((frames('audio')[0]?.dts ?? NaN) - (frames('video')[0]?.dts ?? NaN)) / 1000;
    // Within the millisecond rounding of the FLV timestamp plus one sample of the audio clock.
    expect(Math.abs(offset - sentOffset)).toBeLessThanOrEqual(0.0005 + 1 / 48_000);
  });

  it('cuts 2 s segments on key frames, each holding the frames sent in its span, as its EXTINF says', () => {
    const videoStart = readSamples(rendition('video').init, [rendition('video').segments[0]!]);
    const origin = {
      seconds: (videoStart.samples[0]?.dts ?? NaN) / 90_000,
      ms: frames('video')[0]?.dts ?? 0,
    };
    for (const kind of KINDS) {
      const r = rendition(kind);
      const alone = segmentsAlone(r);
      // An 8 s push with the live event's default 2 s key frame interval.
      expect(r.playlist.segments.map((s) => s.sequence)).toEqual([0, 1, 2, 3]);
      const counts = alone.map((s) => s.samples.length);
      expect(counts).toEqual(sentCountsPerSegment(alone, frames(kind), origin));
      expect(counts.reduce((a, b) => a + b, 0)).toBe(frames(kind).length);
      const seconds = alone.map((s) => s.samples.reduce((a, x) => a + x.duration, 0) / s.timescale);
      r.playlist.segments.forEach((s, i) => expect(s.duration).toBeCloseTo(seconds[i] ?? NaN, 3));
      if (kind === 'video') {
        expect(alone.map((s) => s.samples[0]?.is_sync)).toEqual(alone.map(() => true));
        expect(seconds.slice(0, -1)).toEqual([2, 2, 2]);
      }
    }
  });

  it('describes the same segments in the MPD: numbers, start times and durations', async () => {
    const mpd = readMpd(await fetchText(preview('index.mpd')));
    expect(mpd.periods).toHaveLength(1);
    for (const kind of KINDS) {
      const r = rendition(kind);
      const rep = mpd.periods[0]?.representations.find((x) => x.id === `${STREAM}-${kind}`);
      const pto = rep?.presentationTimeOffset ?? NaN;
      expect(rep?.segments.map((s) => [s.number, s.t - pto, s.d])).toEqual(
        segmentsAlone(r).map((seg, i) => [
          r.playlist.segments[i]?.sequence,
          (seg.samples[0]?.dts ?? NaN) - pto,
          seg.samples.reduce((a, s) => a + s.duration, 0),
        ]),
      );
      expect(rep?.attributes['codecs']).toBe(readSamples(r.init, []).codec);
    }
  });

  it('ffprobe reads the multivariant playlist, both media playlists and the MPD without errors', async () => {
    const show = ['-show_streams'];
    const [multivariant, video, audio, dash] = await Promise.all([
      ffprobeUrl(preview('index.m3u8'), show),
      ffprobeUrl(preview(`${STREAM}-video/index.m3u8`), show),
      ffprobeUrl(preview(`${STREAM}-audio/index.m3u8`), show),
      ffprobeUrl(preview('index.mpd'), show),
    ]);
    const h264 = ['h264', 320];
    const aac = ['aac', '48000'];
    expect(probeSummary(multivariant)).toEqual({ code: 0, stderr: '', streams: [aac, h264] });
    expect(probeSummary(video)).toEqual({ code: 0, stderr: '', streams: [h264] });
    expect(probeSummary(audio)).toEqual({ code: 0, stderr: '', streams: [aac] });
    expect(probeSummary(dash)).toEqual({ code: 0, stderr: '', streams: [aac, h264] });
  });

  it('serves the same manifests and media over HTTPS (trusting the Inlet CA)', async () => {
    const https = (path: string): Promise<Uint8Array> =>
      fetchHttpsBytes(`https://127.0.0.1:${h.httpsPort}/preview/default/${path}`, h.ca);
    const video = rendition('video');
    const text = (b: Uint8Array): string => Buffer.from(b).toString('utf8');
    expect(text(await https(`${STREAM}-video/index.m3u8`))).toBe(video.playlist.text);
    const first = video.playlist.segments[0];
    expect(Buffer.from(await https(`${STREAM}-video/${first?.map ?? ''}`)).equals(video.init)).toBe(true);
    expect(Buffer.from(await https(`${STREAM}-video/${first?.uri ?? ''}`)).equals(video.segments[0]!)).toBe(
      true,
    );
    expect(text(await https('index.m3u8'))).toBe(await fetchText(preview('index.m3u8')));
  });

  it('ffmpeg pulls the HLS into an MP4 as long as the push (within one segment) with every frame', async () => {
    const pulled = await pull;
    expect({ code: pulled?.code, stderr: pulled?.stderr }).toEqual({ code: 0, stderr: '' });
    const probe = await ffprobeUrl(join(dir, 'pulled.mp4'), ['-show_streams', '-show_format']);
    expect(probeSummary(probe)).toEqual({
      code: 0,
      stderr: '',
      streams: [
        ['aac', '48000'],
        ['h264', 320],
      ],
    });
    const video = frames('video');
    const frameMs = 1000 / (media.frameRate ?? 30);
    const published = ((video.at(-1)?.dts ?? NaN) + frameMs - (video[0]?.dts ?? NaN)) / 1000;
    const segment = rendition('video').playlist.targetDuration;
    expect(Math.abs(Number(probe.format?.['duration']) - published)).toBeLessThanOrEqual(segment);
    const count = (type: string): number =>
      Number(probe.streams.find((s) => s['codec_type'] === type)?.['nb_frames']);
    expect([count('video'), count('audio')]).toEqual([video.length, frames('audio').length]);
  });
});
