import { createHmac } from 'node:crypto';

/** `webhookSignatureHeader` carries the HMAC of the body when the subscription has a `secret`. */
export const webhookSignatureHeader = 'x-inlet-signature';

/**
 * `signWebhookBody` is the value of `x-inlet-signature`: `sha256=` + lower-case hex of
 * HMAC-SHA256(secret, raw request body bytes) (RFC 2104). Receivers recompute it over the body exactly as
 * received and compare in constant time.
 */
export function signWebhookBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

/** `WebhookRequest` is one POST (or OPTIONS) to a webhook endpoint. */
export interface WebhookRequest {
  readonly url: string;
  readonly method: 'POST' | 'OPTIONS';
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
  /** Aborts the request when the sink closes. */
  readonly signal: AbortSignal;
  /** Read the response body (as text, at most `maxResponseBytes`); otherwise it is discarded. */
  readonly readBody: boolean;
}

/** `WebhookResponse` is what came back, or `error` when no HTTP response came. */
export type WebhookResponse =
  | {
      readonly received: true;
      readonly ok: boolean;
      readonly status: number;
      readonly headers: Headers;
      readonly body: string;
    }
  | { readonly received: false; readonly ok: false; readonly status: 0; readonly error: string };

/** A validation answer is a few dozen bytes; anything past 64 KiB is not one and is not read. */
const maxResponseBytes = 64 * 1024;

/** `sendWebhookRequest` performs one request with a timeout; it never throws. Success means a 2xx status. */
export async function sendWebhookRequest(request: WebhookRequest): Promise<WebhookResponse> {
  try {
    const init: RequestInit = {
      method: request.method,
      headers: request.headers,
      signal: AbortSignal.any([request.signal, AbortSignal.timeout(request.timeoutMs)]),
      redirect: 'manual',
    };
    if (request.body !== undefined) {
      init.body = request.body;
    }
    const response = await fetch(request.url, init);
    let body = '';
    if (request.readBody && Number(response.headers.get('content-length') ?? 0) <= maxResponseBytes) {
      body = (await response.text()).slice(0, maxResponseBytes);
    } else {
      await response.body?.cancel();
    }
    return {
      received: true,
      ok: response.status >= 200 && response.status < 300,
      status: response.status,
      headers: response.headers,
      body,
    };
  } catch (error) {
    return { received: false, ok: false, status: 0, error: describeFetchError(error) };
  }
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) {
    return String(error);
  }
  if (error.name === 'TimeoutError') {
    return 'timed out';
  }
  const cause = error.cause as { code?: unknown; message?: unknown } | undefined;
  const detail =
    typeof cause?.code === 'string' ? cause.code : typeof cause?.message === 'string' ? cause.message : '';
  return detail === '' ? error.message : `${error.message}: ${detail}`;
}
