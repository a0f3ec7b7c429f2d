import type { LiveEventEventMap, LiveEventIngestHeartbeatEventData } from '../live-event-event-types.js';

/** `sampleEventData` holds one realistic data object per event type, after the Media Services doc examples. */
export const sampleEventData: { readonly [K in keyof LiveEventEventMap]: LiveEventEventMap[K] } = {
  'Microsoft.Media.LiveEventEncoderConnected': {
    ingestUrl: 'rtmp://mle1-amsts03mediaacctgndos-ts031.channel.media.azure.net:1935/live/AppId',
    streamId: 'Mystream1',
    encoderIp: '131.107.147.xxx',
    encoderPort: '27485',
  },
  'Microsoft.Media.LiveEventConnectionRejected': {
    ingestUrl: 'http://abc.ingest.isml',
    streamId: 'Mystream1',
    encoderIp: '192.168.1.1',
    encoderPort: '3453',
    resultCode: 'MPE_INGEST_CODEC_NOT_SUPPORTED',
  },
  'Microsoft.Media.LiveEventEncoderDisconnected': {
    ingestUrl: 'rtmp://liveevent-ec9d26a8.channel.media.azure.net:1935/live/AppId',
    streamId: 'Mystream1',
    encoderIp: '131.107.147.xxx',
    encoderPort: '52859',
    resultCode: 'S_OK',
  },
  'Microsoft.Media.LiveEventIncomingStreamReceived': {
    ingestUrl: 'rtmp://mle1-amsts03mediaacctgndos-ts031.channel.media.azure.net:1935/live/AppId',
    trackType: 'video',
    trackName: 'video',
    bitrate: 5_500_000,
    encoderIp: '131.107.147.xxx',
    encoderPort: '27485',
    timestamp: '66',
    duration: '1950',
    timescale: '1000',
  },
  'Microsoft.Media.LiveEventIncomingStreamsOutOfSync': {
    minLastTimestamp: '319996',
    typeOfStreamWithMinLastTimestamp: 'Audio',
    maxLastTimestamp: '366000',
    typeOfStreamWithMaxLastTimestamp: 'Video',
    timescaleOfMinLastTimestamp: '10000000',
    timescaleOfMaxLastTimestamp: '10000000',
  },
  'Microsoft.Media.LiveEventIncomingVideoStreamsOutOfSync': {
    firstTimestamp: '2162058216',
    firstDuration: '2000',
    secondTimestamp: '2162057216',
    secondDuration: '2000',
    timescale: '10000000',
  },
  'Microsoft.Media.LiveEventIncomingDataChunkDropped': {
    timestamp: '8999919',
    trackType: 'video',
    bitrate: 2_500_000,
    timescale: '1000',
    resultCode: 'FragmentDrop_OverlapTimestamp',
    trackName: 'video_2500000',
    droppedCount: 3,
  },
  'Microsoft.Media.LiveEventIngestHeartbeat': heartbeatData(106_999, 'video'),
  'Microsoft.Media.LiveEventTrackDiscontinuityDetected': {
    trackType: 'video',
    trackName: 'video',
    bitrate: 2_500_000,
    previousTimestamp: '73093961',
    newTimestamp: '73240212',
    timescale: '1000',
    discontinuityGap: '146251',
  },
  'Microsoft.Media.LiveEventChannelArchiveHeartbeat': { channelLatencyMs: '10', latencyResultCode: 'S_OK' },
};

/** `heartbeatData` is a healthy heartbeat of `trackName` whose `lastTimestamp` is `lastTimestamp` ms. */
export function heartbeatData(lastTimestamp: number, trackName: string): LiveEventIngestHeartbeatEventData {
  return {
    trackType: trackName.startsWith('audio') ? 'audio' : 'video',
    trackName,
    bitrate: 2_500_000,
    incomingBitrate: 2_462_597,
    lastTimestamp: String(lastTimestamp),
    timescale: '1000',
    overlapCount: 0,
    discontinuityCount: 0,
    nonincreasingCount: 0,
    unexpectedBitrate: false,
    state: 'Running',
    healthy: true,
    lastFragmentArrivalTime: '2021-05-14T23:50:00.3240000Z',
    ingestDriftValue: '0',
    transcriptionState: '',
    transcriptionLanguage: '',
  };
}
