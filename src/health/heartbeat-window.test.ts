import { describe, expect, it } from 'vitest';
import { HeartbeatWindow, isHealthy, type WindowCounts } from './heartbeat-window.js';
import type { HealthDropReason } from './health-types.js';

type Event = HealthDropReason | 'discontinuity';

describe('HeartbeatWindow', () => {
  it.each([
    { name: 'an empty window', windows: [[]], expected: [[0, 0, 0]] },
    {
      name: 'counts each kind apart',
      windows: [['overlap', 'overlap', 'non-increasing', 'discontinuity', 'overlap']],
      expected: [[3, 1, 1]],
    },
    {
      name: 'counts are per window: each take starts from zero',
      windows: [['overlap', 'discontinuity'], [], ['non-increasing', 'non-increasing'], []],
      expected: [
        [1, 1, 0],
        [0, 0, 0],
        [0, 0, 2],
        [0, 0, 0],
      ],
    },
  ] as { name: string; windows: Event[][]; expected: [number, number, number][] }[])(
    '$name',
    ({ windows, expected }) => {
      const window = new HeartbeatWindow();
      const taken = windows.map((events) => {
        for (const event of events) {
          if (event === 'discontinuity') {
            window.discontinuity();
          } else {
            window.drop(event);
          }
        }
        const c = window.take();
        return [c.overlapCount, c.discontinuityCount, c.nonincreasingCount];
      });
      expect(taken).toEqual(expected);
    },
  );
});

describe('isHealthy', () => {
  const clean: WindowCounts = { overlapCount: 0, discontinuityCount: 0, nonincreasingCount: 0 };
  it.each([
    { name: 'clean and expected bitrate', counts: clean, unexpected: false, healthy: true },
    { name: 'unexpected bitrate', counts: clean, unexpected: true, healthy: false },
    { name: 'one overlap', counts: { ...clean, overlapCount: 1 }, unexpected: false, healthy: false },
    {
      name: 'one discontinuity',
      counts: { ...clean, discontinuityCount: 1 },
      unexpected: false,
      healthy: false,
    },
    {
      name: 'one non-increasing',
      counts: { ...clean, nonincreasingCount: 1 },
      unexpected: false,
      healthy: false,
    },
  ])('$name → $healthy', ({ counts, unexpected, healthy }) => {
    expect(isHealthy(counts, unexpected)).toBe(healthy);
  });
});
