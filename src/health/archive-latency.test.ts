import { describe, expect, it } from 'vitest';
import { ArchiveLatency } from './archive-latency.js';

describe('ArchiveLatency', () => {
  it.each([
    { name: 'nothing published: no value', windows: [[]], expected: [undefined] },
    { name: 'the maximum of the window', windows: [[350, 1200, 800]], expected: [1200] },
    { name: 'rounded to whole ms', windows: [[10.4, 10.6]], expected: [11] },
    { name: 'each window on its own', windows: [[900, 400], [300], []], expected: [900, 300, undefined] },
    { name: 'a zero latency is a value', windows: [[0]], expected: [0] },
    { name: 'negative and NaN latencies are ignored', windows: [[-5, Number.NaN]], expected: [undefined] },
  ])('$name', ({ windows, expected }) => {
    const latency = new ArchiveLatency();
    const taken = windows.map((samples) => {
      for (const ms of samples) {
        latency.add(ms);
      }
      return latency.take();
    });
    expect(taken).toEqual(expected);
  });
});
