import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventLog, type EventLogOptions } from './event-log.js';
import type { LoggedEvent } from './logged-event.js';
import { createMediaEvent } from './media-event.js';
import { createMemoryLogger, warnLevel } from './test-support/memory-logger.js';
import { heartbeatData } from './test-support/sample-events.js';

const silent = pino({ level: 'silent' });

function heartbeat(n: number, liveEventName = 'le1') {
  return createMediaEvent({
    topic: '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a',
    eventType: 'Microsoft.Media.LiveEventIngestHeartbeat',
    liveEventName,
    data: heartbeatData(n, 'video'),
    epochMs: Date.UTC(2024, 0, 1) + n,
  });
}

async function collect(iterable: AsyncIterable<LoggedEvent>): Promise<LoggedEvent[]> {
  const out: LoggedEvent[] = [];
  for await (const entry of iterable) {
    out.push(entry);
  }
  return out;
}

describe('EventLog', () => {
  let dataDir: string;
  const logs: EventLog[] = [];
  const open = (options: Partial<EventLogOptions> = {}): EventLog => {
    const log = new EventLog({ dataDir, logger: silent, ...options });
    logs.push(log);
    return log;
  };
  const files = (): string[] =>
    readdirSync(path.join(dataDir, 'events'))
      .filter((f) => f.endsWith('.ndjson'))
      .sort();

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'inlet-event-log-'));
  });
  afterEach(async () => {
    await Promise.all(logs.splice(0).map((log) => log.close()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('appends NDJSON records with increasing seq and reads them back after a cursor', async () => {
    const log = open();
    const seqs = [1, 2, 3, 4, 5].map((n) => log.append(heartbeat(n)).seq);
    expect(seqs).toEqual([1, 2, 3, 4, 5]);
    expect(files()).toHaveLength(1);
    expect(files()[0]).toMatch(/^events-\d{8}T\d{6}Z-0000000000000001\.ndjson$/);
    const lines = readFileSync(path.join(dataDir, 'events', files()[0] ?? ''), 'utf8')
      .trimEnd()
      .split('\n');
    expect(lines.map((line) => (JSON.parse(line) as { seq: number }).seq)).toEqual([1, 2, 3, 4, 5]);
    const after2 = await collect(log.readFrom(2));
    expect(after2.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(after2[0]?.event.data).toEqual(heartbeatData(3, 'video'));
    expect(await collect(log.readFrom(5))).toEqual([]);
  });

  it('rotates by size and reads across files in order', async () => {
    const log = open({ maxFileBytes: 2000 });
    for (let n = 1; n <= 40; n += 1) {
      log.append(heartbeat(n));
    }
    const names = files();
    expect(names.length).toBeGreaterThan(5);
    for (const name of names.slice(0, -1)) {
      expect(statSync(path.join(dataDir, 'events', name)).size).toBeLessThanOrEqual(2000);
    }
    const firstSeqs = names.map((name) => Number(/-(\d{16})\.ndjson$/.exec(name)?.[1]));
    expect(firstSeqs[0]).toBe(1);
    expect([...firstSeqs].sort((a, b) => a - b)).toEqual(firstSeqs);
    expect((await collect(log.readFrom(0))).map((e) => e.seq)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    );
    expect((await collect(log.readFrom(firstSeqs[2] ?? 0))).map((e) => e.seq)[0]).toBe(
      (firstSeqs[2] ?? 0) + 1,
    );
  });

  it('continues seq across restarts, also when the last file is full', async () => {
    const first = open({ maxFileBytes: 2000 });
    for (let n = 1; n <= 12; n += 1) {
      first.append(heartbeat(n));
    }
    await first.close();
    const second = open({ maxFileBytes: 2000 });
    expect(second.lastSeq).toBe(12);
    expect(second.append(heartbeat(13)).seq).toBe(13);
    await second.close();
    const third = open({ maxFileBytes: 2000 });
    expect(third.append(heartbeat(14)).seq).toBe(14);
    expect((await collect(third.readFrom(0))).map((e) => e.seq)).toEqual(
      Array.from({ length: 14 }, (_, i) => i + 1),
    );
  });

  it('cuts off a torn last line with a warning and keeps every complete record', async () => {
    const first = open();
    first.append(heartbeat(1));
    first.append(heartbeat(2));
    await first.close();
    const file = path.join(dataDir, 'events', files()[0] ?? '');
    appendFileSync(file, '{"seq":3,"event":{"id":"x","topic":"t","subj');
    const { logger, records } = createMemoryLogger();
    const second = open({ logger });
    expect(records.some((r) => r.level === warnLevel && r.msg.includes('torn last line'))).toBe(true);
    expect(second.lastSeq).toBe(2);
    expect(second.append(heartbeat(3)).seq).toBe(3);
    expect((await collect(second.readFrom(0))).map((e) => e.seq)).toEqual([1, 2, 3]);
  });

  it('skips a damaged line in the middle of a file with one warning', async () => {
    const first = open({ maxFileBytes: 1500 });
    for (let n = 1; n <= 6; n += 1) {
      first.append(heartbeat(n));
    }
    await first.close();
    const file = path.join(dataDir, 'events', files()[0] ?? '');
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[0] = 'garbage that is not json';
    writeFileSync(file, lines.join('\n'));
    const { logger, records } = createMemoryLogger();
    const log = open({ logger, maxFileBytes: 1500 });
    const seqs = (await collect(log.readFrom(0))).map((e) => e.seq);
    expect(seqs).toEqual([2, 3, 4, 5, 6]);
    await collect(log.readFrom(0));
    expect(records.filter((r) => r.msg.includes('not a valid event record'))).toHaveLength(1);
  });

  it('prunes files past the maximum age even when a cursor lags, and says how many events it dropped', async () => {
    const { logger, records } = createMemoryLogger();
    const log = open({ logger, maxFileBytes: 1500, maxAgeMs: 60_000 });
    for (let n = 1; n <= 10; n += 1) {
      log.append(heartbeat(n));
    }
    await log.cursors.save('slow-hook', 1);
    await log.cursors.save('fast-hook', 10);
    const before = files();
    const old = (Date.now() - 120_000) / 1000;
    for (const name of before.slice(0, 2)) {
      utimesSync(path.join(dataDir, 'events', name), old, old);
    }
    const lastSeqOfSecond = Number(/-(\d{16})\.ndjson$/.exec(before[2] ?? '')?.[1]) - 1;
    await log.prune();
    expect(files()).toEqual(before.slice(2));
    const warning = records.find((r) => r.msg.includes('older than the maximum age'));
    expect(warning).toMatchObject({ subscriber: 'slow-hook', dropped: lastSeqOfSecond - 1 });
    expect(records.some((r) => r.subscriber === 'fast-hook')).toBe(false);
    expect((await collect(log.readFrom(1)))[0]?.seq).toBe(lastSeqOfSecond + 1);
  });

  it('prunes by total size only what every cursor has passed, and never the active file', async () => {
    const { logger, records } = createMemoryLogger();
    const log = open({ logger, maxFileBytes: 1500, maxTotalBytes: 3000 });
    await log.cursors.save('hook', 0);
    for (let n = 1; n <= 12; n += 1) {
      log.append(heartbeat(n));
    }
    await log.prune();
    const before = files();
    expect(before.length).toBeGreaterThan(3);
    expect(files()).toEqual(before);
    expect(records.find((r) => r.msg.includes('over its size limit'))).toMatchObject({ heldBy: ['hook'] });

    await log.cursors.save('hook', 12);
    await log.prune();
    const after = files();
    expect(after.length).toBeLessThan(before.length);
    expect(after.at(-1)).toBe(before.at(-1));
    const total = after.reduce((sum, name) => sum + statSync(path.join(dataDir, 'events', name)).size, 0);
    expect(total).toBeLessThanOrEqual(3000);
    expect(log.stats.prunedFiles).toBe(before.length - after.length);
  });

  it('keeps the seq when every closed file was pruned', async () => {
    const first = open({ maxFileBytes: 1500, maxTotalBytes: 1 });
    for (let n = 1; n <= 8; n += 1) {
      first.append(heartbeat(n));
    }
    await first.prune();
    expect(files()).toHaveLength(1);
    await first.close();
    const second = open({ maxFileBytes: 1500 });
    expect(second.append(heartbeat(9)).seq).toBe(9);
  });
});
