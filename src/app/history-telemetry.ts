import type { EventHistory } from '../events/event-history.js';
import type {
  LiveEventEncoderDisconnectedEventData,
  LiveEventIngestHeartbeatEventData,
} from '../events/live-event-event-types.js';
import type { MediaEvent } from '../events/media-event.js';
import type {
  LiveEventStatus,
  LiveEventStreamEvent,
  LiveEventTelemetry,
  LiveEventTrackEvent,
} from '../api/live-event-telemetry.js';

/**
 * How Event Grid event types map onto the 2022-11-01 `getStreamEvents` types (`LiveEventStreamEvent`,
 * azure-compat §1.2) and their levels.
 */
const STREAM_EVENT_TYPES: Readonly<Record<string, readonly [string, LiveEventStreamEvent['eventLevel']]>> = {
  'Microsoft.Media.LiveEventEncoderConnected': ['StreamEvent/BeginIngest', 'Information'],
  'Microsoft.Media.LiveEventEncoderDisconnected': ['StreamEvent/EndIngest', 'Information'],
  'Microsoft.Media.LiveEventIncomingStreamReceived': ['StreamEvent/FirstChunkReceived', 'Information'],
  'Microsoft.Media.LiveEventIncomingDataChunkDropped': ['StreamEvent/ChunkDropped', 'Warning'],
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': ['StreamEvent/Discontinuity', 'Warning'],
  'Microsoft.Media.LiveEventConnectionRejected': ['StreamEvent/InvalidConnection', 'Error'],
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync': ['StreamEvent/UnalignedKeyFrames', 'Warning'],
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': ['StreamEvent/UnalignedPresentation', 'Warning'],
};

/** Disconnect codes that are a normal end of ingest, not a fault. */
const GRACEFUL = new Set([
  'S_OK',
  'MPE_CLIENT_TERMINATED_SESSION',
  'MPI_STREAM_HIT_EOF',
  'MPI_REST_API_CHANNEL_STOP',
  'MPI_REST_API_CHANNEL_RESET',
]);

/**
 * `historyTelemetry` answers the telemetry POSTs (`getStatus`, `getStreamEvents`,
 * `getTrackIngestHeartbeats`) from the recent event history. `isRunning` tells the live event's state.
 */
export function historyTelemetry(
  history: EventHistory,
  isRunning: (name: string) => boolean,
): LiveEventTelemetry {
  return {
    streamEvents(name: string): readonly LiveEventStreamEvent[] {
      const out: LiveEventStreamEvent[] = [];
      for (const e of history.recentStreamEvents(name)) {
        const mapped = STREAM_EVENT_TYPES[e.eventType];
        if (mapped === undefined) {
          continue;
        }
        let level = mapped[1];
        if (e.eventType === 'Microsoft.Media.LiveEventEncoderDisconnected') {
          const code = (e.data as LiveEventEncoderDisconnectedEventData).resultCode;
          level = GRACEFUL.has(code) ? 'Information' : 'Warning';
        }
        out.push({
          eventType: mapped[0],
          eventTime: e.eventTime,
          eventLevel: level,
          data: e.data as Record<string, unknown>,
        });
      }
      return out;
    },
    trackHeartbeats(name: string): readonly LiveEventTrackEvent[] {
      return history.recentHeartbeats(name).map((e) => ({
        eventType: 'TrackEvent/IngestHeartbeat',
        eventTime: e.eventTime,
        data: e.data as unknown as Record<string, unknown>,
      }));
    },
    status(name: string): readonly LiveEventStatus[] {
      const latest = new Map<string, MediaEvent<LiveEventIngestHeartbeatEventData>>();
      for (const hb of history.recentHeartbeats(name)) {
        latest.set(hb.data.trackName, hb);
      }
      const beats = [...latest.values()];
      const descriptions: string[] = [];
      for (const hb of beats) {
        const d = hb.data;
        if (d.incomingBitrate === 0) {
          descriptions.push(`track ${d.trackName}: no data received`);
        } else if (d.unexpectedBitrate) {
          descriptions.push(
            `track ${d.trackName}: incoming bitrate ${d.incomingBitrate} far from ${d.bitrate}`,
          );
        }
        if (d.overlapCount + d.nonincreasingCount > 0) {
          descriptions.push(`track ${d.trackName}: ${d.overlapCount + d.nonincreasingCount} chunks dropped`);
        }
        if (d.discontinuityCount > 0) {
          descriptions.push(`track ${d.trackName}: ${d.discontinuityCount} discontinuities`);
        }
      }
      const starved = beats.some((hb) => hb.data.incomingBitrate === 0);
      const healthStatus: LiveEventStatus['healthStatus'] = starved
        ? 'Poor'
        : descriptions.length > 0
          ? 'Good'
          : 'Excellent';
      const events = history.recentStreamEvents(name);
      const begin = events.findLast((e) => e.eventType === 'Microsoft.Media.LiveEventEncoderConnected');
      const end = events.findLast((e) => e.eventType === 'Microsoft.Media.LiveEventEncoderDisconnected');
      const ended = end !== undefined && begin !== undefined && end.eventTime >= begin.eventTime;
      const streamId = (e: MediaEvent | undefined): string =>
        (e?.data as { streamId?: string } | undefined)?.streamId ?? '';
      const last = beats.reduce<string | undefined>(
        (t, hb) => (t === undefined || hb.eventTime > t ? hb.eventTime : t),
        undefined,
      );
      return [
        {
          state: isRunning(name) ? 'Running' : 'Stopped',
          healthStatus,
          healthDescriptions: descriptions,
          lastUpdatedTime: last ?? new Date().toISOString(),
          ...(begin === undefined
            ? {}
            : {
                ingestion: {
                  streamName: streamId(begin),
                  begin: begin.eventTime,
                  ...(ended
                    ? {
                        end: end.eventTime,
                        endReason: (end.data as LiveEventEncoderDisconnectedEventData).resultCode,
                      }
                    : {}),
                  ingestInterruptions: [],
                },
              }),
          trackStatus: beats.map((hb) => ({
            trackId: hb.data.trackName,
            expectedBitrate: hb.data.bitrate,
            incomingBitrate: hb.data.incomingBitrate,
            ingestDrift: hb.data.ingestDriftValue,
          })),
        },
      ];
    },
  };
}
