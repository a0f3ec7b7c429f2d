import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EventBus } from '../event-bus.js';
import { EventFilter } from '../event-filter.js';
import type { EventLog } from '../event-log.js';
import type { LoggedEvent } from '../logged-event.js';
import { DeliveryFeed } from './delivery-feed.js';
import { retryDelayMs, type RetryBackoffOptions } from './retry-backoff.js';
import { buildWebhookNotification } from './webhook-notification.js';
import { sendWebhookRequest } from './webhook-request.js';
import { webhookSubscriptionName, type WebhookSubscription } from './webhook-subscription.js';
import { validateWebhook } from './webhook-validation.js';

/** `WebhookSinkOptions` configures one `WebhookSink`; times in milliseconds. */
export interface WebhookSinkOptions {
  readonly subscription: WebhookSubscription;
  /** Live events come from the bus; its `topic` also goes into the validation event. */
  readonly bus: EventBus;
  /** Events are re-read from the log after a restart or queue overflow; the cursor lives in `log.cursors`. */
  readonly log: EventLog;
  readonly logger: Logger;
  /** Most events per POST. Default 100 (a heartbeat is about 700 bytes, so about 70 KB per request). */
  readonly maxBatchEvents?: number;
  /** Most live events held in memory while the endpoint is slow; the rest are re-read from the log. Default 1000. */
  readonly queueCapacity?: number;
  /** Per-request timeout. Default 30 s, Event Grid's own wait for a webhook. */
  readonly requestTimeoutMs?: number;
  /** Retry schedule for failed deliveries and handshakes. Default 1 s doubling to 60 s with 20% jitter. */
  readonly retry?: RetryBackoffOptions;
  /** Events older than this are dead-lettered (logged, counted, skipped). Default 24 h, Event Grid's default TTL. */
  readonly maxEventAgeMs?: number;
  /** `WebHook-Request-Origin` of the CloudEvents handshake. Default `eventgrid.azure.net`, what receivers expect from Event Grid. */
  readonly cloudEventsOrigin?: string;
  /** Wall clock in epoch milliseconds, for event ages. Default `Date.now`. */
  readonly now?: () => number;
  /** Random source in [0, 1) for backoff jitter. Default `Math.random`. */
  readonly random?: () => number;
}

/** `WebhookSinkStats` are the counters of a `WebhookSink`. */
export interface WebhookSinkStats {
  readonly name: string;
  readonly validated: boolean;
  /** Why the last handshake failed, until one succeeds. */
  readonly validationError: string | undefined;
  /** Last seq handled (delivered, filtered out or dead-lettered). */
  readonly cursor: number;
  /** Live events held in memory (at most `queueCapacity`). */
  readonly queued: number;
  readonly delivered: number;
  readonly batches: number;
  readonly failedAttempts: number;
  readonly deadLettered: number;
  readonly filteredOut: number;
  /** Live events left to the log because the queue was full. */
  readonly overflowed: number;
}

const hourMs = 60 * 60 * 1000;

/**
 * `WebhookSink` delivers events to one webhook subscription the way Event Grid pushes (azure-compat §3.4):
 * POST of a JSON array of up to `maxBatchEvents` events in log order, headers `aeg-event-type: Notification`,
 * `aeg-subscription-name`, `aeg-delivery-count` (0 on the first attempt), `aeg-data-version`,
 * `aeg-metadata-version: 1`, `aeg-output-event-id` (id of the first event of the batch) and, with a `secret`,
 * `x-inlet-signature: sha256=<hex HMAC-SHA256 of the body>`. 2xx is success; anything else is retried with
 * exponential backoff until the events pass `maxEventAgeMs`. Nothing is delivered before the validation
 * handshake succeeds. Delivery is at least once: the cursor (`log.cursors`) moves only after a 2xx, so a
 * restart resends what was not acknowledged; receivers drop duplicates by event `id`.
 */
export class WebhookSink {
  /** `name` is the subscription name (`aeg-subscription-name`, cursor file). */
  readonly name: string;
  readonly #subscription: WebhookSubscription;
  readonly #topic: string;
  readonly #log: EventLog;
  readonly #logger: Logger;
  readonly #filter: EventFilter;
  readonly #feed: DeliveryFeed;
  readonly #unsubscribe: () => void;
  readonly #abort = new AbortController();
  readonly #maxBatchEvents: number;
  readonly #requestTimeoutMs: number;
  readonly #retry: RetryBackoffOptions;
  readonly #maxEventAgeMs: number;
  readonly #origin: string;
  readonly #now: () => number;
  readonly #random: () => number;
  readonly #running: Promise<void>;
  #cursor: number;
  #persisting: Promise<void> | undefined;
  #persistAgain = false;
  #closing: Promise<void> | undefined;
  #validated: boolean;
  #validationError: string | undefined;
  #delivered = 0;
  #batches = 0;
  #failedAttempts = 0;
  #deadLettered = 0;
  #filteredOut = 0;

