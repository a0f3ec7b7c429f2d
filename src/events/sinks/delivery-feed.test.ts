import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from '../event-bus.js';
import { EventLog } from '../event-log.js';
import { heartbeatData } from '../test-support/sample-events.js';
import { DeliveryFeed } from './delivery-feed.js';

const silent = pino({ level: 'silent' });

describe('DeliveryFeed', () => {
  let dataDir: string;
  let log: EventLog;
  let bus: EventBus;
  const publish = (count: number): void => {
    for (let i = 0; i < count; i += 1) {
      bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'a', heartbeatData(i, 'video'));
    }
  };

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'inlet-feed-'));
    log = new EventLog({ dataDir, logger: silent, maxFileBytes: 4000 });
    bus = new EventBus({ topic: '/t', log, logger: silent });
  });
  afterEach(async () => {
    bus.close();
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts behind from the log, then continues from the live queue, never repeating or skipping', async () => {
    publish(7);
    const feed = new DeliveryFeed({ log, afterSeq: 2, capacity: 4, logger: silent });
    bus.subscribe((entry) => feed.push(entry));
    const seqs: number[] = [];
    seqs.push(...(await feed.take(3)).map((e) => e.seq));
    publish(2);
    while (seqs.length < 7) {
      seqs.push(...(await feed.take(3)).map((e) => e.seq));
    }
    expect(seqs).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(feed.readFromLog).toBeGreaterThanOrEqual(5);
    await feed.close();
  });

  it('holds at most its capacity and reads the overflow back from the log in order', async () => {
    const feed = new DeliveryFeed({ log, afterSeq: 0, capacity: 5, logger: silent });
    bus.subscribe((entry) => feed.push(entry));
    publish(50);
    expect(feed.queued).toBe(5);
    expect(feed.overflowed).toBe(45);
    const seqs: number[] = [];
    while (seqs.length < 50) {
      seqs.push(...(await feed.take(8)).map((e) => e.seq));
      expect(feed.queued).toBeLessThanOrEqual(5);
    }
    expect(seqs).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await feed.close();
  });

  it('waits for the next event and resolves an empty batch on close', async () => {
    const feed = new DeliveryFeed({ log, afterSeq: 0, capacity: 5, logger: silent });
    bus.subscribe((entry) => feed.push(entry));
    const next = feed.take(10);
    publish(1);
    expect((await next).map((e) => e.seq)).toEqual([1]);
    const pending = feed.take(10);
    await feed.close();
    expect(await pending).toEqual([]);
  });
});
