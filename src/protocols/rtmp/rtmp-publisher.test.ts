import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { Amf0EcmaArray } from '../../formats/amf0/amf0-value.js';
import { ChunkReader } from './chunk-reader.js';
import { ChunkWriter } from './chunk-writer.js';
import { decodeCommand, onStatusMessage, resultMessage } from './command.js';
import { ServerHandshake } from './handshake.js';
import {
  PeerBandwidthLimit,
  acknowledgementBody,
  setPeerBandwidthBody,
  userControlBody,
  windowAckSizeBody,
  type RtmpMessage,
} from './message.js';
import { RtmpMessageType, UserControlEvent } from './message-type.js';
import { NetStatusCode, RtmpStatusError, statusInfo } from './net-status.js';
import { RtmpPublisher } from './rtmp-publisher.js';
import { startTestServer } from './test-support/rtmp-test-server.js';

describe('RtmpPublisher against RtmpConnection', () => {
  it.each(['message', 'ffmpeg'] as const)(
    'delivers every byte of every message, including large ones and extended timestamps (%s wire)',
    async (wire) => {
      const server = await startTestServer();
      try {
        const pub = await RtmpPublisher.connect({
          url: `rtmp://127.0.0.1:${server.port}/live/token/stream1`,
          wire,
        });
        const rec = await server.connection(0);
        expect(rec.publishes[0]).toMatchObject({
          app: 'live/token',
          streamName: 'stream1',
          publishType: 'live',
        });
        pub.sendMetadata(new Amf0EcmaArray({ width: 320, height: 240 }));
        const sent: { kind: 'audio' | 'video'; timestamp: number; payload: Uint8Array }[] = [];
        const timestamps = [0, 40, 0xfffffe, 0xffffff, 0x1000000, 0x7fffffff, 0xfffffff0, 0xffffffff];
        let n = 0;
        for (const ts of timestamps) {
          for (const size of [1, 100, 4096, 4097, 20_000, 300_000]) {
            const payload = new Uint8Array(size);
            for (let i = 0; i < size; i++) {
              payload[i] = (i * 31 + n) & 0xff;
            }
            n++;
            const kind = n % 2 === 0 ? 'audio' : 'video';
            sent.push({ kind, timestamp: ts, payload });
            if (kind === 'audio') {
              pub.sendAudio(ts, payload);
            } else {
              pub.sendVideo(ts, payload);
            }
            await pub.whenWritable();
          }
        }
        await pub.close();
        await rec.closed;
        expect(rec.data[0]?.values).toEqual([
          '@setDataFrame',
          'onMetaData',
          new Amf0EcmaArray({ width: 320, height: 240 }),
        ]);
        expect(rec.media.length).toBe(sent.length);
        for (let i = 0; i < sent.length; i++) {
          const got = rec.media[i];
          const want = sent[i];
          expect(got?.kind).toBe(want?.kind);
          expect(got?.timestamp).toBe(want?.timestamp);
          expect(Buffer.from(got?.payload ?? []).equals(Buffer.from(want?.payload ?? []))).toBe(true);
        }
        expect(rec.unpublishes).toEqual([{ streamId: pub.streamId, reason: 'FCUnpublish' }]);
        expect(rec.close?.code).toBe('client-closed');
        expect(rec.conn.bytesReceived).toBe(pub.bytesSent);
      } finally {
        await server.close();
      }
    },
  );

  it('rejects with the status code when the server refuses the publish, and no media is delivered', async () => {
    const server = await startTestServer({
      decide: async () => ({
        accept: false,
        code: NetStatusCode.publishBadName,
        description: 'unknown stream key',
      }),
    });
    try {
      const err = await RtmpPublisher.connect({
        url: `rtmp://127.0.0.1:${server.port}/live/bad/stream`,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RtmpStatusError);
      expect((err as RtmpStatusError).code).toBe(NetStatusCode.publishBadName);
      expect((err as RtmpStatusError).description).toBe('unknown stream key');
      const rec = await server.connection(0);
      const reason = await rec.closed;
      expect(reason.code).toBe('server-closed');
      expect(rec.media).toEqual([]);
    } finally {
      await server.close();
    }
  });

  it('takes the stream name separately (server URL + stream key, app keeps every path segment)', async () => {
    const server = await startTestServer();
    try {
      const pub = await RtmpPublisher.connect({
        url: `rtmp://127.0.0.1:${server.port}/live/token`,
        streamName: 'key?x=1',
      });
      const rec = await server.connection(0);
      expect(rec.publishes[0]).toMatchObject({
        app: 'live/token',
        streamName: 'key?x=1',
        tcUrl: `rtmp://127.0.0.1:${server.port}/live/token`,
      });
      expect(pub.lastStatus).toMatchObject({ code: NetStatusCode.publishStart });
      pub.destroy();
      expect((await rec.closed).code).toBe('client-closed');
    } finally {
      await server.close();
    }
  });

  it('answers pings, acknowledges a small server window and ignores peer bandwidth and acks', async () => {
    const fromPublisher: RtmpMessage[] = [];
    const server = createServer((socket) => {
      const hs = new ServerHandshake();
      const w = new ChunkWriter();
      const send = (typeId: number, payload: Uint8Array, csid = 2, streamId = 0): void => {
        socket.write(w.encode({ csid, typeId, streamId, timestamp: 0, payload }));
      };
      const reader = new ChunkReader({
        maxMessageSize: 1 << 20,
        maxChunkStreams: 64,
        maxBufferedBytes: 1 << 22,
        onMessage: (m) => {
          fromPublisher.push(m);
          if (m.typeId !== RtmpMessageType.commandAmf0) {
            return;
          }
          const cmd = decodeCommand(m.typeId, m.payload);
          if (cmd.name === 'connect') {
            send(RtmpMessageType.windowAckSize, windowAckSizeBody(100));
            send(RtmpMessageType.setPeerBandwidth, setPeerBandwidthBody(100, PeerBandwidthLimit.hard));
            send(RtmpMessageType.acknowledgement, acknowledgementBody(10));
            send(RtmpMessageType.userControl, userControlBody(UserControlEvent.pingRequest, 77));
            send(RtmpMessageType.commandAmf0, resultMessage(cmd.transactionId, 'x'.repeat(300)), 3);
          } else if (cmd.name === 'createStream') {
            send(RtmpMessageType.commandAmf0, resultMessage(cmd.transactionId, 1), 3);
          } else if (cmd.name === 'publish') {
            const info = statusInfo('status', NetStatusCode.publishStart, 'ok');
            send(RtmpMessageType.commandAmf0, onStatusMessage(info), 3, 1);
          }
        },
      });
      socket.on('data', (b: Buffer) => {
        const step = hs.feed(b);
        if (step.send) {
          socket.write(step.send);
        }
        if (step.done && step.rest) {
          reader.feed(step.rest);
        }
      });
      socket.on('error', () => undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      const pub = await RtmpPublisher.connect({ url: `rtmp://127.0.0.1:${port}/live/s` });
      expect(pub.streamId).toBe(1);
      const pong = fromPublisher.find((m) => m.typeId === RtmpMessageType.userControl);
      expect([...(pong?.payload ?? [])]).toEqual([0, 7, 0, 0, 0, 77]);
      const ack = fromPublisher.find((m) => m.typeId === RtmpMessageType.acknowledgement);
      expect(Buffer.from(ack?.payload ?? new Uint8Array(4)).readUInt32BE(0)).toBeGreaterThanOrEqual(100);
      pub.destroy();
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
