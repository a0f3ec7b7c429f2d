import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatDuration, parseDuration } from './duration.js';

/** One table: `input` parses to `ms`; `canonical` is what `formatDuration(ms)` writes. */
const cases: { input: string | number; ms: number; canonical: string }[] = [
  { input: 0, ms: 0, canonical: '0ms' },
  { input: 250, ms: 250, canonical: '250ms' },
  { input: '250', ms: 250, canonical: '250ms' },
  { input: '500ms', ms: 500, canonical: '500ms' },
  { input: '0.5s', ms: 500, canonical: '500ms' },
  { input: '20s', ms: 20_000, canonical: '20s' },
  { input: '1.5s', ms: 1500, canonical: '1.5s' },
  { input: '2m', ms: 120_000, canonical: '2m' },
  { input: '1h', ms: 3_600_000, canonical: '1h' },
  { input: '1h30m', ms: 5_400_000, canonical: '1h30m' },
  { input: '1h 30m', ms: 5_400_000, canonical: '1h30m' },
  { input: '24h', ms: 86_400_000, canonical: '1d' },
  { input: '7d', ms: 604_800_000, canonical: '7d' },
  { input: '1w', ms: 604_800_000, canonical: '7d' },
  { input: '2m30.25s', ms: 150_250, canonical: '2m30.25s' },
  { input: '20 S', ms: 20_000, canonical: '20s' },
  { input: 'PT20S', ms: 20_000, canonical: '20s' },
  { input: 'PT0.5S', ms: 500, canonical: '500ms' },
  { input: 'P1D', ms: 86_400_000, canonical: '1d' },
];

const invalid: { input: string | number; reason: string }[] = [
  { input: '', reason: 'expected milliseconds or a value like 500ms' },
  { input: 'abc', reason: 'expected milliseconds or a value like 500ms' },
  { input: '20x', reason: 'expected milliseconds or a value like 500ms' },
  { input: '-5s', reason: 'expected milliseconds or a value like 500ms' },
  { input: 's', reason: 'expected milliseconds or a value like 500ms' },
  { input: '30m1h', reason: 'units must go from largest to smallest' },
  { input: '1s1s', reason: 'units must go from largest to smallest' },
  { input: -1, reason: 'expected a whole number of milliseconds >= 0' },
  { input: 1.5, reason: 'expected a whole number of milliseconds >= 0' },
  { input: Number.NaN, reason: 'expected a whole number of milliseconds >= 0' },
];

describe('human durations', () => {
  for (const c of cases) {
    it(`parses ${JSON.stringify(c.input)} as ${c.ms} ms`, () => {
      expect(parseDuration(c.input)).toBe(c.ms);
    });
    it(`formats ${c.ms} ms as ${c.canonical}`, () => {
      expect(formatDuration(c.ms)).toBe(c.canonical);
    });
  }

  for (const c of invalid) {
    it(`rejects ${JSON.stringify(c.input)}`, () => {
      expect(() => parseDuration(c.input)).toThrow(RangeError);
      expect(() => parseDuration(c.input)).toThrow(
        `invalid duration ${JSON.stringify(c.input)}: ${c.reason}`,
      );
    });
  }

  it('reports ISO 8601 errors with the ISO wording', () => {
    expect(() => parseDuration('P1Y')).toThrow('invalid ISO 8601 duration "P1Y": years and months');
  });

  it('round-trips every whole number of milliseconds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => {
        expect(parseDuration(formatDuration(ms))).toBe(ms);
      }),
      { numRuns: 2000, seed: 1935 },
    );
  });
});
