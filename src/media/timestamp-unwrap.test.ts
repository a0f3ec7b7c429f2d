import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { unwrapTimestamp } from './timestamp-unwrap.js';

const WRAP = 2 ** 32;

/** One table: raw 32-bit timestamp and unwrapped reference in, 64-bit value out. */
const cases: { name: string; raw: number; reference: number; value: number }[] = [
  { name: 'no wrap', raw: 1033, reference: 1000, value: 1033 },
  { name: 'just before the wrap', raw: WRAP - 33, reference: WRAP - 66, value: WRAP - 33 },
  { name: 'across the wrap (2^32 + 0)', raw: 0, reference: WRAP - 33, value: WRAP },
  { name: 'after the wrap', raw: 33, reference: WRAP, value: WRAP + 33 },
  { name: 'second wrap', raw: 10, reference: 2 * WRAP - 5, value: 2 * WRAP + 10 },
  { name: 'step back across the wrap', raw: WRAP - 10, reference: WRAP + 5, value: WRAP - 10 },
  { name: 'step back below zero', raw: WRAP - 5, reference: 10, value: -5 },
  { name: 'forward just under 2^31', raw: 2 ** 31 - 1, reference: 0, value: 2 ** 31 - 1 },
  { name: 'forward 2^31 reads as back', raw: 2 ** 31, reference: 0, value: -(2 ** 31) },
  { name: 'raw reduced modulo 2^32', raw: WRAP + 7, reference: 0, value: 7 },
];

describe('unwrapTimestamp', () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(unwrapTimestamp(c.raw, c.reference)).toBe(c.value);
    });
  }

  it('returns the value congruent to raw modulo 2^32 nearest the reference', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: WRAP - 1 }),
        fc.integer({ min: -(2 ** 40), max: 2 ** 40 }),
        (raw, reference) => {
          const value = unwrapTimestamp(raw, reference);
          expect((((value % WRAP) + WRAP) % WRAP) >>> 0).toBe(raw);
          expect(value - reference).toBeGreaterThanOrEqual(-(2 ** 31));
          expect(value - reference).toBeLessThan(2 ** 31);
        },
      ),
      { numRuns: 500, seed: 32 },
    );
  });
});
