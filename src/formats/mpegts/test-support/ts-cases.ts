import { hexOf, hexText } from '../../../lib/bytes/test-support/hex.js';
import type { TsPes, TsProgram } from '../ts-segment-writer.js';

/**
 * Byte-exact transport stream segments for the writer and reader tables: each case is a program and
 * its PES packets, and the segment they make, packet by packet, as hex with the fields named.
 */

/** `TsCase` is one segment: `program` + `pes` written give `packets`; read, they give them back. */
export interface TsCase {
  readonly name: string;
  readonly program: TsProgram;
  readonly pes: readonly TsPes[];
  /** Hex of each 188-byte packet, in order. */
  readonly packets: readonly string[];
}

/** `ff` is `n` stuffing bytes. */
const ff = (n: number): string => 'ff'.repeat(n);
/** `countingBytes` is the payload bytes `from, from + 1, ...` (mod 256), `n` of them. */
export const countingBytes = (from: number, n: number): Uint8Array =>
  Uint8Array.from({ length: n }, (_, i) => (from + i) & 0xff);
/** `counting` is `countingBytes` as hex. */
const counting = (from: number, n: number): string => hexOf(countingBytes(from, n));

/** The PAT every case has: transport_stream_id 1, program 1 on PMT PID 0x1000 (as ffmpeg writes it). */
const PAT = hexText(
  '47 40 00 10', // sync, payload_unit_start, PID 0, payload only, continuity_counter 0
  '00', // pointer_field
  '00 b00d 0001 c1 00 00', // table_id 0, section_length 13, transport_stream_id 1, version 0 current, section 0/0
  '0001 f000', // program_number 1 → PMT PID 0x1000 (reserved bits 111)
  '2ab104b2', // CRC_32
  ff(167),
);

const AUDIO = { pid: 0x101, streamType: 0x0f, streamId: 0xc0 } as const;
const AVC = { pid: 0x100, streamType: 0x1b, streamId: 0xe0 } as const;
const HEVC = { pid: 0x100, streamType: 0x24, streamId: 0xe0 } as const;

