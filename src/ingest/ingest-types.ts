import type { IngestEndpoint, SessionInfo } from '../live/publisher.js';
import type { ResultCodeValue } from '../live/result-codes.js';

/** `RejectionInfo` describes a refused publish (`LiveEventConnectionRejected`). */
export interface RejectionInfo {
  /** The live event, when the access token identified one. */
  readonly liveEventName: string | undefined;
  readonly streamName: string | undefined;
  readonly endpoint: IngestEndpoint;
  readonly ingestUrl: string;
  readonly remoteAddress: string;
  readonly remotePort: number;
  readonly resultCode: ResultCodeValue;
  readonly reason: string;
}

/** `SessionCounters` are what one session received, for logs and end-to-end checks. */
export interface SessionCounters {
  readonly bytesReceived: number;
  readonly videoTags: number;
  readonly audioTags: number;
  readonly dataTags: number;
  readonly videoBytes: number;
  readonly audioBytes: number;
  /** Access units handed on after the timeline (not dropped). */
  readonly unitsAccepted: number;
  readonly unitsDropped: number;
}

/** `IngestObserver` receives the connection reports of the ingest server (the app publishes them as events). */
export interface IngestObserver {
  connectionRejected(r: RejectionInfo): void;
  encoderConnected(s: SessionInfo): void;
  encoderDisconnected(
    s: SessionInfo,
    resultCode: ResultCodeValue,
    reason: string,
    counters: SessionCounters,
  ): void;
}
