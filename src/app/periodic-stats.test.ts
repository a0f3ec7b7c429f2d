import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import type { IngestServer } from '../ingest/ingest-server.js';
import { startPeriodicStats } from './periodic-stats.js';

describe('startPeriodicStats', () => {
  it('logs encoders and the ingest bitrate of each interval', async () => {
    const lines: { sessions: number; ingestMbps: number; msg: string }[] = [];
    const out = new Writable({
      write(chunk: Buffer, _enc, cb) {
        lines.push(JSON.parse(chunk.toString()) as (typeof lines)[number]);
        cb();
      },
    });
    let bytes = 0;
    const ingest = {
      totals: () => ({
        connections: 2,
        sessions: 2,
        bytesReceived: (bytes += 125_000),
        refusedConnections: 0,
      }),
    } as unknown as IngestServer;
    // A clock that advances exactly 100 ms per reading, so the bitrate does not depend on timer jitter.
    let clock = 0;
    const stop = startPeriodicStats(pino(out), ingest, 50, () => (clock += 100));
    await new Promise((r) => setTimeout(r, 200));
    stop();
    expect(lines.length).toBeGreaterThanOrEqual(2);
    // 125 kB per 100 ms is 10 Mbit/s.
    expect(lines[1]?.ingestMbps).toBe(10);
    expect(lines[1]?.msg).toMatch(/^stats: 2 encoders, \d+\.\d Mbit\/s in, \d+ MB RSS$/);
  });
});
