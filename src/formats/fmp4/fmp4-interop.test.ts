import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../test/support/media-tools.js';
import { concatChunks } from './box.js';
import type { TrackFragmentSample } from './track-fragment.js';
import { writeInitSegment } from './init-segment.js';
import { writeMovieFragment } from './movie-fragment.js';
import { sampleFlags } from './sample-flags.js';
import { writeSegmentHeader } from './segment-header.js';
import { groupAccessUnits } from './test-support/annex-b.js';
import { ffprobePackets, ffprobeStream, mp4boxSamples } from './test-support/probe-tools.js';
import {
  audioSpecificConfig,
  avc1SampleEntry,
  mp4aSampleEntry,
  stripAdts,
} from './test-support/sample-entries.js';

/** Real tools read what the writers produce: ffmpeg makes the media, ffprobe and mp4box.js read it back. */

const VIDEO_TIMESCALE = 90000;
const FRAMES = 50; // 2 s at 25 fps
const GOP = 25; // one IDR per second: each movie fragment starts with a key frame

interface Expected {
  readonly dts: number;
  readonly sample: TrackFragmentSample;
}

/** `twoMovieFragmentFile` is init + (styp, moof, mdat) x 2, the samples split at `split`. */
function twoMovieFragmentFile(
  init: Uint8Array,
  samples: TrackFragmentSample[],
  split: number,
  base: number,
): Uint8Array {
  const first = samples.slice(0, split);
  const second = samples.slice(split);
  const secondBase = base + first.reduce((n, s) => n + s.duration, 0);
  return concatChunks([
    init,
    writeSegmentHeader(),
    ...writeMovieFragment({
      sequenceNumber: 1,
      tracks: [{ trackId: 1, baseMediaDecodeTime: base, samples: first }],
    }),
    writeSegmentHeader(),
    ...writeMovieFragment({
      sequenceNumber: 2,
      tracks: [{ trackId: 1, baseMediaDecodeTime: secondBase, samples: second }],
    }),
  ]);
}

function timeline(samples: TrackFragmentSample[], base: number): Expected[] {
  let dts = base;
  return samples.map((sample) => {
    const e = { dts, sample };
    dts += sample.duration;
    return e;
  });
}

