import { EventGridDeserializer } from '@azure/eventgrid';
import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino, type Logger } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus.js';
import { EventLog } from '../event-log.js';
import { createMemoryLogger, warnLevel } from '../test-support/memory-logger.js';
import { heartbeatData, sampleEventData } from '../test-support/sample-events.js';
import { waitFor, WebhookReceiver } from '../test-support/webhook-receiver.js';
import { WebhookSink, type WebhookSinkOptions } from './webhook-sink.js';

const topic = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a';
const fastRetry = { initialDelayMs: 20, maxDelayMs: 80, jitterRatio: 0 };

interface Stack {
  readonly log: EventLog;
  readonly bus: EventBus;
  readonly sink: WebhookSink;
}

interface HeartbeatOnWire {
  id: string;
  subject: string;
  eventType: string;
  data: { lastTimestamp: string };
}

describe('WebhookSink', () => {
  let dataDir: string;
  let receiver: WebhookReceiver;
  const stacks: Stack[] = [];

  function build(options: Partial<WebhookSinkOptions> & { logger?: Logger; now?: () => number } = {}): Stack {
    const logger = options.logger ?? pino({ level: 'silent' });
    const log = new EventLog({ dataDir, logger });
    const bus = new EventBus({
      topic,
      log,
      logger,
      ...(options.now === undefined ? {} : { now: options.now }),
    });
    const sink = new WebhookSink({
      subscription: { url: receiver.url, name: 'hook-1' },
      bus,
      log,
      retry: fastRetry,
      ...options,
      logger,
    });
    const stack = { log, bus, sink };
    stacks.push(stack);
    return stack;
  }

  async function close(stack: Stack): Promise<void> {
    stacks.splice(stacks.indexOf(stack), 1);
    await stack.sink.close();
    stack.bus.close();
    await stack.log.close();
  }

  const publishHeartbeat = (bus: EventBus, liveEventName: string, n: number) =>
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', liveEventName, heartbeatData(n, 'video'));

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'inlet-webhook-'));
    receiver = new WebhookReceiver();
    await receiver.start();
  });
  afterEach(async () => {
    await Promise.all(
      stacks.splice(0).map(async (s) => {
        await s.sink.close();
        s.bus.close();
        await s.log.close();
      }),
    );
    await receiver.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('validates, survives 500s, refused connections and a restart, and delivers every event in order per live event', async () => {
    const secret = 'shared-secret';
    const subscription = { url: receiver.url, name: 'hook-1', secret };
    let stack = build({ subscription, maxBatchEvents: 3 });
    const published: { id: string; liveEventName: string }[] = [];
    const publish = (s: Stack, liveEventName: string, n: number): void => {
      const entry = publishHeartbeat(s.bus, liveEventName, n);
      published.push({ id: entry?.event.id ?? '', liveEventName });
    };
    let n = 0;
    for (; n < 4; n += 1) {
      publish(stack, n % 2 === 0 ? 'a' : 'b', n);
    }
    await waitFor(() => receiver.acceptedEvents().length >= 4, 10_000, 'the first events');

    receiver.behaviour.notificationStatus = 500;
    for (; n < 8; n += 1) {
      publish(stack, n % 2 === 0 ? 'a' : 'b', n);
    }
    await waitFor(() => stack.sink.stats.failedAttempts >= 2, 10_000, 'failed attempts');
    await receiver.stop();
    const failedBefore = stack.sink.stats.failedAttempts;
    await waitFor(() => stack.sink.stats.failedAttempts > failedBefore, 10_000, 'a refused connection');

    // Only the first four were acknowledged: the next four must come from the log after the restart.
    expect(stack.sink.stats.cursor).toBe(4);
    await close(stack);
    stack = build({ subscription, maxBatchEvents: 3 });
    for (; n < 12; n += 1) {
      publish(stack, n % 2 === 0 ? 'a' : 'b', n);
    }
    receiver.behaviour.notificationStatus = 200;
    await receiver.start();
    await waitFor(
      () => new Set(receiver.acceptedEvents().map((e) => e.id)).size === published.length,
      10_000,
      'every event after the restart',
    );

    const received = receiver.acceptedEvents<HeartbeatOnWire>();
    for (const liveEventName of ['a', 'b']) {
      const firstSeen = [
        ...new Set(received.filter((e) => e.subject === `liveEvent/${liveEventName}`).map((e) => e.id)),
      ];
      expect(firstSeen).toEqual(published.filter((p) => p.liveEventName === liveEventName).map((p) => p.id));
    }
    for (const request of receiver.requests.filter((r) => r.method === 'POST')) {
      const expected = Buffer.from(
        `sha256=${createHmac('sha256', secret).update(request.body).digest('hex')}`,
      );
      const actual = Buffer.from(String(request.headers['x-inlet-signature']));
      expect(actual.length === expected.length && timingSafeEqual(actual, expected)).toBe(true);
    }
    for (const request of receiver.notifications) {
      const body = JSON.parse(request.body) as HeartbeatOnWire[];
      const stamps = body.map((e) => Number(e.data.lastTimestamp));
      expect([...stamps].sort((x, y) => x - y)).toEqual(stamps);
      expect(request.headers).toMatchObject({
        'content-type': 'application/json',
        'aeg-event-type': 'Notification',
        'aeg-subscription-name': 'hook-1',
        'aeg-data-version': '1.0',
        'aeg-metadata-version': '1',
        'aeg-output-event-id': body[0]?.id,
      });
      expect(request.headers['aeg-delivery-count']).toMatch(/^\d+$/);
      expect(await new EventGridDeserializer().deserializeEventGridEvents(request.body)).toHaveLength(
        body.length,
      );
    }
    const validations = receiver.requests.filter(
      (r) => r.headers['aeg-event-type'] === 'SubscriptionValidation',
    );
    expect(validations.length).toBeGreaterThanOrEqual(2);
    const [validationEvent] = JSON.parse(validations[0]?.body ?? '[]') as {
      eventType: string;
      topic: string;
      data: object;
    }[];
    expect(validationEvent).toMatchObject({
      eventType: 'Microsoft.EventGrid.SubscriptionValidationEvent',
      topic,
    });
    expect(Object.keys(validationEvent?.data ?? {})).toEqual(['validationCode']);
    expect(receiver.requests.some((r) => r.headers['aeg-delivery-count'] !== '0')).toBe(true);
  });

  it('delivers only the configured event types and live events, and moves the cursor past the rest', async () => {
    const { log, bus, sink } = build({
      subscription: {
        url: receiver.url,
        name: 'only-connects',
        eventTypes: ['LiveEventEncoderConnected'],
        liveEventNames: ['a'],
      },
    });
    const connected = sampleEventData['Microsoft.Media.LiveEventEncoderConnected'];
    publishHeartbeat(bus, 'a', 1);
    bus.publish('Microsoft.Media.LiveEventEncoderConnected', 'a', connected);
    bus.publish('Microsoft.Media.LiveEventEncoderConnected', 'b', connected);
    publishHeartbeat(bus, 'a', 2);
    await waitFor(() => sink.stats.cursor === log.lastSeq, 10_000, 'the cursor to reach the end');
    const received = receiver.acceptedEvents();
    expect(received.map((e) => [e.eventType, e.subject])).toEqual([
      ['Microsoft.Media.LiveEventEncoderConnected', 'liveEvent/a'],
    ]);
    expect(sink.stats.filteredOut).toBe(3);
  });

  it('sends no notifications to an endpoint that does not validate, and logs what it must answer', async () => {
    receiver.behaviour.validate = false;
    const { logger, records } = createMemoryLogger();
    const { bus, sink } = build({ logger });
    publishHeartbeat(bus, 'a', 1);
    publishHeartbeat(bus, 'a', 2);
    await waitFor(
      () =>
        receiver.requests.filter((r) => r.headers['aeg-event-type'] === 'SubscriptionValidation').length >= 3,
      10_000,
      'validation retries',
    );
    expect(receiver.requests.filter((r) => r.headers['aeg-event-type'] !== 'SubscriptionValidation')).toEqual(
      [],
    );
    expect(sink.stats).toMatchObject({ validated: false, delivered: 0, cursor: 0 });
    const warning = records.find((r) => r.level === warnLevel && r.msg.includes('not validated'));
    expect(warning?.msg).toContain('{"validationResponse":"<data.validationCode>"}');
    expect(warning?.msg).toContain('HTTP 404');
    expect(sink.stats.validationError).toContain('validationResponse');
  });

  it('posts straight away to a plain receiver when validation is off', async () => {
    receiver.behaviour.validate = false;
    const { bus, sink } = build({ subscription: { url: receiver.url, validation: false } });
    publishHeartbeat(bus, 'a', 1);
    await waitFor(() => sink.stats.delivered === 1, 10_000, 'delivery');
    expect(receiver.requests.map((r) => r.headers['aeg-event-type'])).toEqual(['Notification']);
    expect(sink.name).toMatch(/^webhook-[0-9a-f]{12}$/);
  });

  it('backs off exponentially between attempts and counts deliveries in aeg-delivery-count', async () => {
    receiver.behaviour.notificationStatus = 503;
    const { bus, sink } = build({ retry: { initialDelayMs: 40, maxDelayMs: 160, jitterRatio: 0 } });
    await waitFor(() => sink.stats.validated, 10_000, 'validation');
    publishHeartbeat(bus, 'a', 1);
    const attempts = () => receiver.requests.filter((r) => r.headers['aeg-event-type'] === 'Notification');
    await waitFor(() => attempts().length >= 5, 10_000, 'five attempts');
    const tries = attempts().slice(0, 5);
    expect(tries.map((r) => r.headers['aeg-delivery-count'])).toEqual(['0', '1', '2', '3', '4']);
    const gaps = tries.slice(1).map((r, i) => r.at - (tries[i]?.at ?? 0));
    const expected = [40, 80, 160, 160];
    gaps.forEach((gap, i) => {
      // Timers never fire early; 5 ms covers the millisecond rounding of the recorded times.
      expect(gap).toBeGreaterThanOrEqual((expected[i] ?? 0) - 5);
    });
    expect(sink.stats.delivered).toBe(0);
  });

  it('dead-letters events older than the maximum age and moves on to newer ones', async () => {
    let offsetMs = 0;
    const now = () => Date.now() + offsetMs;
    const { logger, records } = createMemoryLogger();
    receiver.behaviour.notificationStatus = 500;
    const { log, bus, sink } = build({ now, logger, maxEventAgeMs: 60_000 });
    publishHeartbeat(bus, 'a', 1);
    publishHeartbeat(bus, 'a', 2);
    await waitFor(() => sink.stats.failedAttempts >= 1, 10_000, 'a failed attempt');
    offsetMs = 120_000;
    await waitFor(() => sink.stats.deadLettered === 2, 10_000, 'dead-lettering');
    expect(sink.stats.cursor).toBe(2);
    expect(
      records.some((r) => r.level === warnLevel && r.msg.includes('dead-lettered') && r.deadLettered === 2),
    ).toBe(true);
    receiver.behaviour.notificationStatus = 200;
    const fresh = publishHeartbeat(bus, 'a', 3);
    await waitFor(
      () => sink.stats.cursor === log.lastSeq && sink.stats.delivered === 1,
      10_000,
      'the fresh event',
    );
    expect(receiver.acceptedEvents().map((e) => e.id)).toEqual([fresh?.event.id]);
  });

  it('speaks CloudEvents: OPTIONS handshake, then batches that deserializeCloudEvents accepts', async () => {
    const { bus, sink } = build({ subscription: { url: receiver.url, schema: 'CloudEvents' } });
    publishHeartbeat(bus, 'a', 1);
    bus.publish(
      'Microsoft.Media.LiveEventEncoderConnected',
      'a',
      sampleEventData['Microsoft.Media.LiveEventEncoderConnected'],
    );
    await waitFor(() => sink.stats.delivered === 2, 10_000, 'delivery');
    expect(receiver.requests[0]).toMatchObject({
      method: 'OPTIONS',
      headers: { 'webhook-request-origin': 'eventgrid.azure.net' },
    });
    for (const request of receiver.notifications) {
      expect(request.headers['content-type']).toBe('application/cloudevents-batch+json; charset=utf-8');
    }
    const deserializer = new EventGridDeserializer();
    const events = (
      await Promise.all(receiver.notifications.map((r) => deserializer.deserializeCloudEvents(r.body)))
    ).flat();
    expect(events.map((e) => [e.type, e.source, e.subject])).toEqual([
      ['Microsoft.Media.LiveEventIngestHeartbeat', topic, 'liveEvent/a'],
      ['Microsoft.Media.LiveEventEncoderConnected', topic, 'liveEvent/a'],
    ]);
  });

  it('keeps memory bounded while 100k heartbeats meet a slow endpoint, then delivers them all in order', async () => {
    receiver.behaviour.notificationDelayMs = 25;
    const queueCapacity = 200;
    const { log, bus, sink } = build({ queueCapacity, maxBatchEvents: 1000 });
    await waitFor(() => sink.stats.validated, 10_000, 'validation');
    let maxQueued = 0;
    for (let chunk = 0; chunk < 100; chunk += 1) {
      for (let i = 0; i < 1000; i += 1) {
        publishHeartbeat(bus, 'a', chunk * 1000 + i);
        maxQueued = Math.max(maxQueued, sink.stats.queued);
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(maxQueued).toBeLessThanOrEqual(queueCapacity);
    expect(sink.stats.overflowed).toBeGreaterThan(90_000);
    receiver.behaviour.notificationDelayMs = 0;
    await waitFor(() => sink.stats.cursor === log.lastSeq, 60_000, 'all 100k delivered');
    expect(sink.stats.queued).toBeLessThanOrEqual(queueCapacity);
    const stamps = receiver.acceptedEvents<HeartbeatOnWire>().map((e) => Number(e.data.lastTimestamp));
    expect(stamps).toHaveLength(100_000);
    expect(stamps.every((stamp, i) => stamp === i)).toBe(true);
  }, 90_000);
});
