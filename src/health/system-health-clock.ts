import type { HealthClock, HealthTimer } from './health-types.js';

/**
 * `systemHealthClock` is the real `HealthClock`: `Date.now()` and `setInterval`. Its timers are unref'd,
 * so a forgotten heartbeat never keeps the process alive (the monitor's `close` cancels them anyway).
 */
export const systemHealthClock: HealthClock = {
  now(): number {
    return Date.now();
  },
  every(ms: number, callback: () => void): HealthTimer {
    const timer = setInterval(callback, ms);
    timer.unref();
    return {
      cancel(): void {
        clearInterval(timer);
      },
    };
  },
};
