import { toCloudEvent } from '../cloud-event.js';
import type { MediaEvent } from '../media-event.js';
import { signWebhookBody, webhookSignatureHeader } from './webhook-request.js';

/** `WebhookNotificationOptions` is what one notification request is built from. */
export interface WebhookNotificationOptions {
  /** The batch, in log order; at least one event. */
  readonly events: readonly MediaEvent[];
  readonly schema: 'EventGrid' | 'CloudEvents';
  readonly subscriptionName: string;
  /** Earlier failed attempts for this batch (0 on the first). */
  readonly deliveryCount: number;
  readonly secret: string | undefined;
}

/**
 * `buildWebhookNotification` is the body and headers of one Event Grid push (azure-compat §3.4,
 * Event Grid "message headers"): a JSON array, `aeg-event-type: Notification`, `aeg-subscription-name`,
 * `aeg-delivery-count`, `aeg-data-version`, `aeg-metadata-version: 1`, `aeg-output-event-id` (the first
 * event's id), plus `x-inlet-signature` with a secret. CloudEvents batches use
 * `application/cloudevents-batch+json` (CloudEvents JSON format §4).
 */
export function buildWebhookNotification(options: WebhookNotificationOptions): {
  headers: Record<string, string>;
  body: string;
} {
  const cloudEvents = options.schema === 'CloudEvents';
  const body = JSON.stringify(
    cloudEvents ? options.events.map((event) => toCloudEvent(event)) : options.events,
  );
  const first = options.events[0];
  const headers: Record<string, string> = {
    'content-type': cloudEvents ? 'application/cloudevents-batch+json; charset=utf-8' : 'application/json',
    'aeg-event-type': 'Notification',
    'aeg-subscription-name': options.subscriptionName,
    'aeg-delivery-count': String(options.deliveryCount),
    'aeg-data-version': first?.dataVersion ?? '',
    'aeg-metadata-version': '1',
    'aeg-output-event-id': first?.id ?? '',
  };
  if (options.secret !== undefined) {
    headers[webhookSignatureHeader] = signWebhookBody(options.secret, body);
  }
  return { headers, body };
}
