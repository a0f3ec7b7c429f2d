import { MAX_PES_PACKET_LENGTH, pesHeaderSize, type PesTimes, writePesHeader } from './pes-header.js';
import { type Pat, type Pmt, pmtSectionSize, writePatSection, writePmtSection } from './psi-sections.js';
import { PCR_SIZE, writePcr } from './timestamps.js';
import {
  isVideoStreamId,
  MIN_PROGRAM_PID,
  NULL_PID,
  PAT_PID,
  TS_BODY_SIZE,
  TS_HEADER_SIZE,
  TS_PACKET_SIZE,
  TS_SYNC_BYTE,
} from './ts-constants.js';

/**
 * `writeTsSegment` writes one self-contained transport stream segment (ISO/IEC 13818-1 §2.4): PAT, PMT,
 * then every PES in 188-byte packets, sized up front and written in one pass. Throws `RangeError` for a
 * program or PES the format cannot carry. Counters, PCR, stuffing: see
 * docs/design/mpegts.md#writing-a-segment.
 */
export function writeTsSegment(program: TsProgram, pes: readonly TsPes[]): Uint8Array {
  const layout = checkProgram(program);
  let size = 2 * TS_PACKET_SIZE;
  const plans = pes.map((p) => {
    const plan = planPes(p, layout);
    size += plan.packets * TS_PACKET_SIZE;
    return plan;
  });
  const buf = new Uint8Array(size);
  const counters = new Map<number, number>();
  const pat: Pat = {
    transportStreamId: program.transportStreamId ?? 1,
    programs: [{ programNumber: program.programNumber, pid: program.pmtPid }],
  };
  const pmt: Pmt = {
    programNumber: program.programNumber,
    pcrPid: program.pcrPid,
    streams: program.streams.map((s) => ({ streamType: s.streamType, pid: s.pid })),
  };
  writePsiPacket(buf, 0, PAT_PID, (b, at) => writePatSection(b, at, pat));
  writePsiPacket(buf, TS_PACKET_SIZE, program.pmtPid, (b, at) => writePmtSection(b, at, pmt));
  let at = 2 * TS_PACKET_SIZE;
  for (let i = 0; i < pes.length; i++) {
    at = writePes(buf, at, pes[i] as TsPes, plans[i] as PesPlan, counters);
  }
  return buf;
}

/** `TsStream` is one elementary stream of the program. */
export interface TsStream {
  readonly pid: number;
  /** stream_type of the PMT entry (Table 2-34), e.g. `TsStreamType.h264`. */
  readonly streamType: number;
  /** stream_id of its PES packets (Table 2-22), e.g. `PesStreamId.video`. */
  readonly streamId: number;
}

/** `TsProgram` is the single program of a segment: what its PAT and PMT say. */
export interface TsProgram {
  /** transport_stream_id of the PAT; default 1. */
  readonly transportStreamId?: number;
  readonly programNumber: number;
  readonly pmtPid: number;
  /** PID whose PES packets carry the PCR; must be one of `streams`. */
  readonly pcrPid: number;
  readonly streams: readonly TsStream[];
}

/** `TsPes` is one PES packet to write: times in 90 kHz ticks (wrapped to 33 bits), payload as chunks. */
export interface TsPes extends PesTimes {
  readonly pid: number;
  /** Sets random_access_indicator: the PES starts with a random access point (a key frame). */
  readonly randomAccess?: boolean;
  readonly payload: readonly Uint8Array[];
}

interface PesPlan {
  readonly streamId: number;
  readonly pcr: boolean;
  readonly payloadLength: number;
  readonly headerSize: number;
  readonly packets: number;
  /** Adaptation field bytes of the first packet before stuffing (0 when it needs none). */
  readonly firstField: number;
}

/** adaptation_field_length and the flags byte. */
const FIELD_HEADER_SIZE = 2;
const RANDOM_ACCESS_FLAG = 0x40;
const PCR_FLAG = 0x10;
/** adaptation_field_control: payload only, adaptation field then payload. */
const PAYLOAD_ONLY = 0x10;
const FIELD_AND_PAYLOAD = 0x30;
/** Largest PSI section that fits one packet after its pointer_field. */
const MAX_SINGLE_PACKET_SECTION = TS_BODY_SIZE - 1;

