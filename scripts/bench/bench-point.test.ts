import { describe, expect, it } from 'vitest';
import type { LoadReport } from '../load/load-generator.js';
import { busiestThread, countFrames } from './bench-point.js';

function report(frames: { video: number; audio: number }[][]): LoadReport {
  return { streams: frames.map((sessionFrames) => ({ sessionFrames })) } as unknown as LoadReport;
}

describe('countFrames', () => {
  const targets = [
    { url: 'rtmp://h/live/a', stream: 's0', sampleKey: 'e0/s0' },
    { url: 'rtmp://h/live/b', stream: 's0', sampleKey: 'e1/s0' },
  ];

  it('matches report streams to live events by position and sums sessions', () => {
    const r = report([
      [
        { video: 10, audio: 20 },
        { video: 5, audio: 5 },
      ],
      [{ video: 30, audio: 40 }],
    ]);
    const samples = { 'e0/s0-video': 15, 'e0/s0-audio': 24, 'e1/s0-video': 30, 'e1/s0-audio': 40 };
    expect(countFrames(r, targets, { samples })).toEqual({
      sent: 110,
      packaged: 109,
      lost: 1,
      counted: 2,
    });
  });

  it('skips streams whose live event the wrapper does not observe', () => {
    const r = report([[{ video: 10, audio: 10 }], [{ video: 10, audio: 10 }]]);
    const samples = { 'e0/s0-video': 10, 'e0/s0-audio': 10 };
    expect(countFrames(r, targets, { samples, attachedEvents: ['e0'] })).toEqual({
      sent: 20,
      packaged: 20,
      lost: 0,
      counted: 1,
    });
  });
});

describe('busiestThread', () => {
  it("is the busiest main thread of the tree (an nginx worker, not its master's others)", () => {
    expect(
      busiestThread({
        main: { user: 0.1, system: 0 },
        others: { user: 90, system: 9 },
        'main nginx[42]': { user: 30, system: 20 },
      }),
    ).toEqual({ name: 'main nginx[42]', percent: 50 });
    expect(busiestThread(undefined)).toBeUndefined();
  });
});
