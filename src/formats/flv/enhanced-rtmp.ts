import type { ByteReader } from '../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../lib/media-format-error.js';

/**
 * Enhanced RTMP (Veovera, v1 and v2-2025-01-21-b2) constants and the header pieces shared by the audio
 * and video tag parsers: FourCC codes, packet types, multitrack types and the ModEx extension loop.
 */

/** `FlvVideoFrameType` is the 3/4-bit frame type of every video tag (FLV spec v10.1 §E.4.3.1). */
export const FlvVideoFrameType = {
  keyframe: 1,
  interFrame: 2,
  disposableInterFrame: 3,
  generatedKeyframe: 4,
  /** Video info / command frame: carries a one-byte command, no media. */
  command: 5,
} as const;

/** `FlvVideoPacketType` is the ExVideoTagHeader packet type (Enhanced RTMP v2, "Enhanced Video"). */
export const FlvVideoPacketType = {
  sequenceStart: 0,
  codedFrames: 1,
  sequenceEnd: 2,
  /** Coded frames with an implied composition time of zero (no SI24 on the wire). */
  codedFramesX: 3,
  metadata: 4,
  mpeg2TsSequenceStart: 5,
  multitrack: 6,
  modEx: 7,
} as const;

/** `FlvAudioPacketType` is the ExAudioTagHeader packet type (Enhanced RTMP v2, "Enhanced Audio"). */
export const FlvAudioPacketType = {
  sequenceStart: 0,
  codedFrames: 1,
  sequenceEnd: 2,
  multichannelConfig: 4,
  multitrack: 5,
  modEx: 7,
} as const;

/** `FlvAvMultitrackType` tells how the tracks of a multitrack message are laid out (Enhanced RTMP v2). */
export const FlvAvMultitrackType = {
  oneTrack: 0,
  manyTracks: 1,
  manyTracksManyCodecs: 2,
} as const;

/** `FlvModExType` is the kind of a ModEx packet extension (Enhanced RTMP v2). */
export const FlvModExType = {
  /** modExData carries a UI24 nanosecond offset added to the message timestamp. */
  timestampOffsetNano: 0,
} as const;

/** `FlvVideoFourCc` lists the video FourCCs the parser recognises. */
export type FlvVideoFourCc = 'avc1' | 'hvc1' | 'av01' | 'vp09';

/** `FlvAudioFourCc` lists the audio FourCCs the parser accepts as media (only AAC for now). */
export type FlvAudioFourCc = 'mp4a';

/** `fourCcValue` packs a four-character code into its big-endian UI32 wire value. */
export function fourCcValue(fourCc: string): number {
  if (fourCc.length !== 4) {
    throw new TypeError(`a fourcc has four characters, got "${fourCc}"`);
  }
  return (
    ((fourCc.charCodeAt(0) << 24) |
      (fourCc.charCodeAt(1) << 16) |
      (fourCc.charCodeAt(2) << 8) |
      fourCc.charCodeAt(3)) >>>
    0
  );
}

/** `fourCcText` turns a UI32 FourCC into text; codes with unprintable bytes come out as `0x…` hex. */
export function fourCcText(value: number): string {
  let s = '';
  for (let shift = 24; shift >= 0; shift -= 8) {
    const c = (value >>> shift) & 0xff;
    if (c < 0x20 || c > 0x7e) {
      return `0x${value.toString(16).padStart(8, '0')}`;
    }
    s += String.fromCharCode(c);
  }
  return s;
}

const AVC1 = fourCcValue('avc1');
const HVC1 = fourCcValue('hvc1');
const AV01 = fourCcValue('av01');
const VP09 = fourCcValue('vp09');
const MP4A = fourCcValue('mp4a');

/** `videoFourCcOf` maps a UI32 FourCC to a recognised video FourCC, or undefined. */
export function videoFourCcOf(value: number): FlvVideoFourCc | undefined {
  switch (value) {
    case AVC1:
      return 'avc1';
    case HVC1:
      return 'hvc1';
    case AV01:
      return 'av01';
    case VP09:
      return 'vp09';
    default:
      return undefined;
  }
}

/** `audioFourCcOf` maps a UI32 FourCC to a supported audio FourCC, or undefined. */
export function audioFourCcOf(value: number): FlvAudioFourCc | undefined {
  return value === MP4A ? 'mp4a' : undefined;
}

/** `ModExResult` is the packet type that follows the ModEx extensions, and what they carried. */
export interface ModExResult {
  readonly packetType: number;
  readonly timestampOffsetNano: number;
}

