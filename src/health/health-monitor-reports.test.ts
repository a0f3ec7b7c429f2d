import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { HealthMonitor } from './health-monitor.js';
import type { IngestHeartbeatReport } from './health-types.js';
import { FakeClock } from './test-support/fake-clock.js';
import { monitorFixture } from './test-support/monitor-fixture.js';
import { RecordingObserver } from './test-support/recording-observer.js';

const T0 = new FakeClock().now();

describe('HealthMonitor out-of-sync and archive reports', () => {
  it('reports audio 3 s ahead of video once, with the min/max fields of the stream', () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video' }, 12_500);
    const audio = f.start({ trackId: 'audio', trackType: 'audio' }, 640);
    audio.media += 3000;
    f.play(2000, [video, audio]);
    expect(f.observer.outOfSync).toEqual([
      {
        liveEventName: 'le1',
        streamName: 'stream1',
        at: T0 + 200,
        minLastTimestamp: 10_200,
        typeOfStreamWithMinLastTimestamp: 'video',
        timescaleOfMinLastTimestamp: 1000,
        minTrackId: 'video',
        maxLastTimestamp: 13_160,
        typeOfStreamWithMaxLastTimestamp: 'audio',
        timescaleOfMaxLastTimestamp: 1000,
        maxTrackId: 'audio',
      },
    ]);
  });

  it('a disconnect ends the episode; the next session is judged afresh', () => {
    const f = monitorFixture({ outOfSyncWindowMs: 400 });
    const video = f.start({ trackId: 'video' }, 12_500);
    const audio = f.start({ trackId: 'audio', trackType: 'audio' }, 640);
    audio.media += 3000;
    f.play(1000, [video, audio]);
    f.event('le1').sessionEnded('stream1');
    const video2 = f.start({ trackId: 'video' }, 12_500);
    const audio2 = f.start({ trackId: 'audio', trackType: 'audio' }, 640);
    f.play(1000, [video2, audio2]);
    expect(f.observer.outOfSync.length).toBe(1);
    audio2.media += 3000;
    f.play(1000, [video2, audio2]);
    expect(f.observer.outOfSync.map((r) => r.at - T0)).toEqual([400, 2400]);
  });

  it('reports two video streams of one live event whose fragments are 500 ms apart', () => {
    const f = monitorFixture();
    const high = f.start({ trackId: 's1-video', streamName: 's1' }, 12_500);
    const low = f.start({ trackId: 's2-video', streamName: 's2' }, 5000);
    for (let i = 0; i < 5; i++) {
      high.handle.fragmentClosed({ t: 20_000 + i * 2000, d: 2000 });
      low.handle.fragmentClosed({ t: 20_500 + i * 2000, d: 2000 });
    }
    expect(f.observer.videoOutOfSync).toEqual([
      {
        liveEventName: 'le1',
        at: T0,
        firstTrackId: 's1-video',
        firstStreamName: 's1',
        firstTimestamp: 20_000,
        firstDuration: 2000,
        secondTrackId: 's2-video',
        secondStreamName: 's2',
        secondTimestamp: 20_500,
        secondDuration: 2000,
        timescale: 1000,
      },
    ]);
  });

  it('aligned video streams and audio fragments report nothing', () => {
    const f = monitorFixture();
    const high = f.start({ trackId: 's1-video', streamName: 's1' }, 12_500);
    const low = f.start({ trackId: 's2-video', streamName: 's2' }, 5000);
    const audio = f.start({ trackId: 's1-audio', streamName: 's1', trackType: 'audio' }, 640);
    for (let i = 0; i < 5; i++) {
      high.handle.fragmentClosed({ t: i * 2000, d: 2000 });
      low.handle.fragmentClosed({ t: i * 2000, d: 2000 });
      audio.handle.fragmentClosed({ t: i * 2000 + 300, d: 2000 });
    }
    expect(f.observer.videoOutOfSync).toEqual([]);
  });

  it('sends one archive heartbeat per interval with published segments: the window maximum', () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video' }, 12_500);
    f.event('le1').segmentPublished(850);
    f.event('le1').segmentPublished(1200);
    f.event('unknown').segmentPublished(99_999);
    f.play(200, [video]);
    f.play(200, [video]);
    f.event('le1').segmentPublished(400);
    video.handle.discontinuity({ previousTimestamp: video.media - 40, newTimestamp: video.media, gap: 40 });
    f.play(200, [video]);
    expect(f.observer.archive).toEqual([
      { liveEventName: 'le1', at: T0 + 200, channelLatencyMs: 1200, latencyResultCode: 'S_OK' },
      {
        liveEventName: 'le1',
        at: T0 + 600,
        channelLatencyMs: 400,
        latencyResultCode: 'MPE_INGEST_DISCONTINUITY',
      },
    ]);
  });

  it('a throwing observer is logged and never stops the other reports', () => {
    const clock = new FakeClock();
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const delivered: IngestHeartbeatReport[] = [];
    const observer = new RecordingObserver();
    observer.heartbeat = (report) => {
      if (report.trackId === 'video') {
        throw new Error('sink exploded');
      }
      delivered.push(report);
    };
    const monitor = new HealthMonitor({ logger, observer, clock, heartbeatIntervalMs: 200 });
    const base = { liveEventName: 'le1', streamName: 's', declaredBitrate: 1000, timescale: 1000 } as const;
    const event = monitor.liveEventStarted(base.liveEventName);
    event.trackStarted({ ...base, trackId: 'video', trackType: 'video', trackName: 'video' });
    event.trackStarted({ ...base, trackId: 'audio', trackType: 'audio', trackName: 'audio' });
    clock.advance(600);
    expect(delivered.map((r) => r.at - T0)).toEqual([200, 400, 600]);
    expect(lines.length).toBe(3);
    expect(JSON.parse(lines[0] ?? '{}')).toMatchObject({
      msg: 'health observer threw; report dropped',
      report: 'heartbeat',
      err: { message: 'sink exploded' },
    });
    monitor.close();
  });
});
