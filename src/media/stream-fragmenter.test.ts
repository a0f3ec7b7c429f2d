import { describe, expect, it } from 'vitest';
import type { AccessUnit } from './access-unit.js';
import type { Fragment } from './fragment.js';
import { StreamFragmenter } from './stream-fragmenter.js';
import type { FragmentUnitInfo, StreamFragmenterOptions } from './stream-fragmenter-types.js';
import { StreamTimeline } from './stream-timeline.js';

const AUDIO_FRAME = 64 / 3; // AAC 1024 samples at 48 kHz, ms
const PAYLOAD = new Uint8Array(100);

interface Arrival {
  readonly au: AccessUnit;
  readonly at: number;
  readonly epoch: number;
}

function unit(trackId: string, dts: number, keyframe: boolean): AccessUnit {
  return { trackId, dts, pts: dts, keyframe, data: PAYLOAD };
}

/** 30 fps video from `from` to `to` ms with a keyframe every `gop` frames (first frame `firstKey`). */
function video(from: number, to: number, gop: number, firstKey = 0): Arrival[] {
  const out: Arrival[] = [];
  for (let i = 0; from + (i * 1000) / 30 < to; i++) {
    const dts = from + Math.round((i * 1000) / 30);
    out.push({ au: unit('v', dts, i >= firstKey && (i - firstKey) % gop === 0), at: dts, epoch: 0 });
  }
  return out;
}

/** 48 kHz AAC from `from` to `to` ms, arriving `lead` ms ahead of video of the same time. */
function audio(from: number, to: number, lead = 0): Arrival[] {
  const out: Arrival[] = [];
  for (let i = 0; from + i * AUDIO_FRAME < to; i++) {
    const dts = from + Math.round(i * AUDIO_FRAME);
    out.push({ au: unit('a', dts, true), at: dts - lead, epoch: 0 });
  }
  return out;
}

const byArrival = (...tracks: Arrival[][]): Arrival[] => tracks.flat().sort((x, y) => x.at - y.at);

interface Recorded {
  fragmenter: StreamFragmenter;
  units: Map<string, { au: AccessUnit; info: FragmentUnitInfo }[]>;
  fragments: Map<string, Fragment[]>;
}

function record(
  tracks: readonly ('v' | 'a')[],
  options: Omit<StreamFragmenterOptions, 'observer'> = {},
): Recorded {
  const units = new Map<string, { au: AccessUnit; info: FragmentUnitInfo }[]>();
  const fragments = new Map<string, Fragment[]>();
  const fragmenter = new StreamFragmenter({
    ...options,
    observer: {
      onUnit: (trackId, au, info) => units.set(trackId, [...(units.get(trackId) ?? []), { au, info }]),
      onFragment: (trackId, fragment) =>
        fragments.set(trackId, [...(fragments.get(trackId) ?? []), fragment]),
    },
  });
  for (const track of tracks) {
    fragmenter.addTrack(
      track === 'v' ? { id: 'v', kind: 'video' } : { id: 'a', kind: 'audio', frameDuration: AUDIO_FRAME },
    );
  }
  return { fragmenter, units, fragments };
}

function feed(recorded: Recorded, arrivals: readonly Arrival[], flush = true): Recorded {
  for (const { au, epoch } of arrivals) {
    recorded.fragmenter.push(au, epoch);
  }
  if (flush) {
    recorded.fragmenter.flush();
  }
  return recorded;
}

const starts = (r: Recorded, track: string): number[] => (r.fragments.get(track) ?? []).map((f) => f.t);
const durations = (r: Recorded, track: string): number[] => (r.fragments.get(track) ?? []).map((f) => f.d);

