import { MediaFormatError } from '../../../lib/media-format-error.js';

/** `seq` is `n` bytes counting up from `start` (mod 256): recognisable payload filler. */
export function seq(n: number, start = 0): Uint8Array {
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = (start + i) & 0xff;
  }
  return out;
}

/** `cat` concatenates byte arrays. */
export function cat(...parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(Buffer.concat(parts));
}

/** `errorCode` runs `fn` and returns the code of the `MediaFormatError` it threw (other errors propagate). */
export function errorCode(fn: () => void): string | undefined {
  try {
    fn();
  } catch (e) {
    if (e instanceof MediaFormatError) {
      return e.code;
    }
    throw e;
  }
  return undefined;
}
