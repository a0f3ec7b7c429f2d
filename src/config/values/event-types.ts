/**
 * `MEDIA_EVENT_TYPES` are the Event Grid event types of Media Services live events
 * (`specification/eventgrid/data-plane/Microsoft.Media/stable/2018-01-01/MediaServices.json`, see
 * azure-compat.md §3.2): the values a webhook's `eventTypes` filter may name.
 */
export const MEDIA_EVENT_TYPES = [
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
