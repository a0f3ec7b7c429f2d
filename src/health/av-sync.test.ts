import { describe, expect, it } from 'vitest';
import type { TrackKind } from '../media/track.js';
import { AvSync, type AvSyncReport } from './av-sync.js';

const T0 = 1_700_000_000_000;
/** Media time of the stream at T0 (ms). */
const BASE = 10_000;
/** One video and one audio unit every 40 ms. */
const STEP_MS = 40;
const THRESHOLD_MS = 2000;
const WINDOW_MS = 5000;

/** A span of wall time during which audio runs `audioAheadMs` ahead of video (negative: behind). */
interface Span {
  readonly durationMs: number;
  readonly audioAheadMs: number;
  /** Tracks that send units in this span (default both). */
  readonly sending?: readonly TrackKind[];
}

interface Case {
  readonly name: string;
  readonly spans: readonly Span[];
  /** Reports expected: which kind had the min and max last timestamp, and when (ms after T0). */
  readonly expected: readonly { readonly min: TrackKind; readonly max: TrackKind; readonly atMs: number }[];
}

function run(spans: readonly Span[]): AvSyncReport[] {
  const reports: AvSyncReport[] = [];
  const sync = new AvSync({
    thresholdMs: THRESHOLD_MS,
    windowMs: WINDOW_MS,
    onOutOfSync: (r) => reports.push(r),
  });
  const video = sync.addTrack({ trackId: 'video', kind: 'video', timescale: 1000 });
  const audio = sync.addTrack({ trackId: 'audio', kind: 'audio', timescale: 1000 });
  let t = 0;
  for (const span of spans) {
    const sending = span.sending ?? ['video', 'audio'];
    for (const end = t + span.durationMs; t < end; t += STEP_MS) {
      if (sending.includes('video')) {
        sync.update(video, BASE + t, T0 + t);
      }
      if (sending.includes('audio')) {
        sync.update(audio, BASE + t + span.audioAheadMs, T0 + t);
      }
    }
  }
  return reports;
}

const cases: readonly Case[] = [
  { name: 'in sync: nothing', spans: [{ durationMs: 30_000, audioAheadMs: 40 }], expected: [] },
  {
    name: 'exactly at the threshold is still in sync',
    spans: [{ durationMs: 30_000, audioAheadMs: THRESHOLD_MS }],
    expected: [],
  },
  {
    name: 'audio 3 s ahead, sustained: one report, video has the min',
    spans: [
      { durationMs: 2000, audioAheadMs: 0 },
      { durationMs: 20_000, audioAheadMs: 3000 },
    ],
    expected: [{ min: 'video', max: 'audio', atMs: 2000 + WINDOW_MS }],
  },
  {
    name: 'video 3 s ahead, sustained: audio has the min',
    spans: [{ durationMs: 20_000, audioAheadMs: -3000 }],
    expected: [{ min: 'audio', max: 'video', atMs: WINDOW_MS }],
  },
  {
    name: 'a transient 3 s spike shorter than a window: nothing',
    spans: [
      { durationMs: 2000, audioAheadMs: 0 },
      { durationMs: WINDOW_MS - 1000, audioAheadMs: 3000 },
      { durationMs: 20_000, audioAheadMs: 0 },
    ],
    expected: [],
  },
  {
    name: 'drift, recovery, drift again: two reports',
    spans: [
      { durationMs: 10_000, audioAheadMs: 3000 },
      { durationMs: 10_000, audioAheadMs: 0 },
      { durationMs: 10_000, audioAheadMs: 3000 },
    ],
    expected: [
      { min: 'video', max: 'audio', atMs: WINDOW_MS },
      { min: 'video', max: 'audio', atMs: 20_000 + WINDOW_MS },
    ],
  },
  {
    name: 'audio stops while video goes on: out of sync once the gap exceeds the threshold for a window',
    spans: [
      { durationMs: 2000, audioAheadMs: 0 },
      { durationMs: 20_000, audioAheadMs: 0, sending: ['video'] },
    ],
    // Audio's last timestamp is BASE + 1960; video passes it by more than 2000 ms at t = 3960 + 40.
    expected: [{ min: 'audio', max: 'video', atMs: 4000 + WINDOW_MS }],
  },
  {
    name: 'a single track is never out of sync',
    spans: [{ durationMs: 20_000, audioAheadMs: 0, sending: ['video'] }],
    expected: [],
  },
];

describe('AvSync', () => {
  it.each(cases)('$name', ({ spans, expected }) => {
    const reports = run(spans);
    expect(reports.map((r) => ({ min: r.min.kind, max: r.max.kind, atMs: r.at - T0 }))).toEqual(expected);
  });

  it('reports the min and max last timestamps, their tracks and timescales', () => {
    const [report] = run([{ durationMs: 20_000, audioAheadMs: 3000 }]);
    // The report fires on the video unit at t = WINDOW_MS; audio's last unit was one step before.
    expect(report).toEqual({
      at: T0 + WINDOW_MS,
      min: { trackId: 'video', kind: 'video', lastTimestamp: BASE + WINDOW_MS, timescale: 1000 },
      max: {
        trackId: 'audio',
        kind: 'audio',
        lastTimestamp: BASE + WINDOW_MS - STEP_MS + 3000,
        timescale: 1000,
      },
    });
  });

  it('compares tracks in ms across timescales', () => {
    const reports: AvSyncReport[] = [];
    const sync = new AvSync({
      thresholdMs: THRESHOLD_MS,
      windowMs: WINDOW_MS,
      onOutOfSync: (r) => reports.push(r),
    });
    const video = sync.addTrack({ trackId: 'v', kind: 'video', timescale: 90_000 });
    const audio = sync.addTrack({ trackId: 'a', kind: 'audio', timescale: 48_000 });
    for (let t = 0; t <= 10_000; t += STEP_MS) {
      sync.update(video, (BASE + t) * 90, T0 + t);
      sync.update(audio, (BASE + t + 1000) * 48, T0 + t);
    }
    expect(reports).toEqual([]);
    for (let t = 10_000; t <= 20_000; t += STEP_MS) {
      sync.update(video, (BASE + t) * 90, T0 + t);
      sync.update(audio, (BASE + t + 2500) * 48, T0 + t);
    }
    expect(reports.map((r) => [r.min.trackId, r.max.trackId])).toEqual([['v', 'a']]);
  });

  it('reset (encoder disconnected) forgets last timestamps and ends the episode', () => {
    const reports: AvSyncReport[] = [];
    const sync = new AvSync({
      thresholdMs: THRESHOLD_MS,
      windowMs: WINDOW_MS,
      onOutOfSync: (r) => reports.push(r),
    });
    const video = sync.addTrack({ trackId: 'video', kind: 'video', timescale: 1000 });
    const audio = sync.addTrack({ trackId: 'audio', kind: 'audio', timescale: 1000 });
    sync.update(audio, 50_000, T0);
    sync.update(video, 10_000, T0);
    sync.reset();
    // New session: the clock restarted at 0; the old audio timestamp must not count.
    for (let t = 0; t <= 20_000; t += STEP_MS) {
      sync.update(video, t, T0 + 1000 + t);
      sync.update(audio, t, T0 + 1000 + t);
    }
    expect(reports).toEqual([]);
  });
});
