import { MediaFormatError } from '../../lib/media-format-error.js';
import { readTimestamp, wrapTimestamp, writeTimestamp } from './timestamps.js';

/**
 * The PES packet header (ISO/IEC 13818-1 §2.4.3.6, Table 2-21). Written with data_alignment_indicator 1
 * (every PES Inlet writes starts with an access unit, §2.4.3.7) and PTS, or PTS and DTS; read with
 * the marker and flag checks, skipping optional fields it does not use (ESCR, ES_rate, ...) by
 * PES_header_data_length.
 */

/** packet_start_code_prefix, stream_id, PES_packet_length. */
const PES_FIXED_SIZE = 6;
/** The two flag bytes and PES_header_data_length. */
const PES_OPTIONAL_FIXED_SIZE = 3;
const TIMESTAMP_SIZE = 5;
/** '10', scrambling 00, priority 0, data_alignment_indicator 1, copyright 0, original_or_copy 0. */
const FLAGS_ALIGNED = 0x84;
/** PTS_DTS_flags values (§2.4.3.7). */
const PTS_ONLY = 0b10;
const PTS_AND_DTS = 0b11;
/** Prefixes of the timestamp fields: '0010' PTS alone, '0011' PTS before a DTS, '0001' the DTS. */
const PREFIX_PTS_ONLY = 0b0010;
const PREFIX_PTS_WITH_DTS = 0b0011;
const PREFIX_DTS = 0b0001;
/** Largest PES_packet_length; 0 means "unbounded", allowed only for video (§2.4.3.7). */
export const MAX_PES_PACKET_LENGTH = 0xffff;

/** Stream ids whose PES packets carry no optional header (Table 2-21: the `else if` branches). */
const NO_OPTIONAL_HEADER = new Set([0xbc, 0xbe, 0xbf, 0xf0, 0xf1, 0xf2, 0xf8, 0xff]);

/** `PesTimes` is what a PES header says about timing: DTS only when it differs from the PTS. */
export interface PesTimes {
  readonly pts: number;
  readonly dts?: number;
}

/** `hasSeparateDts` tells whether a DTS field is written: present and different from the PTS mod 2^33. */
export function hasSeparateDts(times: PesTimes): boolean {
  return times.dts !== undefined && wrapTimestamp(times.dts) !== wrapTimestamp(times.pts);
}

/** `pesHeaderSize` is the size of the header `writePesHeader` writes. */
export function pesHeaderSize(times: PesTimes): number {
  return PES_FIXED_SIZE + PES_OPTIONAL_FIXED_SIZE + (hasSeparateDts(times) ? 2 : 1) * TIMESTAMP_SIZE;
}

/**
 * `writePesHeader` writes a PES header at `at` for `payloadLength` bytes of elementary stream data and
 * returns its size. `packetLength` is the PES_packet_length field: the exact byte count after the field,
 * or 0 for an unbounded video PES.
 */
export function writePesHeader(
  buf: Uint8Array,
  at: number,
  streamId: number,
  times: PesTimes,
  packetLength: number,
): number {
  const dts = hasSeparateDts(times);
  buf[at] = 0;
  buf[at + 1] = 0;
  buf[at + 2] = 1;
  buf[at + 3] = streamId;
  buf[at + 4] = packetLength >>> 8;
  buf[at + 5] = packetLength & 0xff;
  buf[at + 6] = FLAGS_ALIGNED;
  buf[at + 7] = (dts ? PTS_AND_DTS : PTS_ONLY) << 6;
  buf[at + 8] = (dts ? 2 : 1) * TIMESTAMP_SIZE;
  writeTimestamp(buf, at + 9, dts ? PREFIX_PTS_WITH_DTS : PREFIX_PTS_ONLY, times.pts);
  if (dts) {
    writeTimestamp(buf, at + 14, PREFIX_DTS, times.dts ?? 0);
  }
  return pesHeaderSize(times);
}

/** `PesHeaderInfo` is a PES header as read. */
export interface PesHeaderInfo {
  readonly streamId: number;
  /** PES_packet_length as written (0: unbounded). */
  readonly packetLength: number;
  readonly pts: number | undefined;
  readonly dts: number | undefined;
  readonly dataAlignment: boolean;
  /** Offset of the elementary stream data in the PES packet. */
  readonly payloadStart: number;
}

/**
 * `parsePesHeader` reads the header of the complete PES packet `pes` (`offset`: where it starts in the
 * input, for errors). Throws `MediaFormatError` for a wrong start code prefix, marker bits, the forbidden
 * PTS_DTS_flags '01', or a header longer than the packet.
 */
export function parsePesHeader(pes: Uint8Array, offset: number): PesHeaderInfo {
  if (pes.byteLength < PES_FIXED_SIZE) {
    throw new MediaFormatError(
      'truncated',
      `pes packet at offset ${offset} has only ${pes.byteLength} bytes`,
      offset,
    );
  }
  if (pes[0] !== 0 || pes[1] !== 0 || pes[2] !== 1) {
    throw new MediaFormatError(
      'ts-bad-pes-start',
      `pes packet at offset ${offset} does not start with 000001 (${Buffer.from(pes.subarray(0, 3)).toString('hex')})`,
      offset,
    );
  }
  const streamId = pes[3] ?? 0;
  const packetLength = ((pes[4] ?? 0) << 8) | (pes[5] ?? 0);
  if (NO_OPTIONAL_HEADER.has(streamId)) {
    return { streamId, packetLength, pts: undefined, dts: undefined, dataAlignment: false, payloadStart: 6 };
  }
  if (pes.byteLength < PES_FIXED_SIZE + PES_OPTIONAL_FIXED_SIZE) {
    throw new MediaFormatError('truncated', `pes header at offset ${offset} is cut off`, offset);
  }
  const flags1 = pes[6] ?? 0;
  const flags2 = pes[7] ?? 0;
  const headerDataLength = pes[8] ?? 0;
  const payloadStart = PES_FIXED_SIZE + PES_OPTIONAL_FIXED_SIZE + headerDataLength;
  const ptsDts = flags2 >>> 6;
  if (flags1 >>> 6 !== 0b10 || ptsDts === 0b01) {
    throw new MediaFormatError(
      'ts-bad-pes-header',
      `pes header at offset ${offset} has marker bits ${flags1 >>> 6} (expected 2) or PTS_DTS_flags ${ptsDts}`,
      offset,
    );
  }
  const timestampsSize =
    ptsDts === PTS_AND_DTS ? 2 * TIMESTAMP_SIZE : ptsDts === PTS_ONLY ? TIMESTAMP_SIZE : 0;
  if (timestampsSize > headerDataLength || payloadStart > pes.byteLength) {
    throw new MediaFormatError(
      'ts-bad-pes-header',
      `pes header at offset ${offset} has PES_header_data_length ${headerDataLength}: too short for its timestamps or past the packet end`,
      offset,
    );
  }
  const base = PES_FIXED_SIZE + PES_OPTIONAL_FIXED_SIZE;
  const pts =
    ptsDts === 0
      ? undefined
      : readTimestamp(
          pes,
          base,
          ptsDts === PTS_AND_DTS ? PREFIX_PTS_WITH_DTS : PREFIX_PTS_ONLY,
          'pts',
          offset,
        );
  const dts =
    ptsDts === PTS_AND_DTS ? readTimestamp(pes, base + TIMESTAMP_SIZE, PREFIX_DTS, 'dts', offset) : undefined;
  return { streamId, packetLength, pts, dts, dataAlignment: (flags1 & 0x04) !== 0, payloadStart };
}
