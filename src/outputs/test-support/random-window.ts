import fc from 'fast-check';
import type { TrackKind } from '../../media/track.js';
import type { TestRenditionSpec, TestSegmentSpec } from './test-window.js';

/**
 * `renditionSpecArbitrary` generates the history of one rendition for property tests: 1 to 20 segments of
 * up to 6 s, occasional discontinuities (with a wall-clock gap, a timeline restart or a new init segment),
 * a window that may have slid, optional low latency with parts and a pending segment, with or without
 * wall-clock anchors.
 */
export function renditionSpecArbitrary(id: string, kind: TrackKind): fc.Arbitrary<TestRenditionSpec> {
  const timescale = kind === 'video' ? 90_000 : 48_000;
  const segment = fc.record({
    duration: fc.integer({ min: 1, max: 6 * timescale }),
    discontinuity: fc.integer({ min: 0, max: 5 }).map((n) => n === 0),
    gapMs: fc.integer({ min: 0, max: 5000 }),
    restart: fc.boolean(),
    newInit: fc.boolean(),
    parts: fc.integer({ min: 1, max: 4 }),
  });
  return fc
    .record({
      firstSequence: fc.integer({ min: 0, max: 1_000_000 }),
      startTime: fc.integer({ min: 0, max: 10_000_000_000 }),
      segments: fc.array(segment, { minLength: 1, maxLength: 20 }),
      keepLast: fc.option(fc.integer({ min: 1, max: 20 }), { nil: undefined }),
      lowLatency: fc.boolean(),
      pendingParts: fc.integer({ min: 0, max: 3 }),
      anchored: fc.boolean(),
    })
    .map((r) => {
      let initVersion = 0;
      const segments: TestSegmentSpec[] = r.segments.map((s, i) => {
        const discontinuity = s.discontinuity && i > 0;
        if (discontinuity && s.newInit) {
          initVersion += 1;
        }
        return {
          duration: s.duration,
          ...(discontinuity ? { discontinuity, gapMs: s.gapMs, initVersion } : {}),
          ...(discontinuity && s.restart ? { startTime: 0 } : {}),
          ...(r.lowLatency ? { parts: s.parts } : {}),
        };
      });
      const partTicks = Math.round(timescale / 2);
      return {
        id,
        kind,
        timescale,
        firstSequence: r.firstSequence,
        startTime: r.startTime,
        segments,
        ...(r.keepLast === undefined ? {} : { keepLast: r.keepLast }),
        ...(r.lowLatency ? { partTarget: 0.5 } : {}),
        ...(r.lowLatency && r.pendingParts > 0
          ? { pending: { parts: Array.from({ length: r.pendingParts }, () => partTicks) } }
          : {}),
        anchored: r.anchored,
      };
    });
}
