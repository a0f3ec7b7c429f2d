import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatIsoDuration, parseIsoDuration } from './iso-duration.js';

/** One table drives parsing and canonical formatting: `text` is the canonical form of `ms`. */
const cases: { name: string; text: string; ms: number }[] = [
  { name: 'zero', text: 'PT0S', ms: 0 },
  { name: 'AMS key frame interval', text: 'PT2S', ms: 2000 },
  { name: 'half a second', text: 'PT0.5S', ms: 500 },
  { name: 'one millisecond', text: 'PT0.001S', ms: 1 },
  { name: 'fraction with trailing digits', text: 'PT1.25S', ms: 1250 },
  { name: 'one minute', text: 'PT1M', ms: 60_000 },
  { name: 'hour and a half', text: 'PT1H30M', ms: 90 * 60_000 },
  { name: 'all time components', text: 'PT1H2M3.4S', ms: 3_723_400 },
  { name: 'one day', text: 'P1D', ms: 86_400_000 },
  { name: 'AMS maximum archive window (25 h)', text: 'P1DT1H', ms: 25 * 3_600_000 },
  { name: 'days and seconds', text: 'P2DT5S', ms: 2 * 86_400_000 + 5000 },
];

/** Other spellings that parse to the same value. */
const aliases: { text: string; ms: number }[] = [
  { text: 'PT25H', ms: 25 * 3_600_000 },
  { text: 'PT90M', ms: 90 * 60_000 },
  { text: 'PT120S', ms: 120_000 },
  { text: 'P1W', ms: 7 * 86_400_000 },
  { text: 'PT0,5S', ms: 500 },
  { text: 'pt2s', ms: 2000 },
  { text: ' PT2S ', ms: 2000 },
  { text: 'PT0.0004S', ms: 0 },
  { text: 'PT0.5H', ms: 1_800_000 },
  { text: 'P0D', ms: 0 },
];

const invalid: { text: string; reason: string }[] = [
  { text: '', reason: 'expected a form like PT2S' },
  { text: 'P', reason: 'expected a form like PT2S' },
  { text: 'PT', reason: 'expected a form like PT2S' },
  { text: 'P1DT', reason: 'expected a form like PT2S' },
  { text: '2S', reason: 'expected a form like PT2S' },
  { text: 'PT2', reason: 'expected a form like PT2S' },
  { text: 'PT-2S', reason: 'expected a form like PT2S' },
  { text: 'PT2S1M', reason: 'expected a form like PT2S' },
  { text: 'P1Y', reason: 'years and months have no fixed length' },
  { text: 'P1M', reason: 'years and months have no fixed length' },
  { text: 'PT1.5H30M', reason: 'only the last component may have a fraction' },
];

describe('ISO 8601 durations', () => {
  for (const c of cases) {
    it(`parses ${c.name} (${c.text})`, () => {
      expect(parseIsoDuration(c.text)).toBe(c.ms);
    });
    it(`formats ${c.name} as ${c.text}`, () => {
      expect(formatIsoDuration(c.ms)).toBe(c.text);
    });
  }

  for (const a of aliases) {
    it(`parses ${JSON.stringify(a.text)} as ${a.ms} ms`, () => {
      expect(parseIsoDuration(a.text)).toBe(a.ms);
    });
  }

  for (const c of invalid) {
    it(`rejects ${JSON.stringify(c.text)}`, () => {
      expect(() => parseIsoDuration(c.text)).toThrow(RangeError);
      expect(() => parseIsoDuration(c.text)).toThrow(
        `invalid ISO 8601 duration ${JSON.stringify(c.text)}: ${c.reason}`,
      );
    });
  }

  it('refuses to format negative or fractional milliseconds', () => {
    expect(() => formatIsoDuration(-1)).toThrow('expected a whole number >= 0');
    expect(() => formatIsoDuration(1.5)).toThrow('expected a whole number >= 0');
  });

  it('round-trips every whole number of milliseconds (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 * 86_400_000 }), (ms) => {
        expect(parseIsoDuration(formatIsoDuration(ms))).toBe(ms);
      }),
      { numRuns: 2000, seed: 8601 },
    );
  });
});
