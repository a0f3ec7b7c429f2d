import { describe, expect, it } from 'vitest';
import { StreamTimeline } from './stream-timeline.js';
import type { TimelineVerdict } from './timeline-types.js';

const VIDEO_FRAME = 1000 / 30;
const AUDIO_FRAME = 64 / 3; // AAC 1024 samples at 48 kHz

type Push = readonly ['v' | 'a', number];

/** A stream with a 30 fps video track `v` and a 48 kHz AAC track `a`. */
function avStream(): StreamTimeline {
  const stream = new StreamTimeline();
  stream.addTrack('v', { nominalFrameDuration: VIDEO_FRAME, learnFrameDuration: true });
  stream.addTrack('a', { nominalFrameDuration: AUDIO_FRAME, learnFrameDuration: false });
  return stream;
}

/** Interleaved pushes for encoder times [from, to): audio `lead` ms ahead of video in arrival. */
function interleave(from: number, to: number, clock: (t: number) => number, lead = 0): Push[] {
  const units: { at: number; push: Push }[] = [];
  for (let i = 0; from + (i * 1000) / 30 < to; i++) {
    const t = from + Math.round((i * 1000) / 30);
    units.push({ at: t, push: ['v', clock(t)] });
  }
  for (let i = 0; from + i * AUDIO_FRAME < to; i++) {
    const t = from + Math.round(i * AUDIO_FRAME);
    units.push({ at: t - lead, push: ['a', clock(t)] });
  }
  return units.sort((x, y) => x.at - y.at).map((u) => u.push);
}

function pushAll(
  stream: StreamTimeline,
  pushes: readonly Push[],
): { track: string; verdict: TimelineVerdict }[] {
  return pushes.map(([track, raw]) => ({ track, verdict: stream.push(track, raw, 0) }));
}

function accepted(results: { track: string; verdict: TimelineVerdict }[], track: string): number[] {
  return results.flatMap((r) =>
    r.track === track && (r.verdict.kind === 'ok' || r.verdict.kind === 'discontinuity')
      ? [r.verdict.dts]
      : [],
  );
}

function strictlyIncreasing(values: readonly number[]): boolean {
  return values.every((v, i) => i === 0 || v > (values[i - 1] ?? Number.NEGATIVE_INFINITY));
}

/** Output − input offset of every accepted unit of a track after its last discontinuity. */
function finalOffset(stream: StreamTimeline, track: string): number {
  return stream.get(track)?.offset ?? NaN;
}

