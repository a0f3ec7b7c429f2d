import { describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../test/support/media-tools.js';
import { lastOutTimeUs, publishingFfmpeg, rampMsFor } from './publishers.js';

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

describe('publishingFfmpeg', () => {
  it("gives the load generator the bundled ffmpeg 4's loop join, and says what is wrong with a bad path", () => {
    const saved = process.env.BENCH_FFMPEG;
    try {
      process.env.BENCH_FFMPEG = ffmpegPath();
      const bundled = publishingFfmpeg();
      expect(bundled.version).toMatch(/^ffmpeg version/);
      expect(bundled.loopJoin).toBe('ffmpeg4');
      process.env.BENCH_FFMPEG = '/nonexistent/ffmpeg';
      expect(() => publishingFfmpeg()).toThrow(
        /cannot run the publishing ffmpeg \/nonexistent\/ffmpeg.*BENCH_FFMPEG/,
      );
    } finally {
      if (saved === undefined) {
        delete process.env.BENCH_FFMPEG;
      } else {
        process.env.BENCH_FFMPEG = saved;
      }
    }
  });
});
