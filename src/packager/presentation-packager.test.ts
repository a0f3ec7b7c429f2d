import { describe, expect, it } from 'vitest';
import { concatChunks } from '../formats/fmp4/box.js';
import { readInitSegment } from '../formats/fmp4/reader/read-init-segment.js';
import type { RenditionWindow, Segment } from './rendition-window.js';
import { checkRendition } from './test-support/check-segments.js';
import { PackagerPipeline, T0, type PackagerPipelineOptions } from './test-support/packager-pipeline.js';
import { syntheticEncoder } from './test-support/synthetic-encoder.js';
import { aacTrack, h264Track } from './test-support/test-tracks.js';

const AUDIO_FRAME_MS = 1024 / 48;

/** One scenario: how to build and feed the chain, and what the windows must say afterwards. */
interface Case {
  readonly name: string;
  readonly options?: Omit<PackagerPipelineOptions, 'video' | 'audio'>;
  readonly feed: (p: PackagerPipeline) => void;
  /** Video segment durations, seconds (±1 ms). */
  readonly videoSeconds: readonly number[];
  /** Indices of video segments flagged as discontinuities. */
  readonly discontinuities: readonly number[];
  /** Init version of each video segment. */
  readonly videoInits: readonly number[];
  readonly targetDuration: number;
}

const cases: readonly Case[] = [
  {
    name: '2 s GOP, 30 fps + AAC 48 kHz: 2 s segments, audio aligned',
    feed: (p) => p.push(syntheticEncoder({ durationMs: 10_000 })),
    videoSeconds: [2, 2, 2, 2, 2],
    discontinuities: [],
    videoInits: [0, 0, 0, 0, 0],
    targetDuration: 2,
  },
  {
    name: '4 s GOP with a 2 s key frame interval: 4 s segments, target duration 4',
    feed: (p) => p.push(syntheticEncoder({ durationMs: 12_000, gopSeconds: 4 })),
    videoSeconds: [4, 4, 4],
    discontinuities: [],
    videoInits: [0, 0, 0],
    targetDuration: 4,
  },
  {
    name: '1 s GOP with a 2 s key frame interval: a segment spans two GOPs',
    feed: (p) => p.push(syntheticEncoder({ durationMs: 6_000, gopSeconds: 1 })),
    videoSeconds: [2, 2, 2],
    discontinuities: [],
    videoInits: [0, 0, 0],
    targetDuration: 2,
  },
  {
    name: 'codec change: new init version, the next segment is a discontinuity',
    feed: (p) => {
      const units = syntheticEncoder({ durationMs: 8_000 });
      p.push(units.filter((u) => u.e < 5_000));
      p.changeConfig(h264Track('video', '1080i', 1));
      p.push(units.filter((u) => u.e >= 5_000));
    },
    // The change comes mid-GOP at 5 s: the old configuration ends there, the new starts at the key frame at 6 s.
    videoSeconds: [2, 2, 1, 2],
    discontinuities: [3],
    videoInits: [0, 0, 0, 1],
    targetDuration: 2,
  },
  {
    name: 'encoder restart after a 3 s outage: sequences go on, discontinuity sequence + 1',
    feed: (p) => {
      p.push(syntheticEncoder({ durationMs: 4_000 }));
      p.restart();
      p.push(syntheticEncoder({ durationMs: 4_000, start: 0, offsetMs: 7_000 }));
    },
    videoSeconds: [2, 2, 2, 2],
    discontinuities: [2],
    videoInits: [0, 0, 0, 0],
    targetDuration: 2,
  },
  {
    name: 'B-frames: signed composition offsets',
    feed: (p) => p.push(syntheticEncoder({ durationMs: 4_000, ctsPattern: [67, 133, 33, -33, 0] })),
    videoSeconds: [2, 2],
    discontinuities: [],
    videoInits: [0, 0],
    targetDuration: 2,
  },
  {
    name: 'low latency: the same segments, cut into parts',
    options: { packager: { lowLatency: true } },
    feed: (p) => p.push(syntheticEncoder({ durationMs: 6_000, gopSeconds: 1 })),
    videoSeconds: [2, 2, 2],
    discontinuities: [],
    videoInits: [0, 0, 0],
    targetDuration: 2,
  },
];

function run(c: Case): PackagerPipeline {
  const p = new PackagerPipeline({ ...c.options, video: h264Track('video'), audio: aacTrack('audio') });
  c.feed(p);
  p.end();
  return p;
}

