import { MediaFormatError } from '../media-format-error.js';

/** Longest Exp-Golomb prefix accepted: 31 zeros give the largest ue(v) a 32-bit field can hold. */
const MAX_EXP_GOLOMB_ZEROS = 31;

/**
 * `BitReader` reads a bit string most significant bit first, as the H.264/H.265 syntax tables do
 * (ITU-T H.264 §7.2, H.265 §7.2): fixed-width `u(n)`, Exp-Golomb `ue(v)`/`se(v)` (H.264 §9.1) and flags.
 * Every read is bounds-checked and throws `MediaFormatError` with code `truncated` past the end, so
 * parameter-set parsers built on it never read outside their input. Reads never copy the input.
 */
export class BitReader {
  readonly bytes: Uint8Array;
  #pos: number;
  readonly #end: number;

  constructor(bytes: Uint8Array, byteOffset = 0) {
    this.bytes = bytes;
    this.#pos = byteOffset * 8;
    this.#end = bytes.byteLength * 8;
  }

  /** Current read position in bits from the start of `bytes`. */
  get bitPosition(): number {
    return this.#pos;
  }

  /** Bits left to read. */
  get bitsLeft(): number {
    return this.#end - this.#pos;
  }

  /** True when the position is on a byte boundary. */
  get byteAligned(): boolean {
    return (this.#pos & 7) === 0;
  }

  #need(n: number, what: string): void {
    if (this.#pos + n > this.#end) {
      throw new MediaFormatError(
        'truncated',
        `truncated bitstream: need ${n} bits for ${what} at bit ${this.#pos}, have ${this.#end - this.#pos}`,
        this.#pos >>> 3,
      );
    }
  }

  /** `u` reads an unsigned `n`-bit integer, 0 ≤ n ≤ 32 (the `u(n)` descriptor). */
  u(n: number, what = 'u(n)'): number {
    if (!Number.isInteger(n) || n < 0 || n > 32) {
      throw new RangeError(`bit count must be an integer from 0 to 32, got ${n}`);
    }
    this.#need(n, what);
    let value = 0;
    let pos = this.#pos;
    let left = n;
    while (left > 0) {
      const byte = this.bytes[pos >>> 3] ?? 0;
      const avail = 8 - (pos & 7);
      const take = avail < left ? avail : left;
      const bits = (byte >>> (avail - take)) & ((1 << take) - 1);
      // Multiplication, not `<<`, so that 32-bit values stay unsigned.
      value = value * (1 << take) + bits;
      left -= take;
      pos += take;
    }
    this.#pos = pos;
    return value;
  }

  /** `flag` reads one bit as a boolean (the `u(1)` flags of the syntax tables). */
  flag(what = 'flag'): boolean {
    return this.u(1, what) === 1;
  }

  /** `ue` reads an unsigned Exp-Golomb code (H.264 §9.1, `ue(v)`). */
  ue(what = 'ue(v)'): number {
    const at = this.#pos;
    let zeros = 0;
    while (this.u(1, what) === 0) {
      zeros++;
      if (zeros > MAX_EXP_GOLOMB_ZEROS) {
        throw new MediaFormatError(
          'bad-exp-golomb',
          `exp-golomb code for ${what} at bit ${at} has more than ${MAX_EXP_GOLOMB_ZEROS} leading zeros`,
          at >>> 3,
        );
      }
    }
    return 2 ** zeros - 1 + this.u(zeros, what);
  }

  /** `se` reads a signed Exp-Golomb code (H.264 §9.1.1, `se(v)`). */
  se(what = 'se(v)'): number {
    const k = this.ue(what);
    // `0 - x`, not `-x`, so that codeNum 0 gives +0.
    return k % 2 === 1 ? (k + 1) / 2 : 0 - k / 2;
  }

  /** `skip` advances `n` bits (any non-negative count). */
  skip(n: number, what = 'skip'): void {
    if (!Number.isInteger(n) || n < 0) {
      throw new RangeError(`bit count to skip must be a non-negative integer, got ${n}`);
    }
    this.#need(n, what);
    this.#pos += n;
  }

  /** `byteAlign` advances to the next byte boundary (no-op when already aligned). */
  byteAlign(): void {
    this.#pos = Math.min(this.#end, (this.#pos + 7) & ~7);
  }
}
