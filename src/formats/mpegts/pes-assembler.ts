import { MediaFormatError } from '../../lib/media-format-error.js';
import { parsePesHeader } from './pes-header.js';
import type { TsPacketInfo } from './ts-packet-reader.js';

/** `TsPesPacket` is one reassembled PES packet of an elementary stream. */
export interface TsPesPacket {
  readonly pid: number;
  readonly streamId: number;
  /** Offset of the PES packet's first transport packet in the input. */
  readonly offset: number;
  /** PTS and DTS (90 kHz, 33 bits) as written; DTS is undefined when the header has none. */
  readonly pts: number | undefined;
  readonly dts: number | undefined;
  /** PES_packet_length as written (0: unbounded video PES). */
  readonly packetLength: number;
  /** random_access_indicator of the first transport packet. */
  readonly randomAccess: boolean;
  /** PCR base of the first transport packet, when it carries one. */
  readonly pcr: number | undefined;
  /** The elementary stream data (a copy, independent of the input). */
  readonly data: Uint8Array;
}

/** packet_start_code_prefix, stream_id, PES_packet_length: the bytes before the counted length. */
const PES_LENGTH_END = 6;

/**
 * `PesAssembler` rebuilds the PES packets of one PID (ISO/IEC 13818-1 §2.4.3.6): a packet with
 * payload_unit_start_indicator starts a PES packet, the following payloads continue it, and it ends at
 * its PES_packet_length or, when that is 0, at the next start or the end of the input. Payload before
 * the first start is skipped (a reader that joins mid-stream); payload after a bounded PES is complete,
 * or a start before it is, is a `MediaFormatError`.
 */
export class PesAssembler {
  readonly #pid: number;
  readonly #done: TsPesPacket[];
  #chunks: Uint8Array[] = [];
  #size = 0;
  #first: TsPacketInfo | undefined;
  /** 6 + PES_packet_length once known and non-zero, else undefined. */
  #expected: number | undefined;
  #started = false;

  constructor(pid: number, done: TsPesPacket[]) {
    this.#pid = pid;
    this.#done = done;
  }

  push(packet: TsPacketInfo): void {
    if (packet.unitStart) {
      this.#finish();
      this.#first = packet;
      this.#started = true;
    } else if (this.#first === undefined) {
      if (this.#started && packet.payload.byteLength > 0) {
        throw new MediaFormatError(
          'ts-bad-pes-length',
          `pid ${this.#pid}: packet at offset ${packet.offset} continues a pes packet that already ended at its PES_packet_length`,
          packet.offset,
        );
      }
      return;
    }
    if (packet.payload.byteLength === 0) {
      return;
    }
    this.#chunks.push(packet.payload);
    this.#size += packet.payload.byteLength;
    if (this.#expected === undefined && this.#size >= PES_LENGTH_END) {
      const length = (this.#byteAt(4) << 8) | this.#byteAt(5);
      this.#expected = length === 0 ? undefined : PES_LENGTH_END + length;
    }
    if (this.#expected !== undefined && this.#size >= this.#expected) {
      if (this.#size > this.#expected) {
        throw new MediaFormatError(
          'ts-bad-pes-length',
          `pid ${this.#pid}: pes packet at offset ${this.#first?.offset ?? -1} has ${this.#size} bytes, more than its PES_packet_length allows (${this.#expected})`,
          packet.offset,
        );
      }
      this.#finish();
    }
  }

  /** Ends the PES packet in progress at the end of the input. */
  end(): void {
    this.#finish();
  }

  #byteAt(index: number): number {
    let i = index;
    for (const c of this.#chunks) {
      if (i < c.byteLength) {
        return c[i] ?? 0;
      }
      i -= c.byteLength;
    }
    return 0;
  }

  #finish(): void {
    const first = this.#first;
    if (first === undefined) {
      return;
    }
    if (this.#expected !== undefined && this.#size < this.#expected) {
      throw new MediaFormatError(
        'ts-bad-pes-length',
        `pid ${this.#pid}: pes packet at offset ${first.offset} ends after ${this.#size} of its ${this.#expected} bytes`,
        first.offset,
      );
    }
    const bytes = new Uint8Array(this.#size);
    let at = 0;
    for (const c of this.#chunks) {
      bytes.set(c, at);
      at += c.byteLength;
    }
    const header = parsePesHeader(bytes, first.offset);
    this.#done.push({
      pid: this.#pid,
      streamId: header.streamId,
      offset: first.offset,
      pts: header.pts,
      dts: header.dts,
      packetLength: header.packetLength,
      randomAccess: first.randomAccess,
      pcr: first.pcr,
      data: bytes.subarray(header.payloadStart),
    });
    this.#first = undefined;
    this.#chunks = [];
    this.#size = 0;
    this.#expected = undefined;
  }
}
