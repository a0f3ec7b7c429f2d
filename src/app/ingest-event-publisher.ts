import type { EventBus } from '../events/event-bus.js';
import type {
  LiveEventConnectionRejectedEventData,
  LiveEventEncoderConnectedEventData,
  LiveEventEncoderDisconnectedEventData,
} from '../events/live-event-event-types.js';
import type { IngestObserver, RejectionInfo } from '../ingest/ingest-types.js';
import type { SessionInfo } from '../live/publisher.js';

/** Subject of ConnectionRejected events whose access token matched no live event. */
const UNKNOWN_LIVE_EVENT = 'unknown';

/**
 * `ingestEventPublisher` maps the ingest server's connection reports onto the
 * `LiveEventConnectionRejected`, `LiveEventEncoderConnected` and `LiveEventEncoderDisconnected`
 * events (azure-compat §3.2; numbers the schema types as strings are written as strings).
 */
export function ingestEventPublisher(bus: EventBus): IngestObserver {
  return {
    connectionRejected: (r) =>
      bus.publish(
        'Microsoft.Media.LiveEventConnectionRejected',
        r.liveEventName ?? UNKNOWN_LIVE_EVENT,
        connectionRejectedData(r),
      ),
    encoderConnected: (s) =>
      bus.publish('Microsoft.Media.LiveEventEncoderConnected', s.liveEventName, encoderConnectedData(s)),
    encoderDisconnected: (s, resultCode) =>
      bus.publish(
        'Microsoft.Media.LiveEventEncoderDisconnected',
        s.liveEventName,
        encoderDisconnectedData(s, resultCode),
      ),
  };
}

/** `LiveEventEncoderConnected` data. */
export function encoderConnectedData(s: SessionInfo): LiveEventEncoderConnectedEventData {
  return {
    ingestUrl: s.ingestUrl,
    streamId: s.streamName,
    encoderIp: s.remoteAddress,
    encoderPort: String(s.remotePort),
  };
}

/** `LiveEventEncoderDisconnected` data. */
export function encoderDisconnectedData(
  s: SessionInfo,
  resultCode: string,
): LiveEventEncoderDisconnectedEventData {
  return { ...encoderConnectedData(s), resultCode };
}

/** `LiveEventConnectionRejected` data. */
export function connectionRejectedData(r: RejectionInfo): LiveEventConnectionRejectedEventData {
  return {
    ingestUrl: r.ingestUrl,
    streamId: r.streamName ?? '',
    encoderIp: r.remoteAddress,
    encoderPort: String(r.remotePort),
    resultCode: r.resultCode,
  };
}
