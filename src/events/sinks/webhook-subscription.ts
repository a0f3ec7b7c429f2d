import { createHash } from 'node:crypto';

/**
 * `WebhookSubscription` is one entry of config `events.webhooks`: an HTTP endpoint that receives events the
 * way Event Grid pushes them to a webhook subscription.
 */
export interface WebhookSubscription {
  /** http(s) URL the events are POSTed to. */
  readonly url: string;
  /** Names the subscription in `aeg-subscription-name`, logs and the cursor file. Default: from the URL. */
  readonly name?: string;
  /** Only these event types (full or short names, any case). Default: all `Microsoft.Media.LiveEvent*`. */
  readonly eventTypes?: readonly string[];
  /** Only events of these live events. Default: all. */
  readonly liveEventNames?: readonly string[];
  /** When set, every request carries `x-inlet-signature: sha256=<hex HMAC-SHA256 of the body>`. */
  readonly secret?: string;
  /** Body format: Event Grid schema (default) or CloudEvents 1.0. */
  readonly schema?: 'EventGrid' | 'CloudEvents';
  /**
   * Run the validation handshake before the first delivery, as Event Grid does. Default true; set false for
   * plain receivers that just accept POSTs.
   */
  readonly validation?: boolean;
}

/**
 * `webhookSubscriptionName` is the configured name, or `webhook-` and 12 hex digits of SHA-256 of the URL,
 * stable across restarts so the subscription finds its cursor again.
 */
export function webhookSubscriptionName(subscription: WebhookSubscription): string {
  if (subscription.name !== undefined && subscription.name.trim() !== '') {
    return subscription.name;
  }
  return `webhook-${createHash('sha256').update(subscription.url).digest('hex').slice(0, 12)}`;
}

/**
 * `assertUniqueSubscriptionNames` throws a `TypeError` when two subscriptions would share a name (and so a
 * cursor file), e.g. the same URL twice without names. Call it on `events.webhooks` before building sinks.
 */
export function assertUniqueSubscriptionNames(subscriptions: readonly WebhookSubscription[]): void {
  const seen = new Set<string>();
  for (const subscription of subscriptions) {
    const name = webhookSubscriptionName(subscription);
    if (seen.has(name)) {
      throw new TypeError(`two webhook subscriptions are named '${name}': give each a distinct 'name'`);
    }
    seen.add(name);
  }
}
