import { createServer, type Server, type Socket } from 'node:net';
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { hexBytes } from '../../lib/bytes/test-support/hex.js';
import { setChunkSizeBody } from './message.js';
import { RtmpMessageType } from './message-type.js';
import { NetStatusCode } from './net-status.js';
import { RtmpConnection } from './rtmp-connection.js';
import type { RtmpCloseReason, RtmpMediaMessage } from './rtmp-connection-types.js';
import { RtmpDoor, type RtmpDoorConnect } from './rtmp-door.js';
import { RawRtmpClient } from './test-support/raw-rtmp-client.js';

const logger = pino({ level: 'silent' });

interface DoorServer {
  readonly port: number;
  readonly connects: RtmpDoorConnect[];
  readonly closes: RtmpCloseReason[];
  readonly media: RtmpMediaMessage[];
  readonly apps: string[];
}

const servers: Server[] = [];
const sockets = new Set<Socket>();
afterEach(async () => {
  sockets.forEach((s) => s.destroy());
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

/**
 * A server whose sockets pass an `RtmpDoor` first and then, like a worker that was handed the socket, an
 * `RtmpConnection` made with the door's `resume` (after a turn of the event loop, as a hand-over takes).
 */
async function startDoorServer(limits: { handshakeTimeoutMs?: number } = {}): Promise<DoorServer> {
  const out: DoorServer = { port: 0, connects: [], closes: [], media: [], apps: [] };
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    new RtmpDoor({
      socket,
      logger,
      limits,
      onConnect: (c) => {
        out.connects.push(c);
        setTimeout(() => {
          new RtmpConnection({
            socket,
            logger,
            resume: c.resume,
            handler: {
              onConnect: (app) => {
                out.apps.push(app);
                return { accept: true };
              },
              onPublish: () => ({ accept: true }),
              onMedia: (m) => out.media.push(m),
              onData: () => undefined,
              onUnpublish: () => undefined,
              onClose: () => undefined,
            },
          });
        }, 20);
      },
      onClose: (reason) => out.closes.push(reason),
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { ...out, port: (server.address() as { port: number }).port } as DoorServer & typeof out;
}

describe('RtmpDoor', () => {
  it('reads the handshake and connect, answers nothing else; the resumed connection answers connect and takes the publish', async () => {
    const s = await startDoorServer();
    const c = await RawRtmpClient.connect(s.port);
    // A Set Chunk Size before connect must survive the hand-over: the connect below spans two chunks.
    c.send({ csid: 2, typeId: RtmpMessageType.setChunkSize, payload: setChunkSizeBody(4096) });
    c.writer.setChunkSize(4096);
    const published = c.publish('live/abc123', 'stream1');
    await c.until(() => s.connects.length === 1, 'door connect');
    expect(s.connects[0]).toMatchObject({ app: 'live/abc123', tcUrl: 'rtmp://127.0.0.1/live/abc123' });
    expect(s.connects[0]?.resume.bytesReceived).toBe(1537 + 1536 + s.connects[0]!.resume.data.byteLength);
    const { streamId, status } = await published;
    expect(status).toMatchObject({ code: NetStatusCode.publishStart });
    expect(s.apps).toEqual(['live/abc123']);
    c.send({ csid: 4, typeId: RtmpMessageType.audio, streamId, timestamp: 5, payload: hexBytes('af01aa') });
    await c.until(() => s.media.length === 1, 'media after the hand-over');
    expect(s.media[0]).toMatchObject({ kind: 'audio', timestamp: 5 });
    c.destroy();
  });

  it('closes on a command other than connect first (protocol-error)', async () => {
    const s = await startDoorServer();
    const c = await RawRtmpClient.connect(s.port);
    c.command(0, 'createStream', 1, null);
    await c.until(() => s.closes.length === 1, 'close');
    expect(s.closes[0]?.code).toBe('protocol-error');
    expect(s.closes[0]?.message).toContain('"createStream" before connect');
    expect(s.connects).toHaveLength(0);
  });

  it('closes a client that sends more than 64 KiB before connect (limit-exceeded)', async () => {
    const s = await startDoorServer();
    const c = await RawRtmpClient.connect(s.port);
    c.writer.setChunkSize(65536);
    c.send({ csid: 3, typeId: RtmpMessageType.dataAmf0, payload: new Uint8Array(70_000) });
    await c.until(() => s.closes.length === 1, 'close');
    expect(['limit-exceeded', 'protocol-error']).toContain(s.closes[0]?.code);
  });

  it('closes a client that completes no handshake and connect in time (handshake-timeout)', async () => {
    const s = await startDoorServer({ handshakeTimeoutMs: 100 });
    const c = await RawRtmpClient.connect(s.port);
    await c.until(() => s.closes.length === 1, 'close', 2000);
    expect(s.closes[0]?.code).toBe('handshake-timeout');
  });
});