  /** Throws a `TypeError` for a URL that is not http(s) or an unknown event type in the filter. */
  constructor(options: WebhookSinkOptions) {
    const url = new URL(options.subscription.url);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new TypeError(`webhook url must be http or https, got '${options.subscription.url}'`);
    }
    this.#subscription = options.subscription;
    this.name = webhookSubscriptionName(options.subscription);
    this.#topic = options.bus.topic;
    this.#log = options.log;
    this.#logger = options.logger.child({ subscription: this.name });
    this.#filter = new EventFilter(options.subscription);
    this.#maxBatchEvents = options.maxBatchEvents ?? 100;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#retry = options.retry ?? {};
    this.#maxEventAgeMs = options.maxEventAgeMs ?? 24 * hourMs;
    this.#origin = options.cloudEventsOrigin ?? 'eventgrid.azure.net';
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#validated = options.subscription.validation === false;
    const stored = this.#log.cursors.load(this.name);
    this.#cursor = Math.min(stored ?? this.#log.lastSeq, this.#log.lastSeq);
    if (stored !== undefined && stored > this.#log.lastSeq) {
      this.#logger.warn(
        { stored, lastSeq: this.#log.lastSeq },
        'webhook: cursor is past the end of the event log; reset',
      );
    }
    if (stored === undefined || stored > this.#log.lastSeq) {
      // A new subscription receives events from now on; save that so pruning keeps what it has not received.
      this.#schedulePersist();
    }
    this.#feed = new DeliveryFeed({
      log: this.#log,
      afterSeq: this.#cursor,
      capacity: options.queueCapacity ?? 1000,
      logger: this.#logger,
    });
    this.#unsubscribe = options.bus.subscribe((entry) => this.#feed.push(entry));
    this.#logger.info(
      { url: this.#subscription.url, cursor: this.#cursor, lastSeq: this.#log.lastSeq },
      'webhook sink started',
    );
    this.#running = this.#run().catch((error: unknown) => {
      this.#logger.error(
        { err: error, cursor: this.#cursor },
        'webhook delivery stopped by an unexpected error',
      );
    });
  }

  /** `stats` are counters for monitoring and tests. */
  get stats(): WebhookSinkStats {
    return {
      name: this.name,
      validated: this.#validated,
      validationError: this.#validationError,
      cursor: this.#cursor,
      queued: this.#feed.queued,
      delivered: this.#delivered,
      batches: this.#batches,
      failedAttempts: this.#failedAttempts,
      deadLettered: this.#deadLettered,
      filteredOut: this.#filteredOut,
      overflowed: this.#feed.overflowed,
    };
  }

  /** `close` stops delivery (aborting a request in flight) and persists the cursor; idempotent. */
  close(): Promise<void> {
    this.#closing ??= (async () => {
      this.#unsubscribe();
      this.#abort.abort();
      await this.#feed.close();
      await this.#running;
      await this.#persisting;
      this.#logger.info({ cursor: this.#cursor }, 'webhook sink closed');
    })();
    return this.#closing;
  }

  async #run(): Promise<void> {
    if (!this.#validated && !(await this.#validate())) {
      return;
    }
    for (let readFailures = 1; !this.#abort.signal.aborted;) {
      let entries: LoggedEvent[];
      try {
        entries = await this.#feed.take(this.#maxBatchEvents);
        readFailures = 1;
      } catch (error) {
        const retryInMs = retryDelayMs(readFailures, this.#retry, this.#random);
        readFailures += 1;
        this.#logger.warn({ err: error, retryInMs }, 'webhook: could not read the event log; will retry');
        if (!(await this.#sleep(retryInMs))) {
          return;
        }
        continue;
      }
      const last = entries.at(-1);
      if (last === undefined) {
        return;
      }
      const wanted = entries.filter((entry) => this.#filter.matches(entry.event));
      this.#filteredOut += entries.length - wanted.length;
      if (wanted.length > 0 && !(await this.#deliver(wanted))) {
        return;
      }
      this.#cursor = last.seq;
      this.#schedulePersist();
    }
  }

  async #validate(): Promise<boolean> {
    for (let failures = 1; !this.#abort.signal.aborted; failures += 1) {
      const result = await validateWebhook({
        url: this.#subscription.url,
        schema: this.#subscription.schema ?? 'EventGrid',
        subscriptionName: this.name,
        topic: this.#topic,
        secret: this.#subscription.secret,
        origin: this.#origin,
        timeoutMs: this.#requestTimeoutMs,
        epochMs: this.#now(),
        signal: this.#abort.signal,
      });
      if (result.ok) {
        this.#validated = true;
        this.#validationError = undefined;
        this.#logger.info('webhook subscription validated');
        return true;
      }
      if (this.#abort.signal.aborted) {
        return false;
      }
      this.#validationError = result.reason;
      const retryInMs = retryDelayMs(failures, this.#retry, this.#random);
      this.#logger.warn(
        { url: this.#subscription.url, attempt: failures, retryInMs },
        `webhook subscription not validated, so no events are delivered to it: ${result.reason}`,
      );
      if (!(await this.#sleep(retryInMs))) {
        return false;
      }
    }
    return false;
  }

  /** Delivers `batch` until a 2xx, or until all of it is dead-lettered; false when closed first. */
  async #deliver(batch: LoggedEvent[]): Promise<boolean> {
    let pending = batch;
    for (let failures = 0; ;) {
      pending = this.#dropExpired(pending);
      const first = pending[0];
      if (first === undefined) {
        return true;
      }
      const response = await sendWebhookRequest({
        url: this.#subscription.url,
        method: 'POST',
        ...buildWebhookNotification({
          events: pending.map((entry) => entry.event),
          schema: this.#subscription.schema ?? 'EventGrid',
          subscriptionName: this.name,
          deliveryCount: failures,
          secret: this.#subscription.secret,
        }),
        timeoutMs: this.#requestTimeoutMs,
        signal: this.#abort.signal,
        readBody: false,
      });
      if (this.#abort.signal.aborted) {
        return false;
      }
      if (response.ok) {
        this.#delivered += pending.length;
        this.#batches += 1;
        if (failures > 0) {
          this.#logger.info({ attempts: failures + 1, firstSeq: first.seq }, 'webhook delivery recovered');
        }
        return true;
      }
      failures += 1;
      this.#failedAttempts += 1;
      const retryInMs = retryDelayMs(failures, this.#retry, this.#random);
      this.#logger.warn(
        {
          status: response.status,
          error: !response.received ? response.error : undefined,
          attempt: failures,
          retryInMs,
          firstSeq: first.seq,
          events: pending.length,
        },
        'webhook delivery failed; will retry',
      );
      if (!(await this.#sleep(retryInMs))) {
        return false;
      }
    }
  }

  #dropExpired(batch: LoggedEvent[]): LoggedEvent[] {
    const oldest = this.#now() - this.#maxEventAgeMs;
    const fresh = batch.filter((entry) => !(Date.parse(entry.event.eventTime) < oldest));
    const expired = batch.length - fresh.length;
    if (expired > 0) {
      this.#deadLettered += expired;
      this.#logger.warn(
        {
          deadLettered: expired,
          firstSeq: batch[0]?.seq,
          lastSeq: batch.at(-1)?.seq,
          maxEventAgeMs: this.#maxEventAgeMs,
        },
        'webhook: dead-lettered events older than the maximum event age; they will not be delivered',
      );
    }
    return fresh;
  }

  #sleep(ms: number): Promise<boolean> {
    return delay(ms, true, { signal: this.#abort.signal }).catch(() => false);
  }

  #schedulePersist(): void {
    if (this.#persisting !== undefined) {
      this.#persistAgain = true;
      return;
    }
    this.#persisting = (async () => {
      do {
        this.#persistAgain = false;
        const cursor = this.#cursor;
        try {
          // The cursor must never be durable ahead of the log records it counts.
          await this.#log.flush();
          await this.#log.cursors.save(this.name, cursor);
        } catch (error) {
          this.#logger.warn(
            { err: error, cursor },
            'webhook: could not save the delivery cursor; the next delivery tries again',
          );
        }
      } while (this.#persistAgain);
    })().finally(() => {
      this.#persisting = undefined;
    });
  }
}
