/**
 * `RtmpMessageType` lists the RTMP message type ids (Adobe RTMP Specification 1.0, §5.4 protocol control
 * messages, §6.2 user control, §7.1 RTMP command messages).
 */
export const RtmpMessageType = {
  /** §5.4.1: the sender's new maximum chunk size (31-bit). */
  setChunkSize: 1,
  /** §5.4.2: discard the partly received message of a chunk stream. */
  abort: 2,
  /** §5.4.3: sequence number = total bytes received so far. */
  acknowledgement: 3,
  /** §6.2 / §7.1.7: user control events (StreamBegin, PingRequest, ...). */
  userControl: 4,
  /** §5.4.4: how many bytes the sender may send before it expects an acknowledgement. */
  windowAckSize: 5,
  /** §5.4.5: limit on the peer's output bandwidth (window size + limit type). */
  setPeerBandwidth: 6,
  /** §7.1.4: audio data (an FLV AUDIODATA body). */
  audio: 8,
  /** §7.1.5: video data (an FLV VIDEODATA body). */
  video: 9,
  /** §7.1.2: data message in AMF3 (in practice a 0x00 byte followed by AMF0 values). */
  dataAmf3: 15,
  /** §7.1.3: shared object message in AMF3 (not supported, ignored). */
  sharedObjectAmf3: 16,
  /** §7.1.1: command message in AMF3 (a 0x00 byte followed by AMF0 values). */
  commandAmf3: 17,
  /** §7.1.2: data message in AMF0 (`@setDataFrame`, `onMetaData`, ...). */
  dataAmf0: 18,
  /** §7.1.3: shared object message in AMF0 (not supported, ignored). */
  sharedObjectAmf0: 19,
  /** §7.1.1: command message in AMF0 (`connect`, `publish`, `_result`, ...). */
  commandAmf0: 20,
  /** §7.1.6: aggregate message: a run of FLV tags, each with a back pointer. */
  aggregate: 22,
} as const;

/** `RtmpMessageTypeId` is one of the values of {@link RtmpMessageType}. */
export type RtmpMessageTypeId = (typeof RtmpMessageType)[keyof typeof RtmpMessageType];

/** `UserControlEvent` lists the user control event types (RTMP Specification 1.0, §7.1.7). */
export const UserControlEvent = {
  /** The stream (4-byte id) has become functional. */
  streamBegin: 0,
  /** Playback of the stream (4-byte id) is over. */
  streamEof: 1,
  /** No more data on the stream (4-byte id). */
  streamDry: 2,
  /** Client buffer length: stream id (4) + buffer ms (4). */
  setBufferLength: 3,
  /** The stream (4-byte id) is a recorded stream. */
  streamIsRecorded: 4,
  /** Server-to-client liveness probe with a 4-byte timestamp; the peer answers PingResponse. */
  pingRequest: 6,
  /** Answer to PingRequest, echoing its 4-byte timestamp. */
  pingResponse: 7,
} as const;

/** `ChunkStreamId` names the chunk stream ids Inlet sends on (RTMP Specification 1.0, §5.3.1.1). */
export const ChunkStreamId = {
  /** §5.4: protocol control messages must use chunk stream id 2 and message stream id 0. */
  control: 2,
  /** Commands and their answers (the id Flash, ffmpeg and librtmp use). */
  command: 3,
  /** Audio data. */
  audio: 4,
  /** Data messages (metadata). */
  data: 5,
  /** Video data. */
  video: 6,
} as const;
