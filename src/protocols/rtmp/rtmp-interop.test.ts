import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ffmpegPath } from '../../../test/support/media-tools.js';
import { NetStatusCode, RtmpStatusError } from './net-status.js';
import { RtmpPublisher } from './rtmp-publisher.js';
import { parseFlvTags, runProcess, selfSignedCert } from './test-support/interop-tools.js';
import { startTestServer, type ConnectionRecord } from './test-support/rtmp-test-server.js';
import type { PublishDecision } from './rtmp-connection-types.js';

const dir = mkdtempSync(join(tmpdir(), 'inlet-rtmp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const LAVFI_INPUTS = [
  '-f',
  'lavfi',
  '-i',
  'testsrc=size=320x240:rate=30',
  '-f',
  'lavfi',
  '-i',
  'sine=frequency=1000:sample_rate=44100',
];
const ENCODE = [
  '-map',
  '0:v',
  '-map',
  '1:a',
  '-c:v',
  'libx264',
  '-preset',
  'ultrafast',
  '-g',
  '30',
  '-c:a',
  'aac',
];

/** Resolves after `ms`; used to make the publish decision really asynchronous. */
const later = (ms: number, d: PublishDecision): Promise<PublishDecision> =>
  new Promise((r) => setTimeout(() => r(d), ms));

function checkSession(rec: ConnectionRecord): void {
  const ev = rec.events;
  expect(ev.indexOf('publish')).toBeLessThan(ev.indexOf('decided'));
  expect(ev.indexOf('decided')).toBeLessThan(ev.indexOf('sent:Publish.Start'));
  expect(ev.indexOf('sent:Publish.Start')).toBeLessThan(ev.indexOf('media'));
  expect(rec.data[0]?.values.slice(0, 2)).toEqual(['@setDataFrame', 'onMetaData']);
  for (const kind of ['audio', 'video'] as const) {
    const ts = rec.media.filter((m) => m.kind === kind).map((m) => m.timestamp);
    expect(ts.length).toBeGreaterThan(10);
    expect(ts.every((t, i) => i === 0 || t >= ts[i - 1]!)).toBe(true);
  }
}

/** Every audio/video tag of the FLV file arrived, in order, with identical timestamps and payload bytes. */
function expectSameTags(rec: ConnectionRecord, flv: Uint8Array): void {
  const tags = parseFlvTags(flv).filter((t) => t.type === 8 || t.type === 9);
  expect(tags.length).toBeGreaterThan(100);
  expect(rec.media.length).toBe(tags.length);
  rec.media.forEach((m, i) => {
    const t = tags[i]!;
    expect([m.kind, m.timestamp]).toEqual([t.type === 8 ? 'audio' : 'video', t.timestamp]);
    expect(Buffer.from(m.payload).equals(Buffer.from(t.body))).toBe(true);
  });
}

describe('RTMP interop', () => {
  it('ffmpeg publishes a live encode (token in the app); every tag it wrote arrives byte-identical', async () => {
    const server = await startTestServer({ decide: () => later(300, { accept: true }) });
    try {
      const file = join(dir, 'live.flv');
      const url = `rtmp://127.0.0.1:${server.port}/live/token/stream`;
      const ff = runProcess(
        ffmpegPath(),
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-re',
          ...LAVFI_INPUTS,
          '-t',
          '3',
          ...ENCODE,
          '-flags',
          '+global_header',
          '-f',
          'tee',
          `[f=flv]${file}|[f=flv]${url}`,
        ],
        15_000,
      );
      const rec = await server.connection(0);
      const { code, stderr } = await ff;
      expect(code, stderr).toBe(0);
      await rec.closed;
      expect(rec.publishes[0]).toMatchObject({
        app: 'live/token',
        streamName: 'stream',
        publishType: 'live',
        tcUrl: `rtmp://127.0.0.1:${server.port}/live/token`,
      });
      checkSession(rec);
      expectSameTags(rec, readFileSync(file));
      expect(rec.unpublishes).toEqual([{ streamId: 1, reason: 'FCUnpublish' }]);
      expect(rec.close?.code).toBe('client-closed');
    } finally {
      await server.close();
    }
  });

  it('ffmpeg republishes an FLV file with -c copy (token in the stream key); tags arrive byte-identical', async () => {
    const file = join(dir, 'copy.flv');
    const enc = await runProcess(
      ffmpegPath(),
      ['-hide_banner', '-loglevel', 'error', ...LAVFI_INPUTS, '-t', '2', ...ENCODE, '-f', 'flv', '-y', file],
      15_000,
    );
    expect(enc.code, enc.stderr).toBe(0);
    const server = await startTestServer({ decide: () => later(100, { accept: true }) });
    try {
      const url = `rtmp://127.0.0.1:${server.port}/live/stream?token=abc123`;
      const ff = await runProcess(
        ffmpegPath(),
        ['-hide_banner', '-loglevel', 'error', '-re', '-i', file, '-c', 'copy', '-f', 'flv', url],
        15_000,
      );
      expect(ff.code, ff.stderr).toBe(0);
      const rec = await server.connection(0);
      await rec.closed;
      expect(rec.publishes[0]).toMatchObject({ app: 'live', streamName: 'stream?token=abc123' });
      checkSession(rec);
      expectSameTags(rec, readFileSync(file));
      expect(rec.unpublishes.map((u) => u.reason)).toEqual(['FCUnpublish']);
    } finally {
      await server.close();
    }
  });

  it('ffmpeg publishes over RTMPS (TLS, self-signed certificate, no extra flags)', async () => {
    const tls = selfSignedCert();
    const server = await startTestServer({ tls, decide: () => later(100, { accept: true }) });
    try {
      const file = join(dir, 'tls.flv');
      const url = `rtmps://127.0.0.1:${server.port}/live/token/secure`;
      const { code, stderr } = await runProcess(
        ffmpegPath(),
        [
          '-hide_banner',
          '-loglevel',
          'error',
          '-re',
          ...LAVFI_INPUTS,
          '-t',
          '2',
          ...ENCODE,
          '-flags',
          '+global_header',
          '-f',
          'tee',
          `[f=flv]${file}|[f=flv]${url}`,
        ],
        15_000,
      );
      expect(code, stderr).toBe(0);
      const rec = await server.connection(0);
      await rec.closed;
      expect(rec.publishes[0]).toMatchObject({
        app: 'live/token',
        streamName: 'secure',
        tcUrl: `rtmps://127.0.0.1:${server.port}/live/token`,
      });
      checkSession(rec);
      expectSameTags(rec, readFileSync(file));
      expect(rec.close?.code).toBe('client-closed');

      // RtmpPublisher over TLS: verifies the certificate against the given CA, refuses it without.
      const pub = await RtmpPublisher.connect({
        url: `rtmps://127.0.0.1:${server.port}/live/token/pub`,
        tls: { ca: tls.cert },
      });
      pub.sendVideo(0, Uint8Array.of(0x17, 1, 0, 0, 0, 9));
      await pub.close();
      const rec2 = await server.connection(1);
      await rec2.closed;
      expect(rec2.media.map((m) => [...m.payload])).toEqual([[0x17, 1, 0, 0, 0, 9]]);
      const err = await RtmpPublisher.connect({
        url: `rtmps://127.0.0.1:${server.port}/live/token/pub`,
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(RtmpStatusError);
      expect((err as RtmpStatusError).code).toBe('NetConnection.Connect.Failed');
    } finally {
      await server.close();
    }
  });

  it('ffmpeg exits non-zero when the publish is refused, and no media is delivered', async () => {
    const server = await startTestServer({
      decide: () =>
        later(50, { accept: false, code: NetStatusCode.publishBadName, description: 'unknown stream key' }),
    });
    try {
      const { code, stderr } = await runProcess(
        ffmpegPath(),
        [
          '-hide_banner',
          '-loglevel',
          'error',
          ...LAVFI_INPUTS,
          '-t',
          '2',
          ...ENCODE,
          '-f',
          'flv',
          `rtmp://127.0.0.1:${server.port}/live/bad/stream`,
        ],
        15_000,
      );
      expect(code).not.toBe(0);
      expect(stderr).toContain('unknown stream key');
      const rec = await server.connection(0);
      expect((await rec.closed).code).toBe('server-closed');
      expect(rec.media).toEqual([]);
      expect(rec.events).not.toContain('sent:Publish.Start');
    } finally {
      await server.close();
    }
  });

  it("node-media-server's RtmpClient publishes to RtmpConnection", async () => {
    const require = createRequire(import.meta.url);
    interface NmsPacket {
      codec_type: number;
      size: number;
      dts: number;
      pts: number;
      data: Buffer;
    }
    interface NmsClient {
      connect(url: string): Promise<void>;
      sendConnect(): Promise<unknown>;
      sendCreateStream(): Promise<number>;
      sendPublish(name: string): Promise<unknown>;
      sendMetaData(meta: object): void;
      sendPacket(p: NmsPacket): void;
      disconnect(): void;
    }
    const RtmpClient = require('node-media-server/src/protocol/rtmp_client.js') as new () => NmsClient;
    const AVPacket = require('node-media-server/src/core/avpacket.js') as new () => NmsPacket;
    // Its module-level logger prints to the console (e.g. "Unknown command" for onBWDone); keep tests quiet.
    const nmsLogger = require('node-media-server/src/core/logger.js') as { log: (m: string) => void };
    const log = nmsLogger.log;
    nmsLogger.log = () => undefined;
    const server = await startTestServer({ decide: () => later(50, { accept: true }) });
    try {
      const client = new RtmpClient();
      await client.connect(`rtmp://127.0.0.1:${server.port}/live/nms`);
      await client.sendConnect();
      const streamId = await client.sendCreateStream();
      await client.sendPublish('nms');
      client.sendMetaData({ width: 320, height: 240 });
      const sizes = [10, 200, 70_000];
      sizes.forEach((size, i) => {
        const p = new AVPacket();
        p.codec_type = i === 1 ? 8 : 9;
        p.size = size;
        p.dts = p.pts = i * 40;
        p.data = Buffer.alloc(size, i + 1);
        client.sendPacket(p);
      });
      const rec = await server.connection(0);
      await new Promise<void>((resolve) => {
        const t = setInterval(() => {
          if (rec.media.length === sizes.length) {
            clearInterval(t);
            resolve();
          }
        }, 5);
      });
      client.disconnect();
      expect((await rec.closed).code).toBe('client-closed');
      expect(rec.publishes[0]).toMatchObject({ app: 'live', streamName: 'nms', streamId });
      expect(rec.data[0]?.values).toEqual(['@setDataFrame', 'onMetaData', { width: 320, height: 240 }]);
      expect(rec.media.map((m) => [m.streamId, m.kind, m.timestamp, m.payload.length, m.payload[0]])).toEqual(
        [
          [streamId, 'video', 0, 10, 1],
          [streamId, 'audio', 40, 200, 2],
          [streamId, 'video', 80, 70_000, 3],
        ],
      );
    } finally {
      nmsLogger.log = log;
      await server.close();
    }
  });
});
