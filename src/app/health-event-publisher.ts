import type { EventBus } from '../events/event-bus.js';
import type {
  ArchiveHeartbeatReport,
  HealthObserver,
  IngestHeartbeatReport,
  StreamsOutOfSyncReport,
  VideoStreamsOutOfSyncReport,
} from '../health/health-types.js';

/**
 * `healthEventPublisher` turns health reports into Event Grid events on the bus. Numbers the Event Grid
 * schema types as strings (`lastTimestamp`, `timescale`, the out-of-sync fields, `channelLatencyMs`) are
 * written as decimal strings (azure-compat §3.2).
 */
export function healthEventPublisher(bus: EventBus): HealthObserver {
  return {
    heartbeat(r: IngestHeartbeatReport): void {
      bus.publish('Microsoft.Media.LiveEventIngestHeartbeat', r.liveEventName, {
        trackType: r.trackType,
        trackName: r.trackName,
        transcriptionLanguage: r.transcriptionLanguage,
        transcriptionState: r.transcriptionState,
        bitrate: r.bitrate,
        incomingBitrate: r.incomingBitrate,
        ingestDriftValue: r.ingestDriftValue,
        lastFragmentArrivalTime: r.lastFragmentArrivalTime,
        lastTimestamp: String(r.lastTimestamp),
        timescale: String(r.timescale),
        overlapCount: r.overlapCount,
        discontinuityCount: r.discontinuityCount,
        nonincreasingCount: r.nonincreasingCount,
        unexpectedBitrate: r.unexpectedBitrate,
        state: r.state,
        healthy: r.healthy,
      });
    },
    streamsOutOfSync(r: StreamsOutOfSyncReport): void {
      bus.publish('Microsoft.Media.LiveEventIncomingStreamsOutOfSync', r.liveEventName, {
        minLastTimestamp: String(r.minLastTimestamp),
        typeOfStreamWithMinLastTimestamp: r.typeOfStreamWithMinLastTimestamp,
        maxLastTimestamp: String(r.maxLastTimestamp),
        typeOfStreamWithMaxLastTimestamp: r.typeOfStreamWithMaxLastTimestamp,
        timescaleOfMinLastTimestamp: String(r.timescaleOfMinLastTimestamp),
        timescaleOfMaxLastTimestamp: String(r.timescaleOfMaxLastTimestamp),
      });
    },
    videoStreamsOutOfSync(r: VideoStreamsOutOfSyncReport): void {
      bus.publish('Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync', r.liveEventName, {
        firstTimestamp: String(r.firstTimestamp),
        firstDuration: String(r.firstDuration),
        secondTimestamp: String(r.secondTimestamp),
        secondDuration: String(r.secondDuration),
        timescale: String(r.timescale),
      });
    },
    archiveHeartbeat(r: ArchiveHeartbeatReport): void {
      bus.publish('Microsoft.Media.LiveEventChannelArchiveHeartbeat', r.liveEventName, {
        channelLatencyMs: String(r.channelLatencyMs),
        latencyResultCode: r.latencyResultCode,
      });
    },
  };
}
