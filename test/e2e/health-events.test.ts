import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { MediaEvent } from '../../src/events/media-event.js';
import { eventGridProblems } from '../support/event-grid-check.js';
import { avcFixture } from '../support/fixtures.js';
import { startInlet, type InletHarness } from '../support/inlet-harness.js';
import { ffmpegPath } from '../support/media-tools.js';
import { runProcess } from '../support/run-process.js';

type Data = Record<string, unknown>;

/**
 * Real ffmpeg pushes with faults, and the health events they must cause. Heartbeats come every second
 * here (`INLET_HEARTBEAT_INTERVAL=1s` in the harness), so "within one heartbeat" is within ~1 s.
 */
describe.sequential('ingest health, end to end', () => {
  let h: InletHarness;
  let fixture: string;

  beforeAll(async () => {
    fixture = await avcFixture({ seconds: 6, gopSeconds: 1, videoKbps: 400 });
    h = await startInlet({
      configFile: {
        liveEvents: [
          { name: 'restart', autoStart: true },
          { name: 'offset', autoStart: true },
          { name: 'declared', autoStart: true },
        ],
      },
    });
  }, 60_000);

  afterAll(async () => {
    await h?.close();
  });

  const events = (type: string, liveEvent: string): MediaEvent[] =>
    h
      .loggedEvents()
      .filter((e) => e.eventType === `Microsoft.Media.${type}` && e.subject === `liveEvent/${liveEvent}`);

  const push = (args: string[], target: string) =>
    runProcess(
      ffmpegPath(),
      ['-hide_banner', '-loglevel', 'error', '-re', ...args, '-c', 'copy', '-f', 'flv', target],
      60_000,
    );

  it('reports a discontinuity per track when the encoder restarts mid-stream (timestamps start again)', async () => {
    const target = `${h.ingestUrl('restart')}/cam`;
    const first = await push(['-i', fixture], target);
    expect(first.code).toBe(0);
    const endedAt = Date.now();
    const second = await push(['-i', fixture], target);
    expect(second.code).toBe(0);
    await h.until(
      () => events('LiveEventTrackDiscontinuityDetected', 'restart').length >= 2,
      5000,
      'discontinuities',
    );
    const found = events('LiveEventTrackDiscontinuityDetected', 'restart');
    expect(found.map((e) => (e.data as Data)['trackType']).sort()).toEqual(['audio', 'video']);
    for (const e of found) {
      const d = e.data as Data;
      const previous = Number(d['previousTimestamp']);
      const next = Number(d['newTimestamp']);
      // The first session ended near 6 s of media; the restarted encoder begins again near 0.
      expect(previous).toBeGreaterThan(5000);
      expect(next).toBeLessThan(1000);
      expect(Number(d['discontinuityGap'])).toBe(next - previous);
      expect(d['timescale']).toBe('1000');
      // Reported as the restarted encoder's media arrives, not a heartbeat later.
      expect(Date.parse(e.eventTime)).toBeLessThan(endedAt + 60_000);
    }
    // The heartbeat of the next window counts the discontinuity.
    await h.until(
      () =>
        events('LiveEventIngestHeartbeat', 'restart').some(
          (e) => Number((e.data as Data)['discontinuityCount']) > 0,
        ),
      3000,
      'heartbeat with discontinuityCount',
    );
    // And after the encoder has gone, heartbeats go on with nothing incoming: unhealthy.
    const gone = Date.now();
    await h.until(
      () =>
        events('LiveEventIngestHeartbeat', 'restart').some(
          (e) => Date.parse(e.eventTime) > gone + 1200 && (e.data as Data)['incomingBitrate'] === 0,
        ),
      4000,
      'heartbeat with incomingBitrate 0 after disconnect',
    );
    const last = events('LiveEventIngestHeartbeat', 'restart').at(-1)?.data as Data;
    expect(last).toMatchObject({
      incomingBitrate: 0,
      unexpectedBitrate: true,
      healthy: false,
      state: 'Running',
    });
  }, 60_000);

  it('reports audio and video out of sync when the encoder stamps audio 3 s ahead of video', async () => {
    // An encoder whose audio clock runs 3 s ahead sends, at each moment, audio stamped 3 s later than
    // the video it sends with it. With this ffmpeg, \`-itsoffset 3\` on the audio input does not do that:
    // \`-re\` paces every input by its offset timestamps and the FLV muxer interleaves by timestamp, so the
    // audio is simply sent 3 s late (the stream stays in sync). Shifting the audio timestamps after the
    // pacing (asetpts) and writing packets as they come (max_interleave_delta 1 µs; 0 would mean
    // "buffer without limit") makes the real offset.
    const target = `${h.ingestUrl('offset')}/cam`;
    const r = await runProcess(
      ffmpegPath(),
      [
        '-hide_banner',
        '-loglevel',
        'error',
        '-re',
        '-i',
        fixture,
        '-map',
        '0:v',
        '-map',
        '0:a',
        '-c:v',
        'copy',
        '-af',
        'asetpts=PTS+3/TB',
        '-c:a',
        'aac',
        '-max_interleave_delta',
        '1',
        '-f',
        'flv',
        target,
      ],
      60_000,
    );
    expect(r.code).toBe(0);
    await h.until(
      () => events('LiveEventIncomingStreamsOutOfSync', 'offset').length > 0,
      5000,
      'out-of-sync event',
    );
    const d = events('LiveEventIncomingStreamsOutOfSync', 'offset')[0]?.data as Data;
    expect(d['typeOfStreamWithMinLastTimestamp']).toBe('video');
    expect(d['typeOfStreamWithMaxLastTimestamp']).toBe('audio');
    const lead = Number(d['maxLastTimestamp']) - Number(d['minLastTimestamp']);
    expect(lead).toBeGreaterThan(2000);
    expect(lead).toBeLessThan(4000);
    expect(d['timescaleOfMinLastTimestamp']).toBe('1000');
    expect(d['timescaleOfMaxLastTimestamp']).toBe('1000');
    // One report per episode, not one per heartbeat.
    expect(events('LiveEventIncomingStreamsOutOfSync', 'offset')).toHaveLength(1);
  }, 60_000);

  it('flags a bitrate far from the declared one, and not a stream that matches it', async () => {
    // Declares 20 Mbit/s of video in the URL (AMS `videodatarate`, kbps) while sending ~0.4 Mbit/s.
    const wrong = push(['-i', fixture], `${h.ingestUrl('declared')}/wrong?videodatarate=20000`);
    const right = push(['-i', fixture], `${h.ingestUrl('declared')}/right`);
    const [a, b] = await Promise.all([wrong, right]);
    expect([a.code, b.code]).toEqual([0, 0]);
    const beats = events('LiveEventIngestHeartbeat', 'declared');
    const video = (name: RegExp) =>
      beats.filter(
        (e) => (e.data as Data)['trackType'] === 'video' && name.test(String((e.data as Data)['trackName'])),
      );
    const declaredBeats = video(/^video_20000000/);
    expect(declaredBeats.length).toBeGreaterThan(2);
    // Every heartbeat while it pushed: 20 Mbit/s expected, far more than arrived.
    for (const e of declaredBeats.filter((x) => Number((x.data as Data)['incomingBitrate']) > 0)) {
      expect(e.data).toMatchObject({ bitrate: 20_000_000, unexpectedBitrate: true, healthy: false });
    }
    const measured = video(/^video_(?!20000000)/).filter(
      (x) => Number((x.data as Data)['incomingBitrate']) > 0,
    );
    expect(measured.length).toBeGreaterThan(2);
    // Without a declaration the bitrate is measured; a steady stream is then within range.
    expect(measured.slice(1, -1).some((e) => (e.data as Data)['unexpectedBitrate'] === false)).toBe(true);
  }, 60_000);

  it('logs only events Event Grid consumers accept', async () => {
    expect(await eventGridProblems(h.loggedEvents())).toEqual([]);
  });
});
