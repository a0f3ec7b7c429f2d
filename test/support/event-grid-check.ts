import { EventGridDeserializer } from '@azure/eventgrid';
import type { MediaEvent } from '../../src/events/media-event.js';

export type JsonType = 'string' | 'number' | 'boolean';

/** Data fields of every `Microsoft.Media.LiveEvent*` event and their JSON types (azure-compat §3.2). */
export const EVENT_DATA_FIELDS: Readonly<Record<string, Readonly<Record<string, JsonType>>>> = {
  'Microsoft.Media.LiveEventEncoderConnected': {
    ingestUrl: 'string',
    streamId: 'string',
    encoderIp: 'string',
    encoderPort: 'string',
  },
  'Microsoft.Media.LiveEventConnectionRejected': {
    ingestUrl: 'string',
    streamId: 'string',
    encoderIp: 'string',
    encoderPort: 'string',
    resultCode: 'string',
  },
  'Microsoft.Media.LiveEventEncoderDisconnected': {
    ingestUrl: 'string',
    streamId: 'string',
    encoderIp: 'string',
    encoderPort: 'string',
    resultCode: 'string',
  },
  'Microsoft.Media.LiveEventIncomingStreamReceived': {
    ingestUrl: 'string',
    trackType: 'string',
    trackName: 'string',
    bitrate: 'number',
    encoderIp: 'string',
    encoderPort: 'string',
    timestamp: 'string',
    duration: 'string',
    timescale: 'string',
  },
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': {
    minLastTimestamp: 'string',
    typeOfStreamWithMinLastTimestamp: 'string',
    maxLastTimestamp: 'string',
    typeOfStreamWithMaxLastTimestamp: 'string',
    timescaleOfMinLastTimestamp: 'string',
    timescaleOfMaxLastTimestamp: 'string',
  },
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync': {
    firstTimestamp: 'string',
    firstDuration: 'string',
    secondTimestamp: 'string',
    secondDuration: 'string',
    timescale: 'string',
  },
  'Microsoft.Media.LiveEventIncomingDataChunkDropped': {
    timestamp: 'string',
    trackType: 'string',
    bitrate: 'number',
    timescale: 'string',
    resultCode: 'string',
    trackName: 'string',
    droppedCount: 'number',
  },
  'Microsoft.Media.LiveEventIngestHeartbeat': {
    trackType: 'string',
    trackName: 'string',
    transcriptionLanguage: 'string',
    transcriptionState: 'string',
    bitrate: 'number',
    incomingBitrate: 'number',
    ingestDriftValue: 'string',
    lastFragmentArrivalTime: 'string',
    lastTimestamp: 'string',
    timescale: 'string',
    overlapCount: 'number',
    discontinuityCount: 'number',
    nonincreasingCount: 'number',
    unexpectedBitrate: 'boolean',
    state: 'string',
    healthy: 'boolean',
  },
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': {
    trackType: 'string',
    trackName: 'string',
    bitrate: 'number',
    previousTimestamp: 'string',
    newTimestamp: 'string',
    timescale: 'string',
    discontinuityGap: 'string',
  },
  'Microsoft.Media.LiveEventChannelArchiveHeartbeat': {
    channelLatencyMs: 'string',
    latencyResultCode: 'string',
  },
};

/** Fields Inlet may leave out (extensions). */
const OPTIONAL = new Set(['droppedCount']);

/**
 * `eventGridProblems` checks events the way Event Grid consumers do: the official
 * `EventGridDeserializer` must accept each one, `eventTime` must end with `Z`, and every data field must
 * be present with its §3.2 JSON type (numeric-looking strings stay strings). Returns the problems found.
 */
export async function eventGridProblems(events: readonly MediaEvent[]): Promise<string[]> {
  const problems: string[] = [];
  const deserializer = new EventGridDeserializer();
  for (const e of events) {
    try {
      await deserializer.deserializeEventGridEvents(JSON.stringify([e]));
    } catch (err) {
      problems.push(`${e.eventType} ${e.id}: rejected by EventGridDeserializer: ${(err as Error).message}`);
    }
    if (!e.eventTime.endsWith('Z')) {
      problems.push(`${e.eventType} ${e.id}: eventTime ${e.eventTime} does not end with Z`);
    }
    if (e.metadataVersion !== '1' || e.dataVersion !== '1.0') {
      problems.push(`${e.eventType} ${e.id}: versions ${e.dataVersion}/${e.metadataVersion}`);
    }
    const fields = EVENT_DATA_FIELDS[e.eventType];
    if (fields === undefined) {
      problems.push(`${e.eventType} ${e.id}: unknown event type`);
      continue;
    }
    const data = e.data as Record<string, unknown>;
    for (const [field, type] of Object.entries(fields)) {
      if (!(field in data) && OPTIONAL.has(field)) {
        continue;
      }
      if (typeof data[field] !== type) {
        problems.push(`${e.eventType} ${e.id}: ${field} is ${typeof data[field]}, want ${type}`);
      }
    }
    for (const field of Object.keys(data)) {
      if (!(field in fields)) {
        problems.push(`${e.eventType} ${e.id}: unexpected field ${field}`);
      }
    }
  }
  return problems;
}
