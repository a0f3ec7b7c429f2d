import { ByteReader } from '../../lib/bytes/byte-reader.js';
import {
  badPacketType,
  fourCcText,
  readExPacketHeader,
  FlvVideoFrameType,
  FlvVideoPacketType,
  readExTrack,
  videoFourCcOf,
  type FlvVideoFourCc,
} from './enhanced-rtmp.js';
import {
  ignoredPacket,
  unsupportedPacket,
  type FlvIgnoredPacket,
  type FlvUnsupportedPacket,
} from './flv-skipped-packet.js';

/** `FlvVideoSequenceStart` carries the decoder configuration record (`avcC`, `hvcC`, `av1C`, `vpcC`). */
export interface FlvVideoSequenceStart {
  readonly type: 'sequence-start';
  readonly fourCc: FlvVideoFourCc;
  /** Enhanced RTMP multitrack track id; 0 for single-track messages. */
  readonly trackId: number;
  /** View of the record inside the message payload. */
  readonly body: Uint8Array;
}

/** `FlvVideoCodedFrames` is one access unit. */
export interface FlvVideoCodedFrames {
  readonly type: 'coded-frames';
  readonly fourCc: FlvVideoFourCc;
  readonly trackId: number;
  /** The FLV frame type (`FlvVideoFrameType`). */
  readonly frameType: number;
  /** The encoder marked the frame seekable (frame type 1, or 4 when a server generated it). */
  readonly keyframe: boolean;
  /** Signed composition time offset in milliseconds (pts − dts); 0 for CodedFramesX, AV1 and VP9. */
  readonly compositionTime: number;
  /** Enhanced RTMP v2 ModEx TimestampOffsetNano (0..999 999 ns added to the message timestamp). */
  readonly timestampOffsetNano: number;
  /** View of the frame data: length-prefixed NAL units for AVC/HEVC, OBUs for AV1. */
  readonly body: Uint8Array;
}

/** `FlvVideoSequenceEnd` signals the end of a coded sequence. */
export interface FlvVideoSequenceEnd {
  readonly type: 'sequence-end';
  readonly fourCc: FlvVideoFourCc;
  readonly trackId: number;
}

/** `FlvVideoPacket` is what one video tag body (RTMP message type 9) holds. */
export type FlvVideoPacket =
  FlvVideoSequenceStart | FlvVideoCodedFrames | FlvVideoSequenceEnd | FlvIgnoredPacket | FlvUnsupportedPacket;

/** Legacy CodecID values (FLV spec v10.1 §E.4.3.1), plus 12 for HEVC as Chinese CDNs and OBS forks use it. */
const LegacyVideoCodec = { avc: 7, hevc: 12 } as const;

/** Names of the legacy CodecID values Inlet does not ingest. */
const legacyVideoCodecNames: Readonly<Record<number, string>> = {
  1: 'jpeg',
  2: 'sorenson h.263',
  3: 'screen video',
  4: 'on2 vp6',
  5: 'on2 vp6 with alpha',
  6: 'screen video v2',
};

/** Legacy AVCPacketType (FLV spec v10.1 §E.4.3.1): 0 sequence header, 1 NALU, 2 end of sequence. */
const AvcPacketType = { sequenceHeader: 0, nalu: 1, endOfSequence: 2 } as const;

/** Bit 7 of the first byte switches to the Enhanced RTMP ExVideoTagHeader. */
const IS_EX_HEADER = 0x80;

const COMMAND_FRAME = ignoredPacket('video command frame');

function isKeyframe(frameType: number): boolean {
  return frameType === FlvVideoFrameType.keyframe || frameType === FlvVideoFrameType.generatedKeyframe;
}

