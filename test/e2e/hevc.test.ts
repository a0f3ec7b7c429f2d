import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseAudioSpecificConfig } from '../../src/codecs/aac/audio-specific-config.js';
import { parseHvcc } from '../../src/codecs/hevc/hvcc.js';
import { readMpd } from '../../src/outputs/test-support/mpd-reader.js';
import { replayFlv } from '../support/flv-replay.js';
import {
  encodeFlvFile,
  generateHevcAacSource,
  hevcFlvTags,
  type HevcAacSource,
} from '../support/hevc-flv.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import {
  fetchRendition,
  fetchText,
  ffprobeFrames,
  ffprobeUrl,
  readSamples,
  type ProbeResult,
  type RenditionMedia,
} from '../support/preview-media.js';
import { runProcess, type ProcessResult } from '../support/run-process.js';
import { expectSentSamples, sentCountsPerSegment, type SentFrame } from '../support/sample-checks.js';

/** Enhanced RTMP (`hvc1` FourCC, ExVideoTagHeader) and the legacy FLV codec id 12 with AVC-style packets. */
const FLAVOURS = ['enhanced', 'legacy'] as const;
type Flavour = (typeof FLAVOURS)[number];
type Kind = 'video' | 'audio';
const STREAM = 'cam1';
/** `generateHevcAacSource` defaults: 6 s at 25 fps with a key frame every 2 s. */
const GOP_FRAMES = 50;
const FRAME_MS = 40;

function streamsOf(p: ProbeResult): { code: number | null; stderr: string; streams: unknown[][] } {
  return {
    code: p.code,
    stderr: p.stderr,
    streams: p.streams
      .map((s) => [s['codec_name'], s['codec_tag_string'], s['width'] ?? s['sample_rate']])
      .sort(),
  };
}

