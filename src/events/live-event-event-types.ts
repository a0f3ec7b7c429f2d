/**
 * Data models of the ten `Microsoft.Media.LiveEvent*` Event Grid events, with the wire names and JSON types
 * of the Event Grid data-plane spec `Microsoft.Media/stable/2018-01-01/MediaServices.json` (azure-compat §3.2).
 * Numeric-looking fields that the spec declares as strings (`encoderPort`, `timestamp`, `timescale`, ...)
 * are `string` here, so a number can never reach the wire by accident; int64 fields are `number`.
 */

/** `LiveEventEncoderConnectedEventData` is the data of `Microsoft.Media.LiveEventEncoderConnected`. */
export interface LiveEventEncoderConnectedEventData {
  readonly ingestUrl: string;
  readonly streamId: string;
  readonly encoderIp: string;
  /** Decimal TCP port of the encoder, as a string (spec type `string`). */
  readonly encoderPort: string;
}

/**
 * `LiveEventConnectionRejectedEventData` is the data of `Microsoft.Media.LiveEventConnectionRejected`;
 * `resultCode` is one of the `MPE_…` codes of azure-compat §4.
 */
export interface LiveEventConnectionRejectedEventData {
  readonly ingestUrl: string;
  readonly streamId: string;
  readonly encoderIp: string;
  readonly encoderPort: string;
  readonly resultCode: string;
}

/**
 * `LiveEventEncoderDisconnectedEventData` is the data of `Microsoft.Media.LiveEventEncoderDisconnected`;
 * `resultCode` is `S_OK`, `MPE_CLIENT_TERMINATED_SESSION`, `MPE_RTMP_SESSION_IDLE_TIMEOUT`, ... (azure-compat §4).
 */
export interface LiveEventEncoderDisconnectedEventData {
  readonly ingestUrl: string;
  readonly streamId: string;
  readonly encoderIp: string;
  readonly encoderPort: string;
  readonly resultCode: string;
}

/** `LiveEventIncomingStreamReceivedEventData` is the data of `Microsoft.Media.LiveEventIncomingStreamReceived`. */
export interface LiveEventIncomingStreamReceivedEventData {
  readonly ingestUrl: string;
  /** `video` or `audio`. */
  readonly trackType: string;
  readonly trackName: string;
  /** Bits per second (int64). */
  readonly bitrate: number;
  readonly encoderIp: string;
  readonly encoderPort: string;
  /** First timestamp of the track, in `timescale` ticks, as a decimal string. */
  readonly timestamp: string;
  /** Duration of the first data chunk, in `timescale` ticks, as a decimal string. */
  readonly duration: string;
  /** Ticks per second, as a decimal string (`"1000"` for RTMP). */
  readonly timescale: string;
}

/**
 * `LiveEventIncomingStreamsOutOfSyncEventData` is the data of
 * `Microsoft.Media.LiveEventIncomingStreamsOutOfSync` (audio and video apart). The wire names are
 * `typeOfStreamWith…`, not the `typeOfTrackWith…` of the doc tables.
 */
export interface LiveEventIncomingStreamsOutOfSyncEventData {
  readonly minLastTimestamp: string;
  readonly typeOfStreamWithMinLastTimestamp: string;
  readonly maxLastTimestamp: string;
  readonly typeOfStreamWithMaxLastTimestamp: string;
  readonly timescaleOfMinLastTimestamp: string;
  readonly timescaleOfMaxLastTimestamp: string;
}

/**
 * `LiveEventIncomingVideoStreamsOutOfSyncEventData` is the data of
 * `Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync` (two video qualities apart).
 */
export interface LiveEventIncomingVideoStreamsOutOfSyncEventData {
  readonly firstTimestamp: string;
  readonly firstDuration: string;
  readonly secondTimestamp: string;
  readonly secondDuration: string;
  readonly timescale: string;
}

/**
 * `LiveEventIncomingDataChunkDroppedEventData` is the data of `Microsoft.Media.LiveEventIncomingDataChunkDropped`;
 * `resultCode` is `FragmentDrop_OverlapTimestamp` or `FragmentDrop_NonIncreasingTimestamp`.
 */
export interface LiveEventIncomingDataChunkDroppedEventData {
  readonly timestamp: string;
  readonly trackType: string;
  readonly bitrate: number;
  readonly timescale: string;
  readonly resultCode: string;
  readonly trackName: string;
  /**
   * Inlet extension: how many chunks this one event stands for. Drops are aggregated (at most one event
   * per track and reason per second) so a broken encoder cannot flood subscribers; `timestamp` is the
   * last dropped chunk's. Consumers that do not know the field ignore it.
   */
  readonly droppedCount?: number;
}

/**
 * `LiveEventIngestHeartbeatEventData` is the data of `Microsoft.Media.LiveEventIngestHeartbeat`, sent every
 * 20 s per track while the live event runs. `nonincreasingCount` is spelled as on the wire (the doc tables
 * say `nonIncreasingCount`). `healthy` = no overlaps, discontinuities or non-increasing chunks and
 * `!unexpectedBitrate`.
 */
