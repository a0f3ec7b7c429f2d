import { connect } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { hexBytes } from '../../lib/bytes/test-support/hex.js';
import { RtmpMessageType } from './message-type.js';
import { RawRtmpClient } from './test-support/raw-rtmp-client.js';
import { cat } from './test-support/bytes.js';
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

function logCapture(): { logger: pino.Logger; lines: () => string[] } {
  const out: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, cb) {
      out.push(
        ...chunk
          .toString()
          .split('\n')
          .filter((l) => l !== ''),
      );
      cb();
    },
  });
  return {
    logger: pino({ level: 'info' }, stream),
    lines: () => out.map((l) => (JSON.parse(l) as { msg: string }).msg),
  };
}

const audio = (c: RawRtmpClient, streamId: number, ts: number, body = hexBytes('af01aa')): void =>
  c.send({ csid: 4, typeId: RtmpMessageType.audio, streamId, timestamp: ts, payload: body });

describe('RtmpConnection faults', () => {
  const faults: {
    name: string;
    limits?: TestServerOptions['limits'];
    bytes: (c: RawRtmpClient | undefined) => Uint8Array;
    code: string;
    raw?: boolean;
  }[] = [
    { name: 'a C0 other than 3', raw: true, bytes: () => hexBytes('06'), code: 'protocol-error' },
    {
      name: 'a type-3 chunk on an unknown chunk stream',
      bytes: () => hexBytes('c9 00'),
      code: 'protocol-error',
    },
    {
      name: 'a message above maxMessageSize',
      limits: { maxMessageSize: 1000 },
      bytes: () => hexBytes('04 000000 0003e9 09 01000000'),
      code: 'limit-exceeded',
    },
    {
      name: 'too many chunk streams',
      limits: { maxChunkStreams: 3 },
      bytes: () =>
        cat(...[4, 5, 6, 7].map((id) => cat(Uint8Array.of(id), hexBytes('000000 000000 09 01000000')))),
      code: 'limit-exceeded',
    },
  ];
  for (const f of faults) {
    it(`closes with ${f.code} on ${f.name}, logging "closed:" once`, async () => {
      const log = logCapture();
      await withServer({ logger: log.logger, ...(f.limits ? { limits: f.limits } : {}) }, async (s) => {
        if (f.raw) {
          const sock = connect({ host: '127.0.0.1', port: s.port });
          sock.on('error', () => undefined);
          sock.write(f.bytes(undefined));
        } else {
          const c = await RawRtmpClient.connect(s.port);
          c.socket.write(f.bytes(c));
        }
        const rec = await s.connection(0);
        expect((await rec.closed).code).toBe(f.code);
        rec.conn.close();
        expect(rec.events.filter((e) => e === 'close').length).toBe(1);
        expect(log.lines().filter((l) => l.startsWith('closed: ')).length).toBe(1);
        expect(log.lines()).toContain('opened');
      });
    });
  }

  it('closes with handshake-timeout and idle-timeout', async () => {
    await withServer({ limits: { handshakeTimeoutMs: 100, idleTimeoutMs: 150 } }, async (s) => {
      const sock = connect({ host: '127.0.0.1', port: s.port });
      sock.on('error', () => undefined);
      expect((await (await s.connection(0)).closed).code).toBe('handshake-timeout');
      const c = await RawRtmpClient.connect(s.port);
      c.command(0, 'connect', 1, { app: 'live' });
      expect((await (await s.connection(1)).closed).code).toBe('idle-timeout');
      await c.closed;
    });
  });

  it('a handler that throws closes only its own connection', async () => {
    let calls = 0;
    const closes: string[] = [];
    const server = await startHandlerServer(() => ({
      onPublish: () => ({ accept: true }),
      onMedia: () => {
        calls++;
        throw new Error('ingest bug');
      },
      onData: () => undefined,
      onUnpublish: () => undefined,
      onClose: (r) => closes.push(`${r.code}: ${r.message}`),
    }));
    const port = server.port;
    const bad = await RawRtmpClient.connect(port);
    const good = await RawRtmpClient.connect(port);
    const { streamId } = await bad.publish('live', 'a');
    await good.publish('live', 'b');
    audio(bad, streamId, 0);
    await bad.closed;
    expect(calls).toBe(1);
    expect(closes).toEqual(['server-closed: internal error: ingest bug']);
    good.command(0, 'getStreamLength', 9, null, 'b');
    await good.until(
      () => good.commands().some((x) => x.transactionId === 9),
      'good connection still answers',
    );
    good.destroy();
    await good.until(() => closes.length === 2, 'second close');
    expect(closes[1]).toMatch(/^client-closed/);
    await server.close();
  });

  it('close() is idempotent and onClose runs once', async () => {
    await withServer({}, async (s) => {
      const c = await RawRtmpClient.connect(s.port);
      const rec = await s.connection(0);
      rec.conn.close({ code: 'server-closed', message: 'live event stopped' });
      rec.conn.close();
      await c.closed;
      await new Promise((r) => setTimeout(r, 20));
      expect(rec.events).toEqual(['close']);
      expect(rec.close).toEqual({ code: 'server-closed', message: 'live event stopped' });
      expect(rec.conn.closed).toBe(true);
    });
  });
});