/** Bytes of modExData that hold a TimestampOffsetNano value (UI24). */
const NANO_OFFSET_BYTES = 3;
/** A UI8 size of 255 (+1 = 256) means "the real size follows as UI16" (Enhanced RTMP v2). */
const MODEX_SIZE_ESCAPE = 256;

/**
 * `readModEx` consumes the ModEx extension loop that follows a packet type of 7 (Enhanced RTMP v2:
 * `modExDataSize = UI8 + 1`, escaped to `UI16 + 1`; then `modExType` UB[4] and the next packet type
 * UB[4]). Unknown extension types are skipped; TimestampOffsetNano is returned.
 */
export function readModEx(r: ByteReader, modEx: number): ModExResult {
  let packetType = modEx;
  let timestampOffsetNano = 0;
  while (packetType === modEx) {
    let size = r.u8('modex data size') + 1;
    if (size === MODEX_SIZE_ESCAPE) {
      size = r.u16('modex data size (16-bit)') + 1;
    }
    const data = r.bytesView(size, 'modex data');
    const next = r.u8('modex type');
    packetType = next & 0x0f;
    if (next >> 4 === FlvModExType.timestampOffsetNano && size >= NANO_OFFSET_BYTES) {
      timestampOffsetNano = ((data[0] ?? 0) << 16) | ((data[1] ?? 0) << 8) | (data[2] ?? 0);
    }
  }
  return { packetType, timestampOffsetNano };
}

/** `badPacketType` is the error for a reserved or misplaced packet type. */
export function badPacketType(kind: string, packetType: number, offset: number): MediaFormatError {
  return new MediaFormatError(
    'flv-bad-packet-type',
    `flv ${kind} tag: reserved or unexpected packet type ${packetType}`,
    offset,
  );
}

/** `ExPacketTypes` are the ModEx and Multitrack packet type values of audio or video (they differ). */
export interface ExPacketTypes {
  readonly modEx: number;
  readonly multitrack: number;
}

/** `ExPacketHeader` is the packet type of an Enhanced RTMP tag after any ModEx prefixes. */
export interface ExPacketHeader {
  readonly packetType: number;
  /** Offset of the byte that carried `packetType` (for errors). */
  readonly packetTypeAt: number;
  readonly timestampOffsetNano: number;
}

/**
 * `readExPacketHeader` takes the packet type from the first byte of an ExHeader tag and follows ModEx
 * prefixes (Enhanced RTMP v2 `ModEx`) to the real packet type.
 */
export function readExPacketHeader(r: ByteReader, first: number, types: ExPacketTypes): ExPacketHeader {
  const packetType = first & 0x0f;
  if (packetType !== types.modEx) {
    return { packetType, packetTypeAt: 0, timestampOffsetNano: 0 };
  }
  const modEx = readModEx(r, types.modEx);
  return {
    packetType: modEx.packetType,
    packetTypeAt: r.position - 1,
    timestampOffsetNano: modEx.timestampOffsetNano,
  };
}

/** `ExTrack` is the track part of an ExHeader tag: the FourCC and track id, and the final packet type. */
export type ExTrack =
  | {
      readonly packetType: number;
      readonly packetTypeAt: number;
      readonly trackId: number;
      readonly fourCcValue: number;
    }
  | 'many-tracks';

/**
 * `readExTrack` reads the FourCC, and for a Multitrack packet (Enhanced RTMP v2) its one-track header:
 * the inner packet type and the track id. Multitrack packets carrying several tracks are answered with
 * `'many-tracks'` (Inlet takes one track per kind); a nested Multitrack or ModEx is malformed.
 */
export function readExTrack(
  r: ByteReader,
  kind: 'audio' | 'video',
  header: ExPacketHeader,
  types: ExPacketTypes,
): ExTrack {
  if (header.packetType !== types.multitrack) {
    return {
      packetType: header.packetType,
      packetTypeAt: header.packetTypeAt,
      trackId: 0,
      fourCcValue: r.u32(`${kind} fourcc`),
    };
  }
  const packetTypeAt = r.position;
  const b = r.u8(`${kind} multitrack type`);
  const packetType = b & 0x0f;
  if (packetType === types.multitrack || packetType === types.modEx) {
    throw badPacketType(kind, packetType, packetTypeAt);
  }
  if (b >> 4 !== FlvAvMultitrackType.oneTrack) {
    return 'many-tracks';
  }
  const fourCcValue = r.u32(`${kind} fourcc`);
  return { packetType, packetTypeAt, trackId: r.u8(`${kind} track id`), fourCcValue };
}
