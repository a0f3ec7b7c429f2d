import { ByteReader } from '../../lib/bytes/byte-reader.js';
import {
  audioFourCcOf,
  badPacketType,
  fourCcText,
  FlvAudioPacketType,
  readExPacketHeader,
  readExTrack,
  type FlvAudioFourCc,
} from './enhanced-rtmp.js';
import {
  ignoredPacket,
  unsupportedPacket,
  type FlvIgnoredPacket,
  type FlvUnsupportedPacket,
} from './flv-skipped-packet.js';

/** `FlvAudioSequenceStart` carries the decoder configuration (the AAC AudioSpecificConfig). */
export interface FlvAudioSequenceStart {
  readonly type: 'sequence-start';
  readonly fourCc: FlvAudioFourCc;
  /** Enhanced RTMP multitrack track id; 0 for single-track messages. */
  readonly trackId: number;
  /** View of the configuration inside the message payload. */
  readonly body: Uint8Array;
}

/** `FlvAudioCodedFrames` is one raw audio frame (an AAC raw_data_block, no ADTS header). */
export interface FlvAudioCodedFrames {
  readonly type: 'coded-frames';
  readonly fourCc: FlvAudioFourCc;
  readonly trackId: number;
  /** Enhanced RTMP v2 ModEx TimestampOffsetNano (0..999 999 ns added to the message timestamp). */
  readonly timestampOffsetNano: number;
  readonly body: Uint8Array;
}

/** `FlvAudioSequenceEnd` signals the end of an audio sequence (Enhanced RTMP v2). */
export interface FlvAudioSequenceEnd {
  readonly type: 'sequence-end';
  readonly fourCc: FlvAudioFourCc;
  readonly trackId: number;
}

/** `FlvAudioPacket` is what one audio tag body (RTMP message type 8) holds. */
export type FlvAudioPacket =
  FlvAudioSequenceStart | FlvAudioCodedFrames | FlvAudioSequenceEnd | FlvIgnoredPacket | FlvUnsupportedPacket;

/** Legacy SoundFormat values with a meaning here (FLV spec v10.1 §E.4.2.1; 9 is the E-RTMP switch). */
const SoundFormat = { exHeader: 9, aac: 10 } as const;

/** Names of the legacy SoundFormat values Inlet does not ingest. */
const legacySoundFormatNames: Readonly<Record<number, string>> = {
  0: 'linear pcm (platform endian)',
  1: 'adpcm',
  2: 'mp3',
  3: 'linear pcm (little endian)',
  4: 'nellymoser 16 khz mono',
  5: 'nellymoser 8 khz mono',
  6: 'nellymoser',
  7: 'g.711 a-law',
  8: 'g.711 mu-law',
  11: 'speex',
  14: 'mp3 8 khz',
  15: 'device-specific sound',
};

/** Legacy AACPacketType (FLV spec v10.1 §E.4.2.2): 0 sequence header, 1 raw frame. */
const AacPacketType = { sequenceHeader: 0, raw: 1 } as const;

function parseLegacyAac(r: ByteReader): FlvAudioPacket {
  const at = r.position;
  const packetType = r.u8('aac packet type');
  switch (packetType) {
    case AacPacketType.sequenceHeader:
      return { type: 'sequence-start', fourCc: 'mp4a', trackId: 0, body: r.rest() };
    case AacPacketType.raw:
      return { type: 'coded-frames', fourCc: 'mp4a', trackId: 0, timestampOffsetNano: 0, body: r.rest() };
    default:
      throw badPacketType('audio', packetType, at);
  }
}

function parseEnhanced(r: ByteReader, first: number): FlvAudioPacket {
  const header = readExPacketHeader(r, first, FlvAudioPacketType);
  const track = readExTrack(r, 'audio', header, FlvAudioPacketType);
  if (track === 'many-tracks') {
    return unsupportedPacket('multitrack');
  }
  const { packetType, packetTypeAt, trackId, fourCcValue } = track;
  const { timestampOffsetNano } = header;
  const fourCc = audioFourCcOf(fourCcValue);
  if (fourCc === undefined) {
    return unsupportedPacket(fourCcText(fourCcValue));
  }
  switch (packetType) {
    case FlvAudioPacketType.sequenceStart:
      return { type: 'sequence-start', fourCc, trackId, body: r.rest() };
    case FlvAudioPacketType.codedFrames:
      return { type: 'coded-frames', fourCc, trackId, timestampOffsetNano, body: r.rest() };
    case FlvAudioPacketType.sequenceEnd:
      return { type: 'sequence-end', fourCc, trackId };
    case FlvAudioPacketType.multichannelConfig:
      return ignoredPacket('audio multichannel config');
    default:
      throw badPacketType('audio', packetType, packetTypeAt);
  }
}

/**
 * `parseFlvAudioTag` decodes an RTMP audio message body / FLV audio tag body: the legacy AudioTagHeader
 * (FLV spec v10.1 §E.4.2.1; AAC with AACPacketType) and the Enhanced RTMP v2 ExAudioTagHeader (FourCC
 * `mp4a`, ModEx, one-track multitrack). An empty message is the RTMP "silence" message and is ignored.
 * Bodies are views into `payload`. Throws `MediaFormatError` on truncated or malformed input; other
 * codecs come back as `unsupported` with their name.
 */
export function parseFlvAudioTag(payload: Uint8Array): FlvAudioPacket {
  if (payload.byteLength === 0) {
    return ignoredPacket('silence');
  }
  const r = new ByteReader(payload);
  const first = r.u8('audio tag header');
  const soundFormat = first >> 4;
  if (soundFormat === SoundFormat.exHeader) {
    return parseEnhanced(r, first);
  }
  if (soundFormat === SoundFormat.aac) {
    return parseLegacyAac(r);
  }
  return unsupportedPacket(legacySoundFormatNames[soundFormat] ?? `reserved sound format ${soundFormat}`);
}
