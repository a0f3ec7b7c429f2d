import { describe, expect, it } from 'vitest';
import { encodeAmf0 } from '../../formats/amf0/amf0-encoder.js';
import { hexBytes } from '../../lib/bytes/test-support/hex.js';
import { acknowledgementBody, userControlBody, windowAckSizeBody } from './message.js';
import { RtmpMessageType, UserControlEvent } from './message-type.js';
import { NetStatusCode } from './net-status.js';
import type { PublishDecision } from './rtmp-connection-types.js';
import { RawRtmpClient } from './test-support/raw-rtmp-client.js';
import { cat, seq } from './test-support/bytes.js';
import {
  startHandlerServer,
  startTestServer,
  type TestServerOptions,
} from './test-support/rtmp-test-server.js';

async function withServer(
  options: TestServerOptions,
  fn: (s: Awaited<ReturnType<typeof startTestServer>>) => Promise<void>,
): Promise<void> {
  const s = await startTestServer(options);
  try {
    await fn(s);
  } finally {
    await s.close();
  }
}

const audio = (c: RawRtmpClient, streamId: number, ts: number, body = hexBytes('af01aa')): void =>
  c.send({ csid: 4, typeId: RtmpMessageType.audio, streamId, timestamp: ts, payload: body });

describe('RtmpConnection', () => {
  it('answers connect with Window Ack Size, Set Peer Bandwidth, Set Chunk Size 4096, _result, onBWDone', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      c.command(0, 'connect', 1, { app: 'live', tcUrl: 'rtmp://127.0.0.1/live', objectEncoding: 0 });
      await c.until(() => c.received.length >= 5, 'connect answers');
      expect(c.received.slice(0, 5).map((m) => m.typeId)).toEqual([5, 6, 1, 20, 20]);
      expect([...c.received[2]!.payload]).toEqual([0, 0, 0x10, 0]);
      const [result, bw] = c.commands();
      expect(result).toMatchObject({ name: '_result', transactionId: 1 });
      expect(result?.args[0]).toMatchObject({ level: 'status', code: NetStatusCode.connectSuccess });
      expect(bw?.name).toBe('onBWDone');
      c.destroy();
    });
  });

  it('sends Publish.Start only after the async accept; media before it is ignored and counted', async () => {
    let release: (d: PublishDecision) => void = () => undefined;
    const gate = new Promise<PublishDecision>((r) => (release = r));
    await withServer({ decide: () => gate }, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      const published = c.publish('live/token', 'stream');
      const rec = await s.connection(0);
      await c.until(() => rec.publishes.length === 1, 'publish request');
      audio(c, 1, 0);
      audio(c, 1, 10);
      await new Promise((r) => setTimeout(r, 50));
      expect(c.commands().some((x) => x.name === 'onStatus')).toBe(false);
      expect(rec.conn.stats.mediaIgnored).toBe(2);
      release({ accept: true });
      const { streamId, status } = await published;
      expect(status).toMatchObject({ level: 'status', code: NetStatusCode.publishStart });
      const begin = c.received.find((m) => m.typeId === RtmpMessageType.userControl);
      expect([...begin!.payload]).toEqual([0, 0, 0, 0, 0, streamId]);
      audio(c, streamId, 20);
      audio(c, 7, 21); // not the accepted stream: ignored
      audio(c, 0, 22); // message stream 0 with one accepted stream: attributed to it (node-media-server)
      c.send({
        csid: 5,
        typeId: 18,
        streamId,
        payload: encodeAmf0('@setDataFrame', 'onMetaData', { width: 2 }),
      });
      c.send({
        csid: 5,
        typeId: 15,
        streamId,
        payload: cat(hexBytes('00'), encodeAmf0('onTextData', { text: 'x' })),
      });
      await c.until(() => rec.data.length === 2, 'data');
      expect(rec.media.map((m) => [m.streamId, m.kind, m.timestamp])).toEqual([
        [streamId, 'audio', 20],
        [streamId, 'audio', 22],
      ]);
      expect(rec.data.map((d) => d.values)).toEqual([
        ['@setDataFrame', 'onMetaData', { width: 2 }],
        ['onTextData', { text: 'x' }],
      ]);
      expect(rec.events.indexOf('decided')).toBeLessThan(rec.events.indexOf('media'));
      expect(rec.conn.stats.mediaIgnored).toBe(3);
      c.destroy();
    });
  });

  it('refuses a publish with the handler code, closes and delivers nothing', async () => {
    await withServer(
      { decide: () => ({ accept: false, code: NetStatusCode.publishBadName, description: 'unknown key' }) },
      async (s) => {
        const c = await RawRtmpClient.connect(s.port);
        const { status } = await c.publish('live/x', 'stream');
        expect(status).toMatchObject({
          level: 'error',
          code: NetStatusCode.publishBadName,
          description: 'unknown key',
        });
        await c.closed;
        const rec = await s.connection(0);
        expect(await rec.closed).toEqual({
          code: 'server-closed',
          message: 'publish rejected: NetStream.Publish.BadName: unknown key',
        });
        expect(rec.media).toEqual([]);
      },
    );
  });

  it('keeps the connection open after a refusal with closeConnection: false', async () => {
    await withServer(
      {
        decide: () => ({
          accept: false,
          code: NetStatusCode.publishBadName,
          description: 'busy',
          closeConnection: false,
        }),
      },
      async (s) => {
        const c = await RawRtmpClient.connect(s.port);
        await c.publish('live', 'stream');
        c.command(0, 'getStreamLength', 9, null, 'stream');
        await c.until(() => c.commands().some((x) => x.transactionId === 9), 'answer after refusal');
        expect((await s.connection(0)).close).toBeUndefined();
        c.destroy();
      },
    );
  });

  it('refuses a publish on a stream that was not created, without asking the handler', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      c.command(0, 'connect', 1, { app: 'live' });
      c.command(0, 'createStream', 2, null);
      c.command(5, 'publish', 3, null, 'x', 'live');
      await c.until(() => c.commands().some((x) => x.name === 'onStatus'), 'refusal');
      expect(c.commands().find((x) => x.name === 'onStatus')?.args[0]).toMatchObject({
        code: NetStatusCode.publishBadName,
      });
      expect((await s.connection(0)).publishes).toEqual([]);
      c.destroy();
    });
  });

  it('passes a publish with an empty name to the handler (the stream path may be in the app)', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      c.command(0, 'connect', 1, { app: 'live/token/stream' });
      c.command(0, 'createStream', 2, null);
      c.command(1, 'publish', 3, null, '', 'live');
      await c.until(() => c.commands().some((x) => x.name === 'onStatus'), 'answer');
      expect((await s.connection(0)).publishes).toMatchObject([{ app: 'live/token/stream', streamName: '' }]);
      c.destroy();
    });
  });

  it('answers connect with Connect.Rejected when onConnect refuses', async () => {
    const closes: string[] = [];
    const server = await startHandlerServer(() => ({
      onConnect: (app) =>
        app === 'live' ? { accept: true } : { accept: false, description: `no app ${app}` },
      onPublish: () => ({ accept: true }),
      onMedia: () => undefined,
      onData: () => undefined,
      onUnpublish: () => undefined,
      onClose: (r) => closes.push(r.code),
    }));
    const port = server.port;
    const c = await RawRtmpClient.connect(port);
    c.command(0, 'connect', 1, { app: 'nope' });
    await c.closed;
    expect(c.commands()[0]).toMatchObject({ name: '_error', transactionId: 1 });
    expect(c.commands()[0]?.args[0]).toMatchObject({
      code: NetStatusCode.connectRejected,
      description: 'no app nope',
    });
    expect(closes).toEqual(['server-closed']);
    await server.close();
  });

  it('answers the calls encoders make and unknown calls harmlessly', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      c.command(0, 'connect', 1, { app: 'live' });
      c.command(0, 'releaseStream', 2, null, 'k');
      c.command(0, 'FCPublish', 3, null, 'k');
      c.command(0, '_checkbw', 4, null);
      c.command(0, 'getStreamLength', 5, null, 'k');
      c.command(0, 'someVendorCall', 6, null);
      c.command(0, 'someNotification', 0, null);
      c.command(0, 'createStream', 7, null);
      await c.until(() => c.commands().some((x) => x.transactionId === 7), 'createStream');
      const byTxn = new Map(c.commands().map((x) => [x.transactionId, x]));
      expect(byTxn.get(2)?.name).toBe('_result');
      expect(byTxn.get(3)?.name).toBe('_result');
      expect(byTxn.get(4)?.name).toBe('_result');
      expect(byTxn.get(5)).toMatchObject({ name: '_result', args: [0] });
      expect(byTxn.get(6)).toMatchObject({ name: '_error' });
      expect(byTxn.get(7)).toMatchObject({ name: '_result', args: [1] });
      expect(c.commands().find((x) => x.name === 'onFCPublish')?.args[0]).toMatchObject({ description: 'k' });
      expect(
        c
          .commands()
          .filter((x) => x.transactionId === 0)
          .map((x) => x.name),
      ).toEqual(['onBWDone', 'onFCPublish']);
      expect((await s.connection(0)).close).toBeUndefined();
      c.destroy();
    });
  });

  it('answers PingRequest with PingResponse and acknowledges the peer window', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      c.send({
        csid: 2,
        typeId: RtmpMessageType.userControl,
        payload: userControlBody(UserControlEvent.pingRequest, 0xabcdef),
      });
      await c.until(() => c.received.some((m) => m.typeId === RtmpMessageType.userControl), 'ping response');
      expect([...c.received[0]!.payload]).toEqual([0, 7, 0, 0xab, 0xcd, 0xef]);
      c.send({ csid: 2, typeId: RtmpMessageType.windowAckSize, payload: windowAckSizeBody(5000) });
      c.send({ csid: 2, typeId: RtmpMessageType.acknowledgement, payload: acknowledgementBody(1) });
      c.send({ csid: 3, typeId: 19, payload: seq(6000) }); // shared object message: ignored
      await c.until(() => c.received.some((m) => m.typeId === RtmpMessageType.acknowledgement), 'ack');
      const ack = c.received.find((m) => m.typeId === RtmpMessageType.acknowledgement)!;
      const rec = await s.connection(0);
      const seqNo = Buffer.from(ack.payload).readUInt32BE(0);
      expect(seqNo).toBeGreaterThanOrEqual(5000);
      expect(seqNo).toBeLessThanOrEqual(rec.conn.bytesReceived);
      c.destroy();
    });
  });

  for (const [command, reason] of [
    ['FCUnpublish', 'FCUnpublish'],
    ['deleteStream', 'deleteStream'],
    ['closeStream', 'closeStream'],
  ] as const) {
    it(`reports unpublish for ${command} once, and ignores media after it`, async () => {
      await withServer({}, async (s) => {
        const c = await RawRtmpClient.connect(s.port);
        const { streamId } = await c.publish('live', 'key');
        audio(c, streamId, 1);
        if (command === 'FCUnpublish') {
          c.command(0, 'FCUnpublish', 0, null, 'key');
        } else if (command === 'deleteStream') {
          c.command(0, 'deleteStream', 0, null, streamId);
        } else {
          c.command(streamId, 'closeStream', 0, null);
        }
        c.command(0, 'deleteStream', 0, null, streamId);
        audio(c, streamId, 2);
        const rec = await s.connection(0);
        await c.until(() => rec.unpublishes.length === 1 && rec.conn.messagesReceived >= 7, 'unpublish');
        await new Promise((r) => setTimeout(r, 20));
        expect(rec.unpublishes).toEqual([{ streamId, reason }]);
        expect(rec.media.map((m) => m.timestamp)).toEqual([1]);
        const statuses = c
          .commands()
          .filter((x) => x.name === 'onStatus')
          .map((x) => (x.args[0] as { code: string }).code);
        expect(statuses).toEqual([NetStatusCode.publishStart, NetStatusCode.unpublishSuccess]);
        c.destroy();
      });
    });
  }

  it('splits aggregate messages into media of the accepted stream', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      const { streamId } = await c.publish('live', 'key');
      const tag = (type: number, ts: number, body: Uint8Array): Uint8Array =>
        cat(
          Uint8Array.of(type, 0, 0, body.length, 0, 0, ts, 0, 0, 0, 0),
          body,
          Uint8Array.of(0, 0, 0, 11 + body.length),
        );
      c.send({
        csid: 6,
        typeId: 22,
        streamId,
        timestamp: 100,
        payload: cat(tag(9, 5, hexBytes('1701')), tag(8, 7, hexBytes('af01'))),
      });
      c.send({ csid: 6, typeId: 22, streamId, timestamp: 200, payload: hexBytes('09 0000ff') }); // truncated: counted
      const rec = await s.connection(0);
      await c.until(() => rec.conn.stats.malformedAggregates === 1, 'aggregates');
      expect(rec.media.map((m) => [m.kind, m.timestamp])).toEqual([
        ['video', 100],
        ['audio', 102],
      ]);
      c.destroy();
    });
  });

  it('ignores malformed AMF in a data message but closes on malformed AMF in a command', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      const { streamId } = await c.publish('live', 'key');
      c.send({ csid: 5, typeId: 18, streamId, payload: hexBytes('02 0010 61') });
      const rec = await s.connection(0);
      await c.until(() => rec.conn.stats.malformedData === 1, 'malformed data counted');
      expect(rec.close).toBeUndefined();
      c.send({ typeId: 20, payload: hexBytes('02 0007 636f6e6e656374 42') });
      expect((await rec.closed).code).toBe('protocol-error');
    });
  });
});
