import { liveEventEventTypes, type LiveEventEventType } from '../../events/live-event-event-types.js';
import type { WebhookConfig, WebhookSchema } from '../config.js';
import { field, type FieldContext } from '../config-field.js';
import { ConfigValueError, invalid } from '../config-value-error.js';
import { readObject } from '../values/object-value.js';
import { booleanValue, enumValue, listValue, stringValue } from '../values/scalar-values.js';

const SCHEMAS: readonly WebhookSchema[] = ['EventGrid', 'CloudEvents'];

/** `urlValue` accepts an absolute http: or https: URL. */
function urlValue(value: unknown): string {
  let url: URL | undefined;
  try {
    url = typeof value === 'string' ? new URL(value.trim()) : undefined;
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'http:' && url.protocol !== 'https:')) {
    throw invalid('an absolute http:// or https:// URL', value);
  }
  return url.href;
}

const eventTypeList = listValue(
  enumValue(liveEventEventTypes, 'a live event type such as Microsoft.Media.LiveEventEncoderConnected'),
  'event types',
);

function eventTypesValue(value: unknown, context: FieldContext): LiveEventEventType[] {
  const types = eventTypeList(value, context);
  if (types.length === 0) {
    throw new ConfigValueError([
      { path: '', message: 'an empty list would deliver nothing: leave eventTypes out for all' },
    ]);
  }
  return types;
}

/** `webhookFields` are the members of an `events.webhooks[]` item. */
export const webhookFields = {
  url: field({
    key: 'url',
    default: 'required',
    description: 'Where events are POSTed (http:// or https://).',
    parse: urlValue,
    fallback: () => '',
    required: true,
  }),
  eventTypes: field({
    key: 'eventTypes',
    default: 'all',
    description: 'Only deliver these event types (e.g. Microsoft.Media.LiveEventEncoderConnected).',
    parse: eventTypesValue,
    fallback: (): LiveEventEventType[] | undefined => undefined,
  }),
  secret: field({
    key: 'secret',
    default: 'none',
    description: 'Shared secret sent with each delivery so the receiver can authenticate it.',
    parse: stringValue(),
    fallback: (): string | undefined => undefined,
  }),
  schema: field({
    key: 'schema',
    default: 'EventGrid',
    description: 'Envelope: EventGrid (array of Event Grid events) or CloudEvents (CloudEvents 1.0).',
    parse: enumValue(SCHEMAS),
    fallback: (): WebhookSchema => 'EventGrid',
  }),
  name: field({
    key: 'name',
    default: 'webhook-<n>',
    description: 'Subscription name sent in aeg-subscription-name; unique.',
    parse: stringValue({ what: 'a name of letters, digits and hyphens', pattern: /^[A-Za-z0-9-]{1,64}$/ }),
    fallback: (): string | undefined => undefined,
  }),
  validation: field({
    key: 'validation',
    default: 'false',
    description: 'Send an Event Grid SubscriptionValidationEvent handshake before the first delivery.',
    parse: booleanValue,
    fallback: () => false,
  }),
};

/** `readWebhook` parses one webhook; `index` numbers the default name (`webhook-1` for the first). */
export function readWebhook(value: unknown, index: number, context: FieldContext): WebhookConfig {
  const w = readObject(value, webhookFields, context);
  return { ...w, name: w.name ?? `webhook-${index + 1}` };
}