const dir = mkdtempSync(join(tmpdir(), 'inlet-fmp4-'));
const ffmpeg = (...args: string[]): void => {
  execFileSync(ffmpegPath(), ['-hide_banner', '-loglevel', 'error', '-y', ...args], { cwd: dir });
};

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('H.264 init + two movie fragments, read by ffprobe and mp4box.js', () => {
  let samples: TrackFragmentSample[] = [];
  let init: Uint8Array = new Uint8Array(0);

  beforeAll(() => {
    // A reference MP4 for the timestamps (B-frames: decode order differs from presentation order), then
    // the same packets as an Annex B stream with an access unit delimiter before every access unit.
    ffmpeg(
      ...['-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25`, '-frames:v', String(FRAMES)],
      ...['-c:v', 'libx264', '-profile:v', 'main', '-pix_fmt', 'yuv420p', '-bf', '2'],
      ...['-g', String(GOP), '-keyint_min', String(GOP), '-sc_threshold', '0', '-x264-params', 'aud=1'],
      ...['-video_track_timescale', String(VIDEO_TIMESCALE), 'ref.mp4'],
    );
    ffmpeg('-i', 'ref.mp4', '-c', 'copy', '-bsf:v', 'h264_mp4toannexb', '-f', 'h264', 'video.h264');
    const reference = ffprobePackets(join(dir, 'ref.mp4'));
    const stream = groupAccessUnits(readFileSync(join(dir, 'video.h264')));
    expect(stream.accessUnits.length).toBe(reference.length);
    samples = stream.accessUnits.map((au, i) => {
      const ref = reference[i];
      const next = reference[i + 1];
      if (ref === undefined) {
        throw new Error(`no reference packet ${i}`);
      }
      expect(au.keyframe).toBe(ref.keyframe);
      return {
        duration: next === undefined ? ref.duration : next.dts - ref.dts,
        size: au.data.length,
        flags: sampleFlags({ keyframe: au.keyframe }),
        compositionOffset: ref.pts - ref.dts,
        data: au.data,
      };
    });
    init = writeInitSegment({
      tracks: [
        {
          trackId: 1,
          kind: 'video',
          timescale: VIDEO_TIMESCALE,
          sampleEntry: avc1SampleEntry(stream.sps, stream.pps, 320, 240),
          width: 320,
          height: 240,
        },
      ],
    });
  });

  it('has B-frames, so composition offsets differ between samples', () => {
    expect(samples).toHaveLength(FRAMES);
    expect(new Set(samples.map((s) => s.compositionOffset)).size).toBeGreaterThan(1);
  });

  it('ffprobe reports every frame with its pts, dts, duration, size and key flag, and ffmpeg decodes it', () => {
    const file = join(dir, 'video.mp4');
    writeFileSync(file, twoMovieFragmentFile(init, samples, GOP, 0));
    const stream = ffprobeStream(file);
    expect([stream['codec_name'], stream['width'], stream['height'], stream['time_base']]).toEqual([
      'h264',
      320,
      240,
      '1/90000',
    ]);
    const packets = ffprobePackets(file);
    expect(packets).toEqual(
      timeline(samples, 0).map(({ dts, sample }) => ({
        pts: dts + sample.compositionOffset,
        dts,
        duration: sample.duration,
        size: sample.size,
        keyframe: (sample.flags & 0x0001_0000) === 0,
      })),
    );
    ffmpeg('-xerror', '-i', file, '-f', 'null', '-');
  });

  it('mp4box.js reads the same samples, times and bytes', () => {
    const bytes = twoMovieFragmentFile(init, samples, GOP, 0);
    const got = mp4boxSamples(bytes, 1);
    expect(got.isFragmented).toBe(true);
    expect(got.brands).toEqual(['iso6', 'iso6', 'cmfc', 'mp41']);
    expect(got.tracks).toEqual([{ id: 1, codec: 'avc1.4d400d', timescale: VIDEO_TIMESCALE }]);
    expect(got.samples.map((s) => [s.dts, s.cts, s.duration, s.size, s.is_sync])).toEqual(
      timeline(samples, 0).map(({ dts, sample }) => [
        dts,
        dts + sample.compositionOffset,
        sample.duration,
        sample.size,
        (sample.flags & 0x0001_0000) === 0,
      ]),
    );
    got.samples.forEach((s, i) =>
      expect(Buffer.from(s.data ?? [])).toEqual(Buffer.from(samples[i]?.data ?? [1])),
    );
  });

  it('mp4box.js reads negative composition offsets (first frame presented at its decode time)', () => {
    const shift = samples[0]?.compositionOffset ?? 0;
    const shifted = samples.map((s) => ({ ...s, compositionOffset: s.compositionOffset - shift }));
    expect(Math.min(...shifted.map((s) => s.compositionOffset))).toBeLessThan(0);
    const got = mp4boxSamples(twoMovieFragmentFile(init, shifted, GOP, 0), 1);
    expect(got.samples.map((s) => s.cts - s.dts)).toEqual(shifted.map((s) => s.compositionOffset));
  });
});

describe('AAC init + two movie fragments, read by ffprobe and mp4box.js', () => {
  let samples: TrackFragmentSample[] = [];
  let init: Uint8Array = new Uint8Array(0);
  let sampleRate = 0;

  beforeAll(() => {
    ffmpeg(
      '-f',
      'lavfi',
      '-i',
      'sine=frequency=440:sample_rate=48000',
      '-t',
      '2',
      '-c:a',
      'aac',
      '-b:a',
      '96k',
      '-f',
      'adts',
      'audio.aac',
    );
    const adts = stripAdts(readFileSync(join(dir, 'audio.aac')));
    sampleRate = adts.sampleRate;
    samples = adts.frames.map((data) => ({
      duration: 1024, // AAC-LC: 1024 PCM samples per frame
      size: data.length,
      flags: sampleFlags({ keyframe: true }),
      compositionOffset: 0,
      data,
    }));
    const asc = audioSpecificConfig(adts.objectType, adts.frequencyIndex, adts.channels);
    init = writeInitSegment({
      tracks: [
        {
          trackId: 1,
          kind: 'audio',
          timescale: sampleRate,
          sampleEntry: mp4aSampleEntry(asc, adts.channels, sampleRate),
          language: 'eng',
        },
      ],
    });
  });

  it('ffprobe reports every frame with its pts, dts, duration and size', () => {
    expect(sampleRate).toBe(48000);
    expect(samples.length).toBeGreaterThan(90); // 2 s of 1024-sample frames, plus encoder priming
    const file = join(dir, 'audio.mp4');
    writeFileSync(file, twoMovieFragmentFile(init, samples, 40, 0));
    const stream = ffprobeStream(file);
    expect([stream['codec_name'], stream['sample_rate'], stream['channels']]).toEqual(['aac', '48000', 1]);
    // ffmpeg 4.x reports no duration for the first audio packet of any fragmented MP4, its own
    // `-movflags frag_keyframe` output included; every other field of that packet is checked.
    const packets = ffprobePackets(file).map((p, i) => (i === 0 ? { ...p, duration: 1024 } : p));
    expect(packets).toEqual(
      timeline(samples, 0).map(({ dts, sample }) => ({
        pts: dts,
        dts,
        duration: 1024,
        size: sample.size,
        keyframe: true,
      })),
    );
    ffmpeg('-xerror', '-i', file, '-f', 'null', '-');
  });

  it('mp4box.js reads the same samples, with a tfdt past 2^32', () => {
    const base = 2 ** 32 + 1024;
    const got = mp4boxSamples(twoMovieFragmentFile(init, samples, 40, base), 1);
    expect(got.tracks).toEqual([{ id: 1, codec: 'mp4a.40.2', timescale: 48000 }]);
    expect(got.samples.map((s) => [s.dts, s.cts, s.duration, s.size, s.is_sync])).toEqual(
      timeline(samples, base).map(({ dts, sample }) => [dts, dts, 1024, sample.size, true]),
    );
    got.samples.forEach((s, i) =>
      expect(Buffer.from(s.data ?? [])).toEqual(Buffer.from(samples[i]?.data ?? [1])),
    );
  });
});
