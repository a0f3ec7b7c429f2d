import { describe, expect, it } from 'vitest';
import { DROP_REASONS, DropAggregator, type DropReport } from './drop-aggregator.js';
import { Timeline } from './timeline.js';

const NON_INCREASING = 'FragmentDrop_NonIncreasingTimestamp';
const OVERLAP = 'FragmentDrop_OverlapTimestamp';

function aggregator(): { drops: DropAggregator; reports: DropReport[] } {
  const reports: DropReport[] = [];
  return { drops: new DropAggregator({ onReport: (r) => reports.push(r) }), reports };
}

describe('DropAggregator', () => {
  it('collapses 1000 drops in one second into one report, then reports the next second', () => {
    const { drops, reports } = aggregator();
    const t0 = 1_700_000_000_000;
    for (let i = 0; i < 1000; i++) {
      drops.add('video', NON_INCREASING, 5000 + i, t0 + i * 0.999);
    }
    drops.flush(t0 + 999);
    expect(reports).toEqual([]);
    drops.flush(t0 + 1000);
    expect(reports).toEqual([
      { trackId: 'video', reason: NON_INCREASING, count: 1000, firstTimestamp: 5000, lastTimestamp: 5999 },
    ]);
    for (let i = 0; i < 500; i++) {
      drops.add('video', NON_INCREASING, 7000 + i, t0 + 1500 + i);
    }
    drops.flush(t0 + 2600);
    expect(reports.slice(1)).toEqual([
      { trackId: 'video', reason: NON_INCREASING, count: 500, firstTimestamp: 7000, lastTimestamp: 7499 },
    ]);
  });

  it('a drop after the window has ended reports the window without waiting for flush', () => {
    const { drops, reports } = aggregator();
    drops.add('audio', OVERLAP, 1, 0);
    drops.add('audio', OVERLAP, 2, 10);
    expect(reports).toEqual([]);
    drops.add('audio', OVERLAP, 3, 1000);
    expect(reports).toEqual([
      { trackId: 'audio', reason: OVERLAP, count: 2, firstTimestamp: 1, lastTimestamp: 2 },
    ]);
    drops.flush(Number.POSITIVE_INFINITY);
    expect(reports.map((r) => r.count)).toEqual([2, 1]);
  });

  it('keeps tracks and reasons apart: at most one report per track and reason per second', () => {
    const { drops, reports } = aggregator();
    for (let i = 0; i < 100; i++) {
      drops.add('video', NON_INCREASING, i, i);
      drops.add('video', OVERLAP, i, i);
      drops.add('audio', NON_INCREASING, i, i);
    }
    drops.flush(2000);
    expect(reports.map((r) => [r.trackId, r.reason, r.count])).toEqual([
      ['video', OVERLAP, 100],
      ['video', NON_INCREASING, 100],
      ['audio', NON_INCREASING, 100],
    ]);
    drops.flush(5000);
    expect(reports).toHaveLength(3);
  });

  it('takes the reason from a timeline drop verdict', () => {
    const { drops, reports } = aggregator();
    const timeline = new Timeline({ nominalFrameDuration: 40 });
    for (const raw of [0, 40, 40, 50, 80]) {
      const verdict = timeline.push(raw, 0);
      if (verdict.kind === 'overlap' || verdict.kind === 'non-increasing') {
        drops.add('video', DROP_REASONS[verdict.kind], verdict.timestamp, 0);
      }
    }
    drops.flush(Number.POSITIVE_INFINITY);
    expect(reports.map((r) => [r.reason, r.count, r.firstTimestamp])).toEqual([
      [OVERLAP, 1, 50],
      [NON_INCREASING, 1, 40],
    ]);
  });
});