describe('StreamTimeline', () => {
  it.each([
    ['backwards by minutes (encoder restart without reconnect)', -600_000],
    ['forwards by minutes', 900_000],
    ['backwards by 3 s', -3000],
  ])('rebases audio and video by the same offset when both jump %s', (_name, jump) => {
    const stream = avStream();
    const base = 1_000_000;
    const clock = (t: number): number => base + t + (t >= 5000 ? jump : 0);
    const results = pushAll(stream, interleave(0, 10_000, clock, 200));
    const discontinuities = results.filter((r) => r.verdict.kind === 'discontinuity');
    expect(discontinuities.map((r) => r.track).sort()).toEqual(['a', 'v']);
    expect(discontinuities.every((r) => r.verdict.kind === 'discontinuity' && r.verdict.rebased)).toBe(true);
    expect(
      new Set(discontinuities.map((r) => r.verdict.kind === 'discontinuity' && r.verdict.epoch)),
    ).toEqual(new Set([1]));
    expect(finalOffset(stream, 'a')).toBe(finalOffset(stream, 'v'));
    expect(strictlyIncreasing(accepted(results, 'a'))).toBe(true);
    expect(strictlyIncreasing(accepted(results, 'v'))).toBe(true);
    // Output stays continuous: the last unit lands near 10 s after the first.
    expect((stream.get('v')?.lastDts ?? 0) - base).toBeGreaterThan(9900);
    expect((stream.get('v')?.lastDts ?? 0) - base).toBeLessThan(10_300);
  });

  it('a clock jump of about 1 s back: the track that only steps back follows the one that rebased', () => {
    // Audio (21.3 ms frames) sees a step of about -1004 ms (a jump), video (33.3 ms) about -992 ms,
    // within the 1 s a track drops as non-increasing. Video must follow, not drop a second and lose sync.
    const stream = avStream();
    const results = pushAll(
      stream,
      interleave(0, 6000, (t) => 50_000 + t - (t >= 3000 ? 1025 : 0), 100),
    );
    expect(results.filter((r) => r.verdict.kind === 'non-increasing')).toEqual([]);
    expect(results.filter((r) => r.verdict.kind === 'discontinuity').map((r) => r.track)).toEqual(['a', 'v']);
    expect(finalOffset(stream, 'a')).toBe(finalOffset(stream, 'v'));
    expect(strictlyIncreasing(accepted(results, 'v'))).toBe(true);
  });

  it('a forward gap on both tracks is kept, with no rebase', () => {
    const stream = avStream();
    const clock = (t: number): number => (t >= 4000 ? t + 5000 : t);
    const results = pushAll(stream, interleave(0, 8000, clock, 100));
    const discontinuities = results.filter((r) => r.verdict.kind === 'discontinuity');
    expect(discontinuities.map((r) => r.verdict.kind === 'discontinuity' && r.verdict.rebased)).toEqual([
      false,
      false,
    ]);
    expect(finalOffset(stream, 'a')).toBe(0);
    expect(finalOffset(stream, 'v')).toBe(0);
  });

  it('an audio stall of a minute resumes in sync with video (gap kept, no rebase)', () => {
    const stream = avStream();
    const pushes = interleave(0, 70_000, (t) => t).filter(
      ([track], i, all) => track === 'v' || i < all.length / 14 || i > (all.length * 13) / 14,
    );
    const results = pushAll(stream, pushes);
    const audioJump = results.find((r) => r.track === 'a' && r.verdict.kind === 'discontinuity');
    expect(audioJump?.verdict).toMatchObject({ kind: 'discontinuity', rebased: false });
    expect(finalOffset(stream, 'a')).toBe(0);
    expect(results.filter((r) => r.track === 'v' && r.verdict.kind !== 'ok')).toEqual([]);
  });

  it('restart(): both tracks continue after the later output end, with one shared offset', () => {
    const stream = avStream();
    pushAll(
      stream,
      interleave(0, 3000, (t) => 40_000 + t, 150),
    );
    const videoEnd = stream.get('v')?.outputEnd ?? NaN;
    const audioEnd = stream.get('a')?.outputEnd ?? NaN;
    const lastVideo = stream.get('v')?.lastDts ?? NaN;
    const lastAudio = stream.get('a')?.lastDts ?? NaN;
    stream.restart();
    const results = pushAll(
      stream,
      interleave(0, 2000, (t) => t, 0),
    );
    const firsts = ['v', 'a'].map((track) => results.find((r) => r.track === track)?.verdict);
    for (const first of firsts) {
      expect(first).toMatchObject({ kind: 'discontinuity', rebased: true, epoch: 1 });
    }
    expect(finalOffset(stream, 'a')).toBe(finalOffset(stream, 'v'));
    const start = Math.max(videoEnd, audioEnd);
    expect(accepted(results, 'v')[0]).toBe(start);
    expect(accepted(results, 'a')[0]).toBe(start);
    expect(start).toBeGreaterThan(Math.max(lastVideo, lastAudio));
  });

  it('restart(): a follower whose first input is earlier than the leader’s never goes backwards', () => {
    const stream = avStream();
    pushAll(stream, [
      ['v', 1000],
      ['a', 1000],
      ['v', 1033],
      ['a', 1021],
    ]);
    stream.restart();
    const audio = stream.push('a', 500, 0);
    const video = stream.push('v', 480, 0);
    expect(audio).toMatchObject({ kind: 'discontinuity', dts: 1066 });
    expect(video).toMatchObject({ kind: 'discontinuity', dts: 1066 });
  });

  it('a track that starts late takes the timebase of its sibling, also after a rebase', () => {
    const stream = avStream();
    pushAll(stream, [
      ['v', 10_000],
      ['v', 10_033],
      ['v', 500_000],
      ['v', 500_033],
    ]);
    const audio = stream.push('a', 500_010, 0);
    expect(audio).toMatchObject({ kind: 'ok', dts: 10_076, epoch: 1 });
  });

  it('unwraps a late track’s first timestamp against its sibling', () => {
    const stream = avStream();
    pushAll(stream, [
      ['v', 2 ** 32 - 33],
      ['v', 0],
      ['v', 33],
    ]);
    expect(stream.push('a', 2 ** 32 - 10, 0)).toMatchObject({ kind: 'ok', dts: 2 ** 32 - 10 });
    expect(stream.get('a')?.lastTimestamp).toBe(2 ** 32 - 10);
  });

  it('refuses a second timeline for one track and pushes to an unknown one', () => {
    const stream = avStream();
    expect(() => stream.addTrack('v')).toThrow(/already has a timeline/);
    expect(() => stream.push('x', 0, 0)).toThrow(/addTrack/);
  });
});
