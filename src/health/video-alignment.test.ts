import { describe, expect, it } from 'vitest';
import { VideoAlignment, type VideoAlignmentReport } from './video-alignment.js';

const NOW = 1_700_000_000_000;

type TrackName = 'a' | 'b' | 'c';

interface Case {
  readonly name: string;
  /** Tracks, in the order they are added (all timescale 1000, stream `s-<name>`). */
  readonly tracks?: readonly TrackName[];
  /** Closed fragments, in closing order. */
  readonly fragments: readonly (readonly [TrackName, number, number])[];
  /** Reports as `[firstTrack, firstT, firstD, secondTrack, secondT, secondD]`. */
  readonly expected: readonly (readonly [TrackName, number, number, TrackName, number, number])[];
}

/** Fragments of `track` every `d` ms from `t0`, `count` of them. */
function gops(track: TrackName, t0: number, d: number, count: number): [TrackName, number, number][] {
  return Array.from({ length: count }, (_, i) => [track, t0 + i * d, d]);
}

/** Interleaves fragment lists: the i-th of each list closes in turn. */
function interleave(...lists: [TrackName, number, number][][]): [TrackName, number, number][] {
  const out: [TrackName, number, number][] = [];
  const longest = Math.max(...lists.map((l) => l.length));
  for (let i = 0; i < longest; i++) {
    for (const list of lists) {
      const item = list[i];
      if (item !== undefined) {
        out.push(item);
      }
    }
  }
  return out;
}

const cases: readonly Case[] = [
  {
    name: 'identical fragment times: nothing',
    fragments: interleave(gops('a', 0, 2000, 10), gops('b', 0, 2000, 10)),
    expected: [],
  },
  {
    name: 'offset by 500 ms: one report with both timestamps and durations',
    fragments: interleave(gops('a', 100_000, 2000, 10), gops('b', 100_500, 2000, 10)),
    expected: [['a', 100_000, 2000, 'b', 100_500, 2000]],
  },
  {
    name: 'offset by 1 ms (independent ms rounding): aligned',
    fragments: interleave(gops('a', 0, 2002, 10), gops('b', 1, 2002, 10)),
    expected: [],
  },
  {
    name: 'offset by 2 ms: misaligned',
    fragments: interleave(gops('a', 0, 2000, 3), gops('b', 2, 2000, 3)),
    expected: [['a', 0, 2000, 'b', 2, 2000]],
  },
  {
    name: 'different GOP lengths (2 s and 4 s) on the same cadence: nothing',
    fragments: interleave(gops('a', 0, 2000, 10), gops('b', 0, 4000, 5)),
    expected: [],
  },
  {
    name: 'fragments of the other track half a duration or more away are not the same fragment',
    fragments: interleave(gops('a', 0, 2000, 5), gops('b', 1000, 2000, 5)),
    expected: [],
  },
  {
    name: 'the second track closing first still reports the first-added track as first',
    fragments: interleave(gops('b', 10_500, 2000, 3), gops('a', 10_000, 2000, 3)),
    expected: [['a', 10_000, 2000, 'b', 10_500, 2000]],
  },
  {
    name: 'misaligned, aligned again, misaligned again: two episodes',
    fragments: [
      ...interleave(gops('a', 0, 2000, 3), gops('b', 300, 2000, 3)),
      ...interleave(gops('a', 6000, 2000, 3), gops('b', 6000, 2000, 3)),
      ...interleave(gops('a', 12_000, 2000, 3), gops('b', 12_250, 2000, 3)),
    ],
    expected: [
      ['a', 0, 2000, 'b', 300, 2000],
      ['a', 12_000, 2000, 'b', 12_250, 2000],
    ],
  },
  {
    name: 'three renditions, one off: each pair with it reports once',
    tracks: ['a', 'b', 'c'],
    fragments: interleave(gops('a', 0, 2000, 4), gops('b', 0, 2000, 4), gops('c', 400, 2000, 4)),
    expected: [
      ['a', 0, 2000, 'c', 400, 2000],
      ['b', 0, 2000, 'c', 400, 2000],
    ],
  },
];

