import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** `ReceivedRequest` is one request that reached a `WebhookReceiver`. */
export interface ReceivedRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
  readonly at: number;
  /** Status the receiver answered with. */
  readonly status: number;
}

/** `ReceiverBehaviour` is how a `WebhookReceiver` answers notifications and handshakes. */
export interface ReceiverBehaviour {
  /** Answer the Event Grid validation handshake (and the CloudEvents OPTIONS one). */
  validate: boolean;
  /** Status for notifications; 200 accepts them. */
  notificationStatus: number;
  /** Delay before answering a notification. */
  notificationDelayMs: number;
}

/**
 * `WebhookReceiver` is a real HTTP endpoint on 127.0.0.1 that records what a webhook sink sends, answers the
 * validation handshake like an Event Grid subscriber, and can be told to fail, stall or go away.
 */
export class WebhookReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly behaviour: ReceiverBehaviour = { validate: true, notificationStatus: 200, notificationDelayMs: 0 };
  #server: Server | undefined;
  #port = 0;

  /** `url` of the endpoint (stable across `stop`/`start`). */
  get url(): string {
    return `http://127.0.0.1:${this.#port}/hook`;
  }

  /** `notifications` are the accepted notification requests. */
  get notifications(): ReceivedRequest[] {
    return this.requests.filter((r) => r.headers['aeg-event-type'] === 'Notification' && r.status === 200);
  }

  /** `accepted` are the events of accepted notifications, in arrival order (duplicates included). */
  acceptedEvents<T = { id: string; subject: string; eventType: string; data: unknown }>(): T[] {
    return this.notifications.flatMap((r) => JSON.parse(r.body) as T[]);
  }

  /** `start` listens on the previous port, or a free one the first time. */
  async start(): Promise<void> {
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        const record = (status: number): void => {
          this.requests.push({
            method: req.method ?? '',
            headers: req.headers,
            body,
            at: Date.now(),
            status,
          });
        };
        if (req.method === 'OPTIONS') {
          const origin = req.headers['webhook-request-origin'];
          const status = this.behaviour.validate ? 200 : 403;
          record(status);
          res.writeHead(
            status,
            this.behaviour.validate && typeof origin === 'string' ? { 'webhook-allowed-origin': origin } : {},
          );
          res.end();
          return;
        }
        if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
          const [event] = JSON.parse(body) as { data: { validationCode: string } }[];
          const status = this.behaviour.validate ? 200 : 404;
          record(status);
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(
            this.behaviour.validate
              ? JSON.stringify({ validationResponse: event?.data.validationCode })
              : '{}',
          );
          return;
        }
        const status = this.behaviour.notificationStatus;
        setTimeout(() => {
          record(status);
          res.writeHead(status);
          res.end();
        }, this.behaviour.notificationDelayMs);
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.#port, '127.0.0.1', () => resolve());
    });
    this.#port = (server.address() as AddressInfo).port;
    this.#server = server;
  }

  /** `stop` closes the server and its connections: requests now fail with connection refused. */
  async stop(): Promise<void> {
    const server = this.#server;
    this.#server = undefined;
    if (server !== undefined) {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }
}

/** `waitFor` polls `condition` every few milliseconds until it holds or `timeoutMs` passes. */
export async function waitFor(
  condition: () => boolean,
  timeoutMs = 10_000,
  what = 'condition',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
