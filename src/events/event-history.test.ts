import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventBus } from './event-bus.js';
import { createEventHistoryHandler, type EventHistoryKind } from './event-history-handler.js';
import { EventHistory } from './event-history.js';
import { EventLog } from './event-log.js';
import { heartbeatData, sampleEventData } from './test-support/sample-events.js';

const topic = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a';
const silent = pino({ level: 'silent' });

describe('EventHistory', () => {
  let dataDir: string;
  let log: EventLog;
  let bus: EventBus;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'inlet-history-'));
    log = new EventLog({ dataDir, logger: silent });
    bus = new EventBus({ topic, log, logger: silent });
  });
  afterEach(async () => {
    bus.close();
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const heartbeat = (liveEventName: string, n: number, track: string) =>
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', liveEventName, heartbeatData(n, track));

  it('keeps the last N heartbeats per track and the last N stream events, oldest first', () => {
    const history = new EventHistory({ bus, logger: silent, maxHeartbeatsPerTrack: 3, maxStreamEvents: 2 });
    for (let n = 0; n < 5; n += 1) {
      heartbeat('le', n, 'video');
      heartbeat('le', n, 'audio');
    }
    bus.publish(
      'Microsoft.Media.LiveEventEncoderConnected',
      'le',
      sampleEventData['Microsoft.Media.LiveEventEncoderConnected'],
    );
    bus.publish(
      'Microsoft.Media.LiveEventIncomingStreamReceived',
      'le',
      sampleEventData['Microsoft.Media.LiveEventIncomingStreamReceived'],
    );
    bus.publish(
      'Microsoft.Media.LiveEventEncoderDisconnected',
      'le',
      sampleEventData['Microsoft.Media.LiveEventEncoderDisconnected'],
    );
    heartbeat('other', 9, 'video');
    expect(history.recentHeartbeats('le').map((e) => [e.data.trackName, e.data.lastTimestamp])).toEqual([
      ['video', '2'],
      ['audio', '2'],
      ['video', '3'],
      ['audio', '3'],
      ['video', '4'],
      ['audio', '4'],
    ]);
    expect(history.recentStreamEvents('le').map((e) => e.eventType)).toEqual([
      'Microsoft.Media.LiveEventIncomingStreamReceived',
      'Microsoft.Media.LiveEventEncoderDisconnected',
    ]);
    expect(history.recentHeartbeats('LE')).toHaveLength(6);
    expect(history.recentHeartbeats('other')).toHaveLength(1);
    expect(history.recentStreamEvents('unknown')).toEqual([]);
  });

  it('bounds the tracks kept per live event, dropping the least recently heard', () => {
    const history = new EventHistory({ bus, logger: silent, maxTracksPerLiveEvent: 2 });
    heartbeat('le', 1, 'video_1');
    heartbeat('le', 1, 'video_2');
    heartbeat('le', 2, 'video_1');
    heartbeat('le', 1, 'video_3');
    expect(new Set(history.recentHeartbeats('le').map((e) => e.data.trackName))).toEqual(
      new Set(['video_1', 'video_3']),
    );
  });

  it('forgets a deleted live event and stops recording after close', () => {
    const history = new EventHistory({ bus, logger: silent });
    heartbeat('le', 1, 'video');
    history.forget('le');
    expect(history.recentHeartbeats('le')).toEqual([]);
    history.close();
    history.close();
    heartbeat('le', 2, 'video');
    expect(history.recentHeartbeats('le')).toEqual([]);
    expect(bus.stats.subscribers).toBe(0);
  });

  describe('HTTP handler', () => {
    let server: Server;
    let base: string;

    beforeEach(async () => {
      const history = new EventHistory({ bus, logger: silent });
      const handler = createEventHistoryHandler(history);
      server = createServer((req, res) => {
        const match = /^\/events\/([^/]+)\/(heartbeats|stream-events)$/.exec(req.url ?? '');
        if (match?.[1] === undefined) {
          res.writeHead(404).end();
          return;
        }
        handler(req, res, decodeURIComponent(match[1]), match[2] as EventHistoryKind);
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterEach(async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    });

    it('serves heartbeats and stream events as JSON arrays of Event Grid events', async () => {
      heartbeat('le', 7, 'video');
      bus.publish(
        'Microsoft.Media.LiveEventEncoderConnected',
        'le',
        sampleEventData['Microsoft.Media.LiveEventEncoderConnected'],
      );
      const heartbeats = await fetch(`${base}/events/le/heartbeats`);
      expect(heartbeats.status).toBe(200);
      expect(heartbeats.headers.get('content-type')).toBe('application/json; charset=utf-8');
      expect(
        ((await heartbeats.json()) as { data: { lastTimestamp: string } }[]).map((e) => e.data.lastTimestamp),
      ).toEqual(['7']);
      const streamEvents = (await (await fetch(`${base}/events/le/stream-events`)).json()) as {
        eventType: string;
      }[];
      expect(streamEvents.map((e) => e.eventType)).toEqual(['Microsoft.Media.LiveEventEncoderConnected']);
      expect(await (await fetch(`${base}/events/nothing/stream-events`)).json()).toEqual([]);
      const post = await fetch(`${base}/events/le/heartbeats`, { method: 'POST' });
      expect(post.status).toBe(405);
      expect(post.headers.get('allow')).toBe('GET, HEAD');
    });
  });
});