function checkPid(pid: number, what: string): void {
  if (!Number.isInteger(pid) || pid < MIN_PROGRAM_PID || pid >= NULL_PID) {
    throw new RangeError(`${what} ${pid} is outside the program PID range 0x10..0x1ffe`);
  }
}

/** `ProgramLayout` is what the PES writer needs of the program: each PID's stream id, the PCR PID. */
interface ProgramLayout {
  readonly streamIds: ReadonlyMap<number, number>;
  readonly pcrPid: number;
}

function checkProgram(program: TsProgram): ProgramLayout {
  checkPid(program.pmtPid, 'pmt pid');
  const streamIds = new Map<number, number>();
  for (const s of program.streams) {
    checkPid(s.pid, 'elementary pid');
    if (s.pid === program.pmtPid || streamIds.has(s.pid)) {
      throw new RangeError(`pid ${s.pid} is used twice in the program`);
    }
    streamIds.set(s.pid, s.streamId);
  }
  if (!streamIds.has(program.pcrPid)) {
    throw new RangeError(`pcr pid ${program.pcrPid} is not one of the program's streams`);
  }
  if (
    !Number.isInteger(program.programNumber) ||
    program.programNumber < 1 ||
    program.programNumber > 0xffff
  ) {
    throw new RangeError(`program_number ${program.programNumber} must be 1..65535`);
  }
  if (pmtSectionSize({ programNumber: 0, pcrPid: 0, streams: program.streams }) > MAX_SINGLE_PACKET_SECTION) {
    throw new RangeError(`a pmt of ${program.streams.length} streams does not fit one packet`);
  }
  return { streamIds, pcrPid: program.pcrPid };
}

function planPes(pes: TsPes, layout: ProgramLayout): PesPlan {
  const streamId = layout.streamIds.get(pes.pid);
  if (streamId === undefined) {
    throw new RangeError(`pes on pid ${pes.pid}, which is not one of the program's streams`);
  }
  if (!Number.isFinite(pes.pts) || (pes.dts !== undefined && !Number.isFinite(pes.dts))) {
    throw new RangeError(`pes on pid ${pes.pid} has a non-finite timestamp`);
  }
  let payloadLength = 0;
  for (const chunk of pes.payload) {
    payloadLength += chunk.byteLength;
  }
  const headerSize = pesHeaderSize(pes);
  if (headerSize - 6 + payloadLength > MAX_PES_PACKET_LENGTH && !isVideoStreamId(streamId)) {
    throw new RangeError(
      `pes of ${payloadLength} bytes on pid ${pes.pid} exceeds PES_packet_length; only video may be unbounded`,
    );
  }
  const pcr = pes.pid === layout.pcrPid;
  const firstField = pcr || pes.randomAccess === true ? FIELD_HEADER_SIZE + (pcr ? PCR_SIZE : 0) : 0;
  const total = headerSize + payloadLength;
  const firstCapacity = TS_BODY_SIZE - firstField;
  const packets = total <= firstCapacity ? 1 : 1 + Math.ceil((total - firstCapacity) / TS_BODY_SIZE);
  return { streamId, pcr, payloadLength, headerSize, packets, firstField };
}

function writePacketHeader(
  buf: Uint8Array,
  at: number,
  pid: number,
  unitStart: boolean,
  control: number,
  counters: Map<number, number>,
): void {
  const cc = counters.get(pid) ?? 0;
  counters.set(pid, (cc + 1) & 0x0f);
  buf[at] = TS_SYNC_BYTE;
  buf[at + 1] = (unitStart ? 0x40 : 0) | (pid >>> 8);
  buf[at + 2] = pid & 0xff;
  buf[at + 3] = control | cc;
}