function parseLegacy(r: ByteReader, first: number): FlvVideoPacket {
  const frameType = first >> 4;
  const codecId = first & 0x0f;
  if (frameType === FlvVideoFrameType.command) {
    return COMMAND_FRAME;
  }
  let fourCc: FlvVideoFourCc;
  if (codecId === LegacyVideoCodec.avc) {
    fourCc = 'avc1';
  } else if (codecId === LegacyVideoCodec.hevc) {
    fourCc = 'hvc1';
  } else {
    return unsupportedPacket(legacyVideoCodecNames[codecId] ?? `reserved video codec id ${codecId}`);
  }
  const at = r.position;
  const packetType = r.u8('avc packet type');
  const compositionTime = r.i24('composition time');
  switch (packetType) {
    case AvcPacketType.sequenceHeader:
      return { type: 'sequence-start', fourCc, trackId: 0, body: r.rest() };
    case AvcPacketType.nalu:
      return {
        type: 'coded-frames',
        fourCc,
        trackId: 0,
        frameType,
        keyframe: isKeyframe(frameType),
        compositionTime,
        timestampOffsetNano: 0,
        body: r.rest(),
      };
    case AvcPacketType.endOfSequence:
      return { type: 'sequence-end', fourCc, trackId: 0 };
    default:
      throw badPacketType('video', packetType, at);
  }
}

function parseEnhanced(r: ByteReader, first: number): FlvVideoPacket {
  const frameType = (first >> 4) & 0x07;
  const header = readExPacketHeader(r, first, FlvVideoPacketType);
  if (header.packetType !== FlvVideoPacketType.metadata && frameType === FlvVideoFrameType.command) {
    return COMMAND_FRAME;
  }
  const track = readExTrack(r, 'video', header, FlvVideoPacketType);
  if (track === 'many-tracks') {
    return unsupportedPacket('multitrack');
  }
  const { packetType, packetTypeAt, trackId, fourCcValue } = track;
  const { timestampOffsetNano } = header;
  const fourCc = videoFourCcOf(fourCcValue);
  if (fourCc === undefined) {
    return unsupportedPacket(fourCcText(fourCcValue));
  }
  switch (packetType) {
    case FlvVideoPacketType.sequenceStart:
      return { type: 'sequence-start', fourCc, trackId, body: r.rest() };
    case FlvVideoPacketType.codedFrames:
    case FlvVideoPacketType.codedFramesX: {
      // Only AVC and HEVC CodedFrames carry an SI24 composition time (Enhanced RTMP v2, ExVideoTagBody).
      const hasCts =
        packetType === FlvVideoPacketType.codedFrames && (fourCc === 'avc1' || fourCc === 'hvc1');
      const compositionTime = hasCts ? r.i24('composition time') : 0;
      return {
        type: 'coded-frames',
        fourCc,
        trackId,
        frameType,
        keyframe: isKeyframe(frameType),
        compositionTime,
        timestampOffsetNano,
        body: r.rest(),
      };
    }
    case FlvVideoPacketType.sequenceEnd:
      return { type: 'sequence-end', fourCc, trackId };
    case FlvVideoPacketType.metadata:
      return ignoredPacket('video metadata');
    case FlvVideoPacketType.mpeg2TsSequenceStart:
      return ignoredPacket('mpeg-2 ts sequence start');
    default:
      throw badPacketType('video', packetType, packetTypeAt);
  }
}

/**
 * `parseFlvVideoTag` decodes an RTMP video message body / FLV video tag body: the legacy VideoTagHeader
 * (FLV spec v10.1 §E.4.3.1: AVC, and HEVC under codec id 12 with the same AVCPacketType + SI24 layout)
 * and the Enhanced RTMP ExVideoTagHeader (v1 FourCC packets, v2 ModEx and one-track multitrack).
 * Bodies are views into `payload`, never copies. Throws `MediaFormatError` on truncated or malformed
 * input; codecs and layouts Inlet does not ingest come back as `unsupported`, not as errors.
 */
export function parseFlvVideoTag(payload: Uint8Array): FlvVideoPacket {
  const r = new ByteReader(payload);
  const first = r.u8('video tag header');
  return first & IS_EX_HEADER ? parseEnhanced(r, first) : parseLegacy(r, first);
}
