import { describe, expect, it } from 'vitest';
import { combinationKey, combinations } from './bench-plan.js';

const base = {
  servers: ['nginx', 'nms', 'inlet', 'inlet-workers'] as const,
  publishers: ['ffmpeg', 'load'] as const,
  topologies: ['per-event', 'one-event'] as const,
  ffmpegMax: 50,
  secure: false,
};

describe('combinations', () => {
  it('measures the peers once per publisher kind and Inlet once per topology', () => {
    expect(combinations(base, 5).map(combinationKey)).toEqual([
      'nginx ffmpeg/any',
      'nms ffmpeg/any',
      'inlet ffmpeg/per-event',
      'inlet ffmpeg/one-event',
      'inlet-workers ffmpeg/per-event',
      'inlet-workers ffmpeg/one-event',
      'nginx load/any',
      'nms load/any',
      'inlet load/per-event',
      'inlet load/one-event',
      'inlet-workers load/per-event',
      'inlet-workers load/one-event',
    ]);
  });

  it('runs ffmpeg publishers only up to --ffmpeg-max', () => {
    expect(combinations(base, 51).every((c) => c.publisher === 'load')).toBe(true);
    expect(combinations(base, 50).some((c) => c.publisher === 'ffmpeg')).toBe(true);
  });

  it('leaves the peers out over RTMPS', () => {
    expect(combinations({ ...base, secure: true }, 5).some((c) => c.topology === 'any')).toBe(false);
  });
});
