import { MediaFormatError } from '../../lib/media-format-error.js';
import { PesAssembler, type TsPesPacket } from './pes-assembler.js';
import { type Pat, type Pmt, parsePatSection, parsePmtSection } from './psi-sections.js';
import { SectionAssembler } from './section-assembler.js';
import { NULL_PID, PAT_PID, TS_PACKET_SIZE } from './ts-constants.js';
import { readTsPacket, type TsPacketInfo } from './ts-packet-reader.js';

/** `TsSegmentInfo` is a transport stream segment as `readTsSegment` reads it. */
export interface TsSegmentInfo {
  /** The first PAT of the input. */
  readonly pat: Pat;
  /** The first PMT of the PAT's first program (program_number other than 0). */
  readonly pmt: Pmt;
  /** Every PES packet of the PMT's elementary streams, in the order their first packets appear. */
  readonly pes: readonly TsPesPacket[];
  readonly packetCount: number;
  /** Packets of PIDs that are neither PSI nor a stream of the PMT (yet), and null packets. */
  readonly ignoredPackets: number;
}

interface ContinuityState {
  counter: number;
  offset: number;
  duplicates: number;
}

/**
 * `readTsSegment` reads a transport stream of whole 188-byte packets (ISO/IEC 13818-1 §2.4): the PAT
 * and the PMT it names (sections reassembled, CRC_32 checked), then the PES packets of the PMT's
 * streams with their PTS/DTS, random_access_indicator and PCR. The continuity_counter of every PID must
 * count up by one per packet with payload and stay on packets without, unless discontinuity_indicator
 * is set; one exact duplicate of a packet is allowed and skipped (§2.4.3.3). Packets of an elementary
 * PID that arrive before its PMT are ignored. Each packet is read once and each byte copied at most
 * once, so the work is linear in the input. Throws `MediaFormatError` on malformed input or when no
 * PAT/PMT is found.
 */
export function readTsSegment(bytes: Uint8Array): TsSegmentInfo {
  if (bytes.byteLength % TS_PACKET_SIZE !== 0) {
    throw new MediaFormatError(
      'ts-bad-length',
      `transport stream of ${bytes.byteLength} bytes is not a whole number of ${TS_PACKET_SIZE}-byte packets`,
      bytes.byteLength - (bytes.byteLength % TS_PACKET_SIZE),
    );
  }
  const continuity = new Map<number, ContinuityState>();
  const sections = new Map<number, SectionAssembler>([[PAT_PID, new SectionAssembler()]]);
  const streams = new Map<number, PesAssembler>();
  const done: TsPesPacket[] = [];
  let pat: Pat | undefined;
  let pmt: Pmt | undefined;
  let ignored = 0;
  const onSection = (pid: number, section: Uint8Array, offset: number): void => {
    if (pid === PAT_PID) {
      if (pat !== undefined) {
        return;
      }
      pat = parsePatSection(section, offset);
      const program = pat.programs.find((p) => p.programNumber !== 0);
      if (program !== undefined) {
        if (program.pid === PAT_PID || program.pid === NULL_PID) {
          throw new MediaFormatError('ts-bad-section', `pat names pid ${program.pid} as a pmt`, offset);
        }
        sections.set(program.pid, new SectionAssembler());
      }
      return;
    }
    const program = pat?.programs.find((p) => p.programNumber !== 0);
    if (pmt !== undefined || program === undefined || section[0] !== 0x02) {
      return;
    }
    pmt = parsePmtSection(section, offset);
    if (pmt.programNumber !== program.programNumber) {
      throw new MediaFormatError(
        'ts-bad-section',
        `pmt at offset ${offset} is for program ${pmt.programNumber}, the pat names program ${program.programNumber}`,
        offset,
      );
    }
    for (const s of pmt.streams) {
      if (sections.has(s.pid) || streams.has(s.pid) || s.pid === NULL_PID) {
        throw new MediaFormatError(
          'ts-bad-section',
          `pmt at offset ${offset} lists pid ${s.pid} twice or as psi`,
          offset,
        );
      }
      streams.set(s.pid, new PesAssembler(s.pid, done));
    }
  };
  for (let at = 0; at < bytes.byteLength; at += TS_PACKET_SIZE) {
    const packet = readTsPacket(bytes, at);
    if (packet.pid === NULL_PID) {
      ignored++;
      continue;
    }
    if (!checkContinuity(bytes, packet, continuity)) {
      continue;
    }
    const assembler = sections.get(packet.pid);
    const stream = streams.get(packet.pid);
    if (assembler !== undefined) {
      for (const s of assembler.push(packet)) {
        onSection(packet.pid, s.bytes, s.offset);
      }
    } else if (stream !== undefined) {
      stream.push(packet);
    } else {
      ignored++;
    }
  }
  for (const assembler of sections.values()) {
    assembler.finish();
  }
  for (const stream of streams.values()) {
    stream.end();
  }
  if (pat === undefined || pmt === undefined) {
    throw new MediaFormatError(
      'ts-missing-psi',
      `transport stream of ${bytes.byteLength / TS_PACKET_SIZE} packets has no ${pat === undefined ? 'pat' : 'pmt'}`,
      0,
    );
  }
  done.sort((a, b) => a.offset - b.offset);
  return { pat, pmt, pes: done, packetCount: bytes.byteLength / TS_PACKET_SIZE, ignoredPackets: ignored };
}

/**
 * Checks the continuity_counter of `packet` against the previous packet of its PID (§2.4.3.3); false
 * for an allowed duplicate, which is to be skipped.
 */
function checkContinuity(
  bytes: Uint8Array,
  packet: TsPacketInfo,
  states: Map<number, ContinuityState>,
): boolean {
  const state = states.get(packet.pid);
  const cc = packet.continuityCounter;
  if (state === undefined || packet.discontinuity) {
    states.set(packet.pid, { counter: cc, offset: packet.offset, duplicates: 0 });
    return true;
  }
  if (
    packet.hasPayload &&
    cc === state.counter &&
    state.duplicates === 0 &&
    samePacket(bytes, state.offset, packet.offset)
  ) {
    state.duplicates = 1;
    return false;
  }
  const expected = packet.hasPayload ? (state.counter + 1) & 0x0f : state.counter;
  if (cc !== expected) {
    throw new MediaFormatError(
      'ts-continuity',
      `pid ${packet.pid}: continuity_counter ${cc} at offset ${packet.offset}, expected ${expected}`,
      packet.offset,
    );
  }
  state.counter = cc;
  state.offset = packet.offset;
  state.duplicates = 0;
  return true;
}

function samePacket(bytes: Uint8Array, a: number, b: number): boolean {
  for (let i = 0; i < TS_PACKET_SIZE; i++) {
    if (bytes[a + i] !== bytes[b + i]) {
      return false;
    }
  }
  return true;
}
