import { MediaFormatError } from '../../lib/media-format-error.js';
import { crc32Mpeg2 } from './crc32-mpeg2.js';
import { PAT_TABLE_ID, PMT_TABLE_ID } from './ts-constants.js';

/**
 * Program Specific Information sections (ISO/IEC 13818-1 §2.4.4): the Program Association Table
 * (§2.4.4.3, Table 2-30) and the TS program map section (§2.4.4.8, Table 2-33), written version 0,
 * current, as one section each, with no descriptors; read with CRC_32, syntax-indicator and length checks.
 */

/** `PatProgram` is one entry of the PAT: program_number 0 names the network PID, others their PMT PID. */
export interface PatProgram {
  readonly programNumber: number;
  readonly pid: number;
}

/** `Pat` is the content of a Program Association Table. */
export interface Pat {
  readonly transportStreamId: number;
  readonly programs: readonly PatProgram[];
}

/** `PmtStream` is one elementary stream of a PMT. */
export interface PmtStream {
  readonly streamType: number;
  readonly pid: number;
}

/** `Pmt` is the content of a TS program map section. */
export interface Pmt {
  readonly programNumber: number;
  readonly pcrPid: number;
  readonly streams: readonly PmtStream[];
}

/** Bytes before section_length's end: table_id, flags + section_length. */
const SECTION_HEADER_SIZE = 3;
/** transport_stream_id/program_number, version byte, section_number, last_section_number. */
const SYNTAX_HEADER_SIZE = 5;
const CRC_SIZE = 4;
/** reserved '11', version_number 0, current_next_indicator 1. */
const VERSION_0_CURRENT = 0xc1;

function writeSectionHeader(buf: Uint8Array, at: number, tableId: number, sectionLength: number): void {
  buf[at] = tableId;
  buf[at + 1] = 0xb0 | (sectionLength >>> 8); // section_syntax_indicator 1, '0', reserved '11'
  buf[at + 2] = sectionLength & 0xff;
}

function writeU16(buf: Uint8Array, at: number, v: number): void {
  buf[at] = (v >>> 8) & 0xff;
  buf[at + 1] = v & 0xff;
}

/** Writes reserved '111' and a 13-bit PID. */
function writePid(buf: Uint8Array, at: number, pid: number): void {
  writeU16(buf, at, 0xe000 | pid);
}

function writeCrc(buf: Uint8Array, start: number, end: number): void {
  const crc = crc32Mpeg2(buf, start, end);
  writeU16(buf, end, crc >>> 16);
  writeU16(buf, end + 2, crc & 0xffff);
}

/** `patSectionSize` is the size in bytes of the PAT section `writePatSection` writes for `pat`. */
export function patSectionSize(pat: Pat): number {
  return SECTION_HEADER_SIZE + SYNTAX_HEADER_SIZE + 4 * pat.programs.length + CRC_SIZE;
}

/** `writePatSection` writes `pat` at `at` as one section (§2.4.4.3) and returns its size. */
export function writePatSection(buf: Uint8Array, at: number, pat: Pat): number {
  const size = patSectionSize(pat);
  writeSectionHeader(buf, at, PAT_TABLE_ID, size - SECTION_HEADER_SIZE);
  writeU16(buf, at + 3, pat.transportStreamId);
  buf[at + 5] = VERSION_0_CURRENT;
  buf[at + 6] = 0; // section_number
  buf[at + 7] = 0; // last_section_number
  let p = at + 8;
  for (const program of pat.programs) {
    writeU16(buf, p, program.programNumber);
    writePid(buf, p + 2, program.pid);
    p += 4;
  }
  writeCrc(buf, at, p);
  return size;
}

/** `pmtSectionSize` is the size in bytes of the PMT section `writePmtSection` writes for `pmt`. */
export function pmtSectionSize(pmt: Pmt): number {
  return SECTION_HEADER_SIZE + SYNTAX_HEADER_SIZE + 4 + 5 * pmt.streams.length + CRC_SIZE;
}

