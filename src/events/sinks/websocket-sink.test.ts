import { EventGridDeserializer } from '@azure/eventgrid';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventBus } from '../event-bus.js';
import { EventLog } from '../event-log.js';
import { heartbeatData, sampleEventData } from '../test-support/sample-events.js';
import { waitFor } from '../test-support/webhook-receiver.js';
import { WebSocketSink, type WebSocketSinkOptions } from './websocket-sink.js';

const topic = '/subscriptions/s/resourceGroups/r/providers/Microsoft.Media/mediaservices/a';
const silent = pino({ level: 'silent' });

interface Client {
  readonly ws: WebSocket;
  readonly messages: { eventType?: string; type?: string; subject: string; specversion?: string }[];
}

describe('WebSocketSink', () => {
  let dataDir: string;
  let log: EventLog;
  let bus: EventBus;
  let sink: WebSocketSink;
  let server: Server;
  let port: number;
  const clients: WebSocket[] = [];
  const rawSockets: Socket[] = [];

  async function start(options: Partial<WebSocketSinkOptions> = {}): Promise<void> {
    sink = new WebSocketSink({ bus, logger: silent, ...options });
    server = createServer((_req, res) => res.writeHead(404).end());
    server.on('upgrade', (req, socket, head) => {
      if (new URL(req.url ?? '/', 'http://x').pathname === '/events/ws') {
        sink.handleUpgrade(req, socket, head);
      } else {
        socket.destroy();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    port = (server.address() as AddressInfo).port;
  }

  async function connect(query: string): Promise<Client> {
    const before = sink.stats.clients;
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events/ws${query}`);
    clients.push(ws);
    const messages: Client['messages'] = [];
    ws.on('message', (data) => messages.push(JSON.parse(String(data)) as Client['messages'][number]));
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    await waitFor(() => sink.stats.clients > before, 5000, 'the server side of the connection');
    return { ws, messages };
  }

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'inlet-ws-'));
    log = new EventLog({ dataDir, logger: silent });
    bus = new EventBus({ topic, log, logger: silent });
  });
  afterEach(async () => {
    for (const ws of clients.splice(0)) {
      ws.terminate();
    }
    for (const socket of rawSockets.splice(0)) {
      socket.destroy();
    }
    sink.close();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    bus.close();
    await log.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const connected = sampleEventData['Microsoft.Media.LiveEventEncoderConnected'];

  it('streams events as they happen, filtered by live event and (short or full) event type', async () => {
    await start();
    const all = await connect('');
    const filtered = await connect('?liveEvent=a,c&eventType=LiveEventEncoderConnected');
    const full = await connect('?eventType=Microsoft.Media.LiveEventIngestHeartbeat&liveEvent=b');
    const cloud = await connect('?schema=CloudEvents&liveEvent=a');
    bus.publish('Microsoft.Media.LiveEventEncoderConnected', 'a', connected);
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'a', heartbeatData(1, 'video'));
    bus.publish('Microsoft.Media.LiveEventEncoderConnected', 'b', connected);
    bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'b', heartbeatData(2, 'video'));
    bus.publish('Microsoft.Media.LiveEventEncoderConnected', 'c', connected);
    await waitFor(() => all.messages.length === 5, 5000, 'all five events');
    await waitFor(
      () => filtered.messages.length === 2 && full.messages.length === 1 && cloud.messages.length === 2,
      5000,
      'filtered',
    );
    expect(filtered.messages.map((m) => [m.eventType, m.subject])).toEqual([
      ['Microsoft.Media.LiveEventEncoderConnected', 'liveEvent/a'],
      ['Microsoft.Media.LiveEventEncoderConnected', 'liveEvent/c'],
    ]);
    expect(full.messages.map((m) => [m.eventType, m.subject])).toEqual([
      ['Microsoft.Media.LiveEventIngestHeartbeat', 'liveEvent/b'],
    ]);
    const deserializer = new EventGridDeserializer();
    expect(await deserializer.deserializeEventGridEvents(JSON.stringify(all.messages))).toHaveLength(5);
    const cloudEvents = await deserializer.deserializeCloudEvents(JSON.stringify(cloud.messages));
    expect(cloudEvents.map((e) => e.type)).toEqual([
      'Microsoft.Media.LiveEventEncoderConnected',
      'Microsoft.Media.LiveEventIngestHeartbeat',
    ]);
  });

  it('refuses bad query parameters with HTTP 400 naming the problem', async () => {
    await start();
    for (const [query, message] of [
      ['?eventType=Heartbeat', "unknown event type 'Heartbeat'"],
      ['?schema=Xml', "unknown schema 'Xml'"],
    ] as const) {
      const ws = new WebSocket(`ws://127.0.0.1:${port}/events/ws${query}`);
      clients.push(ws);
      const [status, body] = await new Promise<[number, string]>((resolve) => {
        ws.on('error', () => undefined);
        ws.once('unexpected-response', (_req, res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += String(chunk)));
          res.on('end', () => resolve([res.statusCode ?? 0, text]));
        });
      });
      expect(status).toBe(400);
      expect(body).toContain(message);
    }
    expect(sink.stats.rejectedUpgrades).toBe(2);
  });

  it('drops a client that stops reading once its buffer passes the bound, while others keep receiving', async () => {
    const maxBufferedBytes = 64 * 1024;
    await start({ maxBufferedBytes, closeGraceMs: 50 });
    const fast = await connect('');
    await new Promise<void>((resolve, reject) => {
      const req = request({
        host: '127.0.0.1',
        port,
        path: '/events/ws',
        headers: {
          connection: 'Upgrade',
          upgrade: 'websocket',
          'sec-websocket-version': '13',
          'sec-websocket-key': randomBytes(16).toString('base64'),
        },
      });
      req.once('upgrade', (_res, socket) => {
        // This client never reads again: the server's send buffer for it can only grow.
        socket.pause();
        rawSockets.push(socket);
        resolve();
      });
      req.once('error', reject);
      req.end();
    });
    await waitFor(() => sink.stats.clients === 2, 5000, 'the slow client');
    let published = 0;
    while (sink.stats.droppedSlowClients === 0 && published < 200_000) {
      for (let i = 0; i < 200; i += 1) {
        bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'a', heartbeatData(published, 'video'));
        published += 1;
      }
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(sink.stats.droppedSlowClients).toBe(1);
    await waitFor(() => sink.stats.clients === 1, 5000, 'the slow client to be gone');
    for (let i = 0; i < 10; i += 1) {
      bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', 'a', heartbeatData(published, 'video'));
      published += 1;
    }
    await waitFor(() => fast.messages.length === published, 20_000, 'the fast client to receive everything');
    expect(fast.ws.readyState).toBe(WebSocket.OPEN);
  });

  it('closes its clients with 1001 and refuses new ones after close', async () => {
    await start();
    const client = await connect('');
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    sink.close();
    sink.close();
    expect(await closed).toBe(1001);
    const ws = new WebSocket(`ws://127.0.0.1:${port}/events/ws`);
    clients.push(ws);
    const status = await new Promise<number>((resolve) => {
      ws.on('error', () => undefined);
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    });
    expect(status).toBe(503);
  });
});
