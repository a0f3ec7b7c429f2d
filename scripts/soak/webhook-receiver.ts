/**
 * `WebhookReceiver` is the soak test's event subscriber: an HTTP server on loopback that takes Inlet's
 * webhook deliveries (Event Grid schema: a JSON array of events per POST), answers the subscription
 * validation handshake when one comes, and keeps every event.
 */
import { createServer, type Server } from 'node:http';

/** `ReceivedEvent` is one Event Grid event as delivered. */
export interface ReceivedEvent {
  readonly id: string;
  readonly eventType: string;
  readonly subject: string;
  readonly eventTime: string;
  readonly data: Record<string, unknown>;
}

/** The validation handshake event (Event Grid subscription validation). */
const VALIDATION_EVENT = 'Microsoft.EventGrid.SubscriptionValidationEvent';

/** `WebhookReceiver`: see the module comment. */
export class WebhookReceiver {
  readonly events: ReceivedEvent[] = [];
  readonly #server: Server;
  #deliveries = 0;
  #badDeliveries = 0;
  #port = 0;

  constructor() {
    this.#server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.#deliveries++;
        let parsed: unknown;
        try {
          parsed = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          this.#badDeliveries++;
          res.statusCode = 400;
          res.end();
          return;
        }
        const list = Array.isArray(parsed) ? (parsed as ReceivedEvent[]) : [parsed as ReceivedEvent];
        const validation = list.find((e) => e.eventType === VALIDATION_EVENT);
        if (validation !== undefined) {
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ validationResponse: validation.data['validationCode'] }));
          return;
        }
        this.events.push(...list);
        res.statusCode = 200;
        res.end();
      });
    });
  }

  /** Starts listening on a free loopback port; returns the delivery URL. */
  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    this.#port = typeof address === 'object' && address !== null ? address.port : 0;
    return `http://127.0.0.1:${this.#port}/inlet-events`;
  }

  get deliveries(): number {
    return this.#deliveries;
  }

  get badDeliveries(): number {
    return this.#badDeliveries;
  }

  /** Events of one type, in arrival order. */
  ofType(eventType: string): ReceivedEvent[] {
    return this.events.filter((e) => e.eventType === `Microsoft.Media.${eventType}`);
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.#server.close(() => resolve()));
  }
}