export const tsCases: readonly TsCase[] = [
  {
    name: 'audio only: one ADTS PES carrying the PCR, stuffed to the packet end',
    program: { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x101, streams: [AUDIO] },
    pes: [{ pid: 0x101, pts: 900, payload: [countingBytes(0xa0, 8)] }],
    packets: [
      PAT,
      hexText(
        '47 50 00 10 00', // PID 0x1000, payload_unit_start, cc 0; pointer_field
        '02 b012 0001 c1 00 00', // table_id 2, section_length 18, program_number 1, version 0 current
        'e101 f000', // PCR_PID 0x101, program_info_length 0
        '0f e101 f000', // stream_type 0x0F (AAC ADTS) on PID 0x101, ES_info_length 0
        'ece2b094', // CRC_32
        ff(162),
      ),
      hexText(
        '47 41 01 30', // payload_unit_start, PID 0x101, adaptation field + payload, cc 0
        'a1 10', // adaptation_field_length 161, PCR_flag
        '000001c2 7e00', // PCR base 900, reserved 111111, extension 0
        ff(154), // stuffing
        '000001 c0 0010', // PES start, stream_id 0xC0, PES_packet_length 16
        '84 80 05', // data_alignment_indicator; PTS only; PES_header_data_length 5
        '21 0001 0709', // PTS 900 ('0010' prefix, marker bits)
        counting(0xa0, 8),
      ),
    ],
  },
  {
    name: 'H.264 + AAC: a key frame PES over two packets (PTS, DTS, PCR, random access), then audio',
    program: { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [AVC, AUDIO] },
    pes: [
      {
        pid: 0x100,
        pts: 6000,
        dts: 3000,
        randomAccess: true,
        payload: [countingBytes(0, 150), countingBytes(150, 50)],
      },
      { pid: 0x101, pts: 3000, randomAccess: true, payload: [countingBytes(0xf0, 4)] },
    ],
    packets: [
      PAT,
      hexText(
        '47 50 00 10 00',
        '02 b017 0001 c1 00 00', // section_length 23
        'e100 f000', // PCR_PID 0x100
        '1b e100 f000', // H.264 on PID 0x100
        '0f e101 f000', // AAC ADTS on PID 0x101
        '2f44b99b', // CRC_32 (the PMT ffmpeg writes for this program)
        ff(157),
      ),
      hexText(
        '47 41 00 30', // payload_unit_start, PID 0x100, cc 0
        '07 50', // adaptation_field_length 7: random_access_indicator, PCR_flag
        '000005dc 7e00', // PCR base 3000 (the DTS)
        '000001 e0 00d5', // stream_id 0xE0, PES_packet_length 213 = 3 + 10 + 200
        '84 c0 0a', // PTS and DTS, header data 10 bytes
        '31 0001 2ee1', // PTS 6000 ('0011')
        '11 0001 1771', // DTS 3000 ('0001')
        counting(0, 157),
      ),
      hexText(
        '47 01 00 31', // PID 0x100, continuation, cc 1
        '8c 00', // adaptation_field_length 140, no flags
        ff(139),
        counting(157, 43),
      ),
      hexText(
        '47 41 01 30', // PID 0x101, cc 0
        'a5 40', // adaptation_field_length 165, random_access_indicator
        ff(164),
        '000001 c0 000c 84 80 05', // PES_packet_length 12
        '21 0001 1771', // PTS 3000
        counting(0xf0, 4),
      ),
    ],
  },
  {
    name: 'PES of 183 and 184 bytes: a one-byte adaptation field, then none at all',
    program: { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [AVC, AUDIO] },
    pes: [
      { pid: 0x100, pts: 0, payload: [countingBytes(1, 4)] },
      { pid: 0x101, pts: 1, payload: [countingBytes(0, 169)] },
      { pid: 0x101, pts: 2, payload: [countingBytes(0, 100), new Uint8Array(0), countingBytes(100, 70)] },
    ],
    packets: [
      PAT,
      hexText(
        '47 50 00 10 00',
        '02 b017 0001 c1 00 00 e100 f000 1b e100 f000 0f e101 f000 2f44b99b',
        ff(157),
      ),
      hexText(
        '47 41 00 30',
        'a5 10 000000007e00', // adaptation_field_length 165: PCR 0, then stuffing
        ff(158),
        '000001 e0 000c 84 80 05 21 0001 0001', // PES_packet_length 12, PTS 0
        counting(1, 4),
      ),
      hexText(
        '47 41 01 30', // cc 0
        '00', // adaptation_field_length 0: the single stuffing byte
        '000001 c0 00b1 84 80 05 21 0001 0003', // PES_packet_length 177, PTS 1
        counting(0, 169),
      ),
      hexText(
        '47 41 01 11', // payload only, cc 1
        '000001 c0 00b2 84 80 05 21 0001 0005', // PES_packet_length 178, PTS 2
        counting(0, 170),
      ),
    ],
  },
  {
    name: 'HEVC at the end of the 33-bit clock: PTS, DTS and PCR of 2^33 - 1 and 2^33 - 3001',
    program: { programNumber: 1, pmtPid: 0x1000, pcrPid: 0x100, streams: [HEVC] },
    pes: [
      {
        pid: 0x100,
        pts: 2 ** 33 - 1,
        dts: 2 ** 33 - 3001,
        randomAccess: true,
        payload: [countingBytes(0x40, 10)],
      },
    ],
    packets: [
      PAT,
      hexText(
        '47 50 00 10 00',
        '02 b012 0001 c1 00 00 e100 f000',
        '24 e100 f000', // stream_type 0x24 (HEVC) on PID 0x100
        '2f006ee7',
        ff(162),
      ),
      hexText(
        '47 41 00 30',
        '9a 50', // adaptation_field_length 154: random access, PCR
        'fffffa23 fe00', // PCR base 2^33 - 3001
        ff(147),
        '000001 e0 0017 84 c0 0a', // PES_packet_length 23
        '3f ffff ffff', // PTS 2^33 - 1: every bit set
        '1f ffff e88f', // DTS 2^33 - 3001
        counting(0x40, 10),
      ),
    ],
  },
];