/** Every fragment's first unit (video: a keyframe) and contiguous {t, d} covering all units. */
function expectWellFormed(r: Recorded, track: string): void {
  const fragments = r.fragments.get(track) ?? [];
  const units = r.units.get(track) ?? [];
  const firsts = units.filter((u) => u.info.fragmentStart);
  expect(firsts.map((u) => u.au.dts)).toEqual(fragments.map((f) => f.t));
  expect(firsts.every((u) => u.au.keyframe)).toBe(true);
  expect(fragments.map((f) => f.sequence)).toEqual(fragments.map((_f, i) => i));
  expect(fragments.reduce((sum, f) => sum + f.units, 0)).toBe(units.length);
  expect(fragments.reduce((sum, f) => sum + f.bytes, 0)).toBe(units.length * PAYLOAD.length);
  fragments.forEach((f, i) => {
    expect(f.d).toBeGreaterThan(0);
    const next = fragments[i + 1];
    if (next !== undefined) {
      expect(f.t + f.d).toBe(next.t);
    }
  });
  const first = fragments[0];
  const last = fragments.at(-1);
  if (first !== undefined && last !== undefined) {
    const covered = fragments.reduce((sum, f) => sum + f.d, 0);
    expect(covered).toBe(last.t + last.d - first.t);
  }
}

