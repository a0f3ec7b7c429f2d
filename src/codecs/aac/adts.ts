import { ByteWriter } from '../../lib/bytes/byte-writer.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import { aacSampleRateOf } from './sampling-frequency.js';

/** `AdtsHeader` is the fixed and variable ADTS header (ISO/IEC 14496-3 §1.A.2.2, Table 1.A.5-1.A.7). */
export interface AdtsHeader {
  /** MPEG-4 audio object type: the 2-bit profile + 1 (1 Main, 2 LC, 3 SSR, 4 LTP). */
  readonly audioObjectType: number;
  readonly samplingFrequencyIndex: number;
  readonly sampleRate: number;
  readonly channelConfiguration: number;
  /** 7 bytes, or 9 when a CRC follows the header (protection_absent 0). */
  readonly headerLength: number;
  /** aac_frame_length: header plus payload, in bytes. */
  readonly frameLength: number;
  /** number_of_raw_data_blocks_in_frame + 1. */
  readonly rawDataBlocks: number;
}

/** `AdtsFrame` is one ADTS frame: its header and a view of the raw AAC payload after it. */
export interface AdtsFrame {
  readonly header: AdtsHeader;
  readonly payload: Uint8Array;
}

const SYNCWORD = 0xfff;
const HEADER_LENGTH = 7;
const CRC_LENGTH = 2;

/**
 * `parseAdtsHeader` reads the ADTS header at `offset` (ISO/IEC 14496-3 §1.A.2.2). Throws
 * `MediaFormatError` for a missing syncword, a reserved sampling index, a frame length shorter than its
 * header, or bytes cut off.
 */
export function parseAdtsHeader(data: Uint8Array, offset = 0): AdtsHeader {
  if (offset + HEADER_LENGTH > data.byteLength) {
    throw new MediaFormatError('truncated', `adts header at offset ${offset} is cut off`, offset);
  }
  const b = (i: number): number => data[offset + i] ?? 0;
  const sync = (b(0) << 4) | (b(1) >> 4);
  if (sync !== SYNCWORD) {
    throw new MediaFormatError(
      'adts-bad-sync',
      `no adts syncword at offset ${offset} (0x${sync.toString(16)})`,
      offset,
    );
  }
  const protectionAbsent = b(1) & 0x01;
  const profile = b(2) >> 6;
  const samplingFrequencyIndex = (b(2) >> 2) & 0x0f;
  const sampleRate = aacSampleRateOf(samplingFrequencyIndex, offset + 2);
  const channelConfiguration = ((b(2) & 0x01) << 2) | (b(3) >> 6);
  const frameLength = ((b(3) & 0x03) << 11) | (b(4) << 3) | (b(5) >> 5);
  const rawDataBlocks = (b(6) & 0x03) + 1;
  const headerLength = protectionAbsent ? HEADER_LENGTH : HEADER_LENGTH + CRC_LENGTH;
  if (frameLength < headerLength) {
    throw new MediaFormatError(
      'adts-bad-length',
      `adts frame at offset ${offset} has length ${frameLength}, shorter than its ${headerLength}-byte header`,
      offset,
    );
  }
  return {
    audioObjectType: profile + 1,
    samplingFrequencyIndex,
    sampleRate,
    channelConfiguration,
    headerLength,
    frameLength,
    rawDataBlocks,
  };
}

/**
 * `splitAdts` splits an ADTS stream (as `ffmpeg -f adts` writes) into frames whose payloads are views of
 * the input. Frames with several raw data blocks are rejected (their block boundaries need a CRC-aware
 * parse that nothing here needs), as is a frame cut off at the end.
 */
export function splitAdts(data: Uint8Array): AdtsFrame[] {
  const out: AdtsFrame[] = [];
  let at = 0;
  while (at < data.byteLength) {
    const header = parseAdtsHeader(data, at);
    if (header.rawDataBlocks !== 1) {
      throw new MediaFormatError(
        'adts-multiple-blocks',
        `adts frame at offset ${at} holds ${header.rawDataBlocks} raw data blocks; only 1 is supported`,
        at,
      );
    }
    if (at + header.frameLength > data.byteLength) {
      throw new MediaFormatError('truncated', `adts frame at offset ${at} is cut off`, at);
    }
    out.push({ header, payload: data.subarray(at + header.headerLength, at + header.frameLength) });
    at += header.frameLength;
  }
  return out;
}

/**
 * `audioSpecificConfigFromAdts` builds the 2-byte AudioSpecificConfig equivalent to an ADTS header
 * (ISO/IEC 14496-3 §1.6.2.1): object type, sampling index, channel configuration, then GASpecificConfig
 * with frameLengthFlag, dependsOnCoreCoder and extensionFlag all 0. A channel configuration of 0 (layout
 * in an in-band PCE) cannot be expressed this way and throws `MediaFormatError`.
 */
export function audioSpecificConfigFromAdts(header: AdtsHeader): Uint8Array {
  if (header.channelConfiguration === 0) {
    throw new MediaFormatError(
      'adts-pce-unsupported',
      'adts channel configuration 0 (in-band pce) is not supported',
      0,
    );
  }
  const bits =
    (header.audioObjectType << 11) |
    (header.samplingFrequencyIndex << 7) |
    (header.channelConfiguration << 3);
  return new ByteWriter(2).u16(bits).toBytes();
}