/** One packet: header with payload_unit_start_indicator, pointer_field 0, the section, 0xFF filling. */
function writePsiPacket(
  buf: Uint8Array,
  at: number,
  pid: number,
  section: (buf: Uint8Array, at: number) => number,
): void {
  buf[at] = TS_SYNC_BYTE;
  buf[at + 1] = 0x40 | (pid >>> 8); // payload_unit_start_indicator
  buf[at + 2] = pid & 0xff;
  buf[at + 3] = PAYLOAD_ONLY; // continuity_counter 0: the only packet of its PID in the segment
  buf[at + TS_HEADER_SIZE] = 0; // pointer_field
  const end = at + TS_HEADER_SIZE + 1 + section(buf, at + TS_HEADER_SIZE + 1);
  buf.fill(0xff, end, at + TS_PACKET_SIZE);
}

/**
 * Writes an adaptation field of `size` bytes at `at` (`size` ≥ 1): adaptation_field_length, then, when
 * there is room, the flags byte, the PCR when `pcr` is set, and 0xFF stuffing up to `size`.
 */
function writeAdaptationField(
  buf: Uint8Array,
  at: number,
  size: number,
  flags: number,
  pcr: number | undefined,
): void {
  buf[at] = size - 1;
  if (size === 1) {
    return;
  }
  buf[at + 1] = flags;
  let p = at + FIELD_HEADER_SIZE;
  if (pcr !== undefined) {
    writePcr(buf, p, pcr);
    p += PCR_SIZE;
  }
  buf.fill(0xff, p, at + size);
}

function writePes(
  buf: Uint8Array,
  start: number,
  pes: TsPes,
  plan: PesPlan,
  counters: Map<number, number>,
): number {
  const { headerSize, payloadLength } = plan;
  const total = headerSize + payloadLength;
  const packetLength = headerSize - 6 + payloadLength;
  const payload = new ChunkCursor(pes.payload);
  let at = start;
  let written = 0;
  for (let i = 0; i < plan.packets; i++) {
    const first = i === 0;
    const baseField = first ? plan.firstField : 0;
    const room = TS_BODY_SIZE - baseField;
    const bytes = Math.min(room, total - written);
    const field = baseField + (room - bytes);
    writePacketHeader(buf, at, pes.pid, first, field > 0 ? FIELD_AND_PAYLOAD : PAYLOAD_ONLY, counters);
    let p = at + TS_HEADER_SIZE;
    if (field > 0) {
      const flags = first
        ? (pes.randomAccess === true ? RANDOM_ACCESS_FLAG : 0) | (plan.pcr ? PCR_FLAG : 0)
        : 0;
      const pcr = first && plan.pcr ? (pes.dts ?? pes.pts) : undefined;
      writeAdaptationField(buf, p, field, flags, pcr);
      p += field;
    }
    let left = bytes;
    if (first) {
      const length = packetLength > 0xffff ? 0 : packetLength;
      p += writePesHeader(buf, p, plan.streamId, pes, length);
      left -= headerSize;
    }
    payload.copy(buf, p, left);
    written += bytes;
    at += TS_PACKET_SIZE;
  }
  return at;
}

/** `ChunkCursor` reads a list of byte runs as one stream, copying without joining them first. */
class ChunkCursor {
  readonly #chunks: readonly Uint8Array[];
  #index = 0;
  #offset = 0;

  constructor(chunks: readonly Uint8Array[]) {
    this.#chunks = chunks;
  }

  /** Copies the next `n` bytes into `buf` at `at`. */
  copy(buf: Uint8Array, at: number, n: number): void {
    let dst = at;
    let left = n;
    while (left > 0) {
      const chunk = this.#chunks[this.#index];
      if (chunk === undefined) {
        throw new RangeError('pes payload ended early');
      }
      const take = Math.min(left, chunk.byteLength - this.#offset);
      buf.set(chunk.subarray(this.#offset, this.#offset + take), dst);
      dst += take;
      left -= take;
      this.#offset += take;
      if (this.#offset === chunk.byteLength) {
        this.#index++;
        this.#offset = 0;
      }
    }
  }
}
