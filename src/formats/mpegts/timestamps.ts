import { MediaFormatError } from '../../lib/media-format-error.js';
import { TIMESTAMP_MODULUS } from './ts-constants.js';

/**
 * The 33-bit clocks of a transport stream: PTS/DTS in the PES header (ISO/IEC 13818-1 §2.4.3.7, five
 * bytes with marker bits) and the PCR in the adaptation field (§2.4.3.5, a 33-bit base in 90 kHz and a
 * 9-bit extension in 27 MHz). Values are plain numbers: 2^33 is far inside the safe integer range, and
 * shifts are avoided above bit 31.
 */

/** `wrapTimestamp` is `ticks` modulo 2^33, also for negative input. */
export function wrapTimestamp(ticks: number): number {
  const r = ticks % TIMESTAMP_MODULUS;
  return r < 0 ? r + TIMESTAMP_MODULUS : r;
}

/**
 * `writeTimestamp` writes a PTS or DTS field at `at`: the 4-bit `prefix` ('0010' PTS only, '0011' PTS
 * followed by DTS, '0001' that DTS), bits 32..30, marker, bits 29..15, marker, bits 14..0, marker.
 */
export function writeTimestamp(buf: Uint8Array, at: number, prefix: number, ticks: number): void {
  const v = wrapTimestamp(ticks);
  const high = Math.floor(v / 2 ** 30) & 0x07;
  const mid = Math.floor(v / 2 ** 15) & 0x7fff;
  const low = v % 2 ** 15;
  buf[at] = (prefix << 4) | (high << 1) | 1;
  buf[at + 1] = mid >>> 7;
  buf[at + 2] = ((mid & 0x7f) << 1) | 1;
  buf[at + 3] = low >>> 7;
  buf[at + 4] = ((low & 0x7f) << 1) | 1;
}

/**
 * `readTimestamp` reads a PTS or DTS field at `at` (`inputOffset` + `at` in the input, for errors), checking its 4-bit prefix and the three marker bits.
 * Throws `MediaFormatError` when they are wrong or the field is cut off.
 */
export function readTimestamp(
  bytes: Uint8Array,
  at: number,
  prefix: number,
  what: string,
  inputOffset = 0,
): number {
  const where = inputOffset + at;
  if (at + 5 > bytes.byteLength) {
    throw new MediaFormatError('truncated', `${what} at offset ${where} is cut off`, where);
  }
  const b = (i: number): number => bytes[at + i] ?? 0;
  if (b(0) >>> 4 !== prefix || (b(0) & 1) === 0 || (b(2) & 1) === 0 || (b(4) & 1) === 0) {
    throw new MediaFormatError(
      'ts-bad-timestamp',
      `${what} at offset ${where} has prefix ${b(0) >>> 4} (expected ${prefix}) or a marker bit of 0`,
      where,
    );
  }
  const high = (b(0) >>> 1) & 0x07;
  const mid = (b(1) << 7) | (b(2) >>> 1);
  const low = (b(3) << 7) | (b(4) >>> 1);
  return high * 2 ** 30 + mid * 2 ** 15 + low;
}

/** PCR field size: 33-bit base, 6 reserved bits, 9-bit extension. */
export const PCR_SIZE = 6;

/** `writePcr` writes a program_clock_reference with `base` (90 kHz, wrapped) and extension 0. */
export function writePcr(buf: Uint8Array, at: number, base: number): void {
  const v = wrapTimestamp(base);
  buf[at] = Math.floor(v / 2 ** 25) & 0xff;
  buf[at + 1] = Math.floor(v / 2 ** 17) & 0xff;
  buf[at + 2] = Math.floor(v / 2 ** 9) & 0xff;
  buf[at + 3] = Math.floor(v / 2) & 0xff;
  buf[at + 4] = ((v % 2) << 7) | 0x7e; // reserved '111111', extension bit 8 = 0
  buf[at + 5] = 0;
}

/** `readPcrBase` reads the 33-bit base (90 kHz) of the PCR at `at`; the caller checked the bounds. */
export function readPcrBase(bytes: Uint8Array, at: number): number {
  const b = (i: number): number => bytes[at + i] ?? 0;
  return b(0) * 2 ** 25 + b(1) * 2 ** 17 + b(2) * 2 ** 9 + b(3) * 2 + (b(4) >>> 7);
}
