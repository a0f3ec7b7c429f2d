/**
 * Constants of the MPEG-2 transport stream (ISO/IEC 13818-1): packet geometry, reserved PIDs, the
 * stream_type values of the codecs Inlet carries (Table 2-34) and the PES stream_id ranges (Table 2-22).
 */

/** Every transport packet is 188 bytes (§2.4.3.2). */
export const TS_PACKET_SIZE = 188;
/** sync_byte, the first byte of every packet (§2.4.3.3). */
export const TS_SYNC_BYTE = 0x47;
/** sync_byte, flags + PID, scrambling/adaptation control + continuity_counter. */
export const TS_HEADER_SIZE = 4;
/** Bytes after the packet header: adaptation field plus payload. */
export const TS_BODY_SIZE = TS_PACKET_SIZE - TS_HEADER_SIZE;

/** PID of the Program Association Table (Table 2-3). */
export const PAT_PID = 0x0000;
/** Lowest PID free for PMTs and elementary streams (0x0001..0x000F are reserved, Table 2-3). */
export const MIN_PROGRAM_PID = 0x0010;
/** Null packets (Table 2-3); the largest PID a program may not use. */
export const NULL_PID = 0x1fff;

/** table_id of the PAT and of the PMT (Table 2-31). */
export const PAT_TABLE_ID = 0x00;
export const PMT_TABLE_ID = 0x02;
/** Longest section_length of a PAT or PMT: the section may not exceed 1024 bytes (§2.4.4.3, §2.4.4.8). */
export const MAX_PSI_SECTION_LENGTH = 1021;

/** stream_type values (Table 2-34; HEVC per ISO/IEC 13818-1 Amd. 3). */
export const TsStreamType = {
  /** ISO/IEC 13818-7 audio with ADTS transport syntax. */
  aacAdts: 0x0f,
  /** AVC video stream (ITU-T H.264). */
  h264: 0x1b,
  /** HEVC video stream (ITU-T H.265). */
  hevc: 0x24,
} as const;

/** PES stream_id values (Table 2-22): the first of the audio (0xC0..0xDF) and video (0xE0..0xEF) ranges. */
export const PesStreamId = {
  audio: 0xc0,
  video: 0xe0,
} as const;

/** `isVideoStreamId` is true for the video stream_id range 0xE0..0xEF (Table 2-22). */
export function isVideoStreamId(streamId: number): boolean {
  return streamId >= 0xe0 && streamId <= 0xef;
}

/** PTS, DTS and the PCR base count 90 kHz ticks modulo 2^33 (§2.4.3.7, §2.4.3.5). */
export const TIMESTAMP_MODULUS = 2 ** 33;
