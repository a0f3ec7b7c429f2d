/** `RetryBackoffOptions` shapes exponential backoff; times in milliseconds. */
export interface RetryBackoffOptions {
  /** Delay after the first failure. Default 1 s. */
  readonly initialDelayMs?: number;
  /** Upper bound of the delay. Default 60 s. */
  readonly maxDelayMs?: number;
  /**
   * Fraction of the delay taken off at random (0..1), so that many sinks failing at once do not retry in
   * lock step. Default 0.2.
   */
  readonly jitterRatio?: number;
}

/** `defaultRetryBackoff` is 1 s doubling to 60 s with 20% jitter, close to Event Grid's own schedule. */
export const defaultRetryBackoff: Required<RetryBackoffOptions> = {
  initialDelayMs: 1000,
  maxDelayMs: 60_000,
  jitterRatio: 0.2,
};

/**
 * `retryDelayMs` is the wait before retry number `failures` (1 after the first failure):
 * `min(max, initial * 2^(failures-1))`, reduced by up to `jitterRatio` of itself using `random()` in [0, 1).
 */
export function retryDelayMs(failures: number, options: RetryBackoffOptions, random: () => number): number {
  const initial = options.initialDelayMs ?? defaultRetryBackoff.initialDelayMs;
  const max = options.maxDelayMs ?? defaultRetryBackoff.maxDelayMs;
  const jitter = Math.min(1, Math.max(0, options.jitterRatio ?? defaultRetryBackoff.jitterRatio));
  // Cap the exponent: 2^30 ms already exceeds any sensible maximum and keeps the product finite.
  const base = Math.min(max, initial * 2 ** Math.min(30, Math.max(0, failures - 1)));
  return Math.round(base * (1 - jitter * random()));
}
