import type { Logger } from 'pino';
import type { LiveEventEventMap, LiveEventEventType } from './live-event-event-types.js';
import type { LoggedEvent } from './logged-event.js';
import { createMediaEvent, type MediaEvent } from './media-event.js';

/**
 * `EventOutbox` is where an `EventBus` appends every event before any subscriber sees it: the durable
 * `EventLog`, or in a media worker process the channel to the process that owns the log.
 */
export interface EventOutbox {
  append(event: MediaEvent): LoggedEvent;
}

/** `EventSubscriber` receives every published event after it is in the log; it must not rely on order among subscribers. */
export type EventSubscriber = (entry: LoggedEvent) => void;

/** `EventBusOptions` configures an `EventBus`. */
export interface EventBusOptions {
  /** Event Grid `topic` of every event: the media account id, see `mediaServicesTopic`. */
  readonly topic: string;
  /** The outbox: every event is appended here before any subscriber sees it. */
  readonly log: EventOutbox;
  readonly logger: Logger;
  /** Wall clock in epoch milliseconds for `eventTime`. Default `Date.now`. */
  readonly now?: () => number;
}

/** `EventBusStats` are the counters of an `EventBus`. */
export interface EventBusStats {
  readonly published: number;
  readonly subscribers: number;
  /** Exceptions thrown by subscribers (each logged, none reaching the publisher). */
  readonly subscriberErrors: number;
  /** Events published after `close()`, dropped. */
  readonly droppedAfterClose: number;
}

/**
 * `EventBus` is the one typed bus of `Microsoft.Media.LiveEvent*` events. `publish` builds the Event Grid
 * envelope, appends it to the event log (the outbox) and then hands it to every subscriber. A throwing
 * subscriber is logged and counted and never reaches the publisher (like mediasoup's `safeEmit`). An event
 * published from inside a subscriber is handed out after the current one, so every subscriber sees events
 * in log order.
 */
export class EventBus {
  readonly #topic: string;
  readonly #log: EventOutbox;
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #subscribers = new Set<EventSubscriber>();
  readonly #pending: LoggedEvent[] = [];
  #dispatching = false;
  #closed = false;
  #published = 0;
  #subscriberErrors = 0;
  #droppedAfterClose = 0;

  constructor(options: EventBusOptions) {
    this.#topic = options.topic;
    this.#log = options.log;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
  }

  /** `topic` is the Event Grid topic of this bus's events. */
  get topic(): string {
    return this.#topic;
  }

  /** `stats` are counters for monitoring and tests. */
  get stats(): EventBusStats {
    return {
      published: this.#published,
      subscribers: this.#subscribers.size,
      subscriberErrors: this.#subscriberErrors,
      droppedAfterClose: this.#droppedAfterClose,
    };
  }

  /**
   * `publish` raises `eventType` for live event `liveEventName` with `data` (type-checked against
   * `LiveEventEventMap`). Returns the logged event, or undefined after `close()`. Never throws. `data` is
   * kept by reference (history, queues): build a new object per event and do not change it afterwards.
   */
  publish<K extends LiveEventEventType>(
    eventType: K,
    liveEventName: string,
    data: LiveEventEventMap[K],
  ): LoggedEvent | undefined {
    let event: MediaEvent;
    try {
      event = createMediaEvent({
        topic: this.#topic,
        eventType,
        liveEventName,
        data,
        epochMs: this.#now(),
      });
    } catch (error) {
      this.#logger.error({ err: error, eventType, liveEventName }, 'event bus: publish failed');
      return undefined;
    }
    return this.relay(event);
  }

  /**
   * `relay` publishes an event whose envelope was made elsewhere (by the bus of a media worker process):
   * appended to the log and handed to the subscribers like one published here. Never throws.
   */
  relay(event: MediaEvent): LoggedEvent | undefined {
    if (this.#closed) {
      this.#droppedAfterClose += 1;
      return undefined;
    }
    try {
      const entry = this.#log.append(event);
      this.#published += 1;
      this.#pending.push(entry);
      this.#dispatch();
      return entry;
    } catch (error) {
      this.#logger.error({ err: error, eventType: event.eventType }, 'event bus: relay failed');
      return undefined;
    }
  }

  /** `subscribe` adds a subscriber for events published from now on; returns the function that removes it. */
  subscribe(subscriber: EventSubscriber): () => void {
    this.#subscribers.add(subscriber);
    return () => {
      this.#subscribers.delete(subscriber);
    };
  }

  /** `close` drops all subscribers; later publishes are counted and dropped. Idempotent. */
  close(): void {
    this.#closed = true;
    this.#subscribers.clear();
  }

  #dispatch(): void {
    if (this.#dispatching) {
      return;
    }
    this.#dispatching = true;
    try {
      for (let entry = this.#pending.shift(); entry !== undefined; entry = this.#pending.shift()) {
        for (const subscriber of [...this.#subscribers]) {
          this.#deliver(subscriber, entry);
        }
      }
    } finally {
      this.#dispatching = false;
    }
  }

  #deliver(subscriber: EventSubscriber, entry: LoggedEvent): void {
    try {
      subscriber(entry);
    } catch (error) {
      this.#subscriberErrors += 1;
      this.#logger.error(
        {
          err: error,
          seq: entry.seq,
          eventType: entry.event.eventType,
          subscriber: subscriber.name || 'anonymous',
        },
        'event bus: a subscriber threw; the event still went to the log and the other subscribers',
      );
    }
  }
}
