import { describe, expect, it } from 'vitest';
import { retryDelayMs } from './retry-backoff.js';

describe('retryDelayMs', () => {
  it('doubles from the initial delay up to the maximum', () => {
    const options = { initialDelayMs: 1000, maxDelayMs: 60_000, jitterRatio: 0 };
    expect([1, 2, 3, 4, 5, 6, 7, 8, 100].map((n) => retryDelayMs(n, options, Math.random))).toEqual([
      1000, 2000, 4000, 8000, 16_000, 32_000, 60_000, 60_000, 60_000,
    ]);
  });

  it('takes off at most the jitter ratio', () => {
    const options = { initialDelayMs: 1000, maxDelayMs: 60_000, jitterRatio: 0.2 };
    expect(retryDelayMs(3, options, () => 0)).toBe(4000);
    expect(retryDelayMs(3, options, () => 0.999_999)).toBe(3200);
    expect(retryDelayMs(3, options, () => 0.5)).toBe(3600);
  });

  it('uses 1 s doubling to 60 s with 20% jitter by default', () => {
    expect(retryDelayMs(1, {}, () => 0)).toBe(1000);
    expect(retryDelayMs(50, {}, () => 0)).toBe(60_000);
    expect(retryDelayMs(50, {}, () => 0.999_999)).toBe(48_000);
  });
});
