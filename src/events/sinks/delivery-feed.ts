import type { Logger } from 'pino';
import type { EventLog } from '../event-log.js';
import type { LoggedEvent } from '../logged-event.js';
import { RingBuffer } from '../ring-buffer.js';

/** `DeliveryFeedOptions` configures a `DeliveryFeed`. */
export interface DeliveryFeedOptions {
  readonly log: EventLog;
  /** Last seq already handled: the feed yields events after it. */
  readonly afterSeq: number;
  /** Most events held in memory; beyond it new events are left to be re-read from the log. */
  readonly capacity: number;
  readonly logger: Logger;
  /** Wait before concluding that events missing from both the queue and the log are lost. Default 50 ms. */
  readonly gapWaitMs?: number;
}

/** Read attempts that find nothing while the log says there is more, before the gap is skipped. */
const gapAttempts = 3;

/**
 * `DeliveryFeed` hands a sink the events after its cursor, in seq order, without ever holding more than
 * `capacity` of them. Live events arrive through `push` into a bounded queue; when the queue is full or the
 * sink starts behind (after a restart, a long outage), events are read back from the log instead. `take`
 * never returns an event twice and never skips one that is still in the log.
 */
export class DeliveryFeed {
  readonly #log: EventLog;
  readonly #queue: RingBuffer<LoggedEvent>;
  readonly #logger: Logger;
  readonly #gapWaitMs: number;
  #position: number;
  #reader: { iterator: AsyncGenerator<LoggedEvent>; position: number } | undefined;
  #wake: (() => void) | undefined;
  #closed = false;
  #overflowed = 0;
  #readFromLog = 0;

  constructor(options: DeliveryFeedOptions) {
    this.#log = options.log;
    this.#queue = new RingBuffer(options.capacity);
    this.#logger = options.logger;
    this.#gapWaitMs = options.gapWaitMs ?? 50;
    this.#position = options.afterSeq;
  }

  /** `queued` is the number of events held in memory (never more than `capacity`). */
  get queued(): number {
    return this.#queue.length;
  }

  /** `overflowed` counts live events not queued because the queue was full (they are re-read from the log). */
  get overflowed(): number {
    return this.#overflowed;
  }

  /** `readFromLog` counts events read back from the log. */
  get readFromLog(): number {
    return this.#readFromLog;
  }

  /** `push` offers a live event; it is dropped (and later read from the log) when the queue is full. */
  push(entry: LoggedEvent): void {
    if (this.#closed || entry.seq <= this.#position) {
      return;
    }
    if (this.#queue.isFull) {
      this.#overflowed += 1;
    } else {
      this.#queue.push(entry);
    }
    this.#wakeUp();
  }

  /**
   * `take` resolves with the next 1..`max` events after the previous `take`, in seq order, waiting until
   * there is one; it resolves with an empty array once the feed is closed.
   */
  async take(max: number): Promise<LoggedEvent[]> {
    let misses = 0;
    while (!this.#closed) {
      this.#dropHandled();
      const head = this.#queue.peek();
      if (head?.seq === this.#position + 1) {
        return this.#takeQueued(max);
      }
      if (this.#log.lastSeq > this.#position) {
        const batch = await this.#takeFromLog(max);
        if (batch.length > 0) {
          return batch;
        }
        misses += 1;
        if (misses < gapAttempts) {
          await new Promise((resolve) => setTimeout(resolve, this.#gapWaitMs));
          continue;
        }
        this.#skipGap(head?.seq ?? this.#log.lastSeq + 1);
        misses = 0;
        continue;
      }
      await new Promise<void>((resolve) => {
        this.#wake = resolve;
      });
    }
    return [];
  }

  /** `close` ends pending and future `take`s and releases the log reader; idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    this.#queue.clear();
    this.#wakeUp();
    const reader = this.#reader;
    this.#reader = undefined;
    await reader?.iterator.return(undefined);
  }

  #takeQueued(max: number): LoggedEvent[] {
    const batch: LoggedEvent[] = [];
    for (
      let next = this.#queue.peek();
      next?.seq === this.#position + 1 && batch.length < max;
      next = this.#queue.peek()
    ) {
      batch.push(next);
      this.#queue.shift();
      this.#position = next.seq;
    }
    return batch;
  }

  async #takeFromLog(max: number): Promise<LoggedEvent[]> {
    if (this.#reader?.position !== this.#position) {
      await this.#reader?.iterator.return(undefined);
      this.#reader = { iterator: this.#log.readFrom(this.#position), position: this.#position };
    }
    const reader = this.#reader;
    const batch: LoggedEvent[] = [];
    while (batch.length < max && !this.#closed) {
      const next = await reader.iterator.next();
      if (next.done === true) {
        this.#reader = undefined;
        break;
      }
      batch.push(next.value);
      reader.position = next.value.seq;
    }
    if (this.#closed) {
      return [];
    }
    const last = batch.at(-1);
    if (last !== undefined) {
      this.#position = last.seq;
      this.#readFromLog += batch.length;
    }
    return batch;
  }

  #skipGap(nextSeq: number): void {
    this.#logger.warn(
      { fromSeq: this.#position + 1, toSeq: nextSeq - 1 },
      'delivery: events are in neither the log nor the live queue (a failed log write or pruning); skipping them',
    );
    this.#position = nextSeq - 1;
  }

  #dropHandled(): void {
    while ((this.#queue.peek()?.seq ?? Infinity) <= this.#position) {
      this.#queue.shift();
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = undefined;
    wake?.();
  }
}
