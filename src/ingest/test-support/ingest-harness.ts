import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { IpAllowList } from '../../lib/net/ip-range.js';
import { ensureTlsMaterial } from '../../lib/tls/private-ca.js';
import type { AccessUnit } from '../../media/access-unit.js';
import type { Fragment } from '../../media/fragment.js';
import type { Track } from '../../media/track.js';
import type { AdmissionTarget, LiveEventDirectory } from '../admission.js';
import { normalizeAccessToken } from '../ingest-url.js';
import { IngestServer } from '../ingest-server.js';
import type {
  IngestEndpoint,
  IngestObserver,
  RejectionInfo,
  SessionCounters,
  SessionInfo,
  StreamSink,
} from '../ingest-types.js';

/** `TestLiveEvent` declares a live event for the test directory. */
export interface TestLiveEvent {
  readonly name: string;
  readonly token: string;
  readonly allow: readonly string[];
  readonly running: boolean;
}

/** `RecordedStream` is what a test sink saw of one ingest stream. */
export interface RecordedStream {
  readonly liveEventName: string;
  readonly streamName: string;
  readonly tracks: Track[];
  readonly ready: { track: Track; fragment: Fragment; bitrate: number }[];
  readonly units: AccessUnit[];
  readonly fragments: Fragment[];
  drops: number;
  discontinuities: number;
  idle: number;
  closed: boolean;
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
  readonly streams: RecordedStream[];
}

/** `IngestHarness` is an `IngestServer` on four ephemeral ports with a recording observer. */
export interface IngestHarness {
  readonly server: IngestServer;
  readonly record: IngestRecord;
  readonly ca: string;
  endpoint(id: string): IngestEndpoint;
  /** Waits until `predicate` holds (polling), or fails after `timeoutMs`. */
  until(predicate: () => boolean, timeoutMs?: number, what?: string): Promise<void>;
  close(): Promise<void>;
}

function recordingSink(record: IngestRecord, liveEventName: string, streamName: string): StreamSink {
  const s: RecordedStream = {
    liveEventName,
    streamName,
    tracks: [],
    ready: [],
    units: [],
    fragments: [],
    drops: 0,
    discontinuities: 0,
    idle: 0,
    closed: false,
  };
  record.streams.push(s);
  return {
    trackAdded: (t) => s.tracks.push(t),
    trackReady: (track, first) => s.ready.push({ track, ...first }),
    trackRevised: (t) => s.tracks.push(t),
    received: () => undefined,
    unit: (_id, au) => s.units.push(au),
    fragment: (_id, f) => s.fragments.push(f),
    dropped: () => void s.drops++,
    discontinuity: () => void s.discontinuities++,
    idle: () => void s.idle++,
    close: () => void (s.closed = true),
  };
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
  const targets: AdmissionTarget[] = events.map((e) => ({
    name: e.name,
    normalizedToken: normalizeAccessToken(e.token),
    allowList: IpAllowList.from(e.allow),
    running: e.running,
    resourceState: e.running ? 'Running' : 'Stopped',
    keyFrameIntervalMs: 2000,
  }));
  const directory: LiveEventDirectory = { admissionTargets: () => targets };
  const record: IngestRecord = { rejected: [], connected: [], disconnected: [], streams: [] };
  const observer: IngestObserver = {
    connectionRejected: (r) => record.rejected.push(r),
    encoderConnected: (s) => record.connected.push(s),
    encoderDisconnected: (session, resultCode, reason, counters) =>
      record.disconnected.push({ session, resultCode, reason, counters }),
    openStream: (liveEventName, streamName) => recordingSink(record, liveEventName, streamName),
  };
  const server = new IngestServer({
    logger,
    directory,
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
    keyFrameIntervalMs: () => 2000,
    onDropReport: () => undefined,
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
    close: () => server.close(),
  };
}