function alignment(tracks: readonly TrackName[]): {
  video: VideoAlignment;
  slots: Map<TrackName, number>;
  reports: VideoAlignmentReport[];
} {
  const reports: VideoAlignmentReport[] = [];
  const video = new VideoAlignment({ onMisaligned: (r) => reports.push(r) });
  const slots = new Map<TrackName, number>();
  for (const name of tracks) {
    slots.set(name, video.addTrack({ trackId: name, streamName: `s-${name}`, timescale: 1000 }));
  }
  return { video, slots, reports };
}

describe('VideoAlignment', () => {
  it.each(cases)('$name', ({ tracks, fragments, expected }) => {
    const { video, slots, reports } = alignment(tracks ?? ['a', 'b']);
    for (const [track, t, d] of fragments) {
      video.fragmentClosed(slots.get(track) ?? -1, t, d, NOW);
    }
    expect(
      reports.map((r) => [r.first.trackId, r.first.t, r.first.d, r.second.trackId, r.second.t, r.second.d]),
    ).toEqual(expected);
    for (const r of reports) {
      expect([r.at, r.timescale, r.first.streamName, r.second.streamName]).toEqual([
        NOW,
        1000,
        `s-${r.first.trackId}`,
        `s-${r.second.trackId}`,
      ]);
    }
  });

  it('rescales the second track to the first track timescale', () => {
    const reports: VideoAlignmentReport[] = [];
    const video = new VideoAlignment({ onMisaligned: (r) => reports.push(r) });
    const a = video.addTrack({ trackId: 'a', streamName: 's1', timescale: 1000 });
    const b = video.addTrack({ trackId: 'b', streamName: 's2', timescale: 90_000 });
    video.fragmentClosed(a, 4000, 2000, NOW);
    video.fragmentClosed(b, 4500 * 90, 2000 * 90, NOW);
    expect(reports).toEqual([
      {
        at: NOW,
        first: { trackId: 'a', streamName: 's1', t: 4000, d: 2000 },
        second: { trackId: 'b', streamName: 's2', t: 4500, d: 2000 },
        timescale: 1000,
      },
    ]);
  });

  it('resetTrack forgets fragments and episodes (a reconnect that realigns is reported again if off)', () => {
    const { video, slots, reports } = alignment(['a', 'b']);
    const a = slots.get('a') ?? -1;
    const b = slots.get('b') ?? -1;
    video.fragmentClosed(a, 0, 2000, NOW);
    video.fragmentClosed(b, 500, 2000, NOW);
    video.resetTrack(b);
    // Nothing of b is left to compare a's next fragment with.
    video.fragmentClosed(a, 2000, 2000, NOW);
    expect(reports.length).toBe(1);
    video.fragmentClosed(b, 60_500, 2000, NOW);
    video.fragmentClosed(a, 60_000, 2000, NOW);
    expect(reports.map((r) => r.second.t)).toEqual([500, 60_500]);
  });

  it('honours a custom tolerance', () => {
    const reports: VideoAlignmentReport[] = [];
    const video = new VideoAlignment({ toleranceMs: 20, onMisaligned: (r) => reports.push(r) });
    const a = video.addTrack({ trackId: 'a', streamName: 's1', timescale: 1000 });
    const b = video.addTrack({ trackId: 'b', streamName: 's2', timescale: 1000 });
    video.fragmentClosed(a, 0, 2000, NOW);
    video.fragmentClosed(b, 20, 2000, NOW);
    expect(reports).toEqual([]);
    video.fragmentClosed(a, 2000, 2000, NOW);
    video.fragmentClosed(b, 2021, 2000, NOW);
    expect(reports.map((r) => r.second.t)).toEqual([2021]);
  });
});
