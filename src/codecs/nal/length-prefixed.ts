import { MediaFormatError } from '../../lib/media-format-error.js';

function readLength(data: Uint8Array, at: number, size: number): number {
  let len = 0;
  for (let i = 0; i < size; i++) {
    len = len * 256 + (data[at + i] ?? 0);
  }
  return len;
}

function checkLengthSize(nalLengthSize: number): void {
  if (nalLengthSize !== 1 && nalLengthSize !== 2 && nalLengthSize !== 4) {
    throw new RangeError(`nal length size must be 1, 2 or 4, got ${nalLengthSize}`);
  }
}

/**
 * `splitLengthPrefixed` returns the NAL units (views, no copies) of an access unit in the length-prefixed
 * form of ISO/IEC 14496-15 §4.3.2 (as carried in FLV and MP4). Empty NAL units are skipped. Throws
 * `MediaFormatError` when a length runs past the end of the data.
 */
export function splitLengthPrefixed(data: Uint8Array, nalLengthSize: number): Uint8Array[] {
  checkLengthSize(nalLengthSize);
  const out: Uint8Array[] = [];
  let at = 0;
  while (at < data.byteLength) {
    if (at + nalLengthSize > data.byteLength) {
      throw new MediaFormatError(
        'truncated',
        `nal unit length prefix at offset ${at} is cut off (${data.byteLength - at} of ${nalLengthSize} bytes)`,
        at,
      );
    }
    const len = readLength(data, at, nalLengthSize);
    const start = at + nalLengthSize;
    if (start + len > data.byteLength) {
      throw new MediaFormatError(
        'nalu-length-overflow',
        `nal unit at offset ${at} claims ${len} bytes, ${data.byteLength - start} left`,
        at,
      );
    }
    if (len > 0) {
      out.push(data.subarray(start, start + len));
    }
    at = start + len;
  }
  return out;
}

/**
 * `someNaluHeader` tells whether any NAL unit of a length-prefixed access unit has a first header byte
 * for which `test` is true. It allocates nothing, for the per-frame keyframe check; malformed lengths end
 * the scan (the units read so far still count).
 */
export function someNaluHeader(
  data: Uint8Array,
  nalLengthSize: number,
  test: (headerByte: number) => boolean,
): boolean {
  let at = 0;
  while (at + nalLengthSize < data.byteLength) {
    const len = readLength(data, at, nalLengthSize);
    const start = at + nalLengthSize;
    if (len === 0) {
      at = start;
      continue;
    }
    if (start + len > data.byteLength) {
      return false;
    }
    if (test(data[start] ?? 0)) {
      return true;
    }
    at = start + len;
  }
  return false;
}

/** Four-byte Annex B start code, the form ffmpeg and most encoders write. */
const START_CODE = Uint8Array.of(0, 0, 0, 1);

/** `lengthPrefixedToAnnexb` rewrites a length-prefixed access unit with Annex B start codes (H.264 Annex B). */
export function lengthPrefixedToAnnexb(data: Uint8Array, nalLengthSize: number): Uint8Array {
  const nalus = splitLengthPrefixed(data, nalLengthSize);
  let size = 0;
  for (const n of nalus) {
    size += START_CODE.byteLength + n.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const n of nalus) {
    out.set(START_CODE, at);
    out.set(n, at + START_CODE.byteLength);
    at += START_CODE.byteLength + n.byteLength;
  }
  return out;
}

/** `joinLengthPrefixed` writes NAL units as one length-prefixed access unit (ISO/IEC 14496-15 §4.3.2). */
export function joinLengthPrefixed(nalus: readonly Uint8Array[], nalLengthSize = 4): Uint8Array {
  checkLengthSize(nalLengthSize);
  const max = 2 ** (8 * nalLengthSize) - 1;
  let size = 0;
  for (const n of nalus) {
    if (n.byteLength > max) {
      throw new RangeError(`nal unit of ${n.byteLength} bytes does not fit a ${nalLengthSize}-byte length`);
    }
    size += nalLengthSize + n.byteLength;
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const n of nalus) {
    let len = n.byteLength;
    for (let i = nalLengthSize - 1; i >= 0; i--) {
      out[at + i] = len & 0xff;
      len = Math.floor(len / 256);
    }
    out.set(n, at + nalLengthSize);
    at += nalLengthSize + n.byteLength;
  }
  return out;
}
