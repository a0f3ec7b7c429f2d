import type { MediaEvent } from '../../events/media-event.js';
import type { IngestEndpoint, SessionInfo } from '../../live/publisher.js';
import type { LiveEvent, LiveOutputRecord } from '../../live-events/live-event-record.js';
import type { LiveEventStopReason } from '../../live-events/live-event-runtime.js';
import type { PresentationWindow } from '../../packager/rendition-window.js';
import type { RemotePeer } from '../../ingest/ingest-server.js';
import type { WorkerSettings } from './worker-settings.js';

/**
 * The messages between the main process and a media worker, over the IPC channel of `child_process.fork`
 * with `serialization: 'advanced'` (structured clone: `Uint8Array`s travel as bytes). Every message is a
 * plain object with a `t` tag; a receiver checks the shape (`readFrontMessage`, `readWorkerMessage`) and
 * drops what it does not understand, logging it, so a version skew or a bug never crashes either side.
 */

/** `CatalogEntry` is one live event as a worker needs it (admission, previews, live outputs). */
export interface CatalogEntry {
  readonly event: LiveEvent;
  readonly outputs: readonly LiveOutputRecord[];
}

/** `RuntimeCall` is one `LiveEventRuntime` operation the main process asks the owning worker to carry out. */
export type RuntimeCall =
  | { readonly op: 'start'; readonly event: LiveEvent }
  | { readonly op: 'stop'; readonly event: LiveEvent; readonly reason: LiveEventStopReason }
  | { readonly op: 'deleted'; readonly event: LiveEvent }
  | {
      readonly op: 'startOutput';
      readonly event: LiveEvent;
      readonly output: LiveOutputRecord;
      /** The asset container the output records into. */
      readonly assetDir: string;
    }
  | { readonly op: 'stopOutput'; readonly event: LiveEvent; readonly output: LiveOutputRecord };

/**
 * `ArchiveRead` is what the main process reads of an archive a worker records (the live DVR window of a
 * live output, served through `/assets/` and streaming locators): its window, unless it is still the
 * one published at `since` (ms), an init segment, or a segment.
 */
export type ArchiveRead =
  | { readonly kind: 'window'; readonly since: number }
  | { readonly kind: 'init'; readonly rendition: string; readonly version: number }
  | { readonly kind: 'segment'; readonly rendition: string; readonly sequence: number };

/**
 * `ArchiveAnswer` answers an `ArchiveRead`: `recording: false` when no live output of the worker records
 * into the asset (the main process then serves the archive on disk); otherwise how it is recorded, its
 * window's publish time, the window when it changed since the one asked about, and the bytes read
 * (`undefined`: no such init segment or segment).
 */
export type ArchiveAnswer =
  | { readonly recording: false }
  | {
      readonly recording: true;
      readonly manifestName: string;
      readonly fragmentsPerTsSegment: number | null;
      readonly publishTime: number;
      readonly window?: PresentationWindow;
      readonly data?: readonly Uint8Array[] | undefined;
    };

/** `FrontMessage` is sent by the main process to a worker. */
export type FrontMessage =
  | { readonly t: 'init'; readonly settings: WorkerSettings }
  | { readonly t: 'catalog'; readonly entries: readonly CatalogEntry[] }
  | { readonly t: 'call'; readonly id: number; readonly call: RuntimeCall }
  /** Answered with a `reply` carrying `archive`. */
  | { readonly t: 'archive'; readonly id: number; readonly assetName: string; readonly read: ArchiveRead }
  /** An RTMP connection read up to `connect`; its socket is the message's handle. */
  | {
      readonly t: 'rtmp';
      readonly endpoint: IngestEndpoint;
      readonly remote: RemotePeer;
      readonly bytesReceived: number;
      readonly data: Uint8Array;
      /** Answers already sent by the main process (see `RtmpResume.answeredBytes`). */
      readonly answeredBytes: number;
    }
  /** Stop every live event (encoders told to come back later) and exit. */
  | { readonly t: 'shutdown' };

/** `WorkerTotals` are a worker's ingest counters (periodic stats, dashboard). */
export interface WorkerTotals {
  readonly connections: number;
  readonly sessions: number;
  readonly bytesReceived: number;
  readonly refusedConnections: number;
}

