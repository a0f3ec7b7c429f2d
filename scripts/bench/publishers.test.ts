import { describe, expect, it } from 'vitest';
import { lastOutTimeUs, rampMsFor } from './publishers.js';

describe('lastOutTimeUs', () => {
  it("is the last out_time_us of ffmpeg's -progress output", () => {
    const progress =
      'frame=30\nout_time_us=1000000\nout_time_ms=1000000\nprogress=continue\n' +
      'frame=60\nout_time_us=2002000\nspeed=1x\nprogress=continue\n';
    expect(lastOutTimeUs(progress)).toBe(2_002_000);
  });

  it('is −1 before the first report', () => {
    expect(lastOutTimeUs('')).toBe(-1);
    expect(lastOutTimeUs('out_time_us=N/A\n')).toBe(-1);
  });
});

describe('rampMsFor', () => {
  it('starts 10 streams per second, 2 to 30 s', () => {
    expect(rampMsFor(5)).toBe(2000);
    expect(rampMsFor(100)).toBe(10_000);
    expect(rampMsFor(500)).toBe(30_000);
  });
});
