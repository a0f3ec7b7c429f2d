import {
  createSubscriptionValidationEvent,
  isValidationResponse,
  subscriptionValidationEventType,
} from '../subscription-validation-event.js';
import { sendWebhookRequest, signWebhookBody, webhookSignatureHeader } from './webhook-request.js';

/** `WebhookValidationRequest` is what one validation attempt needs. */
export interface WebhookValidationRequest {
  readonly url: string;
  readonly schema: 'EventGrid' | 'CloudEvents';
  readonly subscriptionName: string;
  readonly topic: string;
  readonly secret: string | undefined;
  /** `WebHook-Request-Origin` of the CloudEvents handshake. */
  readonly origin: string;
  readonly timeoutMs: number;
  readonly epochMs: number;
  readonly signal: AbortSignal;
}

/** `WebhookValidationResult` is the outcome of one attempt; `reason` says what the endpoint must change. */
export type WebhookValidationResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

/**
 * `validateWebhook` runs one subscription-validation handshake, as Event Grid does before the first delivery.
 * Event Grid schema: POST `[Microsoft.EventGrid.SubscriptionValidationEvent]` with
 * `aeg-event-type: SubscriptionValidation`; the endpoint must answer 2xx with
 * `{"validationResponse": "<data.validationCode>"}`. CloudEvents schema: the CloudEvents 1.0 Web Hook
 * abuse-protection handshake (CloudEvents "HTTP 1.1 Web Hooks" §4.1): OPTIONS with `WebHook-Request-Origin`,
 * answered 2xx with `WebHook-Allowed-Origin` equal to that origin or `*`.
 */
export async function validateWebhook(request: WebhookValidationRequest): Promise<WebhookValidationResult> {
  return request.schema === 'CloudEvents' ? validateCloudEvents(request) : validateEventGrid(request);
}

async function validateEventGrid(request: WebhookValidationRequest): Promise<WebhookValidationResult> {
  const event = createSubscriptionValidationEvent(request.topic, request.epochMs);
  const code = event.data.validationCode;
  const body = JSON.stringify([event]);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'aeg-event-type': 'SubscriptionValidation',
    'aeg-subscription-name': request.subscriptionName,
    'aeg-delivery-count': '0',
    'aeg-data-version': event.dataVersion,
    'aeg-metadata-version': '1',
    'aeg-output-event-id': event.id,
  };
  if (request.secret !== undefined) {
    headers[webhookSignatureHeader] = signWebhookBody(request.secret, body);
  }
  const response = await sendWebhookRequest({
    url: request.url,
    method: 'POST',
    headers,
    body,
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    readBody: true,
  });
  const expected =
    `the endpoint must answer the POST with 'aeg-event-type: SubscriptionValidation' (one ` +
    `${subscriptionValidationEventType} event) with HTTP 200 and the body {"validationResponse":"<data.validationCode>"}`;
  if (!response.received) {
    return { ok: false, reason: `${expected}; the request failed: ${response.error}` };
  }
  if (!response.ok) {
    return { ok: false, reason: `${expected}; it answered HTTP ${response.status}` };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(response.body);
  } catch {
    parsed = undefined;
  }
  if (!isValidationResponse(parsed, code)) {
    return {
      ok: false,
      reason: `${expected}; it answered HTTP ${response.status} with ${JSON.stringify(response.body.slice(0, 200))}`,
    };
  }
  return { ok: true };
}

async function validateCloudEvents(request: WebhookValidationRequest): Promise<WebhookValidationResult> {
  const response = await sendWebhookRequest({
    url: request.url,
    method: 'OPTIONS',
    headers: { 'webhook-request-origin': request.origin },
    timeoutMs: request.timeoutMs,
    signal: request.signal,
    readBody: false,
  });
  const expected =
    `the endpoint must answer 'OPTIONS' with 'WebHook-Request-Origin: ${request.origin}' with HTTP 200 and ` +
    `the header 'WebHook-Allowed-Origin: ${request.origin}' (or '*')`;
  if (!response.received) {
    return { ok: false, reason: `${expected}; the request failed: ${response.error}` };
  }
  const allowed = response.headers.get('webhook-allowed-origin');
  if (!response.ok || (allowed !== '*' && allowed !== request.origin)) {
    return {
      ok: false,
      reason: `${expected}; it answered HTTP ${response.status} with WebHook-Allowed-Origin ${String(allowed)}`,
    };
  }
  return { ok: true };
}