describe('StreamFragmenter', () => {
  it.each([
    ['2 s GOP at KFI 2 s: 2 s fragments', 60, 2000, [0, 2000, 4000, 6000, 8000]],
    ['4 s GOP at KFI 2 s: 4 s fragments', 120, 2000, [0, 4000, 8000]],
    ['1 s GOP at KFI 2 s: 2 s fragments', 30, 2000, [0, 2000, 4000, 6000, 8000]],
    ['1 s GOP at KFI 4 s: 4 s fragments', 30, 4000, [0, 4000, 8000]],
  ])('%s', (_name, gop, keyFrameIntervalMs, expected) => {
    const r = feed(record(['v'], { keyFrameIntervalMs }), video(0, 10_000, gop));
    expect(starts(r, 'v')).toEqual(expected);
    expectWellFormed(r, 'v');
    // The last fragment ends one frame after its last unit (observed step 33 or 34 ms).
    const last = r.fragments.get('v')?.at(-1);
    expect((last?.t ?? 0) + (last?.d ?? 0)).toBeGreaterThanOrEqual(9967 + 33);
  });

  it('never starts a video fragment without a keyframe: leading units are dropped and counted', () => {
    const r = feed(record(['v']), video(0, 5000, 60, 10));
    expect(r.fragmenter.waitingForKeyframeCount('v')).toBe(10);
    expect(starts(r, 'v')).toEqual([333, 2333, 4333]);
    expectWellFormed(r, 'v');
  });

  it.each([0, 50, 200, 450])('audio cuts at the video cut times when audio arrives %i ms ahead', (lead) => {
    const r = feed(record(['v', 'a']), byArrival(video(0, 10_000, 60, 3), audio(0, 10_000, lead)));
    const videoStarts = starts(r, 'v');
    const audioStarts = starts(r, 'a');
    expect(videoStarts).toEqual([100, 2100, 4100, 6100, 8100]);
    expect(audioStarts).toHaveLength(videoStarts.length);
    audioStarts.forEach((t, i) => {
      expect(t - (videoStarts[i] ?? NaN)).toBeGreaterThanOrEqual(0);
      expect(t - (videoStarts[i] ?? NaN)).toBeLessThan(AUDIO_FRAME);
    });
    expect(r.fragmenter.waitingForKeyframeCount('a')).toBe(5); // audio before the first keyframe (100 ms)
    expectWellFormed(r, 'v');
    expectWellFormed(r, 'a');
  });

  it('audio-only: fragments every 2 s of audio time', () => {
    const r = feed(record(['a']), audio(0, 9000));
    expect(starts(r, 'a')).toEqual([0, 2005, 4011, 6016, 8021]);
    expectWellFormed(r, 'a');
    expect(r.fragments.get('a')?.at(-1)).toMatchObject({ t: 8021, d: 8981 + 21 - 8021 });
  });

  it('video stall: held audio is released by its own clock after the stall time', () => {
    const r = record(['v', 'a']);
    let maxHeld = 0;
    for (const { au } of byArrival(video(0, 3000, 60), audio(0, 10_000, 100))) {
      r.fragmenter.push(au, 0);
      const released = r.units.get('a')?.at(-1)?.au.dts ?? 0;
      if (au.trackId === 'a') {
        maxHeld = Math.max(maxHeld, au.dts - released);
      }
    }
    // Held at most the stall time after the last video unit, plus the 100 ms audio was ahead of it.
    expect(maxHeld).toBeLessThanOrEqual(2000 + 100 + AUDIO_FRAME);
    r.fragmenter.flush();
    expect(starts(r, 'v')).toEqual([0, 2000]);
    const audioStarts = starts(r, 'a');
    expect(audioStarts.slice(0, 2)).toEqual([0, 2005]);
    expect(audioStarts.length).toBeGreaterThanOrEqual(4);
    expect((r.units.get('a') ?? []).length).toBe(audio(0, 10_000).length);
    expectWellFormed(r, 'a');
  });

  it('an audio track without any video unit yet is released after the stall time', () => {
    const r = feed(record(['v', 'a']), audio(0, 5000), false);
    expect((r.units.get('a') ?? []).length).toBeGreaterThan(0);
    expect(r.units.get('a')?.[0]?.info).toEqual({ fragmentStart: true, discontinuity: false });
  });

  it('configChanged (new video sequence header): fragments close, the next are discontinuities', () => {
    const r = record(['v', 'a']);
    const arrivals = byArrival(video(0, 8000, 60), audio(0, 8000, 200));
    const changeAt = arrivals.findIndex((a) => a.au.trackId === 'v' && a.au.dts === 3000);
    feed(r, arrivals.slice(0, changeAt), false);
    r.fragmenter.configChanged('v');
    // The encoder sends frames of the new configuration; the first keyframe comes 10 frames later.
    const after = arrivals
      .slice(changeAt)
      .map((a) => (a.au.trackId === 'v' ? { ...a, au: { ...a.au, keyframe: a.au.dts === 3333 } } : a));
    feed(r, after);
    expect(starts(r, 'v')).toEqual([0, 2000, 3333]);
    expect(r.fragments.get('v')?.map((f) => f.discontinuity)).toEqual([false, false, true]);
    expect(r.fragmenter.waitingForKeyframeCount('v')).toBe(10);
    const audioFragments = r.fragments.get('a') ?? [];
    expect(audioFragments.map((f) => f.discontinuity)).toEqual([false, false, true]);
    expect((audioFragments[2]?.t ?? 0) - 3333).toBeGreaterThanOrEqual(0);
    expect((audioFragments[2]?.t ?? 0) - 3333).toBeLessThan(AUDIO_FRAME);
    expectWellFormed(r, 'v');
    expectWellFormed(r, 'a');
  });

  it('configChanged (new audio configuration): held audio stays in the old fragment', () => {
    const r = record(['v', 'a']);
    const arrivals = byArrival(video(0, 6000, 60), audio(0, 6000, 200));
    const changeAt = arrivals.findIndex((a) => a.at >= 3000);
    feed(r, arrivals.slice(0, changeAt), false);
    expect(r.units.get('a')?.at(-1)?.au.dts).toBeLessThan(3000);
    r.fragmenter.configChanged('a', AUDIO_FRAME * 2);
    // The held units (up to 3200 ms) are old-configuration audio: released into the old fragment now.
    expect(r.units.get('a')?.at(-1)?.au.dts).toBeGreaterThan(3150);
    expect(r.units.get('a')?.at(-1)?.info.fragmentStart).toBe(false);
    feed(r, arrivals.slice(changeAt));
    expect(starts(r, 'v')).toEqual([0, 2000, 4000]);
    expect(r.fragments.get('v')?.map((f) => f.discontinuity)).toEqual([false, false, true]);
    expect(r.fragments.get('a')?.map((f) => [f.t, f.discontinuity])).toEqual([
      [0, false],
      [2005, false],
      [4011, true],
    ]);
    // Video waited for its keyframe at 4000; new-configuration audio before that cut was dropped.
    expect(r.fragmenter.waitingForKeyframeCount('v')).toBe(30);
    expect(r.fragmenter.waitingForKeyframeCount('a')).toBe(38);
    expectWellFormed(r, 'v');
    expectWellFormed(r, 'a');
  });

  it('a new timeline epoch (reconnect) breaks every track once', () => {
    const stream = new StreamTimeline();
    stream.addTrack('v', { nominalFrameDuration: 1000 / 30, learnFrameDuration: true });
    stream.addTrack('a', { nominalFrameDuration: AUDIO_FRAME });
    const r = record(['v', 'a']);
    const session = (arrivals: Arrival[], offset: number): void => {
      for (const { au } of arrivals) {
        const verdict = stream.push(au.trackId, au.dts + offset, 0);
        if (verdict.kind === 'ok' || verdict.kind === 'discontinuity') {
          r.fragmenter.push({ ...au, dts: verdict.dts, pts: verdict.pts }, verdict.epoch);
        }
      }
    };
    session(byArrival(video(0, 5000, 60), audio(0, 5000, 150)), 70_000);
    stream.restart();
    session(byArrival(video(0, 5000, 60), audio(0, 5000, 150)), 0);
    r.fragmenter.flush();
    const videoFragments = r.fragments.get('v') ?? [];
    const audioFragments = r.fragments.get('a') ?? [];
    expect(videoFragments.map((f) => f.discontinuity)).toEqual([false, false, false, true, false, false]);
    expect(audioFragments.map((f) => f.discontinuity)).toEqual([false, false, false, true, false, false]);
    expect(audioFragments.map((f) => f.t - (videoFragments[audioFragments.indexOf(f)]?.t ?? NaN))).toSatisfy(
      (gaps: number[]) => gaps.every((g) => g >= 0 && g < AUDIO_FRAME),
    );
    expectWellFormed(r, 'v');
    expectWellFormed(r, 'a');
  });

  it('a kept gap (one missing video frame) does not break fragments', () => {
    const stream = new StreamTimeline();
    stream.addTrack('v', { nominalFrameDuration: 1000 / 30, learnFrameDuration: true });
    const r = record(['v']);
    const verdicts = video(0, 6000, 60)
      .filter(({ au }) => au.dts !== 1000)
      .map(({ au }) => {
        const verdict = stream.push('v', au.dts, 0);
        if (verdict.kind === 'ok' || verdict.kind === 'discontinuity') {
          r.fragmenter.push({ ...au, dts: verdict.dts }, verdict.epoch);
        }
        return verdict;
      });
    r.fragmenter.flush();
    expect(verdicts.filter((v) => v.kind === 'discontinuity')).toMatchObject([{ gap: 66, rebased: false }]);
    expect(r.fragments.get('v')?.map((f) => [f.t, f.discontinuity])).toEqual([
      [0, false],
      [2000, false],
      [4000, false],
    ]);
    expect(r.fragmenter.waitingForKeyframeCount('v')).toBe(0);
  });

  it('keeps a bounded fragment timeline of the newest entries', () => {
    const r = feed(record(['v'], { timelineLength: 3 }), video(0, 20_000, 60));
    const timeline = r.fragmenter.fragmentTimeline('v');
    expect(timeline.map((e) => e.t)).toEqual([14_000, 16_000, 18_000]);
    expect(timeline.map((e) => e.d)).toEqual(durations(r, 'v').slice(-3));
    expect(r.fragmenter.fragmentTimeline('missing')).toEqual([]);
  });

  it('refuses unknown and duplicate tracks', () => {
    const r = record(['v']);
    expect(() => r.fragmenter.addTrack({ id: 'v', kind: 'video' })).toThrow(/configChanged/);
    expect(() => r.fragmenter.push(unit('x', 0, true), 0)).toThrow(/addTrack/);
  });
});