export interface LiveEventIngestHeartbeatEventData {
  readonly trackType: string;
  readonly trackName: string;
  readonly transcriptionLanguage: string;
  /** `"On"` for audio with live transcription, `""` otherwise. */
  readonly transcriptionState: string;
  readonly bitrate: number;
  readonly incomingBitrate: number;
  /** Seconds of late media per minute as a decimal string (`"0"`, `"1.3"`), or `"n/a"`. */
  readonly ingestDriftValue: string;
  /** ISO 8601 UTC time of the last fragment. */
  readonly lastFragmentArrivalTime: string;
  readonly lastTimestamp: string;
  readonly timescale: string;
  readonly overlapCount: number;
  readonly discontinuityCount: number;
  readonly nonincreasingCount: number;
  /** True iff `incomingBitrate >= 2*bitrate || incomingBitrate <= bitrate/2 || incomingBitrate == 0`. */
  readonly unexpectedBitrate: boolean;
  /** Live event resource state, e.g. `Running`. */
  readonly state: string;
  readonly healthy: boolean;
}

/**
 * `LiveEventTrackDiscontinuityDetectedEventData` is the data of
 * `Microsoft.Media.LiveEventTrackDiscontinuityDetected`; timestamps and the gap are timescale ticks as strings.
 */
export interface LiveEventTrackDiscontinuityDetectedEventData {
  readonly trackType: string;
  readonly trackName: string;
  readonly bitrate: number;
  readonly previousTimestamp: string;
  readonly newTimestamp: string;
  readonly timescale: string;
  readonly discontinuityGap: string;
}

/**
 * `LiveEventChannelArchiveHeartbeatEventData` is the data of `Microsoft.Media.LiveEventChannelArchiveHeartbeat`;
 * both fields are required by the spec (example `{"channelLatencyMs":"10","latencyResultCode":"S_OK"}`).
 */
export interface LiveEventChannelArchiveHeartbeatEventData {
  readonly channelLatencyMs: string;
  readonly latencyResultCode: string;
}

/**
 * `liveEventEventTypes` is the one list of the event types Inlet emits, stream-level ones first: event
 * filters, the webhook `eventTypes` setting and the tests take the names from here.
 */
export const liveEventEventTypes = [
  'Microsoft.Media.LiveEventEncoderConnected',
  'Microsoft.Media.LiveEventConnectionRejected',
  'Microsoft.Media.LiveEventEncoderDisconnected',
  'Microsoft.Media.LiveEventIncomingStreamReceived',
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync',
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync',
  'Microsoft.Media.LiveEventIncomingDataChunkDropped',
  'Microsoft.Media.LiveEventIngestHeartbeat',
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected',
  'Microsoft.Media.LiveEventChannelArchiveHeartbeat',
] as const;

/** `LiveEventEventType` is one of the ten `Microsoft.Media.LiveEvent*` event type names. */
export type LiveEventEventType = (typeof liveEventEventTypes)[number];

/**
 * `LiveEventEventMap` maps each `Microsoft.Media.LiveEvent*` event type to its data, so that publishing
 * (`EventBus.publish`) is type-checked.
 */
export interface LiveEventEventMap {
  'Microsoft.Media.LiveEventEncoderConnected': LiveEventEncoderConnectedEventData;
  'Microsoft.Media.LiveEventConnectionRejected': LiveEventConnectionRejectedEventData;
  'Microsoft.Media.LiveEventEncoderDisconnected': LiveEventEncoderDisconnectedEventData;
  'Microsoft.Media.LiveEventIncomingStreamReceived': LiveEventIncomingStreamReceivedEventData;
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': LiveEventIncomingStreamsOutOfSyncEventData;
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync': LiveEventIncomingVideoStreamsOutOfSyncEventData;
  'Microsoft.Media.LiveEventIncomingDataChunkDropped': LiveEventIncomingDataChunkDroppedEventData;
  'Microsoft.Media.LiveEventIngestHeartbeat': LiveEventIngestHeartbeatEventData;
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': LiveEventTrackDiscontinuityDetectedEventData;
  'Microsoft.Media.LiveEventChannelArchiveHeartbeat': LiveEventChannelArchiveHeartbeatEventData;
}

/** `SameNames` is `true` when `A` and `B` are the same names, else the names only one of them has. */
type SameNames<A, B> = [Exclude<A, B>, Exclude<B, A>] extends [never, never]
  ? true
  : { readonly onlyInFirst: Exclude<A, B>; readonly onlyInSecond: Exclude<B, A> };
type AssertTrue<T extends true> = T;

/** Compile-time: `LiveEventEventMap` has data for exactly the listed event types (the error names the odd ones). */
type _EventMapMatchesList = AssertTrue<SameNames<keyof LiveEventEventMap, LiveEventEventType>>;

/** `LiveEventEventData` is the data of any `Microsoft.Media.LiveEvent*` event. */
export type LiveEventEventData = LiveEventEventMap[LiveEventEventType];

/** `ingestHeartbeatEventType` is the per-track heartbeat, kept apart from stream events in the history. */
export const ingestHeartbeatEventType =
  'Microsoft.Media.LiveEventIngestHeartbeat' satisfies LiveEventEventType;

/** `mediaEventTypePrefix` is the namespace of the Media Services event types; filters accept names without it. */
export const mediaEventTypePrefix = 'Microsoft.Media.';

/**
 * `isLiveEventEventType` tells whether `name` is one of the ten full `Microsoft.Media.LiveEvent*` type names.
 */
export function isLiveEventEventType(name: string): name is LiveEventEventType {
  return (liveEventEventTypes as readonly string[]).includes(name);
}