describe('PresentationPackager through StreamTimeline + StreamFragmenter', () => {
  for (const c of cases) {
    describe(c.name, () => {
      const p = run(c);
      const video = p.published('video');
      const audio = p.published('audio');

      it('publishes the expected video segments', () => {
        expect(video.map((s) => s.segment.duration / 90_000)).toEqual(
          c.videoSeconds.map((d) => expect.closeTo(d, 2)),
        );
        expect(video.map((s) => s.segment.sequence)).toEqual(video.map((_s, i) => i));
        expect(video.flatMap((s, i) => (s.segment.discontinuity ? [i] : []))).toEqual(c.discontinuities);
        expect(video.map((s) => s.segment.initVersion)).toEqual(c.videoInits);
        expect(p.packager.rendition('video')?.targetDuration).toBe(c.targetDuration);
      });

      it('writes every released unit once, with exact times, checked by the fMP4 reader', () => {
        checkRendition('video', 90_000, video, p.released.get('video') ?? []);
        const a = checkRendition('audio', 48_000, audio, p.released.get('audio') ?? []);
        expect(a.oddDurations).toBe(0);
        expect(a.maxClockError).toBeLessThanOrEqual(1024);
      });

      it('keeps audio segments aligned with video', () => {
        expect(audio.map((s) => s.segment.discontinuity)).toEqual(video.map((s) => s.segment.discontinuity));
        audio.forEach(({ segment }, i) => {
          const v = video[i]?.segment as Segment;
          expect(Math.abs(segment.startTime / 48 - v.startTime / 90)).toBeLessThanOrEqual(AUDIO_FRAME_MS);
          expect(segment.discontinuitySequence).toBe(v.discontinuitySequence);
          expect(segment.programDateTime - v.programDateTime).toBeLessThanOrEqual(Math.ceil(AUDIO_FRAME_MS));
        });
      });

      it('maps media time to the wall clock through one anchor per discontinuity run', () => {
        for (const { segment } of [...video, ...audio]) {
          const anchor = segment.wallClockAnchor;
          const timescale = video.some((v) => v.segment === segment) ? 90_000 : 48_000;
          expect(anchor).toBeDefined();
          const wall =
            (anchor?.programDateTime ?? 0) +
            ((segment.startTime - (anchor?.startTime ?? 0)) * 1000) / timescale;
          expect(Math.abs(wall - segment.programDateTime)).toBeLessThan(1);
        }
        expect(video[0]?.segment.programDateTime).toBe(T0);
      });
    });
  }
});

describe('codec change', () => {
  const p = run(cases[3] as Case);

  it('serves both init versions while segments of the old one are in the window', () => {
    const window = p.packager.rendition('video') as RenditionWindow;
    expect(window.initVersion).toBe(1);
    expect(window.configurations?.map((c) => [c.initVersion, c.width, c.height])).toEqual([
      [0, 1280, 720],
      [1, 1920, 1080],
    ]);
    expect(window.codecString).toBe(window.configurations?.[1]?.codecString);
    const [first, second] = [0, 1].map((v) =>
      readInitSegment(p.packager.init('video', v) ?? new Uint8Array()),
    );
    expect(first?.tracks[0]?.tkhd.width).toBe(1280);
    expect(second?.tracks[0]?.tkhd.width).toBe(1920);
    expect(second?.tracks[0]?.mdhd.timescale).toBe(90_000);
  });

  it('gives the audio rendition the same discontinuity without a new init version', () => {
    const audio = p.packager.rendition('audio') as RenditionWindow;
    expect(audio.initVersion).toBe(0);
    expect(audio.segments.map((s) => s.discontinuity)).toEqual([false, false, false, true]);
  });
});

describe('encoder restart', () => {
  const p = run(cases[4] as Case);

  it('re-anchors the wall clock of the new run at the reconnect', () => {
    const [, , third] = p.published('video').map((s) => s.segment);
    expect(third?.wallClockAnchor).toEqual({ programDateTime: T0 + 7_000, startTime: third?.startTime });
    const audioThird = p.published('audio')[2]?.segment;
    expect(audioThird?.wallClockAnchor?.programDateTime).toBe(T0 + 7_000);
  });

  it('closes the last segment before the break with a nominal frame, not the outage', () => {
    const second = p.published('video')[1]?.segment;
    expect(second?.duration).toBeLessThan(2.01 * 90_000);
  });
});

describe('B-frames', () => {
  const p = run(cases[5] as Case);

  it("records the first picture's composition offset in the run's anchor (video only)", () => {
    // The first unit of the pattern is presented 67 ms after its decode time: 6030 ticks at 90 kHz.
    expect(p.published('video')[0]?.segment.wallClockAnchor?.compositionOffset).toBe(6030);
    expect(p.published('audio')[0]?.segment.wallClockAnchor).not.toHaveProperty('compositionOffset');
  });
});

