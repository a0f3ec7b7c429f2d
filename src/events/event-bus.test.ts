import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';
import { EventLog } from './event-log.js';
import type { LoggedEvent } from './logged-event.js';
import { createMemoryLogger } from './test-support/memory-logger.js';
import { heartbeatData, sampleEventData } from './test-support/sample-events.js';

const topic = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a';

describe('EventBus', () => {
  let dataDir: string;
  let log: EventLog;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'inlet-event-bus-'));
    log = new EventLog({ dataDir, logger: pino({ level: 'silent' }) });
  });
  afterEach(async () => {
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const logLines = (): { seq: number }[] => {
    const dir = path.join(dataDir, 'events');
    return readdirSync(dir)
      .filter((f) => f.endsWith('.ndjson'))
      .flatMap((f) => readFileSync(path.join(dir, f), 'utf8').trimEnd().split('\n'))
      .map((line) => JSON.parse(line) as { seq: number });
  };

  it('builds the envelope and writes it to the log before any subscriber sees it', () => {
    const bus = new EventBus({
      topic,
      log,
      logger: pino({ level: 'silent' }),
      now: () => Date.UTC(2024, 0, 2, 3, 4, 5, 678),
    });
    const seenInLog: number[][] = [];
    bus.subscribe(() => seenInLog.push(logLines().map((l) => l.seq)));
    const entry = bus.publish(
      'Microsoft.Media.LiveEventEncoderConnected',
      'mle1',
      sampleEventData['Microsoft.Media.LiveEventEncoderConnected'],
    );
    expect(entry?.seq).toBe(1);
    expect(entry?.event).toMatchObject({
      topic,
      subject: 'liveEvent/mle1',
      eventType: 'Microsoft.Media.LiveEventEncoderConnected',
      eventTime: '2024-01-02T03:04:05.6780000Z',
      dataVersion: '1.0',
      metadataVersion: '1',
    });
    expect(seenInLog).toEqual([[1]]);
  });

  it('isolates a throwing subscriber: logged, counted, the others and the publisher unaffected', () => {
    const { logger, records } = createMemoryLogger();
    const bus = new EventBus({ topic, log, logger });
    const received: number[] = [];
    bus.subscribe(() => {
      throw new Error('broken subscriber');
    });
    bus.subscribe((entry) => received.push(entry.seq));
    expect(() =>
      bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(1, 'video')),
    ).not.toThrow();
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(2, 'video'));
    expect(received).toEqual([1, 2]);
    expect(bus.stats.subscriberErrors).toBe(2);
    expect(records.filter((r) => r.msg.includes('a subscriber threw'))).toHaveLength(2);
  });

  it('hands out an event published from inside a subscriber after the current one, to everyone in log order', () => {
    const bus = new EventBus({ topic, log, logger: pino({ level: 'silent' }) });
    const first: number[] = [];
    const second: number[] = [];
    bus.subscribe((entry: LoggedEvent) => {
      first.push(entry.seq);
      if (entry.seq === 1) {
        bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(2, 'video'));
      }
    });
    bus.subscribe((entry) => second.push(entry.seq));
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(1, 'video'));
    expect(first).toEqual([1, 2]);
    expect(second).toEqual([1, 2]);
  });

  it('drops and counts publishes after close, and unsubscribes', () => {
    const bus = new EventBus({ topic, log, logger: pino({ level: 'silent' }) });
    const received: number[] = [];
    const unsubscribe = bus.subscribe((entry) => received.push(entry.seq));
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(1, 'video'));
    unsubscribe();
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(2, 'video'));
    bus.close();
    bus.close();
    expect(
      bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'mle1', heartbeatData(3, 'video')),
    ).toBeUndefined();
    expect(received).toEqual([1]);
    expect(bus.stats).toMatchObject({ published: 2, droppedAfterClose: 1, subscribers: 0 });
    expect(logLines().map((l) => l.seq)).toEqual([1, 2]);
  });
});