/** `writePmtSection` writes `pmt` at `at` as one section (§2.4.4.8, no descriptors) and returns its size. */
export function writePmtSection(buf: Uint8Array, at: number, pmt: Pmt): number {
  const size = pmtSectionSize(pmt);
  writeSectionHeader(buf, at, PMT_TABLE_ID, size - SECTION_HEADER_SIZE);
  writeU16(buf, at + 3, pmt.programNumber);
  buf[at + 5] = VERSION_0_CURRENT;
  buf[at + 6] = 0;
  buf[at + 7] = 0;
  writePid(buf, at + 8, pmt.pcrPid);
  writeU16(buf, at + 10, 0xf000); // reserved '1111', program_info_length 0
  let p = at + 12;
  for (const stream of pmt.streams) {
    buf[p] = stream.streamType;
    writePid(buf, p + 1, stream.pid);
    writeU16(buf, p + 3, 0xf000); // reserved '1111', ES_info_length 0
    p += 5;
  }
  writeCrc(buf, at, p);
  return size;
}

const u16 = (s: Uint8Array, i: number): number => ((s[i] ?? 0) << 8) | (s[i + 1] ?? 0);

/**
 * `checkSection` verifies the generic long-form section fields of a complete section (`section` holds
 * exactly table_id through CRC_32): the table_id, section_syntax_indicator 1, and the CRC_32. `offset`
 * is where the section started in the input, for the error.
 */
function checkSection(section: Uint8Array, tableId: number, what: string, offset: number): void {
  if (section[0] !== tableId) {
    throw new MediaFormatError(
      'ts-bad-table-id',
      `${what} section at offset ${offset} has table_id ${section[0] ?? -1}, expected ${tableId}`,
      offset,
    );
  }
  if (
    ((section[1] ?? 0) & 0x80) === 0 ||
    section.byteLength < SECTION_HEADER_SIZE + SYNTAX_HEADER_SIZE + CRC_SIZE
  ) {
    throw new MediaFormatError(
      'ts-bad-section',
      `${what} section at offset ${offset} has no section syntax or is only ${section.byteLength} bytes`,
      offset,
    );
  }
  if (crc32Mpeg2(section) !== 0) {
    throw new MediaFormatError('ts-bad-crc', `${what} section at offset ${offset} fails its CRC_32`, offset);
  }
}

/** `parsePatSection` reads a complete PAT section (§2.4.4.3). Throws `MediaFormatError` when malformed. */
export function parsePatSection(section: Uint8Array, offset: number): Pat {
  checkSection(section, PAT_TABLE_ID, 'pat', offset);
  const loop = section.byteLength - (SECTION_HEADER_SIZE + SYNTAX_HEADER_SIZE + CRC_SIZE);
  if (loop % 4 !== 0) {
    throw new MediaFormatError(
      'ts-bad-section',
      `pat section at offset ${offset} has a program loop of ${loop} bytes, not a multiple of 4`,
      offset,
    );
  }
  const programs: PatProgram[] = [];
  for (let p = SECTION_HEADER_SIZE + SYNTAX_HEADER_SIZE; p < section.byteLength - CRC_SIZE; p += 4) {
    programs.push({ programNumber: u16(section, p), pid: u16(section, p + 2) & 0x1fff });
  }
  return { transportStreamId: u16(section, 3), programs };
}

/** `parsePmtSection` reads a complete TS program map section (§2.4.4.8); descriptors are skipped. */
export function parsePmtSection(section: Uint8Array, offset: number): Pmt {
  checkSection(section, PMT_TABLE_ID, 'pmt', offset);
  const end = section.byteLength - CRC_SIZE;
  const bad = (message: string): MediaFormatError =>
    new MediaFormatError('ts-bad-section', `pmt section at offset ${offset}: ${message}`, offset);
  if (end < 12) {
    throw bad(`only ${section.byteLength} bytes, too short for PCR_PID and program_info_length`);
  }
  const pcrPid = u16(section, 8) & 0x1fff;
  const programInfoLength = u16(section, 10) & 0x0fff;
  let p = 12 + programInfoLength;
  if (p > end) {
    throw bad(`program_info_length ${programInfoLength} runs past the section end`);
  }
  const streams: PmtStream[] = [];
  while (p < end) {
    if (p + 5 > end) {
      throw bad(`elementary stream entry at byte ${p} is cut off`);
    }
    const esInfoLength = u16(section, p + 3) & 0x0fff;
    streams.push({ streamType: section[p] ?? 0, pid: u16(section, p + 1) & 0x1fff });
    p += 5 + esInfoLength;
    if (p > end) {
      throw bad(`ES_info_length ${esInfoLength} runs past the section end`);
    }
  }
  return { programNumber: u16(section, 3), pcrPid, streams };
}