/** `WorkerMessage` is sent by a worker to the main process. */
export type WorkerMessage =
  /** Ready for calls and connections: where its media HTTP and its RTMPS relay listen. */
  | { readonly t: 'ready'; readonly httpPort: number; readonly relayPath: string }
  | { readonly t: 'event'; readonly event: MediaEvent }
  | {
      readonly t: 'reply';
      readonly id: number;
      readonly error: string | undefined;
      /** The answer to an `archive` message. */
      readonly archive?: ArchiveAnswer;
    }
  | {
      readonly t: 'status';
      readonly sessions: readonly SessionInfo[];
      readonly totals: WorkerTotals;
    };

type Reader<T> = (value: unknown) => T | undefined;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

const RUNTIME_OPS = new Set(['start', 'stop', 'deleted', 'startOutput', 'stopOutput']);

const isArchiveRead = (r: unknown): r is ArchiveRead => {
  if (!isObject(r)) {
    return false;
  }
  switch (r['kind']) {
    case 'window':
      return typeof r['since'] === 'number';
    case 'init':
      return typeof r['rendition'] === 'string' && isCount(r['version']);
    case 'segment':
      return typeof r['rendition'] === 'string' && isCount(r['sequence']);
    default:
      return false;
  }
};

const isArchiveAnswer = (a: unknown): a is ArchiveAnswer => {
  if (!isObject(a)) {
    return false;
  }
  if (a['recording'] === false) {
    return true;
  }
  return (
    a['recording'] === true &&
    typeof a['manifestName'] === 'string' &&
    (a['fragmentsPerTsSegment'] === null || isCount(a['fragmentsPerTsSegment'])) &&
    typeof a['publishTime'] === 'number' &&
    (a['window'] === undefined || (isObject(a['window']) && Array.isArray(a['window']['renditions']))) &&
    (a['data'] === undefined || (Array.isArray(a['data']) && a['data'].every((d) => d instanceof Uint8Array)))
  );
};

/** `readFrontMessage` checks what a worker received; `undefined` for anything malformed. */
export const readFrontMessage: Reader<FrontMessage> = (m) => {
  if (!isObject(m)) {
    return undefined;
  }
  switch (m['t']) {
    case 'init':
      return isObject(m['settings']) ? (m as unknown as FrontMessage) : undefined;
    case 'catalog':
      return Array.isArray(m['entries']) &&
        m['entries'].every((e) => isObject(e) && isObject(e['event']) && Array.isArray(e['outputs']))
        ? (m as unknown as FrontMessage)
        : undefined;
    case 'call': {
      const call = m['call'];
      return isCount(m['id']) &&
        isObject(call) &&
        RUNTIME_OPS.has(call['op'] as string) &&
        isObject(call['event'])
        ? (m as unknown as FrontMessage)
        : undefined;
    }
    case 'archive':
      return isCount(m['id']) && typeof m['assetName'] === 'string' && isArchiveRead(m['read'])
        ? (m as unknown as FrontMessage)
        : undefined;
    case 'rtmp':
      return isObject(m['endpoint']) &&
        isObject(m['remote']) &&
        typeof m['remote']['address'] === 'string' &&
        isCount(m['remote']['port']) &&
        isCount(m['bytesReceived']) &&
        isCount(m['answeredBytes']) &&
        m['data'] instanceof Uint8Array
        ? (m as unknown as FrontMessage)
        : undefined;
    case 'shutdown':
      return m as unknown as FrontMessage;
    default:
      return undefined;
  }
};

/** `readWorkerMessage` checks what the main process received from a worker; `undefined` when malformed. */
export const readWorkerMessage: Reader<WorkerMessage> = (m) => {
  if (!isObject(m)) {
    return undefined;
  }
  switch (m['t']) {
    case 'ready':
      return isCount(m['httpPort']) && typeof m['relayPath'] === 'string'
        ? (m as unknown as WorkerMessage)
        : undefined;
    case 'event': {
      const e = m['event'];
      return isObject(e) && typeof e['eventType'] === 'string' && typeof e['id'] === 'string'
        ? (m as unknown as WorkerMessage)
        : undefined;
    }
    case 'reply':
      return isCount(m['id']) &&
        (m['error'] === undefined || typeof m['error'] === 'string') &&
        (m['archive'] === undefined || isArchiveAnswer(m['archive']))
        ? (m as unknown as WorkerMessage)
        : undefined;
    case 'status':
      return Array.isArray(m['sessions']) && isObject(m['totals'])
        ? (m as unknown as WorkerMessage)
        : undefined;
    default:
      return undefined;
  }
};