describe('low latency', () => {
  const p = run(cases[6] as Case);

  it('cuts parts of at most the part target, independent where a key frame starts them', () => {
    for (const id of ['video', 'audio']) {
      const timescale = id === 'video' ? 90_000 : 48_000;
      for (const { segment } of p.published(id)) {
        expect(segment.parts.length).toBeGreaterThan(1);
        for (const part of segment.parts) {
          expect(part.duration).toBeLessThanOrEqual(timescale / 2);
        }
      }
    }
    // 30 fps, 1 s GOP: 15-frame parts, so parts 0 and 2 of each segment start with a key frame.
    const video = p.published('video').map((s) => s.segment.parts.map((x) => x.independent));
    expect(video.slice(0, 2)).toEqual([
      [true, false, true, false],
      [true, false, true, false],
    ]);
    expect(p.published('audio').every((s) => s.segment.parts.every((x) => x.independent))).toBe(true);
  });

  it('publishes parts whose concatenation is the segment minus styp', () => {
    for (const id of ['video', 'audio']) {
      const parts = p.parts.get(id) ?? [];
      for (const { segment, chunks } of p.published(id)) {
        const own = parts.filter((x) => x.sequence === segment.sequence);
        expect(own.map((x) => x.part)).toEqual(segment.parts);
        const whole = concatChunks(chunks);
        const styp = whole.subarray(0, whole.byteLength - own.reduce((n, x) => n + x.data.byteLength, 0));
        expect(new TextDecoder().decode(styp.subarray(4, 8))).toBe('styp');
        expect(Buffer.from(concatChunks([styp, ...own.map((x) => x.data)])).equals(whole)).toBe(true);
      }
    }
  });

  it('shows the pending segment with its parts before it is complete', () => {
    const q = new PackagerPipeline({
      packager: { lowLatency: true },
      video: h264Track('video'),
      audio: aacTrack('audio'),
    });
    q.push(syntheticEncoder({ durationMs: 3_000 }));
    const window = q.packager.rendition('video') as RenditionWindow;
    expect(window.partTarget).toBe(0.5);
    expect(window.segments).toHaveLength(1);
    expect(window.pending?.sequence).toBe(1);
    expect(window.pending?.parts.length).toBe(1);
    expect(q.packager.part('video', 1, 0)).toBeInstanceOf(Uint8Array);
    expect(q.packager.part('video', 1, 1)).toBeUndefined();
  });
});

describe('window', () => {
  it('slides: after 10 minutes only about the window is held and listed', () => {
    const p = new PackagerPipeline({ video: h264Track('video'), audio: aacTrack('audio'), keepBytes: false });
    for (let minute = 0; minute < 10; minute++) {
      p.push(
        syntheticEncoder({ durationMs: 60_000, start: 1000 + minute * 60_000, offsetMs: minute * 60_000 }),
      );
    }
    const window = p.packager.rendition('video') as RenditionWindow;
    const listedSeconds = window.segments.reduce((n, s) => n + s.duration, 0) / 90_000;
    expect(listedSeconds).toBeGreaterThanOrEqual(30);
    expect(listedSeconds).toBeLessThanOrEqual(32);
    expect(window.segments[0]?.sequence).toBe(299 - window.segments.length);
    // 16 listed + 2 grace segments of 2 s per rendition; nothing older is referenced.
    const segmentBytes = window.segments[0]?.byteLength ?? 0;
    expect(p.packager.stats().memoryBytes).toBeLessThan(2 * 19 * segmentBytes);
    expect(p.packager.segment('video', 0)).toBeUndefined();
    expect(p.packager.segment('video', (window.segments[0]?.sequence ?? 0) - 2)).toBeDefined();
    expect(window.windowSeconds).toBe(30);
  });

  it('measures peak and average bandwidth from the bytes of the listed segments', () => {
    const p = run(cases[0] as Case);
    const window = p.packager.rendition('video') as RenditionWindow;
    const bytes = window.segments.reduce((n, s) => n + s.byteLength, 0);
    const seconds = window.segments.reduce((n, s) => n + s.duration, 0) / 90_000;
    expect(window.averageBandwidth).toBeCloseTo((bytes * 8) / seconds, 6);
    expect(window.bandwidth).toBe(Math.max(...window.segments.map((s) => s.bitrate)));
    expect(window.bandwidth).toBeGreaterThan(1_200_000);
  });
});

describe('audio clock', () => {
  it('keeps tfdt within one frame of ms × rate / 1000 over one hour of ms-rounded timestamps', () => {
    const p = new PackagerPipeline({ audio: aacTrack('audio') });
    p.push(syntheticEncoder({ durationMs: 3_600_000, video: false, audioBytes: 8 }));
    p.end();
    const check = checkRendition('audio', 48_000, p.published('audio'), p.released.get('audio') ?? []);
    expect(check.samples).toBe(168_750);
    expect(check.oddDurations).toBe(0);
    expect(check.maxClockError).toBeLessThanOrEqual(24);
  });

  it('re-anchors a drifting encoder clock and stays within one frame', () => {
    const p = new PackagerPipeline({ audio: aacTrack('audio') });
    p.push(syntheticEncoder({ durationMs: 600_000, video: false, audioBytes: 8, audioDrift: 0.001 }));
    p.end();
    const check = checkRendition('audio', 48_000, p.published('audio'), p.released.get('audio') ?? []);
    expect(check.oddDurations).toBeGreaterThan(0);
    expect(check.maxClockError).toBeLessThanOrEqual(1024);
  });
});
