import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { EventBus } from '../../events/event-bus.js';
import { EventLog } from '../../events/event-log.js';
import type { LiveEventTrackDiscontinuityDetectedEventData } from '../../events/live-event-event-types.js';
import { readInitSegment } from '../../formats/fmp4/reader/read-init-segment.js';
import { HealthMonitor } from '../../health/health-monitor.js';
import { RecordingObserver } from '../../health/test-support/recording-observer.js';
import { IpAllowList } from '../../lib/net/ip-range.js';
import { ensureTlsMaterial } from '../../lib/tls/private-ca.js';
import { LiveEventRegistry, type AdmissionTarget } from '../../live/live-event-registry.js';
import type { IngestEndpoint, SessionInfo } from '../../live/publisher.js';
import { RunningLiveEvent } from '../../live/running-live-event.js';
import type { Track } from '../../media/track.js';
import { normalizeAccessToken } from '../ingest-url.js';
import { IngestServer } from '../ingest-server.js';
import type { IngestObserver, RejectionInfo, SessionCounters } from '../ingest-types.js';

/** `TestLiveEvent` declares a live event for the test registry. */
export interface TestLiveEvent {
  readonly name: string;
  readonly token: string;
  readonly allow: readonly string[];
  readonly running: boolean;
}

/**
 * `RecordedStream` is what came out of one live stream, read from the real parts behind it: its
 * tracks, the segments its packager made, the discontinuity events it published.
 */
export interface RecordedStream {
  readonly liveEventName: string;
  readonly streamName: string;
  /** The stream's current tracks. */
  readonly tracks: Track[];
  /** Segments the packager made, all tracks. */
  readonly segments: number;
  /** `LiveEventTrackDiscontinuityDetected` events of the stream's tracks. */
  readonly discontinuities: number;
  /** Each track revision's `[revision, "<width>x<height>"]` from the init segments (video tracks). */
  readonly videoRevisions: [number, string][];
}

/** `IngestRecord` is everything the test observer saw. */
export interface IngestRecord {
  readonly rejected: RejectionInfo[];
  readonly connected: SessionInfo[];
  readonly disconnected: {
    session: SessionInfo;
    resultCode: string;
    reason: string;
    counters: SessionCounters;
  }[];
  /** Every stream of every running live event, as it is now. */
  readonly streams: RecordedStream[];
}

/**
 * `IngestHarness` is an `IngestServer` on four ephemeral ports publishing into real running live
 * events (packager, health, event bus on a scratch event log), with a recording connection observer.
 */
