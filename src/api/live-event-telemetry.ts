/**
 * Telemetry models of the 2022-11-01 live event POSTs `getStatus`, `getStreamEvents` and
 * `getTrackIngestHeartbeats` (streamingservice.json 2022-11-01, azure-compat §1.2), and the interface
 * the app implements over its event history.
 */

/** `LiveEventIngestInterruption` is one gap in ingest. */
export interface LiveEventIngestInterruption {
  readonly begin: string;
  readonly end: string;
  /** ISO 8601 duration. */
  readonly duration: string;
  readonly reason: string;
}

/** `LiveEventIngestion` describes the current or last ingest session. */
export interface LiveEventIngestion {
  readonly streamName: string;
  readonly begin?: string;
  readonly end?: string;
  readonly endReason?: string;
  readonly ingestInterruptions: readonly LiveEventIngestInterruption[];
}

/** `LiveEventTrackStatus` is the state of one ingested track. */
export interface LiveEventTrackStatus {
  readonly trackId: string;
  readonly expectedBitrate: number;
  readonly incomingBitrate: number;
  /** Drift of the track against wall clock, e.g. `"0"` or `"n/a"`. */
  readonly ingestDrift: string;
  readonly requestReceived?: number;
  readonly requestSucceeded?: number;
}

/** `LiveEventStatus` is one status entry of `getStatus`. */
export interface LiveEventStatus {
  readonly state: 'Stopped' | 'Running';
  readonly healthStatus: 'Excellent' | 'Good' | 'Poor';
  readonly healthDescriptions: readonly string[];
  readonly lastUpdatedTime: string;
  readonly ingestion?: LiveEventIngestion;
  readonly trackStatus: readonly LiveEventTrackStatus[];
}

/** `LiveEventStreamEvent` is one entry of `getStreamEvents` (`StreamEvent/BeginIngest`, `…/EndIngest`, …). */
export interface LiveEventStreamEvent {
  readonly eventType: string;
  readonly eventTime: string;
  readonly eventLevel: 'Critical' | 'Error' | 'Warning' | 'Information';
  readonly data: Readonly<Record<string, unknown>>;
}

/** `LiveEventTrackEvent` is one `TrackEvent/IngestHeartbeat` of `getTrackIngestHeartbeats`. */
export interface LiveEventTrackEvent {
  readonly eventType: string;
  readonly eventTime: string;
  /** The fields of the Event Grid `LiveEventIngestHeartbeat` data (azure-compat §3.2). */
  readonly data: Readonly<Record<string, unknown>>;
}

/**
 * `LiveEventTelemetry` feeds the telemetry POSTs; the app wires it to the event history. `name` is
 * the live event's name as stored. Without it the POSTs answer empty lists.
 */
export interface LiveEventTelemetry {
  status(name: string): readonly LiveEventStatus[];
  streamEvents(name: string): readonly LiveEventStreamEvent[];
  trackHeartbeats(name: string): readonly LiveEventTrackEvent[];
}
