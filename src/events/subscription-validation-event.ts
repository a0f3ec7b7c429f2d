import { randomBytes, randomUUID } from 'node:crypto';
import { formatEventTime, type MediaEvent } from './media-event.js';

/** `subscriptionValidationEventType` is the event type of the Event Grid webhook validation handshake. */
export const subscriptionValidationEventType = 'Microsoft.EventGrid.SubscriptionValidationEvent';

/**
 * `SubscriptionValidationEventData` is the data of `Microsoft.EventGrid.SubscriptionValidationEvent`: the
 * endpoint proves it wants the events by answering `{"validationResponse": validationCode}`
 * (https://learn.microsoft.com/azure/event-grid/webhook-event-delivery).
 */
export interface SubscriptionValidationEventData {
  readonly validationCode: string;
  /** A URL the endpoint owner could open to validate by hand; Event Grid sets it, Inlet has none. */
  readonly validationUrl?: string;
}

/** `SubscriptionValidationEvent` is the one event of a validation request body. */
export type SubscriptionValidationEvent = MediaEvent<
  SubscriptionValidationEventData,
  typeof subscriptionValidationEventType
>;

/** `SubscriptionValidationResponse` is the body the endpoint must answer the validation request with. */
export interface SubscriptionValidationResponse {
  readonly validationResponse: string;
}

/**
 * `createSubscriptionValidationEvent` builds a validation event with a fresh random code. Event Grid sends
 * `subject: ""` and `dataVersion: "2"` for it; the code is 128 random bits in upper-case hex like its GUIDs.
 */
export function createSubscriptionValidationEvent(
  topic: string,
  epochMs: number,
): SubscriptionValidationEvent {
  return {
    id: randomUUID(),
    topic,
    subject: '',
    eventType: subscriptionValidationEventType,
    eventTime: formatEventTime(epochMs),
    data: { validationCode: randomBytes(16).toString('hex').toUpperCase() },
    dataVersion: '2',
    metadataVersion: '1',
  };
}

/** `isValidationResponse` tells whether a parsed response body echoes `code` as Event Grid requires. */
export function isValidationResponse(body: unknown, code: string): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    'validationResponse' in body &&
    (body as { validationResponse: unknown }).validationResponse === code
  );
}
