import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { HealthMonitor } from './health-monitor.js';
import { FakeClock } from './test-support/fake-clock.js';
import { monitorFixture } from './test-support/monitor-fixture.js';
import { RecordingObserver } from './test-support/recording-observer.js';

const T0 = new FakeClock().now();

describe('HealthMonitor heartbeats', () => {
  it('sends one heartbeat per track every interval, aligned to the first encoder connection', () => {
    const f = monitorFixture();
    f.clock.advance(100);
    const video = f.start(
      { trackId: 'video', trackName: 'video_2500000', declaredBitrate: 2_500_000 },
      12_500,
    );
    const audio = f.start({ trackId: 'audio', trackType: 'audio', declaredBitrate: 128_000 }, 640);
    f.play(1000, [video, audio]);
    expect(f.observer.heartbeats.map((h) => [h.at - T0, h.trackId])).toEqual(
      [300, 500, 700, 900, 1100].flatMap((at) => [
        [at, 'video'],
        [at, 'audio'],
      ]),
    );
    // Window (300, 500]: units at 300, 340, 380, 420, 460 ms.
    expect(f.observer.heartbeats[2]).toEqual({
      liveEventName: 'le1',
      streamName: 'stream1',
      trackId: 'video',
      at: T0 + 500,
      trackType: 'video',
      trackName: 'video_2500000',
      bitrate: 2_500_000,
      incomingBitrate: 2_500_000,
      lastTimestamp: 10_360,
      timescale: 1000,
      overlapCount: 0,
      discontinuityCount: 0,
      nonincreasingCount: 0,
      unexpectedBitrate: false,
      state: 'Running',
      healthy: true,
      lastFragmentArrivalTime: '2024-01-01T00:00:00.460Z',
      ingestDriftValue: '0',
      transcriptionState: '',
      transcriptionLanguage: '',
    });
    expect(f.observer.heartbeats[3]).toMatchObject({
      trackType: 'audio',
      bitrate: 128_000,
      incomingBitrate: 128_000,
    });
  });

  it('a track of a later connection joins the cadence of its live event', () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video', declaredBitrate: 2_500_000 }, 12_500);
    f.play(120, [video]);
    const second = f.start(
      { trackId: 's2-video', streamName: 'stream2', declaredBitrate: 2_500_000 },
      12_500,
    );
    f.play(480, [video, second]);
    expect(f.observer.heartbeats.map((h) => [h.at - T0, h.trackId])).toEqual([
      [200, 'video'],
      [200, 's2-video'],
      [400, 'video'],
      [400, 's2-video'],
      [600, 'video'],
      [600, 's2-video'],
    ]);
    // Its first window ran 80 ms (120 → 200) with 2 units: the rate is over that window's own length.
    expect(f.observer.heartbeats[1]?.incomingBitrate).toBe(2_500_000);
  });

  it('keeps sending after the encoder disconnects: incoming 0, unexpected, unhealthy, last timestamp kept', () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video', declaredBitrate: 2_500_000 }, 12_500);
    const audio = f.start({ trackId: 'audio', trackType: 'audio', declaredBitrate: 128_000 }, 640);
    f.play(1000, [video, audio]);
    f.event('le1').sessionEnded('stream1');
    const before = f.observer.heartbeats.length;
    f.clock.advance(1000);
    const after = f.observer.heartbeats.slice(before);
    expect(after.length).toBe(10);
    for (const h of after) {
      expect(h).toMatchObject({
        incomingBitrate: 0,
        unexpectedBitrate: true,
        healthy: false,
        lastTimestamp: 10_960,
        lastFragmentArrivalTime: '2024-01-01T00:00:00.960Z',
        ingestDriftValue: '0',
        state: 'Running',
      });
    }
    f.clock.advance(60_000);
    expect(f.observer.heartbeats.at(-1)).toMatchObject({
      trackId: 'audio',
      ingestDriftValue: 'n/a',
      lastTimestamp: 10_960,
    });
  });

  it("stops when the live event's health closes: no more heartbeats, handles go inert", () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video', declaredBitrate: 2_500_000 }, 12_500);
    f.play(400, [video]);
    expect(f.observer.heartbeats.length).toBe(2);
    f.event('le1').close();
    expect(f.clock.activeTimers).toBe(0);
    f.play(1000, [video]);
    expect(f.observer.heartbeats.length).toBe(2);
    // Started again later: a new cadence from the new first connection, the old track forgotten.
    f.clock.advance(50);
    const again = f.start({ trackId: 'audio', trackType: 'audio', declaredBitrate: 128_000 }, 640);
    f.play(200, [again]);
    expect(f.observer.heartbeats.slice(2).map((h) => [h.at - T0, h.trackId])).toEqual([[1650, 'audio']]);
  });

  it('runs live events independently', () => {
    const f = monitorFixture();
    const a = f.start({ trackId: 'video', liveEventName: 'a' }, 12_500);
    f.play(40, [a]);
    const b = f.start({ trackId: 'video', liveEventName: 'b' }, 12_500);
    f.play(560, [a, b]);
    const times = (name: string): number[] =>
      f.observer.heartbeats.filter((h) => h.liveEventName === name).map((h) => h.at - T0);
    expect(times('a')).toEqual([200, 400, 600]);
    expect(times('b')).toEqual([240, 440]);
    f.event('a').close();
    f.play(400, [a, b]);
    expect(times('a')).toEqual([200, 400, 600]);
    expect(times('b')).toEqual([240, 440, 640, 840]);
  });

  it('counts drops and discontinuities per window: unhealthy in that window only', () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video', declaredBitrate: 2_500_000 }, 12_500);
    f.play(200, [video]);
    video.handle.unitDropped('overlap');
    video.handle.unitDropped('non-increasing');
    video.handle.unitDropped('non-increasing');
    video.handle.discontinuity({
      previousTimestamp: video.media - 40,
      newTimestamp: video.media + 5000,
      gap: 5040,
    });
    video.media += 5000;
    f.play(400, [video]);
    expect(
      f.observer.heartbeats.map((h) => [
        h.overlapCount,
        h.nonincreasingCount,
        h.discontinuityCount,
        h.healthy,
      ]),
    ).toEqual([
      [0, 0, 0, true],
      [1, 2, 1, false],
      [0, 0, 0, true],
    ]);
  });

  it('measures the bitrate when none is declared: the partial first window is not judged', () => {
    const f = monitorFixture();
    f.clock.advance(100);
    const video = f.start({ trackId: 'video' }, 12_500);
    // The encoder's start-up burst lands in the partial first window, which reports its own rate.
    video.handle.unitAccepted(video.media - 1, 100_000, f.clock.now());
    f.play(400, [video]);
    const half = { ...video, bytesPerUnit: 6250 };
    f.play(200, [half]);
    video.media = half.media;
    video.handle.unitAccepted(video.media - 1, 100_000, f.clock.now());
    f.play(200, [video]);
    expect(f.observer.heartbeats.map((h) => [h.bitrate, h.incomingBitrate, h.unexpectedBitrate])).toEqual([
      [6_500_000, 6_500_000, false],
      [2_500_000, 2_500_000, false],
      [2_500_000, 1_250_000, true],
      [2_500_000, 6_500_000, true],
    ]);
  });

  it('a reconnect of a track returns the same handle and keeps its bitrate and last timestamp', () => {
    const f = monitorFixture();
    const video = f.start({ trackId: 'video' }, 12_500);
    f.play(600, [video]);
    f.event('le1').sessionEnded('stream1');
    f.clock.advance(400);
    const again = f.start({ trackId: 'video', trackName: 'video_renamed' }, 12_500);
    expect(again.handle).toBe(video.handle);
    again.media = 0;
    f.play(400, [again]);
    const last = f.observer.heartbeats.at(-1);
    expect(last).toMatchObject({ trackName: 'video_renamed', bitrate: 2_500_000, unexpectedBitrate: false });
    expect(last?.lastTimestamp).toBe(360);
    // The encoder's clock restarted at 0 after a 400 ms break: neither counts as drift.
    expect(last?.ingestDriftValue).toBe('0');
  });

  it('close is idempotent, stops every timer, and later tracks get an inert handle', () => {
    const f = monitorFixture();
    f.start({ trackId: 'video', liveEventName: 'a' }, 12_500);
    f.start({ trackId: 'video', liveEventName: 'b' }, 12_500);
    expect(f.clock.activeTimers).toBe(2);
    f.monitor.close();
    f.monitor.close();
    expect(f.clock.activeTimers).toBe(0);
    const late = f.start({ trackId: 'video', liveEventName: 'c' }, 12_500);
    f.play(1000, [late]);
    expect(f.clock.activeTimers).toBe(0);
    expect(f.observer.heartbeats).toEqual([]);
  });

  it.each([
    { option: 'heartbeatIntervalMs', value: 0 },
    { option: 'outOfSyncThresholdMs', value: -1 },
    { option: 'driftWindowMs', value: Number.NaN },
    { option: 'alignmentToleranceMs', value: -1 },
  ])('rejects $option = $value', ({ option, value }) => {
    expect(
      () =>
        new HealthMonitor({
          logger: pino({ level: 'silent' }),
          observer: new RecordingObserver(),
          [option]: value,
        }),
    ).toThrow(new RegExp(`${option} must be`));
  });
});
