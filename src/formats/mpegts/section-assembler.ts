import { MediaFormatError } from '../../lib/media-format-error.js';
import { MAX_PSI_SECTION_LENGTH } from './ts-constants.js';
import type { TsPacketInfo } from './ts-packet-reader.js';

/** table_id 0xFF: stuffing after the last section of a packet (§2.4.4.2). */
const STUFFING_TABLE_ID = 0xff;
/** table_id, flags + section_length. */
const SECTION_HEADER_SIZE = 3;
const MAX_SECTION_SIZE = SECTION_HEADER_SIZE + MAX_PSI_SECTION_LENGTH;

/** `CompleteSection` is one whole PSI section (table_id through CRC_32) and where it started. */
export interface CompleteSection {
  readonly bytes: Uint8Array;
  readonly offset: number;
}

/**
 * `SectionAssembler` collects the PSI sections of one PID from its packets (ISO/IEC 13818-1 §2.4.4.1):
 * a packet with payload_unit_start_indicator has a pointer_field; the bytes before the pointed-to
 * position end the section in progress, then sections follow one another until a 0xFF table_id or the
 * end of the packet; a section may run on through the following packets. Bytes before the first
 * section start are skipped (a reader that joins mid-stream). Each section is at most 1024 bytes, so
 * the assembler holds one fixed buffer.
 */
export class SectionAssembler {
  readonly #buf = new Uint8Array(MAX_SECTION_SIZE);
  #filled = 0;
  #offset = -1;

  /** Feeds one packet of the PID; returns the sections it completed. Throws `MediaFormatError`. */
  push(packet: TsPacketInfo): CompleteSection[] {
    const out: CompleteSection[] = [];
    const { payload } = packet;
    if (!packet.unitStart) {
      if (this.#offset >= 0) {
        this.#append(payload, packet.offset, out);
      }
      return out;
    }
    const pointer = payload[0];
    if (pointer === undefined || 1 + pointer > payload.byteLength) {
      throw new MediaFormatError(
        'ts-bad-section',
        `pointer_field ${pointer ?? 'missing'} of the packet at offset ${packet.offset} points past its payload`,
        packet.offset,
      );
    }
    if (this.#offset >= 0) {
      const before = payload.subarray(1, 1 + pointer);
      const used = this.#append(before, packet.offset, out);
      if (this.#offset >= 0 || before.subarray(used).some((b) => b !== STUFFING_TABLE_ID)) {
        throw new MediaFormatError(
          'ts-bad-section',
          `psi section at offset ${this.#offset} does not end where the packet at offset ${packet.offset} points`,
          packet.offset,
        );
      }
    }
    let rest = payload.subarray(1 + pointer);
    while (rest.byteLength > 0 && rest[0] !== STUFFING_TABLE_ID) {
      this.#offset = packet.offset;
      this.#filled = 0;
      const used = this.#append(rest, packet.offset, out);
      rest = rest.subarray(used);
    }
    return out;
  }

  /** Appends to the section in progress; returns the bytes of `data` it took. */
  #append(data: Uint8Array, packetOffset: number, out: CompleteSection[]): number {
    let used = 0;
    if (this.#filled < SECTION_HEADER_SIZE) {
      used = Math.min(SECTION_HEADER_SIZE - this.#filled, data.byteLength);
      this.#buf.set(data.subarray(0, used), this.#filled);
      this.#filled += used;
      if (this.#filled < SECTION_HEADER_SIZE) {
        return used;
      }
    }
    const sectionLength = (((this.#buf[1] ?? 0) & 0x0f) << 8) | (this.#buf[2] ?? 0);
    if (sectionLength > MAX_PSI_SECTION_LENGTH) {
      throw new MediaFormatError(
        'ts-bad-section',
        `psi section at offset ${this.#offset} has section_length ${sectionLength}; at most ${MAX_PSI_SECTION_LENGTH} is allowed`,
        packetOffset,
      );
    }
    const size = SECTION_HEADER_SIZE + sectionLength;
    const take = Math.min(size - this.#filled, data.byteLength - used);
    this.#buf.set(data.subarray(used, used + take), this.#filled);
    this.#filled += take;
    used += take;
    if (this.#filled === size) {
      out.push({ bytes: this.#buf.slice(0, size), offset: this.#offset });
      this.#offset = -1;
      this.#filled = 0;
    }
    return used;
  }

  /** Throws when the input ended inside a section. */
  finish(): void {
    if (this.#offset >= 0) {
      throw new MediaFormatError(
        'truncated',
        `psi section at offset ${this.#offset} is cut off`,
        this.#offset,
      );
    }
  }
}
