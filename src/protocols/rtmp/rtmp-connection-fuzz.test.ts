import { connect } from 'node:net';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { encodeAmf0 } from '../../formats/amf0/amf0-encoder.js';
import { bytesReplay, fuzzParameters } from '../../lib/bytes/test-support/fuzz-replay.js';
import { hexBytes } from '../../lib/bytes/test-support/hex.js';
import { ChunkWriter } from './chunk-writer.js';
import { encodeCommand } from './command.js';
import { setChunkSizeBody, type RtmpMessage } from './message.js';
import { RtmpPublisher } from './rtmp-publisher.js';
import { cat, seq } from './test-support/bytes.js';
import { RTMP_CONNECTION_FUZZ } from './test-support/fuzz-fixtures.js';
import { startTestServer, type ConnectionRecord, type TestServer } from './test-support/rtmp-test-server.js';

const LIMITS = {
  maxBufferedBytes: 64 * 1024,
  maxMessageSize: 32 * 1024,
  maxChunkStreams: 16,
  handshakeTimeoutMs: 1000,
  idleTimeoutMs: 1000,
};

/** A complete, valid publishing session as bytes: plain C0+C1, a C2, then the commands and media. */
function validSession(): Uint8Array {
  const w = new ChunkWriter();
  const msgs: RtmpMessage[] = [
    { csid: 2, typeId: 1, streamId: 0, timestamp: 0, payload: setChunkSizeBody(300) },
  ];
  const parts = [Uint8Array.of(3), new Uint8Array(1536), seq(1536, 9), w.encode(msgs[0]!)];
  w.setChunkSize(300);
  const more: RtmpMessage[] = [
    {
      csid: 3,
      typeId: 20,
      streamId: 0,
      timestamp: 0,
      payload: encodeCommand('connect', 1, { app: 'live/token', tcUrl: 'rtmp://h/live/token' }),
    },
    {
      csid: 3,
      typeId: 20,
      streamId: 0,
      timestamp: 0,
      payload: encodeCommand('releaseStream', 2, null, 'key'),
    },
    { csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: encodeCommand('FCPublish', 3, null, 'key') },
    { csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: encodeCommand('createStream', 4, null) },
    {
      csid: 3,
      typeId: 20,
      streamId: 1,
      timestamp: 0,
      payload: encodeCommand('publish', 5, null, 'key', 'live'),
    },
    {
      csid: 5,
      typeId: 18,
      streamId: 1,
      timestamp: 0,
      payload: encodeAmf0('@setDataFrame', 'onMetaData', { width: 320 }),
    },
    { csid: 6, typeId: 9, streamId: 1, timestamp: 0, payload: cat(hexBytes('1700000000'), seq(700)) },
    { csid: 4, typeId: 8, streamId: 1, timestamp: 0, payload: hexBytes('af001210') },
    { csid: 4, typeId: 8, streamId: 1, timestamp: 23, payload: cat(hexBytes('af01'), seq(200)) },
    { csid: 6, typeId: 9, streamId: 1, timestamp: 0x1000000, payload: cat(hexBytes('2701000000'), seq(400)) },
    { csid: 4, typeId: 8, streamId: 1, timestamp: 46, payload: cat(hexBytes('af01'), seq(200)) },
    { csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: encodeCommand('FCUnpublish', 6, null, 'key') },
    { csid: 3, typeId: 20, streamId: 0, timestamp: 0, payload: encodeCommand('deleteStream', 7, null, 1) },
  ];
  return cat(...parts, ...more.map((m) => w.encode(m)));
}

describe('RtmpConnection under random and mutated input (fuzz over real sockets)', () => {
  it('closes each bad connection once, stays within its buffer limit, and a valid publish carries on', async () => {
    const server = await startTestServer({ limits: LIMITS, keepMedia: false });
    const session = validSession();
    const handshake = session.subarray(0, 1 + 1536 * 2);
    try {
      // The valid session as bytes is accepted as a whole: the seed really is valid.
      const seedRec = await sendAndWait(server, session);
      expect(seedRec.media.length).toBe(5);
      expect(seedRec.unpublishes).toEqual([{ streamId: 1, reason: 'FCUnpublish' }]);

      const pub = await RtmpPublisher.connect({ url: `rtmp://127.0.0.1:${server.port}/live/token/good` });
      const goodRec = server.records.find((r) => r.publishes[0]?.streamName === 'good')!;
      let goodSent = 0;

      const mutated = fc
        .tuple(
          fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
          fc.nat(),
        )
        .map(([flips, cut]) => {
          const b = Uint8Array.from(session);
          for (const [i, v] of flips) {
            // Mostly after the handshake, where the chunk parser is.
            b[handshake.length + (i % (b.length - handshake.length))] = v;
          }
          return b.subarray(0, handshake.length + (cut % (b.length - handshake.length + 1)));
        });
      const randomAfterHandshake = fc.uint8Array({ maxLength: 2000 }).map((r) => cat(handshake, r));
      const random = fc.uint8Array({ maxLength: 3000 });

      const started = Date.now();
      await fc.assert(
        fc.asyncProperty(fc.oneof(mutated, randomAfterHandshake, random), async (bytes) => {
          pub.sendVideo(goodSent * 33, cat(hexBytes('2701000000'), seq(100)));
          goodSent++;
          const rec = await sendAndWait(server, bytes);
          expect(rec.events.filter((e) => e === 'close').length).toBe(1);
          expect(rec.conn.bufferedBytes).toBeLessThanOrEqual(LIMITS.maxBufferedBytes);
          expect(['client-closed', 'protocol-error', 'limit-exceeded', 'server-closed']).toContain(
            rec.close?.code,
          );
        }),
        fuzzParameters(
          { numRuns: 400, seed: 1234, interruptAfterTimeLimit: 8000 },
          bytesReplay(RTMP_CONNECTION_FUZZ),
        ),
      );
      expect(Date.now() - started).toBeLessThan(20_000);
      await pub.close();
      await goodRec.closed;
      expect(goodRec.media.length).toBe(goodSent);
      expect(goodRec.close?.code).toBe('client-closed');
    } finally {
      await server.close();
    }
  });
});

/** Sends `bytes` on a new connection, half-closes it and waits until the server closed its side. */
async function sendAndWait(server: TestServer, bytes: Uint8Array): Promise<ConnectionRecord> {
  const n = server.records.length;
  const sock = connect({ host: '127.0.0.1', port: server.port });
  sock.on('error', () => undefined);
  sock.on('data', () => undefined);
  await new Promise<void>((resolve) => sock.once('connect', resolve));
  sock.end(bytes);
  const rec = await server.connection(n);
  await rec.closed;
  return rec;
}
