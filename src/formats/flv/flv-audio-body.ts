import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { fourCcValue, FlvAudioPacketType } from './enhanced-rtmp.js';

/** `AacAudioBodyInput` describes one AAC audio tag body. */
export interface AacAudioBodyInput {
  readonly packetType: 'sequence-start' | 'coded-frames';
  /** The AudioSpecificConfig (sequence start) or one raw AAC frame. */
  readonly body: Uint8Array;
  /** SoundType bit: false writes mono (0xAE), true stereo (0xAF). Decoders use the ASC. Default true. */
  readonly stereo?: boolean;
}

/** `EnhancedAudioBodyInput` describes one Enhanced RTMP audio tag body for FourCC `mp4a`. */
export interface EnhancedAudioBodyInput {
  readonly packetType: 'sequence-start' | 'coded-frames' | 'sequence-end';
  readonly body?: Uint8Array;
}

/**
 * First byte of a legacy AAC tag: SoundFormat 10 (AAC), SoundRate 3 (44 kHz) and SoundSize 1 (16-bit),
 * which the FLV spec v10.1 §E.4.2.1 requires for AAC whatever the real rate; the low bit is SoundType.
 */
const AAC_HEADER_MONO = 0xae;
const AAC_HEADER_STEREO = 0xaf;
/** SoundFormat 9 switches to the ExAudioTagHeader (Enhanced RTMP v2). */
const EX_HEADER = 0x90;

const aacPacketTypes = { 'sequence-start': 0, 'coded-frames': 1 } as const;
const enhancedPacketTypes = {
  'sequence-start': FlvAudioPacketType.sequenceStart,
  'coded-frames': FlvAudioPacketType.codedFrames,
  'sequence-end': FlvAudioPacketType.sequenceEnd,
} as const;

const MP4A = fourCcValue('mp4a');

/**
 * `encodeAacAudioBody` writes a legacy AAC audio tag body (FLV spec v10.1 §E.4.2): the header byte,
 * AACPacketType (0 AudioSpecificConfig, 1 raw frame), then the payload.
 */
export function encodeAacAudioBody(input: AacAudioBodyInput): Uint8Array {
  const w = new ByteWriter(2 + input.body.byteLength);
  w.u8(input.stereo === false ? AAC_HEADER_MONO : AAC_HEADER_STEREO);
  w.u8(aacPacketTypes[input.packetType]);
  w.bytes(input.body);
  return w.toBytes();
}

/**
 * `encodeEnhancedAacAudioBody` writes an Enhanced RTMP v2 audio tag body for AAC: SoundFormat 9 with the
 * AudioPacketType, FourCC `mp4a`, then the AudioSpecificConfig or the raw frame.
 */
export function encodeEnhancedAacAudioBody(input: EnhancedAudioBodyInput): Uint8Array {
  const body = input.body ?? new Uint8Array(0);
  const w = new ByteWriter(5 + body.byteLength);
  w.u8(EX_HEADER | enhancedPacketTypes[input.packetType]);
  w.u32(MP4A);
  w.bytes(body);
  return w.toBytes();
}
