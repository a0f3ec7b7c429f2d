import { ByteReader } from '../../../lib/bytes/byte-reader.js';
import { MediaFormatError } from '../../../lib/media-format-error.js';

/** `BoxRange` locates one box inside a byte buffer; `end` is exclusive. */
export interface BoxRange {
  readonly type: string;
  readonly start: number;
  /** 8, or 16 for a box with a 64-bit `largesize`. */
  readonly headerSize: number;
  readonly end: number;
}

/** `MAX_SAFE_HIGH_WORD` is the largest high 32-bit word of a 64-bit value that is still a safe integer. */
const MAX_SAFE_HIGH_WORD = 0x1f_ffff;

/** `readU64` reads a 64-bit big-endian unsigned integer that must be a safe integer. */
export function readU64(r: ByteReader, what: string): number {
  const at = r.position;
  const hi = r.u32(what);
  const lo = r.u32(what);
  if (hi > MAX_SAFE_HIGH_WORD) {
    throw new MediaFormatError(
      'fmp4-unsafe-integer',
      `${what} at offset ${at} exceeds 2^53 (high word ${hi})`,
      at,
    );
  }
  return hi * 0x1_0000_0000 + lo;
}

/**
 * `readBoxRanges` lists the boxes that fill `bytes[start, end)` one after another (ISO/IEC 14496-12
 * §4.2): 32-bit sizes, 64-bit `largesize` (size 1) and size 0 ("to the end"). Throws `MediaFormatError`
 * when a box header is cut off or a size does not fit.
 */
export function readBoxRanges(bytes: Uint8Array, start = 0, end = bytes.byteLength): BoxRange[] {
  const out: BoxRange[] = [];
  const r = new ByteReader(bytes.subarray(0, end), start);
  while (r.remaining > 0) {
    const at = r.position;
    const size32 = r.u32('box size');
    const type = readFourCc(r, 'box type');
    let headerSize = 8;
    let size = size32;
    if (size32 === 1) {
      headerSize = 16;
      size = readU64(r, `box ${type} largesize`);
    } else if (size32 === 0) {
      size = end - at;
    }
    if (size < headerSize || size > end - at) {
      throw new MediaFormatError(
        'fmp4-bad-box-size',
        `box ${JSON.stringify(type)} at offset ${at} has size ${size}, but ${end - at} bytes are left`,
        at,
      );
    }
    out.push({ type, start: at, headerSize, end: at + size });
    r.skip(size - headerSize);
  }
  return out;
}

/** `childBoxes` lists the boxes inside container box `box`, starting `skip` bytes into its payload. */
export function childBoxes(bytes: Uint8Array, box: BoxRange, skip = 0): BoxRange[] {
  return readBoxRanges(bytes, box.start + box.headerSize + skip, box.end);
}

/** `findBox` is the first box of `type` in `boxes`, or undefined. */
export function findBox(boxes: readonly BoxRange[], type: string): BoxRange | undefined {
  return boxes.find((b) => b.type === type);
}

/** `requireBox` is the first box of `type` in `boxes`; a missing box is a `MediaFormatError`. */
export function requireBox(boxes: readonly BoxRange[], type: string, parent: BoxRange | undefined): BoxRange {
  const b = findBox(boxes, type);
  if (b === undefined) {
    const where = parent === undefined ? 'at top level' : `in ${parent.type} at offset ${parent.start}`;
    throw new MediaFormatError('fmp4-missing-box', `no ${type} box ${where}`, parent?.start ?? 0);
  }
  return b;
}

/** `payloadReader` reads the payload of `box`; positions are offsets in `bytes` and stop at the box end. */
export function payloadReader(bytes: Uint8Array, box: BoxRange): ByteReader {
  return new ByteReader(bytes.subarray(0, box.end), box.start + box.headerSize);
}

/** `readFullBoxHeader` reads a FullBox version and flags, checking the version is one the caller knows. */
export function readFullBoxHeader(
  r: ByteReader,
  box: BoxRange,
  maxVersion: number,
): { version: number; flags: number } {
  const version = r.u8('version');
  const flags = r.u24('flags');
  if (version > maxVersion) {
    throw new MediaFormatError(
      'fmp4-bad-version',
      `${box.type} at offset ${box.start} has version ${version}; versions up to ${maxVersion} are known`,
      box.start,
    );
  }
  return { version, flags };
}

/** `readFourCc` reads four bytes as a latin1 string. */
export function readFourCc(r: ByteReader, what: string): string {
  const t = r.bytesView(4, what);
  return String.fromCharCode(t[0] ?? 0, t[1] ?? 0, t[2] ?? 0, t[3] ?? 0);
}
