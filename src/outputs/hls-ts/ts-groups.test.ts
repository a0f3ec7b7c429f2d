import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Segment } from '../../packager/rendition-window.js';
import { seconds, testRendition } from '../test-support/test-window.js';
import { groupSegments } from './ts-groups.js';

/**
 * A history as text: one token per segment from sequence 0, `|` before a segment that follows a
 * discontinuity (`0 1 | 2 3`). `keepLast` slides the window.
 */
function history(text: string, keepLast?: number): Segment[] {
  const tokens = text.split(/\s+/).filter((t) => t.length > 0);
  const specs: { duration: number; discontinuity?: boolean }[] = [];
  let flag = false;
  for (const t of tokens) {
    if (t === '|') {
      flag = true;
      continue;
    }
    specs.push({ duration: seconds(2), ...(flag ? { discontinuity: true, gapMs: 1000 } : {}) });
    flag = false;
  }
  return [
    ...testRendition({
      id: 'v',
      kind: 'video',
      segments: specs,
      ...(keepLast === undefined ? {} : { keepLast }),
    }).segments,
  ];
}

describe('groupSegments', () => {
  it.each<[string, number, string, number | undefined, boolean, Record<number, number[]>]>([
    [
      'one CMAF segment per TS segment',
      1,
      '0 1 2 3 4',
      undefined,
      false,
      { 0: [0], 1: [1], 2: [2], 3: [3], 4: [4] },
    ],
    ['N = 2: the incomplete last block waits', 2, '0 1 2 3 4', undefined, false, { 0: [0, 1], 1: [2, 3] }],
    [
      'N = 2, ended: the last block is listed short',
      2,
      '0 1 2 3 4',
      undefined,
      true,
      { 0: [0, 1], 1: [2, 3], 2: [4] },
    ],
    ['a discontinuity at a block start', 2, '0 1 | 2 3', undefined, false, { 0: [0, 1], 1: [2, 3] }],
    [
      'a discontinuity inside a block: the block ends before it, the rest joins the next group (2N - 1)',
      2,
      '0 1 2 | 3 4 5',
      undefined,
      false,
      { 0: [0, 1], 1: [2], 2: [3, 4, 5] },
    ],
    [
      'a block cut by a discontinuity is complete as soon as the discontinuity exists',
      3,
      '0 1 2 3 | 4',
      undefined,
      false,
      { 0: [0, 1, 2], 1: [3] },
    ],
    [
      'two discontinuities inside one block: the run between them is left out',
      3,
      '0 1 2 3 | 4 | 5 6 7 8',
      undefined,
      false,
      { 0: [0, 1, 2], 1: [3], 2: [5, 6, 7, 8] },
    ],
    [
      'a tail before a block that starts with a discontinuity is left out',
      2,
      '0 1 2 | 3 | 4 5',
      undefined,
      false,
      { 0: [0, 1], 1: [2], 2: [4, 5] },
    ],
    [
      'a tail at the end of an ended window is a group of its own',
      2,
      '0 1 2 | 3',
      undefined,
      true,
      { 0: [0, 1], 1: [2], 2: [3] },
    ],
    [
      'a group whose first segments slid out is left out',
      2,
      '0 1 2 3 4 5 6 7',
      5,
      false,
      { 2: [4, 5], 3: [6, 7] },
    ],
    [
      'a group that took a tail whose start slid out is left out',
      3,
      '0 | 1 2 3 4 5 6 7 8',
      7,
      false,
      { 2: [6, 7, 8] },
    ],
    [
      'the tail is kept when its discontinuity is still in the window',
      3,
      '0 | 1 2 3 4 5 6 7 8',
      8,
      false,
      { 1: [1, 2, 3, 4, 5], 2: [6, 7, 8] },
    ],
    [
      'inner segments that slid out could not have held a discontinuity when there was none before the window',
      3,
      '0 1 2 3 4 5 6 7 8',
      8,
      false,
      { 1: [3, 4, 5], 2: [6, 7, 8] },
    ],
  ])('%s', (_name, n, text, keepLast, ended, expected) => {
    const groups = groupSegments(history(text, keepLast), n, ended);
    expect(Object.fromEntries(groups.map((g) => [g.sequence, g.segments.map((s) => s.sequence)]))).toEqual(
      expected,
    );
  });

  it('rejects a group size that is not a positive integer', () => {
    expect(() => groupSegments([], 0, false)).toThrow(RangeError);
    expect(() => groupSegments([], 1.5, false)).toThrow(RangeError);
    expect(groupSegments([], 2, false)).toEqual([]);
  });

  /** A random history: up to 30 segments, a discontinuity before about one in four. */
  const historyArbitrary = fc
    .array(fc.integer({ min: 0, max: 3 }), { minLength: 1, maxLength: 30 })
    .map((flags) => flags.map((f, i) => (f === 0 && i > 0 ? `| ${i}` : String(i))).join(' '));

  it('names each group by the same members in every window that lists it (sliding and growing)', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 1, max: 4 }), (text, n) => {
        const full = history(text);
        const truth = new Map(
          groupSegments(full, n, true).map((g) => [g.sequence, g.segments.map((s) => s.sequence)]),
        );
        for (let length = 1; length <= full.length; length++) {
          for (let keep = 1; keep <= length; keep++) {
            const window = full.slice(length - keep, length);
            for (const ended of length === full.length ? [false, true] : [false]) {
              for (const g of groupSegments(window, n, ended)) {
                expect(g.segments.map((s) => s.sequence)).toEqual(truth.get(g.sequence));
              }
            }
          }
        }
      }),
      { numRuns: 150, seed: 8216 },
    );
  });

  it('makes groups of one run, numbered floor(sequence / N), each CMAF segment at most once (property)', () => {
    fc.assert(
      fc.property(historyArbitrary, fc.integer({ min: 1, max: 4 }), fc.boolean(), (text, n, ended) => {
        const full = history(text);
        const groups = groupSegments(full, n, ended);
        const seen = new Set<number>();
        groups.forEach((g, i) => {
          const sequences = g.segments.map((s) => s.sequence);
          expect(g.segments.slice(1).some((s) => s.discontinuity)).toBe(false);
          expect(sequences).toEqual(sequences.map((_, k) => (sequences[0] ?? 0) + k));
          expect(sequences.length).toBeLessThanOrEqual(2 * n - 1);
          // A group opens at a block start (its number) or with the tail of the block before.
          expect(g.sequence).toBe(Math.ceil((sequences[0] ?? 0) / n));
          if (i > 0) {
            expect(g.sequence).toBe((groups[i - 1]?.sequence ?? 0) + 1);
          }
          for (const s of sequences) {
            expect(seen.has(s)).toBe(false);
            seen.add(s);
          }
        });
        // Without discontinuities inside blocks nothing is left out but an incomplete last block.
        const inner = full.some((s) => s.discontinuity && s.sequence % n !== 0);
        if (!inner) {
          const complete = ended ? full.length : full.length - (full.length % n);
          expect(seen.size).toBe(complete);
        }
      }),
      { numRuns: 400, seed: 33 },
    );
  });
});
