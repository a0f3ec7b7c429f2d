import type {
  LiveEventIncomingDataChunkDroppedEventData,
  LiveEventIncomingStreamReceivedEventData,
  LiveEventTrackDiscontinuityDetectedEventData,
} from '../events/live-event-event-types.js';
import type { SessionInfo } from './publisher.js';
import type { DropReport } from '../media/drop-aggregator.js';
import type { Fragment } from '../media/fragment.js';
import type { TimelineDiscontinuity } from '../media/timeline-types.js';
import type { Track } from '../media/track.js';

/**
 * Builders of the Event Grid `data` of stream events (azure-compat §3.2): numbers that the schema
 * types as strings (`encoderPort`, `timestamp`, `duration`, `timescale`, …) are written as strings.
 * RTMP timestamps are milliseconds, so `timescale` is always "1000".
 */

const TIMESCALE = '1000';

/** `LiveEventIncomingStreamReceived` data for a track's first fragment. */
export function incomingStreamReceivedData(
  s: SessionInfo,
  track: Track,
  fragment: Fragment,
  bitrate: number,
): LiveEventIncomingStreamReceivedEventData {
  return {
    ingestUrl: s.ingestUrl,
    trackType: track.kind,
    trackName: track.name,
    bitrate,
    encoderIp: s.remoteAddress,
    encoderPort: String(s.remotePort),
    timestamp: String(fragment.t),
    duration: String(fragment.d),
    timescale: TIMESCALE,
  };
}

/** `LiveEventTrackDiscontinuityDetected` data (timestamps on the encoder's own clock). */
export function discontinuityData(
  track: Track,
  bitrate: number,
  d: TimelineDiscontinuity,
): LiveEventTrackDiscontinuityDetectedEventData {
  return {
    trackType: track.kind,
    trackName: track.name,
    bitrate,
    previousTimestamp: String(d.previousTimestamp),
    newTimestamp: String(d.newTimestamp),
    timescale: TIMESCALE,
    discontinuityGap: String(d.gap),
  };
}

/** `LiveEventIncomingDataChunkDropped` data for an aggregated drop report (last dropped timestamp). */
export function dataChunkDroppedData(
  track: Track,
  bitrate: number,
  report: DropReport,
): LiveEventIncomingDataChunkDroppedEventData {
  return {
    timestamp: String(report.lastTimestamp),
    trackType: track.kind,
    bitrate,
    timescale: TIMESCALE,
    resultCode: report.reason,
    trackName: track.name,
    droppedCount: report.count,
  };
}
