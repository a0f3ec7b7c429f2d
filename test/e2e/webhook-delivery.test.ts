import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, describe, expect, it } from 'vitest';
import type { MediaEvent } from '../../src/events/media-event.js';
import { avcFixture } from '../support/fixtures.js';
import { replayFlv } from '../support/flv-replay.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';

/** A webhook receiver that answers Event Grid's validation handshake and can be told to fail. */
class Receiver {
  readonly received: MediaEvent[] = [];
  readonly validations: string[] = [];
  readonly badSignatures: number[] = [];
  failing = false;
  attempts = 0;
  readonly #server = http.createServer((req, res) => this.#handle(req, res));

  async listen(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/hook`;
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const events = JSON.parse(body.toString('utf8')) as MediaEvent[];
      const expected = `sha256=${createHmac('sha256', 'hook-secret').update(body).digest('hex')}`;
      if (req.headers['x-inlet-signature'] !== expected) {
        this.badSignatures.push(events.length);
      }
      if (req.headers['aeg-event-type'] === 'SubscriptionValidation') {
        const code = (events[0]?.data as { validationCode: string }).validationCode;
        this.validations.push(code);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ validationResponse: code }));
        return;
      }
      this.attempts++;
      if (this.failing) {
        res.statusCode = 500;
        res.end('down for maintenance');
        return;
      }
      this.received.push(...events);
      res.end();
    });
  }

  close(): Promise<void> {
    this.#server.closeAllConnections();
    return new Promise((r) => this.#server.close(() => r()));
  }
}

describe('webhook delivery, end to end', () => {
  const receiver = new Receiver();
  let h: InletHarness | undefined;

  afterAll(async () => {
    await h?.close();
    await receiver.close();
  });

  it('delivers every event at least once and in order, across receiver failures and an Inlet restart', async () => {
    const url = await receiver.listen();
    const configFile = {
      liveEvents: [{ name: 'hooked', autoStart: true }],
      events: { webhooks: [{ name: 'ops', url, secret: 'hook-secret', validation: true }] },
    };
    const fixture = await avcFixture({ seconds: 3, gopSeconds: 1 });
    h = await startInlet({ configFile });
    const dataDir = h.dataDir;
    await h.until(() => receiver.validations.length === 1, 10_000, 'validation handshake');

    // Receiver down: events pile up in Inlet's outbox while an encoder streams.
    receiver.failing = true;
    await replayFlv({ url: h.ingestUrl('hooked'), streamName: 'cam', file: fixture, realtime: false });
    await h.until(() => receiver.attempts > 0, 10_000, 'a failed delivery attempt');
    // With media workers the stream's events reach the main process's log a moment after the push ends.
    const inlet = h;
    await inlet.until(
      () => inlet.loggedEvents().some((e) => e.eventType === 'Microsoft.Media.LiveEventEncoderDisconnected'),
      10_000,
      'the disconnect in the log',
    );
    const firstRun = h.loggedEvents();
    expect(firstRun.length).toBeGreaterThan(3);

    // Inlet restarts while the receiver is still down; nothing may be lost.
    await h.close();
    h = await startInlet({ dataDir, configFile });
    await h.until(() => receiver.validations.length === 2, 10_000, 'validation after restart');
    receiver.failing = false;
    const all = () => h?.loggedEvents() ?? [];
    await h.until(
      () => {
        const got = new Set(receiver.received.map((e) => e.id));
        return all().every((e) => got.has(e.id));
      },
      40_000,
      'every logged event at the receiver',
    );
    const got = new Set(receiver.received.map((e) => e.id));
    for (const e of firstRun) {
      expect(got.has(e.id), `${e.eventType} ${e.id} from before the restart`).toBe(true);
    }
    // In log order per live event (duplicates after a retry are allowed: at-least-once).
    const firstIndex = new Map<string, number>();
    receiver.received.forEach((e, i) => {
      if (!firstIndex.has(e.id)) {
        firstIndex.set(e.id, i);
      }
    });
    const logged = all().filter((e) => e.subject === 'liveEvent/hooked');
    const positions = logged.map((e) => firstIndex.get(e.id) ?? -1);
    expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] ?? -1))).toBe(true);
    expect(receiver.badSignatures).toEqual([]);
  }, 120_000);
});
