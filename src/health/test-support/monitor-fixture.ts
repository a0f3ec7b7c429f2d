import { pino } from 'pino';
import { HealthMonitor } from '../health-monitor.js';
import type { LiveEventHealth } from '../live-event-health.js';
import type { HealthMonitorOptions, HealthTrackInfo, TrackHealthHandle } from '../health-types.js';
import { FakeClock } from './fake-clock.js';
import { RecordingObserver } from './recording-observer.js';

/** Heartbeat interval of the monitor tests. */
export const INTERVAL_MS = 200;
/** One unit per track every 40 ms (25 fps). */
export const FRAME_MS = 40;

/** `FedTrack` is a track the fixture feeds: its handle, bytes per unit and next media timestamp. */
export interface FedTrack {
  readonly handle: TrackHealthHandle;
  readonly bytesPerUnit: number;
  /** Next media timestamp, ms; advanced by `FRAME_MS` per unit (or as the test sets it). */
  media: number;
}

/** `MonitorFixture` is a monitor on a fake clock with a recording observer. */
export interface MonitorFixture {
  readonly clock: FakeClock;
  readonly observer: RecordingObserver;
  readonly monitor: HealthMonitor;
  /** The health of live event `name`, started on first use (what a running live event owns). */
  event(name: string): LiveEventHealth;
  /** Starts a track now; `bytesPerUnit` at 25 fps: 12 500 bytes = 2.5 Mbit/s, 640 bytes = 128 kbit/s. */
  start(info: Partial<HealthTrackInfo> & Pick<HealthTrackInfo, 'trackId'>, bytesPerUnit: number): FedTrack;
  /** Feeds one unit per track every `FRAME_MS` for `ms` (units at the current time, then time advances). */
  play(ms: number, tracks: readonly FedTrack[]): void;
}

/** `monitorFixture` builds a `MonitorFixture`; `options` override the monitor's. */
export function monitorFixture(
  options: Partial<Omit<HealthMonitorOptions, 'clock' | 'observer'>> = {},
): MonitorFixture {
  const clock = new FakeClock();
  const observer = new RecordingObserver();
  const monitor = new HealthMonitor({
    logger: pino({ level: 'silent' }),
    heartbeatIntervalMs: INTERVAL_MS,
    ...options,
    clock,
    observer,
  });
  const events = new Map<string, LiveEventHealth>();
  const event = (name: string): LiveEventHealth => {
    let health = events.get(name);
    if (health === undefined || health.closed) {
      health = monitor.liveEventStarted(name);
      events.set(name, health);
    }
    return health;
  };
  return {
    clock,
    observer,
    monitor,
    event,
    start(info, bytesPerUnit) {
      const full: HealthTrackInfo = {
        liveEventName: 'le1',
        streamName: 'stream1',
        trackType: 'video',
        trackName: info.trackId,
        declaredBitrate: undefined,
        timescale: 1000,
        ...info,
      };
      const handle = event(full.liveEventName).trackStarted(full);
      return { handle, bytesPerUnit, media: 10_000 };
    },
    play(ms, tracks) {
      for (let t = 0; t < ms; t += FRAME_MS) {
        for (const track of tracks) {
          track.handle.unitAccepted(track.media, track.bytesPerUnit, clock.now());
          track.media += FRAME_MS;
        }
        clock.advance(FRAME_MS);
      }
    },
  };
}