describe.sequential('HEVC + AAC over Enhanced RTMP and legacy codec id 12 → CMAF HLS and DASH', () => {
  let h: InletHarness;
  let dir: string;
  let source: HevcAacSource;
  const sent = new Map<Kind, SentFrame[]>();
  const renditions = new Map<string, RenditionMedia>();
  const pulls = new Map<Flavour, Promise<ProcessResult>>();
  const preview = (flavour: Flavour, path: string): string => h.http(`/preview/${flavour}/${path}`);
  const rendition = (flavour: Flavour, kind: Kind): RenditionMedia => {
    const r = renditions.get(`${flavour}/${kind}`);
    if (r === undefined) {
      throw new Error(`the ${flavour} ${kind} rendition was not downloaded: the publish test failed`);
    }
    return r;
  };
  const frames = (kind: Kind): SentFrame[] => sent.get(kind) ?? [];

  beforeAll(async () => {
    // 640×360 at 25 fps, 2 s closed GOPs with 3 B-frames (libx265), AAC 48 kHz stereo, 6 s.
    source = await generateHevcAacSource();
    sent.set(
      'video',
      source.video.map((u) => ({
        dts: u.dts,
        cts: u.pts - u.dts,
        keyframe: u.keyframe,
        size: u.data.byteLength,
      })),
    );
    sent.set(
      'audio',
      source.audio.map((f) => ({ dts: f.dts, cts: 0, keyframe: true, size: f.data.byteLength })),
    );
    dir = mkdtempSync(join(tmpdir(), 'inlet-e2e-hevc-'));
    for (const flavour of FLAVOURS) {
      writeFileSync(join(dir, `${flavour}.flv`), encodeFlvFile(hevcFlvTags(source, flavour)));
    }
    h = await startInlet({ configFile: { liveEvents: FLAVOURS.map((name) => ({ name, autoStart: true })) } });
  }, 60_000);

  afterAll(async () => {
    await Promise.all(pulls.values());
    await h?.close();
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('publishes both flavours in real time with the RtmpPublisher, each to its own live event', async () => {
    const results = await Promise.all(
      FLAVOURS.map((flavour) =>
        replayFlv({ url: h.ingestUrl(flavour), streamName: STREAM, file: join(dir, `${flavour}.flv`) }),
      ),
    );
    for (const [i, flavour] of FLAVOURS.entries()) {
      // Every coded picture and AAC frame went out, after the two sequence headers.
      expect(results[i]?.sent).toMatchObject({
        videoTags: source.video.length + 1,
        audioTags: source.audio.length + 1,
      });
      await h.until(
        async () => (await fetch(preview(flavour, 'index.m3u8'))).status === 200,
        10_000,
        `the ${flavour} preview`,
      );
      for (const kind of ['video', 'audio'] as const) {
        const url = preview(flavour, `${STREAM}-${kind}/index.m3u8`);
        renditions.set(`${flavour}/${kind}`, await fetchRendition(url));
      }
      // ffmpeg pulls the whole window (live_start_index 0) in the background while the checks run. The
      // playlist stays live after the encoder leaves, so the pull ends after a reload that brings no new
      // segment (max_reload 1).
      pulls.set(
        flavour,
        runProcess(
          ffmpegPath(),
          [
            ...['-hide_banner', '-loglevel', 'error', '-live_start_index', '0', '-max_reload', '1'],
            ...['-i', preview(flavour, 'index.m3u8'), '-c', 'copy', '-y', join(dir, `${flavour}-pulled.mp4`)],
          ],
          60_000,
        ),
      );
    }
  }, 30_000);

  for (const flavour of FLAVOURS) {
    it(`${flavour}: the playlists and the MPD carry the hvc1 codec string of the stream's hvcC`, async () => {
      const hevc = parseHvcc(source.hvcc).codecString;
      const aac = parseAudioSpecificConfig(source.asc).codecString;
      expect(hevc).toMatch(/^hvc1\.1\.6\.L\d+\.90$/);
      const multivariant = await fetchText(preview(flavour, 'index.m3u8'));
      expect(multivariant).toContain(`CODECS="${hevc},${aac}"`);
      expect(multivariant).toContain(`RESOLUTION=${source.width}x${source.height}`);
      const mpd = readMpd(await fetchText(preview(flavour, 'index.mpd')));
      const reps = mpd.periods.flatMap((p) => p.representations);
      expect(reps.map((r) => [r.id, r.attributes['codecs']]).sort()).toEqual([
        [`${STREAM}-audio`, aac],
        [`${STREAM}-video`, hevc],
      ]);
      expect(readSamples(rendition(flavour, 'video').init, []).codec).toBe(hevc);
    });

    it(`${flavour}: mp4box reads every sent picture and AAC frame with its times, key frame and size`, () => {
      const v = rendition(flavour, 'video');
      const a = rendition(flavour, 'audio');
      const videoRead = readSamples(v.init, v.segments);
      expect(videoRead.timescale).toBe(90_000);
      expectSentSamples(videoRead, frames('video'), 'video');
      expectSentSamples(readSamples(a.init, a.segments), frames('audio'), 'audio');
      // Three 2 s segments, each one closed GOP opening with its key frame.
      const origin = {
        seconds: (videoRead.samples[0]?.dts ?? NaN) / 90_000,
        ms: frames('video')[0]?.dts ?? 0,
      };
      const videoAlone = v.segments.map((s) => readSamples(v.init, [s]));
      expect(videoAlone.map((s) => [s.samples.length, s.samples[0]?.is_sync])).toEqual([
        [GOP_FRAMES, true],
        [GOP_FRAMES, true],
        [GOP_FRAMES, true],
      ]);
      expect(videoAlone.map((s) => s.samples.length)).toEqual(
        sentCountsPerSegment(videoAlone, frames('video'), origin),
      );
      const audioAlone = a.segments.map((s) => readSamples(a.init, [s]));
      expect(audioAlone.map((s) => s.samples.length)).toEqual(
        sentCountsPerSegment(audioAlone, frames('audio'), origin),
      );
    });

    it(`${flavour}: ffprobe reads every playlist and the MPD and decodes every frame of the segments`, async () => {
      const show = ['-show_streams'];
      const [multivariant, videoPlaylist, audioPlaylist, dash] = await Promise.all([
        ffprobeUrl(preview(flavour, 'index.m3u8'), show),
        ffprobeUrl(preview(flavour, `${STREAM}-video/index.m3u8`), show),
        ffprobeUrl(preview(flavour, `${STREAM}-audio/index.m3u8`), show),
        ffprobeUrl(preview(flavour, 'index.mpd'), show),
      ]);
      const hevc = ['hevc', 'hvc1', source.width];
      const aac = ['aac', 'mp4a', '48000'];
      expect(streamsOf(multivariant)).toEqual({ code: 0, stderr: '', streams: [aac, hevc] });
      expect(streamsOf(videoPlaylist)).toEqual({ code: 0, stderr: '', streams: [hevc] });
      expect(streamsOf(audioPlaylist)).toEqual({ code: 0, stderr: '', streams: [aac] });
      expect(streamsOf(dash)).toEqual({ code: 0, stderr: '', streams: [aac, hevc] });
      // The served bytes (init + every segment) decode without a message: every picture at the
      // presentation time it was sent with, three key frames, every AAC frame.
      for (const kind of ['video', 'audio'] as const) {
        const r = rendition(flavour, kind);
        const file = join(dir, `${flavour}-${kind}.mp4`);
        writeFileSync(file, Buffer.concat([r.init, ...r.segments]));
        const decoded = await ffprobeFrames(file);
        expect({ code: decoded.code, stderr: decoded.stderr }).toEqual({ code: 0, stderr: '' });
        if (kind === 'video') {
          const first = decoded.frames[0]?.pts ?? NaN;
          const firstSent = Math.min(...source.video.map((u) => u.pts));
          expect(decoded.frames.map((f) => ((f.pts - first) * 1000) / 90_000)).toEqual(
            source.video.map((u) => u.pts - firstSent).sort((x, y) => x - y),
          );
          expect(decoded.frames.filter((f) => f.keyframe)).toHaveLength(3);
        } else {
          expect(decoded.frames).toHaveLength(source.audio.length);
        }
      }
    });

    it(`${flavour}: ffmpeg pulls the HLS into an MP4 as long as the push (within one segment) with every frame`, async () => {
      const pulled = await pulls.get(flavour);
      expect({ code: pulled?.code, stderr: pulled?.stderr }).toEqual({ code: 0, stderr: '' });
      const probe = await ffprobeUrl(join(dir, `${flavour}-pulled.mp4`), ['-show_streams', '-show_format']);
      expect(streamsOf(probe)).toEqual({
        code: 0,
        stderr: '',
        streams: [
          ['aac', 'mp4a', '48000'],
          ['hevc', 'hvc1', source.width],
        ],
      });
      const first = source.video[0]?.dts ?? NaN;
      const published = ((source.video.at(-1)?.dts ?? NaN) + FRAME_MS - first) / 1000;
      const segment = rendition(flavour, 'video').playlist.targetDuration;
      expect(Math.abs(Number(probe.format?.['duration']) - published)).toBeLessThanOrEqual(segment);
      const count = (type: string): number =>
        Number(probe.streams.find((s) => s['codec_type'] === type)?.['nb_frames']);
      expect([count('video'), count('audio')]).toEqual([source.video.length, source.audio.length]);
    });
  }
});
