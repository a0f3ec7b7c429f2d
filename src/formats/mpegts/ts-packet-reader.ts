import { MediaFormatError } from '../../lib/media-format-error.js';
import { PCR_SIZE, readPcrBase } from './timestamps.js';
import { TS_HEADER_SIZE, TS_PACKET_SIZE, TS_SYNC_BYTE } from './ts-constants.js';

/** `TsPacketInfo` is one transport packet as read: its header, adaptation field flags and payload. */
export interface TsPacketInfo {
  /** Offset of the packet in the input. */
  readonly offset: number;
  readonly pid: number;
  readonly unitStart: boolean;
  readonly continuityCounter: number;
  /** adaptation_field_control says a payload follows (it may still be empty). */
  readonly hasPayload: boolean;
  /** discontinuity_indicator of the adaptation field. */
  readonly discontinuity: boolean;
  /** random_access_indicator of the adaptation field. */
  readonly randomAccess: boolean;
  /** program_clock_reference_base (90 kHz), when the adaptation field carries a PCR. */
  readonly pcr: number | undefined;
  /** A view of the payload bytes. */
  readonly payload: Uint8Array;
}

/** Adaptation field flags (§2.4.3.4, Table 2-6). */
const DISCONTINUITY = 0x80;
const RANDOM_ACCESS = 0x40;
const PCR_FLAG = 0x10;
const OPCR_FLAG = 0x08;
const SPLICING_POINT = 0x04;
const PRIVATE_DATA = 0x02;
const EXTENSION = 0x01;
/** adaptation_field_length when the field fills the packet (no payload), and its limit with payload. */
const FIELD_ONLY_LENGTH = 183;
const MAX_FIELD_WITH_PAYLOAD = 182;

/**
 * `readTsPacket` reads the transport packet at `offset` (ISO/IEC 13818-1 §2.4.3.2): sync_byte, the
 * header fields, and the adaptation field (§2.4.3.4) as far as its flags, PCR, and the lengths of the
 * optional fields after it, which must fit the field. Throws `MediaFormatError` for a missing sync
 * byte, transport_error_indicator, scrambled or reserved adaptation_field_control, or an adaptation
 * field that does not fit.
 */
export function readTsPacket(bytes: Uint8Array, offset: number): TsPacketInfo {
  const fail = (code: string, message: string): MediaFormatError =>
    new MediaFormatError(code, `ts packet at offset ${offset}: ${message}`, offset);
  if (offset + TS_PACKET_SIZE > bytes.byteLength) {
    throw fail('truncated', `only ${bytes.byteLength - offset} of ${TS_PACKET_SIZE} bytes`);
  }
  const b = (i: number): number => bytes[offset + i] ?? 0;
  if (b(0) !== TS_SYNC_BYTE) {
    throw fail('ts-bad-sync', `sync byte is 0x${b(0).toString(16)}, expected 0x47`);
  }
  if (b(1) & 0x80) {
    throw fail('ts-transport-error', 'transport_error_indicator is set');
  }
  const scrambling = b(3) >>> 6;
  const control = (b(3) >>> 4) & 0x03;
  if (scrambling !== 0) {
    throw fail(
      'ts-scrambled',
      `transport_scrambling_control is ${scrambling}; scrambled payloads cannot be read`,
    );
  }
  if (control === 0) {
    throw fail('ts-bad-adaptation-field', 'adaptation_field_control is the reserved value 00');
  }
  const hasField = (control & 0x02) !== 0;
  const hasPayload = (control & 0x01) !== 0;
  let discontinuity = false;
  let randomAccess = false;
  let pcr: number | undefined;
  let payloadStart = TS_HEADER_SIZE;
  if (hasField) {
    const length = b(4);
    if (hasPayload ? length > MAX_FIELD_WITH_PAYLOAD : length !== FIELD_ONLY_LENGTH) {
      throw fail(
        'ts-bad-adaptation-field',
        `adaptation_field_length ${length} with${hasPayload ? '' : 'out'} payload (limit ${hasPayload ? MAX_FIELD_WITH_PAYLOAD : `exactly ${FIELD_ONLY_LENGTH}`})`,
      );
    }
    payloadStart = TS_HEADER_SIZE + 1 + length;
    if (length > 0) {
      const flags = b(5);
      discontinuity = (flags & DISCONTINUITY) !== 0;
      randomAccess = (flags & RANDOM_ACCESS) !== 0;
      let p = 6;
      const need = (n: number, what: string): void => {
        if (p + n > payloadStart) {
          throw fail(
            'ts-bad-adaptation-field',
            `${what} does not fit an adaptation field of ${length} bytes`,
          );
        }
      };
      if (flags & PCR_FLAG) {
        need(PCR_SIZE, 'pcr');
        pcr = readPcrBase(bytes, offset + p);
        p += PCR_SIZE;
      }
      if (flags & OPCR_FLAG) {
        need(PCR_SIZE, 'opcr');
        p += PCR_SIZE;
      }
      if (flags & SPLICING_POINT) {
        need(1, 'splice_countdown');
        p += 1;
      }
      if (flags & PRIVATE_DATA) {
        need(1, 'transport_private_data_length');
        need(1 + b(p), 'transport private data');
        p += 1 + b(p);
      }
      if (flags & EXTENSION) {
        need(1, 'adaptation_field_extension_length');
        need(1 + b(p), 'adaptation field extension');
      }
    }
  }
  return {
    offset,
    pid: ((b(1) & 0x1f) << 8) | b(2),
    unitStart: (b(1) & 0x40) !== 0,
    continuityCounter: b(3) & 0x0f,
    hasPayload,
    discontinuity,
    randomAccess,
    pcr,
    payload: hasPayload
      ? bytes.subarray(offset + payloadStart, offset + TS_PACKET_SIZE)
      : bytes.subarray(0, 0),
  };
}
