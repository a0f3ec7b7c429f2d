import type { HealthClock, HealthTimer } from '../health-types.js';

interface Timer {
  readonly ms: number;
  readonly callback: () => void;
  next: number;
  cancelled: boolean;
}

/**
 * `FakeClock` is a `HealthClock` driven by the test: `advance(ms)` moves time forward and fires every
 * periodic timer due on the way, in time order (timers due at the same instant in creation order).
 */
export class FakeClock implements HealthClock {
  #now: number;
  readonly #timers: Timer[] = [];

  constructor(startMs = Date.UTC(2024, 0, 1)) {
    this.#now = startMs;
  }

  now(): number {
    return this.#now;
  }

  every(ms: number, callback: () => void): HealthTimer {
    const timer: Timer = { ms, callback, next: this.#now + ms, cancelled: false };
    this.#timers.push(timer);
    return {
      cancel(): void {
        timer.cancelled = true;
      },
    };
  }

  /** Number of timers not cancelled. */
  get activeTimers(): number {
    return this.#timers.filter((t) => !t.cancelled).length;
  }

  /** Moves time forward by `ms`, firing due timers at their own instants. */
  advance(ms: number): void {
    const end = this.#now + ms;
    for (;;) {
      let due: Timer | undefined;
      for (const timer of this.#timers) {
        if (!timer.cancelled && timer.next <= end && (due === undefined || timer.next < due.next)) {
          due = timer;
        }
      }
      if (due === undefined) {
        break;
      }
      this.#now = due.next;
      due.next += due.ms;
      due.callback();
    }
    this.#now = end;
  }

  /** Moves time forward to `ms` (absolute). */
  advanceTo(ms: number): void {
    this.advance(ms - this.#now);
  }
}
