import type { EventsConfig, WebhookConfig } from '../config.js';
import { field, type FieldContext } from '../config-field.js';
import type { ConfigSources } from '../config-sources.js';
import { ConfigValueError } from '../config-value-error.js';
import { byteSizeValue } from '../values/byte-size.js';
import { durationValue } from '../values/duration-value.js';
import { duplicateIssues, readItems } from '../values/object-value.js';
import { readWebhook } from './webhook.js';

const YEAR_MS = 366 * 86_400_000;
/** The event log needs room for at least a few thousand events. */
const MIN_LOG_BYTES = 1024 * 1024;

function webhooksValue(value: unknown, context: FieldContext): WebhookConfig[] {
  const { items, issues } = readItems(value, 'webhooks', (v, i) => readWebhook(v, i, context));
  issues.push(...duplicateIssues(items, 'name', (w) => w.name));
  if (issues.length > 0) {
    throw new ConfigValueError(issues);
  }
  return items.filter((w) => w !== undefined);
}

const webhooks = field({
  key: 'events.webhooks',
  default: '[]',
  description: 'Webhooks that receive events: [{url, eventTypes?, secret?, schema?, name?, validation?}].',
  parse: webhooksValue,
  fallback: (): WebhookConfig[] => [],
});

const maxAge = field({
  key: 'events.maxAge',
  env: 'INLET_EVENTS_MAX_AGE',
  default: '7d',
  description: 'Events older than this are dropped from the event log.',
  parse: durationValue({ min: 1000, max: YEAR_MS }),
  fallback: () => 7 * 86_400_000,
});

const maxBytes = field({
  key: 'events.maxBytes',
  env: 'INLET_EVENTS_MAX_BYTES',
  default: '512MiB',
  description: 'Size limit of the event log on disk; the oldest events are dropped first.',
  parse: byteSizeValue({ min: MIN_LOG_BYTES, max: Number.MAX_SAFE_INTEGER, range: 'of at least 1MiB' }),
  fallback: () => 512 * 1024 * 1024,
});

const webhookMaxEventAge = field({
  key: 'events.webhookMaxEventAge',
  env: 'INLET_WEBHOOK_MAX_EVENT_AGE',
  default: '24h',
  description: 'A webhook delivery is retried until the event is this old (Event Grid: 24 h), then dropped.',
  parse: durationValue({ min: 1000, max: YEAR_MS }),
  fallback: () => 86_400_000,
});

/** `eventsFields` are the `events.*` keys. */
export const eventsFields = [webhooks, maxAge, maxBytes, webhookMaxEventAge] as const;

/** `readEvents` reads the `events` section. */
export function readEvents(sources: ConfigSources): EventsConfig {
  return {
    webhooks: sources.read(webhooks),
    maxAge: sources.read(maxAge),
    maxBytes: sources.read(maxBytes),
    webhookMaxEventAge: sources.read(webhookMaxEventAge),
  };
}
