import { MediaFormatError } from '../media-format-error.js';

/**
 * `ByteReader` reads big-endian integers, floats and byte runs from a `Uint8Array` without copying.
 * Every read checks bounds and throws `MediaFormatError` with code `truncated` when the input is too
 * short, so decoders built on it never read past the end of their input.
 */
export class ByteReader {
  readonly bytes: Uint8Array;
  #view: DataView;
  #pos: number;

  constructor(bytes: Uint8Array, offset = 0) {
    this.bytes = bytes;
    this.#view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.#pos = offset;
  }

  /** Current read offset in bytes. */
  get position(): number {
    return this.#pos;
  }

  /** Bytes left to read. */
  get remaining(): number {
    return this.bytes.byteLength - this.#pos;
  }

  #need(n: number, what: string): number {
    const at = this.#pos;
    if (n < 0 || at + n > this.bytes.byteLength) {
      throw new MediaFormatError(
        'truncated',
        `truncated input: need ${n} bytes for ${what} at offset ${at}, have ${this.bytes.byteLength - at}`,
        at,
      );
    }
    this.#pos = at + n;
    return at;
  }

  u8(what = 'u8'): number {
    return this.#view.getUint8(this.#need(1, what));
  }

  u16(what = 'u16'): number {
    return this.#view.getUint16(this.#need(2, what));
  }

  u24(what = 'u24'): number {
    const at = this.#need(3, what);
    return (this.#view.getUint8(at) << 16) | this.#view.getUint16(at + 1);
  }

  /** Signed 24-bit big-endian integer (FLV composition time, E.4.3.1). */
  i24(what = 'i24'): number {
    const v = this.u24(what);
    return v & 0x800000 ? v - 0x1000000 : v;
  }

  u32(what = 'u32'): number {
    return this.#view.getUint32(this.#need(4, what));
  }

  u32le(what = 'u32le'): number {
    return this.#view.getUint32(this.#need(4, what), true);
  }

  i16(what = 'i16'): number {
    return this.#view.getInt16(this.#need(2, what));
  }

  f64(what = 'f64'): number {
    return this.#view.getFloat64(this.#need(8, what));
  }

  /** A view (no copy) of the next `n` bytes. */
  bytesView(n: number, what = 'bytes'): Uint8Array {
    const at = this.#need(n, what);
    return this.bytes.subarray(at, at + n);
  }

  /** A view (no copy) of everything left. */
  rest(): Uint8Array {
    const at = this.#pos;
    this.#pos = this.bytes.byteLength;
    return this.bytes.subarray(at);
  }

  skip(n: number, what = 'skip'): void {
    this.#need(n, what);
  }

  peekU8(): number | undefined {
    return this.#pos < this.bytes.byteLength ? this.#view.getUint8(this.#pos) : undefined;
  }
}
