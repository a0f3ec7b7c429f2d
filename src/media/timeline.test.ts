import { describe, expect, it } from 'vitest';
import { Timeline } from './timeline.js';
import type { TimelineOptions, TimelineVerdict } from './timeline-types.js';

const WRAP = 2 ** 32;
/** 30 fps video from metadata. */
const VIDEO_30: TimelineOptions = { nominalFrameDuration: 1000 / 30 };
/** AAC-LC 1024 samples at 44.1 kHz. */
const AUDIO_44K: TimelineOptions = { nominalFrameDuration: (1024 * 1000) / 44100, learnFrameDuration: false };

/** Raw timestamps of `count` frames at `fps`, as an encoder rounds them to ms, from `start`. */
function cadence(start: number, fps: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => (start + Math.round((i * 1000) / fps)) % WRAP);
}

function run(
  options: TimelineOptions,
  raws: readonly number[],
  cts: readonly number[] = [],
): TimelineVerdict[] {
  const timeline = new Timeline(options);
  return raws.map((raw, i) => timeline.push(raw, cts[i] ?? 0));
}

const kinds = (verdicts: readonly TimelineVerdict[]): string[] => verdicts.map((v) => v.kind);
const outputs = (verdicts: readonly TimelineVerdict[]): number[] =>
  verdicts.flatMap((v) => (v.kind === 'ok' || v.kind === 'discontinuity' ? [v.dts] : []));

/** One table: raw timestamps in, verdict kinds and output DTS out. */
const cases: {
  name: string;
  options: TimelineOptions;
  raws: number[];
  kinds: string[];
  dts?: number[];
}[] = [
  {
    name: 'wrap at 2^32 (2^32 - 66, 2^32 - 33, 2^32 + 0, 2^32 + 33)',
    options: VIDEO_30,
    raws: [WRAP - 66, WRAP - 33, 0, 33],
    kinds: ['ok', 'ok', 'ok', 'ok'],
    dts: [WRAP - 66, WRAP - 33, WRAP, WRAP + 33],
  },
  {
    name: 'step back across the wrap is non-increasing, not a 49-day jump',
    options: VIDEO_30,
    raws: [WRAP - 33, 0, WRAP - 10],
    kinds: ['ok', 'ok', 'non-increasing'],
    dts: [WRAP - 33, WRAP],
  },
  {
    name: 'duplicate timestamp',
    options: VIDEO_30,
    raws: [0, 33, 33, 67],
    kinds: ['ok', 'ok', 'non-increasing', 'ok'],
    dts: [0, 33, 67],
  },
  {
    name: 'small step back (500 ms) is dropped until time catches up',
    options: VIDEO_30,
    raws: [1000, 1033, 1067, 567, 600, 1100],
    kinds: ['ok', 'ok', 'ok', 'non-increasing', 'non-increasing', 'ok'],
    dts: [1000, 1033, 1067, 1100],
  },
  {
    name: 'overlap: later than the previous DTS but inside its frame',
    options: VIDEO_30,
    raws: [0, 33, 40, 67],
    kinds: ['ok', 'ok', 'overlap', 'ok'],
  },
  {
    name: 'audio overlap: 10 ms after a 23.2 ms frame',
    options: AUDIO_44K,
    raws: [0, 23, 33, 46],
    kinds: ['ok', 'ok', 'overlap', 'ok'],
  },
  {
    name: 'one missing frame at 30 fps is a discontinuity and the gap is kept',
    options: VIDEO_30,
    raws: [0, 33, 67, 133, 167],
    kinds: ['ok', 'ok', 'ok', 'discontinuity', 'ok'],
    dts: [0, 33, 67, 133, 167],
  },
  {
    name: 'one missing audio frame is a discontinuity',
    options: AUDIO_44K,
    raws: [0, 23, 46, 93],
    kinds: ['ok', 'ok', 'ok', 'discontinuity'],
  },
  {
    name: 'a 5 s forward gap is kept in output time',
    options: VIDEO_30,
    raws: [0, 33, 5033, 5067],
    kinds: ['ok', 'ok', 'discontinuity', 'ok'],
    dts: [0, 33, 5033, 5067],
  },
  {
    name: 'a jump of minutes forwards rebases: output continues at the expected next DTS',
    options: VIDEO_30,
    raws: [0, 33, 67, 300_067, 300_100],
    kinds: ['ok', 'ok', 'ok', 'discontinuity', 'ok'],
    dts: [0, 33, 67, 100, 133],
  },
  {
    name: 'a jump of minutes backwards (encoder restart) rebases and output stays monotonic',
    options: VIDEO_30,
    raws: [600_000, 600_033, 600_067, 0, 33],
    kinds: ['ok', 'ok', 'ok', 'discontinuity', 'ok'],
    dts: [600_000, 600_033, 600_067, 600_100, 600_133],
  },
  {
    name: 'unknown frame duration: no overlap, no gap below 1 s, until learned',
    options: {},
    raws: [0, 10, 40, 80],
    kinds: ['ok', 'ok', 'ok', 'ok'],
  },
  {
    name: 'learned frame duration (no metadata): one missing frame after the steps are learned',
    options: {},
    raws: [...cadence(0, 30, 10), 367],
    kinds: [...Array<string>(10).fill('ok'), 'discontinuity'],
  },
  {
    name: 'wrong metadata (60 fps declared, 30 fps sent) is corrected by learning',
    options: { nominalFrameDuration: 1000 / 60, learnFrameDuration: true },
    raws: [0, 33, 67, 100, 133, 167, 200],
    kinds: ['ok', 'discontinuity', 'discontinuity', 'ok', 'ok', 'ok', 'ok'],
  },
];

