import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { fourCcValue, FlvVideoFrameType, FlvVideoPacketType, type FlvVideoFourCc } from './enhanced-rtmp.js';

/** `LegacyVideoBodyInput` describes one legacy AVC-style video tag body. */
export interface LegacyVideoBodyInput {
  readonly packetType: 'sequence-start' | 'coded-frames' | 'sequence-end';
  /** Frame type 1 (keyframe) or 2 (inter frame). Default: true for sequence start/end, else false. */
  readonly keyframe?: boolean;
  /** Signed composition time offset in milliseconds (coded frames only). Default 0. */
  readonly compositionTime?: number;
  /** The decoder configuration record or the length-prefixed NAL units. Default empty. */
  readonly body?: Uint8Array;
}

/** `EnhancedVideoBodyInput` describes one Enhanced RTMP video tag body. */
export interface EnhancedVideoBodyInput {
  /** `coded-frames` writes the SI24 composition time for AVC/HEVC; `coded-frames-x` omits it. */
  readonly packetType: 'sequence-start' | 'coded-frames' | 'coded-frames-x' | 'sequence-end';
  readonly fourCc: FlvVideoFourCc;
  /** Default: true for sequence start/end, else false. */
  readonly keyframe?: boolean;
  /** Signed composition time offset in milliseconds. Must be 0 for `coded-frames-x`, AV1 and VP9. */
  readonly compositionTime?: number;
  readonly body?: Uint8Array;
}

/** Legacy CodecID values written by the encoders (FLV spec v10.1 §E.4.3.1; 12 is the HEVC extension). */
const CODEC_ID_AVC = 7;
const CODEC_ID_HEVC = 12;
/** Largest and smallest SI24 values. */
const SI24_MAX = 0x7f_ffff;
const SI24_MIN = -0x80_0000;
const IS_EX_HEADER = 0x80;

const legacyPacketTypes = { 'sequence-start': 0, 'coded-frames': 1, 'sequence-end': 2 } as const;
const enhancedPacketTypes = {
  'sequence-start': FlvVideoPacketType.sequenceStart,
  'coded-frames': FlvVideoPacketType.codedFrames,
  'coded-frames-x': FlvVideoPacketType.codedFramesX,
  'sequence-end': FlvVideoPacketType.sequenceEnd,
} as const;

const EMPTY = new Uint8Array(0);

function frameType(packetType: string, keyframe: boolean | undefined): number {
  const key = keyframe ?? packetType.startsWith('sequence');
  return key ? FlvVideoFrameType.keyframe : FlvVideoFrameType.interFrame;
}

function checkCompositionTime(cts: number): number {
  if (!Number.isInteger(cts) || cts < SI24_MIN || cts > SI24_MAX) {
    throw new RangeError(`composition time must be a signed 24-bit integer (ms), got ${cts}`);
  }
  return cts;
}

function writeSi24(w: ByteWriter, v: number): void {
  w.u24(v < 0 ? v + 0x100_0000 : v);
}

function encodeLegacy(codecId: number, input: LegacyVideoBodyInput): Uint8Array {
  const body = input.body ?? EMPTY;
  const cts = input.packetType === 'coded-frames' ? checkCompositionTime(input.compositionTime ?? 0) : 0;
  const w = new ByteWriter(5 + body.byteLength);
  w.u8((frameType(input.packetType, input.keyframe) << 4) | codecId);
  w.u8(legacyPacketTypes[input.packetType]);
  writeSi24(w, cts);
  w.bytes(body);
  return w.toBytes();
}

/**
 * `encodeAvcVideoBody` writes a legacy AVC video tag body (FLV spec v10.1 §E.4.3.1): frame type and
 * CodecID 7, AVCPacketType, SI24 composition time, then the `avcC` record or the NAL units.
 */
export function encodeAvcVideoBody(input: LegacyVideoBodyInput): Uint8Array {
  return encodeLegacy(CODEC_ID_AVC, input);
}

/**
 * `encodeLegacyHevcVideoBody` writes the non-standard legacy HEVC video tag body (CodecID 12, used by
 * Chinese CDNs and OBS forks before Enhanced RTMP): the AVC layout with an `hvcC` record or HEVC NAL units.
 */
export function encodeLegacyHevcVideoBody(input: LegacyVideoBodyInput): Uint8Array {
  return encodeLegacy(CODEC_ID_HEVC, input);
}

/**
 * `encodeEnhancedVideoBody` writes an Enhanced RTMP video tag body (Enhanced RTMP v2, ExVideoTagHeader):
 * IsExHeader, frame type, packet type, FourCC, the SI24 composition time for AVC/HEVC CodedFrames,
 * then the record or frame data.
 */
export function encodeEnhancedVideoBody(input: EnhancedVideoBodyInput): Uint8Array {
  const body = input.body ?? EMPTY;
  const cts = checkCompositionTime(input.compositionTime ?? 0);
  const hasCts = input.packetType === 'coded-frames' && (input.fourCc === 'avc1' || input.fourCc === 'hvc1');
  if (!hasCts && cts !== 0) {
    throw new RangeError(
      `a ${input.packetType} ${input.fourCc} packet cannot carry composition time ${cts}; use coded-frames`,
    );
  }
  const w = new ByteWriter(8 + body.byteLength);
  w.u8(
    IS_EX_HEADER | (frameType(input.packetType, input.keyframe) << 4) | enhancedPacketTypes[input.packetType],
  );
  w.u32(fourCcValue(input.fourCc));
  if (hasCts) {
    writeSi24(w, cts);
  }
  w.bytes(body);
  return w.toBytes();
}
