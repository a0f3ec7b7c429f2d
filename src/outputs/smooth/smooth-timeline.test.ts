import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { renditionSpecArbitrary } from '../test-support/random-window.js';
import { testRendition } from '../test-support/test-window.js';
import { smoothBitrate, nearestBitrateIndex, uniqueBitrate } from './smooth-bitrate.js';
import {
  alignedTimelines,
  streamFragmentElements,
  commonFragments,
  playableSegments,
  type TimelineFragment,
} from './smooth-timeline.js';

const fragments = (...pairs: [number, number][]): TimelineFragment[] =>
  pairs.map(([time, duration]) => ({ time, duration }));

/** Expands `c` elements the way dash.js's MssParser does: `t` or the previous end, then `r` fragments in all. */
function expand(runs: ReturnType<typeof streamFragmentElements>): TimelineFragment[] {
  const out: TimelineFragment[] = [];
  for (const run of runs) {
    const last = out.at(-1);
    let time = run.time ?? (last === undefined ? 0 : last.time + last.duration);
    for (let i = 0; i < run.count; i++) {
      out.push({ time, duration: run.duration });
      time += run.duration;
    }
  }
  return out;
}

describe('streamFragmentElements', () => {
  it.each([
    ['nothing', [], []],
    ['one fragment', fragments([90, 10]), [{ time: 90, duration: 10, count: 1 }]],
    [
      'equal durations in a row',
      fragments([0, 10], [10, 10], [20, 10]),
      [{ time: 0, duration: 10, count: 3 }],
    ],
    [
      'a duration change',
      fragments([0, 10], [10, 10], [20, 7], [27, 10]),
      [
        { time: 0, duration: 10, count: 2 },
        { time: undefined, duration: 7, count: 1 },
        { time: undefined, duration: 10, count: 1 },
      ],
    ],
    [
      'a gap: t again',
      fragments([0, 10], [10, 10], [50, 10], [60, 10]),
      [
        { time: 0, duration: 10, count: 2 },
        { time: 50, duration: 10, count: 2 },
      ],
    ],
  ])('%s', (_name, input, want) => {
    expect(streamFragmentElements(input)).toEqual(want);
    expect(expand(streamFragmentElements(input))).toEqual(input);
  });
});

describe('alignedTimelines and commonFragments', () => {
  const a = fragments([0, 10], [10, 10], [20, 10], [30, 10]);
  it.each([
    ['the same timeline', a, true, a],
    ['one segment behind', a.slice(0, 3), true, a.slice(0, 3)],
    ['started later', a.slice(2), true, a.slice(2)],
    ['cut elsewhere', fragments([5, 10], [15, 10]), false, []],
    [
      'a different duration inside the overlap',
      fragments([0, 10], [10, 5], [15, 5], [20, 10]),
      false,
      fragments([0, 10], [20, 10]),
    ],
    ['no overlap', fragments([40, 10]), false, []],
    ['empty', [], false, []],
  ])('%s', (_name, b, aligned, common) => {
    expect(alignedTimelines(a, b)).toBe(aligned);
    expect(alignedTimelines(b, a)).toBe(aligned);
    expect(commonFragments(a, b)).toEqual(common);
  });
});

describe('smoothBitrate', () => {
  it.each([
    [2_345_678, 2_400_000],
    [2_400_000, 2_400_000],
    [128_000, 130_000],
    [96_512, 97_000],
    [790_000, 790_000],
    [10_000_001, 11_000_000],
    [7.2, 8],
    [0.5, 1],
  ])('%d → %d', (bps, want) => {
    expect(smoothBitrate(bps)).toBe(want);
  });
  it('rejects a bandwidth that is not positive', () => {
    expect(() => smoothBitrate(0)).toThrow(/positive/);
  });
  it('makes bitrates unique and finds the nearest', () => {
    expect(uniqueBitrate(100, new Set([100, 101]))).toBe(102);
    expect(nearestBitrateIndex([300, 100, 200], 160)).toBe(2);
    expect(nearestBitrateIndex([300, 100, 200], 150)).toBe(1);
    expect(nearestBitrateIndex([], 150)).toBe(-1);
  });
});

describe('playableSegments property', () => {
  it('is a suffix of the window on the current init segment, strictly moving forward', () => {
    fc.assert(
      fc.property(renditionSpecArbitrary('video', 'video'), (spec) => {
        const window = testRendition(spec);
        const playable = playableSegments(window);
        const all = window.segments;
        expect(playable).toEqual(all.slice(all.length - playable.length));
        expect(playable.length).toBeGreaterThan(0);
        playable.forEach((s, i) => {
          expect(s.initVersion).toBe(window.initVersion);
          const next = playable[i + 1];
          if (next !== undefined) {
            expect(next.startTime).toBeGreaterThanOrEqual(s.startTime + s.duration);
          }
        });
        const before = all[all.length - playable.length - 1];
        const first = playable[0];
        if (before !== undefined && first !== undefined) {
          // Only a new init segment or a timeline that goes back ends the playable stretch.
          expect(
            before.initVersion !== window.initVersion || first.startTime < before.startTime + before.duration,
          ).toBe(true);
        }
        const fragmentsOf = playable.map((s) => ({ time: s.startTime, duration: s.duration }));
        expect(expand(streamFragmentElements(fragmentsOf))).toEqual(fragmentsOf);
      }),
      { numRuns: 300, seed: 4101 },
    );
  });
});
