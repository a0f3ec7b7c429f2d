import { MediaFormatError } from '../../lib/media-format-error.js';
import { joinLengthPrefixed } from './length-prefixed.js';

/**
 * `splitAnnexb` returns the NAL units (views, no copies) of an Annex B byte stream (ITU-T H.264 Annex B,
 * H.265 Annex B): units start after each 0x000001 start code and end before the next one, without the
 * trailing zero bytes that belong to a following 4-byte start code. Bytes before the first start code are
 * ignored. Throws `MediaFormatError` when non-empty input holds no start code at all.
 */
export function splitAnnexb(data: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  const n = data.byteLength;
  let start = -1;
  let i = 0;
  while (i + 2 < n) {
    if (data[i + 2]! > 1) {
      // No start code can end at i + 2 or cover it: jump ahead.
      i += 3;
      continue;
    }
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) {
        push(out, data, start, i);
      }
      i += 3;
      start = i;
      continue;
    }
    i++;
  }
  if (start < 0) {
    if (n > 0) {
      throw new MediaFormatError('annexb-no-start-code', `annex b stream of ${n} bytes has no start code`, 0);
    }
    return out;
  }
  push(out, data, start, n);
  return out;
}

function push(out: Uint8Array[], data: Uint8Array, start: number, end: number): void {
  let e = end;
  while (e > start && data[e - 1] === 0) {
    e--;
  }
  if (e > start) {
    out.push(data.subarray(start, e));
  }
}

/** `annexbToLengthPrefixed` rewrites an Annex B access unit in the length-prefixed form of FLV and MP4. */
export function annexbToLengthPrefixed(data: Uint8Array, nalLengthSize = 4): Uint8Array {
  return joinLengthPrefixed(splitAnnexb(data), nalLengthSize);
}
