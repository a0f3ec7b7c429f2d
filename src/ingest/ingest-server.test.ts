import { createRequire } from 'node:module';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RtmpPublisher } from '../protocols/rtmp/rtmp-publisher.js';
import { RtmpStatusError } from '../protocols/rtmp/net-status.js';
import { avcFixture, countFlvTags } from '../../test/support/fixtures.js';
import { readFlvTags, replayFlv } from '../../test/support/flv-replay.js';
import { ffmpegPath } from '../../test/support/media-tools.js';
import { runProcess } from '../../test/support/run-process.js';
import { FlvTagType } from '../formats/flv/flv-file-reader.js';
import { ResultCode } from '../live/result-codes.js';
import { startIngestHarness, type IngestHarness } from './test-support/ingest-harness.js';

const TOKEN = '1fce2e4b-fb15-4718-8adc-68c6eb4c26a7';
const STOPPED = '2fce2e4b-fb15-4718-8adc-68c6eb4c26a7';
const LOCKED = '3fce2e4b-fb15-4718-8adc-68c6eb4c26a7';
const BARE = TOKEN.replaceAll('-', '');

describe('IngestServer (real sockets, real encoders)', () => {
  let h: IngestHarness;
  let fixture: string;

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 3, gopSeconds: 1 });
    h = await startIngestHarness([
      { name: 'ev1', token: TOKEN, allow: ['127.0.0.1/32', '::1/128'], running: true },
      { name: 'stopped', token: STOPPED, allow: ['0.0.0.0/0'], running: false },
      { name: 'locked', token: LOCKED, allow: ['10.0.0.0/8'], running: true },
    ]);
  }, 120_000);

  afterAll(async () => {
    await h.close();
  });

  const disconnectedOf = (stream: string) =>
    h.record.disconnected.filter((d) => d.session.streamName === stream);

  it('admits ffmpeg on all four endpoints, with the token in the server URL or in the stream key, and counts every tag', async () => {
    const expected = countFlvTags(fixture);
    const url = (id: string) => {
      const e = h.endpoint(id);
      return `${e.protocol}://127.0.0.1:${e.port}`;
    };
    const runs: [string, string[]][] = [
      ['ff-rtmp-p', [`${url('rtmp-primary')}/live/${TOKEN}/ff-rtmp-p`]],
      [
        'ff-rtmp-s',
        ['-rtmp_app', 'live', '-rtmp_playpath', `${BARE}/ff-rtmp-s`, `${url('rtmp-secondary')}/live`],
      ],
      ['ff-rtmps-p', [`${url('rtmps-primary')}/live/${TOKEN}/ff-rtmps-p`]],
      [
        'ff-rtmps-s',
        ['-rtmp_app', 'live', '-rtmp_playpath', `${TOKEN}/ff-rtmps-s`, `${url('rtmps-secondary')}/live`],
      ],
    ];
    const results = await Promise.all(
      runs.map(([, target]) =>
        runProcess(
          ffmpegPath(),
          ['-hide_banner', '-loglevel', 'error', '-re', '-i', fixture, '-c', 'copy', '-f', 'flv', ...target],
          60_000,
        ),
      ),
    );
    for (const r of results) {
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    for (const [stream] of runs) {
      await h.until(() => disconnectedOf(stream).length === 1, 10_000, `${stream} to end`);
      const [d] = disconnectedOf(stream);
      expect(d?.session.liveEventName).toBe('ev1');
      expect(d?.counters).toMatchObject({
        videoTags: expected.video,
        audioTags: expected.audio,
        videoBytes: expected.videoBytes,
        audioBytes: expected.audioBytes,
      });
      expect(d?.counters.unitsDropped).toBe(0);
      expect([ResultCode.streamHitEof, ResultCode.clientTerminated]).toContain(d?.resultCode);
    }
    const endpoints = h.record.connected
      .filter((c) => c.streamName.startsWith('ff-'))
      .map((c) => c.endpoint.id)
      .sort();
    expect(endpoints).toEqual(['rtmp-primary', 'rtmp-secondary', 'rtmps-primary', 'rtmps-secondary']);
    const ffStream = h.record.streams.find((s) => s.streamName === 'ff-rtmp-p');
    const codecs = ffStream?.tracks.map((t) => `${t.kind}:${t.config.codecString}`).sort();
    expect(codecs?.[0]).toBe('audio:mp4a.40.2');
    expect(codecs?.[1]).toMatch(/^video:avc1\.[0-9a-f]{6}$/);
    expect(codecs).toHaveLength(2);
    // The ingest URL reported in events never carries the access token.
    for (const c of h.record.connected) {
      expect(c.ingestUrl).not.toContain(BARE);
      expect(c.ingestUrl).not.toContain(TOKEN);
    }
  }, 90_000);

  it("admits node-media-server's RTMP client (an independent implementation)", async () => {
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
      sendPacket(p: NmsPacket): void;
      disconnect(): void;
    }
    const RtmpClient = require('node-media-server/src/protocol/rtmp_client.js') as new () => NmsClient;
    const AVPacket = require('node-media-server/src/core/avpacket.js') as new () => NmsPacket;
    const nmsLogger = require('node-media-server/src/core/logger.js') as { log: (m: string) => void };
    const log = nmsLogger.log;
    nmsLogger.log = () => undefined;
    try {
      const client = new RtmpClient();
      // Its URL parser takes only `live` as the app: the token goes into the stream key.
      await client.connect(`rtmp://127.0.0.1:${h.endpoint('rtmp-primary').port}/live/${TOKEN}`);
      await client.sendConnect();
      await client.sendCreateStream();
      await client.sendPublish(`${TOKEN}/nms`);
      const tags = readFlvTags(fixture).filter((t) => t.type !== FlvTagType.scriptData);
      for (const t of tags) {
        const p = new AVPacket();
        p.codec_type = t.type;
        p.size = t.body.byteLength;
        p.dts = p.pts = t.timestamp;
        p.data = Buffer.from(t.body);
        client.sendPacket(p);
      }
      const expected = countFlvTags(fixture);
      const session = () => h.record.connected.find((c) => c.streamName === 'nms');
      await h.until(() => session() !== undefined, 5000, 'nms publish');
      const stream = () => h.record.streams.find((s) => s.liveEventName === 'ev1' && s.streamName === 'nms');
      await h.until(() => (stream()?.segments ?? 0) >= 2, 5000, 'nms fragments');
      client.disconnect();
      await h.until(() => disconnectedOf('nms').length === 1, 5000, 'nms disconnect');
      expect(disconnectedOf('nms')[0]?.counters).toMatchObject({
        videoTags: expected.video,
        audioTags: expected.audio,
      });
      expect(disconnectedOf('nms')[0]?.resultCode).toBe(ResultCode.clientTerminated);
    } finally {
      nmsLogger.log = log;
    }
  }, 30_000);

  const rejections: {
    name: string;
    url: string;
    stream?: string;
    code: string;
    event: string | undefined;
  }[] = [
    {
      name: 'a malformed URL',
      url: 'rtmp://H/app/x',
      stream: 'y',
      code: ResultCode.badUrlSyntax,
      event: undefined,
    },
    {
      name: 'a missing stream name',
      url: `rtmp://H/live/${TOKEN}`,
      stream: '',
      code: ResultCode.badUrlSyntax,
      event: undefined,
    },
    {
      name: 'an unknown token',
      url: 'rtmp://H/live/00000000-0000-0000-0000-000000000000/s',
      code: ResultCode.appIdAuthFailure,
      event: undefined,
    },
    {
      name: 'an address outside the allow list',
      url: `rtmp://H/live/${LOCKED}/s`,
      code: ResultCode.connectionDenied,
      event: 'locked',
    },
    {
      name: 'a live event that is not running',
      url: `rtmp://H/live/${STOPPED}/s`,
      code: ResultCode.liveEventNotRunning,
      event: 'stopped',
    },
  ];

  it('refuses every bad publish with NetStream.Publish.BadName, closes it, reports it, and never disturbs a healthy stream', async () => {
    const port = h.endpoint('rtmp-primary').port;
    const healthy = replayFlv({
      url: `rtmp://127.0.0.1:${port}/live/${TOKEN}`,
      streamName: 'healthy',
      file: fixture,
    });
    await h.until(() => h.record.connected.some((c) => c.streamName === 'healthy'), 5000, 'healthy publish');
    for (const r of rejections) {
      const before = h.record.rejected.length;
      const attempt = RtmpPublisher.connect({
        url: r.url.replace('H', `127.0.0.1:${port}`),
        ...(r.stream === undefined ? {} : { streamName: r.stream }),
      });
      const err = await attempt.then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err, r.name).toBeInstanceOf(RtmpStatusError);
      expect((err as RtmpStatusError).code, r.name).toBe('NetStream.Publish.BadName');
      expect((err as RtmpStatusError).message, r.name).toContain(r.code);
      expect(h.record.rejected.length, r.name).toBe(before + 1);
      expect(h.record.rejected.at(-1), r.name).toMatchObject({ resultCode: r.code, liveEventName: r.event });
    }
    // Garbage after the TCP connect, and garbage after a valid handshake, close only that connection.
    const handshakeThenOversizedMessage = Buffer.concat([
      Buffer.from([3]),
      Buffer.alloc(1536 * 2, 7),
      // chunk basic header fmt 0 / csid 2, timestamp 0, length 0xffffff (over the 8 MiB limit), type 20
      Buffer.from([0x02, 0, 0, 0, 0xff, 0xff, 0xff, 0x14, 0, 0, 0, 0]),
    ]);
    for (const bytes of [Buffer.from('GET / HTTP/1.1\r\n\r\n'), handshakeThenOversizedMessage]) {
      const sock = net.connect(port, '127.0.0.1');
      sock.on('error', () => undefined);
      await new Promise((r) => sock.once('connect', r));
      sock.write(bytes);
      await new Promise((r) => sock.once('close', r));
    }
    const { sent } = await healthy;
    await h.until(() => disconnectedOf('healthy').length === 1, 5000, 'healthy end');
    const [d] = disconnectedOf('healthy');
    expect(d?.resultCode).toBe(ResultCode.streamHitEof);
    expect(d?.counters).toMatchObject({
      videoTags: sent.videoTags,
      audioTags: sent.audioTags,
      videoBytes: sent.videoBytes,
      audioBytes: sent.audioBytes,
      unitsDropped: 0,
    });
  }, 60_000);

  it('tells ffmpeg it was refused (ffmpeg exits with an error)', async () => {
    const port = h.endpoint('rtmp-primary').port;
    const r = await runProcess(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        '-i',
        fixture,
        '-c',
        'copy',
        '-f',
        'flv',
        `rtmp://127.0.0.1:${port}/live/${STOPPED}/s`,
      ],
      30_000,
    );
    expect(r.code).not.toBe(0);
  }, 40_000);

  it('refuses an unsupported codec on its first media with MPE_INGEST_CODEC_NOT_SUPPORTED', async () => {
    const port = h.endpoint('rtmp-primary').port;
    const r = await runProcess(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        '-f',
        'lavfi',
        '-i',
        'testsrc=size=160x120:rate=10',
        '-t',
        '3',
        '-c:v',
        'flv1',
        '-f',
        'flv',
        `rtmp://127.0.0.1:${port}/live/${TOKEN}/sorenson`,
      ],
      30_000,
    );
    expect(r.code).not.toBe(0);
    await h.until(() => disconnectedOf('sorenson').length === 1, 5000, 'sorenson end');
    expect(disconnectedOf('sorenson')[0]?.resultCode).toBe(ResultCode.codecNotSupported);
    expect(h.record.rejected.find((x) => x.streamName === 'sorenson')).toMatchObject({
      liveEventName: 'ev1',
      resultCode: ResultCode.codecNotSupported,
    });
  }, 40_000);

  it('lets a newer connection replace a stale one on the same endpoint, and keeps one on the other endpoint as standby', async () => {
    const p = h.endpoint('rtmp-primary').port;
    const s = h.endpoint('rtmp-secondary').port;
    const first = await replayFlv({
      url: `rtmp://127.0.0.1:${p}/live/${TOKEN}`,
      streamName: 'dup',
      file: fixture,
      realtime: false,
      end: 'keep',
    });
    const backup = await replayFlv({
      url: `rtmp://127.0.0.1:${s}/live/${TOKEN}`,
      streamName: 'dup',
      file: fixture,
      realtime: false,
      end: 'keep',
    });
    const second = await replayFlv({
      url: `rtmp://127.0.0.1:${p}/live/${TOKEN}`,
      streamName: 'dup',
      file: fixture,
      realtime: false,
      end: 'keep',
    });
    await first.publisher.whenClosed();
    await h.until(() => disconnectedOf('dup').length === 1, 5000, 'stale session closed');
    expect(disconnectedOf('dup')[0]?.resultCode).toBe(ResultCode.replacedByNewerConnection);
    expect(disconnectedOf('dup')[0]?.session.endpoint.id).toBe('rtmp-primary');
    expect(backup.publisher.closed).toBe(false);
    expect(second.publisher.closed).toBe(false);
    await second.publisher.close();
    await backup.publisher.close();
    await h.until(() => disconnectedOf('dup').length === 3, 5000, 'all dup sessions closed');
    expect(h.record.streams.filter((x) => x.streamName === 'dup')).toHaveLength(1);
  }, 30_000);

  it('turns a new sequence header with other parameters into a track revision and a discontinuity', async () => {
    const small = await avcFixture({ seconds: 3, gopSeconds: 1, width: 320, height: 240 });
    const large = await avcFixture({ seconds: 3, gopSeconds: 1, width: 640, height: 360 });
    const p = h.endpoint('rtmp-primary').port;
    const publisher = await RtmpPublisher.connect({
      url: `rtmp://127.0.0.1:${p}/live/${TOKEN}`,
      streamName: 'resize',
    });
    let last = 0;
    for (const [file, offset] of [
      [small, 0],
      [large, 3000],
    ] as const) {
      for (const tag of readFlvTags(file)) {
        last = tag.timestamp + offset;
        if (tag.type === FlvTagType.video) {
          publisher.sendVideo(last, tag.body);
        } else if (tag.type === FlvTagType.audio) {
          publisher.sendAudio(last, tag.body);
        }
      }
    }
    await publisher.close();
    await h.until(() => disconnectedOf('resize').length === 1, 5000, 'resize end');
    const stream = h.record.streams.find((x) => x.streamName === 'resize');
    expect(stream?.videoRevisions).toEqual([
      [0, '320x240'],
      [1, '640x360'],
    ]);
    expect(stream?.discontinuities).toBeGreaterThanOrEqual(1);
    expect(last).toBeGreaterThan(5000);
  }, 30_000);

  it('disconnects the encoders of a live event with the API result code', async () => {
    const p = h.endpoint('rtmp-primary').port;
    const run = await replayFlv({
      url: `rtmp://127.0.0.1:${p}/live/${TOKEN}`,
      streamName: 'stopme',
      file: fixture,
      realtime: false,
      end: 'keep',
    });
    expect(
      h.server.disconnectLiveEvent('ev1', ResultCode.channelStop, 'live event stopped'),
    ).toBeGreaterThanOrEqual(1);
    await run.publisher.whenClosed();
    await h.until(() => disconnectedOf('stopme').length === 1, 5000, 'stopme end');
    expect(disconnectedOf('stopme')[0]?.resultCode).toBe(ResultCode.channelStop);
  }, 20_000);
});

describe('IngestServer limits', () => {
  it('closes idle encoders with MPE_RTMP_SESSION_IDLE_TIMEOUT and refuses connections over the limit', async () => {
    const fixture = await avcFixture({ seconds: 3, gopSeconds: 1 });
    const h = await startIngestHarness([{ name: 'ev', token: TOKEN, allow: ['0.0.0.0/0'], running: true }], {
      maxConnections: 1,
      idleTimeoutMs: 500,
    });
    try {
      const p = h.endpoint('rtmp-primary').port;
      const run = await replayFlv({
        url: `rtmp://127.0.0.1:${p}/live/${TOKEN}`,
        streamName: 'idle',
        file: fixture,
        realtime: false,
        end: 'keep',
      });
      // A second connection is over the limit of 1: it is closed at once.
      const extra = net.connect(p, '127.0.0.1');
      extra.on('error', () => undefined);
      await new Promise((r) => extra.once('close', r));
      await run.publisher.whenClosed();
      await h.until(() => h.record.disconnected.length === 1, 5000, 'idle timeout');
      expect(h.record.disconnected[0]?.resultCode).toBe(ResultCode.idleTimeout);
    } finally {
      await h.close();
    }
  }, 30_000);
});
