import { describe, expect, it } from 'vitest';
import { BitrateMeter, bitsPerSecond } from './bitrate-meter.js';

describe('bitsPerSecond', () => {
  it.each([
    { name: '2.5 Mbit/s over 20 s', bytes: 6_250_000, elapsedMs: 20_000, bps: 2_500_000 },
    { name: '128 kbit/s over 2 s', bytes: 32_000, elapsedMs: 2000, bps: 128_000 },
    {
      name: 'a partial 5 s window is divided by its own length',
      bytes: 80_000,
      elapsedMs: 5000,
      bps: 128_000,
    },
    { name: 'rounded to an integer', bytes: 1, elapsedMs: 3000, bps: 3 },
    { name: 'nothing received', bytes: 0, elapsedMs: 20_000, bps: 0 },
    { name: 'a zero-length window measures 0', bytes: 1000, elapsedMs: 0, bps: 0 },
  ])('$name', ({ bytes, elapsedMs, bps }) => {
    expect(bitsPerSecond(bytes, elapsedMs)).toBe(bps);
  });
});

describe('BitrateMeter', () => {
  it.each([
    {
      name: 'counts the bytes of each window and starts the next from zero',
      windows: [
        { chunks: [1000, 2000, 2000], endMs: 200 },
        { chunks: [500], endMs: 400 },
        { chunks: [], endMs: 600 },
      ],
      expected: [200_000, 20_000, 0],
    },
    {
      name: 'uneven windows (timer jitter) are divided by their real length',
      windows: [
        { chunks: [25_000], endMs: 250 },
        { chunks: [25_000], endMs: 400 },
      ],
      expected: [800_000, 1_333_333],
    },
  ])('$name', ({ windows, expected }) => {
    const meter = new BitrateMeter({ startMs: 0 });
    const rates = windows.map(({ chunks, endMs }) => {
      for (const bytes of chunks) {
        meter.add(bytes);
      }
      return meter.take(endMs);
    });
    expect(rates).toEqual(expected);
    expect(meter.windowStart).toBe(windows.at(-1)?.endMs);
  });
});