describe('Timeline', () => {
  for (const c of cases) {
    it(c.name, () => {
      const verdicts = run(c.options, c.raws);
      expect(kinds(verdicts)).toEqual(c.kinds);
      if (c.dts !== undefined) {
        expect(outputs(verdicts)).toEqual(c.dts);
      }
    });
  }

  it.each([
    ['30 fps as 33/34/33 ms steps', VIDEO_30, cadence(0, 30, 900)],
    ['29.97 fps', { nominalFrameDuration: 1001 / 30 }, cadence(0, 30000 / 1001, 900)],
    ['60 fps as 16/17 ms steps', { nominalFrameDuration: 1000 / 60 }, cadence(0, 60, 900)],
    ['30 fps learned', {}, cadence(0, 30, 900)],
    ['AAC 44.1 kHz as 23/24 ms steps', AUDIO_44K, cadence(0, 44100 / 1024, 900)],
    ['AAC 48 kHz across the wrap', { nominalFrameDuration: 64 / 3 }, cadence(WRAP - 5000, 46.875, 900)],
  ] as const)('±1 ms rounding jitter causes no events: %s', (_name, options, raws) => {
    const timeline = new Timeline(options);
    const verdicts = raws.map((raw) => timeline.push(raw, 0));
    expect(new Set(kinds(verdicts))).toEqual(new Set(['ok']));
    expect([timeline.overlapCount, timeline.discontinuityCount, timeline.nonincreasingCount]).toEqual([
      0, 0, 0,
    ]);
  });

  it('reports a discontinuity with input timestamps and the gap between them', () => {
    const verdicts = run(VIDEO_30, [WRAP - 33, 0, 67]);
    expect(verdicts[2]).toEqual({
      kind: 'discontinuity',
      reason: 'gap',
      input: WRAP + 67,
      offset: 0,
      dts: WRAP + 67,
      pts: WRAP + 67,
      epoch: 0,
      previousTimestamp: WRAP,
      newTimestamp: WRAP + 67,
      gap: 67,
      rebased: false,
    });
  });

  it('reports drops with the raw and unwrapped timestamps', () => {
    const verdicts = run(VIDEO_30, [WRAP - 33, 5, 3]);
    expect(verdicts[2]).toEqual({
      kind: 'non-increasing',
      rawDts: 3,
      timestamp: WRAP + 3,
      previousTimestamp: WRAP + 5,
    });
  });

  it('keeps B-frame reordering in pts while classifying on monotonic dts', () => {
    // I P B B P B B: decode order dts step 33, composition offsets reorder presentation.
    const raws = [0, 33, 67, 100, 133, 167, 200];
    const cts = [67, 133, 33, 33, 100, 33, 33];
    const verdicts = run(VIDEO_30, raws, cts);
    expect(kinds(verdicts)).toEqual(Array(7).fill('ok'));
    expect(verdicts.map((v) => (v.kind === 'ok' ? v.pts - v.dts : NaN))).toEqual(cts);
  });

  it('keeps a negative composition time (pts before dts)', () => {
    const verdicts = run(VIDEO_30, [1000, 1033], [-33, -33]);
    expect(verdicts.map((v) => (v.kind === 'ok' ? [v.dts, v.pts] : []))).toEqual([
      [1000, 967],
      [1033, 1000],
    ]);
  });

  it('restart(): the next unit is a rebased discontinuity continuing after the last output', () => {
    const timeline = new Timeline(VIDEO_30);
    for (const raw of [50_000, 50_033, 50_067]) {
      timeline.push(raw, 0);
    }
    timeline.restart();
    const first = timeline.push(WRAP - 20, 0);
    expect(first).toMatchObject({ kind: 'discontinuity', dts: 50_100, rebased: true, epoch: 1 });
    expect(first).toMatchObject({ previousTimestamp: 50_067, newTimestamp: WRAP - 20 });
    // The new session is unwrapped afresh: WRAP - 20 then 13 is a wrap, not a 49-day step back.
    expect(timeline.push(13, 0)).toMatchObject({ kind: 'ok', dts: 50_133 });
    expect(timeline.lastTimestamp).toBe(WRAP + 13);
    expect(timeline.lastDts).toBe(50_133);
  });

  it('counts every kind cumulatively and tracks the last timestamps', () => {
    const timeline = new Timeline(VIDEO_30);
    for (const raw of [0, 33, 33, 40, 67, 133, 100, 167, 900_000]) {
      timeline.push(raw, 0);
    }
    expect({
      overlap: timeline.overlapCount,
      discontinuity: timeline.discontinuityCount,
      nonincreasing: timeline.nonincreasingCount,
      lastTimestamp: timeline.lastTimestamp,
      lastDts: timeline.lastDts,
    }).toEqual({ overlap: 1, discontinuity: 2, nonincreasing: 2, lastTimestamp: 900_000, lastDts: 200 });
  });

  it('a new nominal duration (metadata change) takes effect at once', () => {
    const timeline = new Timeline({ nominalFrameDuration: 40 });
    timeline.push(0, 0);
    timeline.push(40, 0);
    expect(timeline.push(60, 0).kind).toBe('overlap');
    timeline.setNominalFrameDuration(20);
    expect(timeline.push(60, 0).kind).toBe('ok');
  });

  it('reports a revision as a discontinuity on the same timebase, once, and folds it into a real one', () => {
    const timeline = new Timeline(VIDEO_30);
    timeline.push(0, 0);
    timeline.push(33, 0);
    timeline.revise();
    expect(timeline.push(45, 0).kind).toBe('overlap');
    expect(timeline.push(67, 0)).toEqual({
      kind: 'discontinuity',
      reason: 'revision',
      input: 67,
      offset: 0,
      dts: 67,
      pts: 67,
      epoch: 0,
      previousTimestamp: 33,
      newTimestamp: 67,
      gap: 34,
      rebased: false,
    });
    expect(timeline.push(100, 0)).toMatchObject({ kind: 'ok', input: 100, offset: 0 });
    timeline.revise();
    expect(timeline.push(5000, 0)).toMatchObject({ kind: 'discontinuity', reason: 'gap' });
    expect(timeline.push(5033, 0).kind).toBe('ok');
    expect(timeline.discontinuityCount).toBe(1);
  });
});