export interface IngestHarness {
  readonly server: IngestServer;
  readonly record: IngestRecord;
  readonly ca: string;
  endpoint(id: string): IngestEndpoint;
  /** Waits until `predicate` holds (polling), or fails after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

function recordedStreams(
  registry: LiveEventRegistry,
  discontinuities: readonly LiveEventTrackDiscontinuityDetectedEventData[],
): RecordedStream[] {
  const out: RecordedStream[] = [];
  for (const event of registry.values()) {
    for (const stream of event.streams()) {
      const tracks = stream.tracks;
      const names = new Set(tracks.map((t) => t.name));
      const videoRevisions: [number, string][] = [];
      for (const t of tracks.filter((x) => x.kind === 'video')) {
        for (let v = 0; v <= t.revision; v++) {
          const init = event.packager.init(t.id, v);
          const tkhd = init === undefined ? undefined : readInitSegment(init).tracks[0]?.tkhd;
          videoRevisions.push([v, tkhd === undefined ? 'missing' : `${tkhd.width}x${tkhd.height}`]);
        }
      }
      out.push({
        liveEventName: event.name,
        streamName: stream.name,
        tracks,
        segments: tracks.reduce((n, t) => n + (event.packager.rendition(t.id)?.segments.length ?? 0), 0),
        discontinuities: discontinuities.filter((d) => names.has(d.trackName)).length,
        videoRevisions,
      });
    }
  }
  return out;
}

/** `startIngestHarness` starts an ingest server for tests (RTMP and RTMPS, primary and secondary). */
export async function startIngestHarness(
  events: readonly TestLiveEvent[],
  options: { maxConnections?: number; idleTimeoutMs?: number } = {},
): Promise<IngestHarness> {
  const logger = pino({ level: process.env['INLET_TEST_LOG'] ?? 'silent' });
  const tls = await ensureTlsMaterial({
    dir: join(mkdtempSync(join(tmpdir(), 'inlet-ingest-')), 'tls'),
    hostnames: ['localhost'],
    ipAddresses: ['127.0.0.1'],
    logger,
  });
  const dataDir = mkdtempSync(join(tmpdir(), 'inlet-ingest-events-'));
  const log = new EventLog({ dataDir, logger });
  const bus = new EventBus({ topic: '/subscriptions/test', log, logger });
  const discontinuities: LiveEventTrackDiscontinuityDetectedEventData[] = [];
  bus.subscribe((entry) => {
    if (entry.event.eventType === 'Microsoft.Media.LiveEventTrackDiscontinuityDetected') {
      discontinuities.push(entry.event.data as LiveEventTrackDiscontinuityDetectedEventData);
    }
  });
  const health = new HealthMonitor({ logger, observer: new RecordingObserver() });
  const registry = new LiveEventRegistry();
  const targets: AdmissionTarget[] = events.map((e) => ({
    name: e.name,
    normalizedToken: normalizeAccessToken(e.token),
    allowList: IpAllowList.from(e.allow),
    running: e.running,
    resourceState: e.running ? 'Running' : 'Stopped',
  }));
  registry.setAdmissionTargets(targets);
  for (const e of events.filter((x) => x.running)) {
    registry.add(
      new RunningLiveEvent({
        name: e.name,
        logger,
        bus,
        health,
        lowLatency: false,
        keyFrameIntervalMs: 2000,
        partDurationMs: 500,
        windowMs: 120_000,
        previewDir: undefined,
        preview: true,
      }),
    );
  }
  const record: IngestRecord = {
    rejected: [],
    connected: [],
    disconnected: [],
    get streams() {
      return recordedStreams(registry, discontinuities);
    },
  };
  const observer: IngestObserver = {
    connectionRejected: (r) => record.rejected.push(r),
    encoderConnected: (s) => record.connected.push(s),
    encoderDisconnected: (session, resultCode, reason, counters) =>
      record.disconnected.push({ session, resultCode, reason, counters }),
  };
  const server = new IngestServer({
    logger,
    liveEvents: registry,
    observer,
    listeners: [
      { protocol: 'rtmp', role: 'primary', port: 0, host: '127.0.0.1' },
      { protocol: 'rtmp', role: 'secondary', port: 0, host: '127.0.0.1' },
      { protocol: 'rtmps', role: 'primary', port: 0, host: '127.0.0.1' },
      { protocol: 'rtmps', role: 'secondary', port: 0, host: '127.0.0.1' },
    ],
    tls: { cert: tls.cert, key: tls.key },
    maxConnections: options.maxConnections ?? 100,
    limits: { idleTimeoutMs: options.idleTimeoutMs ?? 30_000 },
    publicHost: 'localhost',
  });
  await server.listen();
  return {
    server,
    record,
    ca: tls.ca,
    endpoint(id) {
      const e = server.endpoints.find((x) => x.id === id);
      if (e === undefined) {
        throw new Error(`no endpoint ${id}`);
      }
      return e;
    },
    async until(predicate, timeoutMs = 15_000, what = 'condition') {
      const end = Date.now() + timeoutMs;
      while (!predicate()) {
        if (Date.now() > end) {
          throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
        }
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async close() {
      await server.close();
      for (const event of [...registry.values()]) {
        registry.remove(event);
        await event.close();
      }
      health.close();
      bus.close();
      await log.close();
    },
  };
}
