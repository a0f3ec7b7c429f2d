import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StepMedian } from './step-median.js';

/** One table: steps pushed into a 5-step median, median out. */
const cases: { name: string; steps: number[]; median: number | undefined }[] = [
  { name: 'empty', steps: [], median: undefined },
  { name: 'one step', steps: [33], median: 33 },
  { name: '30 fps jitter', steps: [33, 34, 33, 33, 34], median: 33 },
  { name: 'one missing frame does not move it', steps: [33, 34, 67, 33, 34], median: 34 },
  { name: 'a new frame rate takes over', steps: [33, 33, 33, 17, 16, 17, 16, 17], median: 17 },
  { name: 'even count takes the lower middle', steps: [10, 20, 30, 40], median: 20 },
];

describe('StepMedian', () => {
  for (const c of cases) {
    it(c.name, () => {
      const median = new StepMedian({ capacity: 5 });
      c.steps.forEach((s) => median.push(s));
      expect(median.median).toBe(c.median);
      expect(median.count).toBe(Math.min(5, c.steps.length));
    });
  }

  it('equals the median of the last `capacity` steps', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 60 }), (steps) => {
        const median = new StepMedian({ capacity: 9 });
        steps.forEach((s) => median.push(s));
        const window = steps.slice(-9).sort((a, b) => a - b);
        expect(median.median).toBe(window[(window.length - 1) >> 1]);
      }),
      { numRuns: 300, seed: 9 },
    );
  });

  it('forgets everything on clear', () => {
    const median = new StepMedian({ capacity: 3 });
    median.push(5);
    median.clear();
    expect([median.count, median.median]).toEqual([0, undefined]);
    median.push(7);
    expect(median.median).toBe(7);
  });
});
