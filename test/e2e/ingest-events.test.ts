import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaEvent } from '../../src/events/media-event.js';
import { RtmpPublisher } from '../../src/protocols/rtmp/rtmp-publisher.js';
import { eventGridProblems } from '../support/event-grid-check.js';
import { avcFixture } from '../support/fixtures.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import { runProcess } from '../support/run-process.js';

const OPEN = '5e0e1a7b-3c1d-4a55-9d38-0a8f7e6b1c01';
const LOCKED = '5e0e1a7b-3c1d-4a55-9d38-0a8f7e6b1c02';
const IDLE = '5e0e1a7b-3c1d-4a55-9d38-0a8f7e6b1c03';

type Data = Record<string, unknown>;

describe.sequential('ingest events, end to end (ffmpeg → Inlet → durable event log)', () => {
  let h: InletHarness;
  let fixture: string;

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 4, gopSeconds: 1 });
    h = await startInlet({
      configFile: {
        liveEvents: [
          { name: 'open', accessToken: OPEN, autoStart: true },
          { name: 'locked', accessToken: LOCKED, allow: ['10.0.0.0/8'], autoStart: true },
          { name: 'idle', accessToken: IDLE, autoStart: false },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const ofType = (type: string, subject?: string): MediaEvent[] =>
    h
      .loggedEvents()
      .filter(
        (e) => e.eventType === `Microsoft.Media.${type}` && (subject === undefined || e.subject === subject),
      );

  it('logs connect, first chunk per track and disconnect for ffmpeg pushing over RTMP and RTMPS', async () => {
    const rtmp = `${h.ingestUrl('open', 'rtmp-primary')}/cam1`;
    // RTMPS on the secondary endpoint, with the token in the stream key.
    const rtmps = [
      '-rtmp_app',
      'live',
      '-rtmp_playpath',
      `${OPEN}/cam2`,
      `rtmps://127.0.0.1:${h.port('rtmps-secondary')}/live`,
    ];
    const push = (target: string[]) =>
      runProcess(
        ffmpegPath(),
        ['-hide_banner', '-loglevel', 'error', '-re', '-i', fixture, '-c', 'copy', '-f', 'flv', ...target],
        60_000,
      );
    const results = await Promise.all([push([rtmp]), push(rtmps)]);
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ''],
      [0, ''],
    ]);
    await h.until(
      () => ofType('LiveEventEncoderDisconnected', 'liveEvent/open').length === 2,
      10_000,
      'two disconnects',
    );
    const connected = ofType('LiveEventEncoderConnected', 'liveEvent/open');
    expect(connected.map((e) => (e.data as Data)['streamId']).sort()).toEqual(['cam1', 'cam2']);
    for (const e of connected) {
      const d = e.data as Data;
      expect(d['encoderIp']).toBe('127.0.0.1');
      expect(d['encoderPort']).toMatch(/^\d+$/);
      expect(String(d['ingestUrl'])).toMatch(/^rtmps?:\/\/localhost:\d+\/live\/<token>\/cam[12]$/);
    }
    const received = ofType('LiveEventIncomingStreamReceived', 'liveEvent/open');
    expect(received.map((e) => (e.data as Data)['trackType']).sort()).toEqual([
      'audio',
      'audio',
      'video',
      'video',
    ]);
    for (const e of received) {
      expect((e.data as Data)['trackName']).toMatch(/^(video|audio)_\d+(_\d+)?$/);
      expect((e.data as Data)['timescale']).toBe('1000');
    }
    // Track names are unique within the live event.
    const names = received.map((e) => (e.data as Data)['trackName']);
    expect(new Set(names).size).toBe(names.length);
    const disconnected = ofType('LiveEventEncoderDisconnected', 'liveEvent/open');
    for (const e of disconnected) {
      expect(['MPI_STREAM_HIT_EOF', 'MPE_CLIENT_TERMINATED_SESSION']).toContain(
        (e.data as Data)['resultCode'],
      );
    }
  }, 60_000);

  it('logs every refused publish with its result code on the live event it names', async () => {
    const port = h.port('rtmp-primary');
    const attempts: [string, string, string][] = [
      [
        `rtmp://127.0.0.1:${port}/live/00000000-0000-0000-0000-000000000000/s`,
        'MPE_RTMP_APPID_AUTH_FAILURE',
        'liveEvent/unknown',
      ],
      [`rtmp://127.0.0.1:${port}/broadcast/${OPEN}/s`, 'MPE_BAD_URL_SYNTAX', 'liveEvent/unknown'],
      [
        `rtmp://127.0.0.1:${port}/live/${LOCKED}/s`,
        'MPE_INGEST_ENCODER_CONNECTION_DENIED',
        'liveEvent/locked',
      ],
      [`rtmp://127.0.0.1:${port}/live/${IDLE}/s`, 'MPE_INGEST_LIVE_EVENT_NOT_RUNNING', 'liveEvent/idle'],
    ];
    for (const [url, code, subject] of attempts) {
      const before = ofType('LiveEventConnectionRejected').length;
      await expect(RtmpPublisher.connect({ url }), code).rejects.toMatchObject({
        code: 'NetStream.Publish.BadName',
      });
      await h.until(
        () => ofType('LiveEventConnectionRejected').length === before + 1,
        5000,
        `${code} logged`,
      );
      const e = ofType('LiveEventConnectionRejected').at(-1);
      expect(e?.subject).toBe(subject);
      expect((e?.data as Data)['resultCode']).toBe(code);
      expect((e?.data as Data)['encoderIp']).toBe('127.0.0.1');
      // The access token never appears in an event.
      expect(JSON.stringify(e)).not.toContain(OPEN);
      expect(JSON.stringify(e)).not.toContain(LOCKED);
    }
    expect(ofType('LiveEventEncoderConnected', 'liveEvent/locked')).toEqual([]);
  }, 30_000);

  it('writes only events that Event Grid consumers accept, with the §3.2 field types', async () => {
    const events = h.loggedEvents();
    expect(events.length).toBeGreaterThan(10);
    expect(await eventGridProblems(events)).toEqual([]);
  });
});
