/**
 * `ByteWriter` appends big-endian integers, floats and byte runs to a growable buffer. It is meant for
 * headers and small messages; large payloads are referenced, not copied, by the callers that build
 * media segments.
 */
export class ByteWriter {
  #buf: Uint8Array;
  #view: DataView;
  #len = 0;

  constructor(initialCapacity = 256) {
    this.#buf = new Uint8Array(Math.max(16, initialCapacity));
    this.#view = new DataView(this.#buf.buffer);
  }

  get length(): number {
    return this.#len;
  }

  #ensure(n: number): number {
    const at = this.#len;
    const need = at + n;
    if (need > this.#buf.byteLength) {
      let cap = this.#buf.byteLength * 2;
      while (cap < need) {
        cap *= 2;
      }
      const next = new Uint8Array(cap);
      next.set(this.#buf.subarray(0, at));
      this.#buf = next;
      this.#view = new DataView(next.buffer);
    }
    this.#len = need;
    return at;
  }

  u8(v: number): this {
    const at = this.#ensure(1);
    this.#view.setUint8(at, v);
    return this;
  }

  u16(v: number): this {
    const at = this.#ensure(2);
    this.#view.setUint16(at, v);
    return this;
  }

  u24(v: number): this {
    const at = this.#ensure(3);
    this.#view.setUint8(at, (v >>> 16) & 0xff);
    this.#view.setUint16(at + 1, v & 0xffff);
    return this;
  }

  u32(v: number): this {
    const at = this.#ensure(4);
    this.#view.setUint32(at, v >>> 0);
    return this;
  }

  u32le(v: number): this {
    const at = this.#ensure(4);
    this.#view.setUint32(at, v >>> 0, true);
    return this;
  }

  /** Unsigned 64-bit big-endian integer from a non-negative safe integer. */
  u64(v: number): this {
    const at = this.#ensure(8);
    this.#view.setUint32(at, Math.floor(v / 0x1_0000_0000));
    this.#view.setUint32(at + 4, v >>> 0);
    return this;
  }

  i16(v: number): this {
    const at = this.#ensure(2);
    this.#view.setInt16(at, v);
    return this;
  }

  i32(v: number): this {
    const at = this.#ensure(4);
    this.#view.setInt32(at, v);
    return this;
  }

  f64(v: number): this {
    const at = this.#ensure(8);
    this.#view.setFloat64(at, v);
    return this;
  }

  bytes(b: Uint8Array): this {
    const at = this.#ensure(b.byteLength);
    this.#buf.set(b, at);
    return this;
  }

  /** ASCII/latin1 text, one byte per character (box types, FourCCs). */
  ascii(s: string): this {
    const at = this.#ensure(s.length);
    for (let i = 0; i < s.length; i++) {
      this.#buf[at + i] = s.charCodeAt(i) & 0xff;
    }
    return this;
  }

  /** Overwrites a 32-bit value at an earlier offset (box sizes written after their content). */
  patchU32(offset: number, v: number): this {
    this.#view.setUint32(offset, v >>> 0);
    return this;
  }

  /** The written bytes as a view of the internal buffer (valid until the next write). */
  view(): Uint8Array {
    return this.#buf.subarray(0, this.#len);
  }

  /** A copy of the written bytes, independent of later writes. */
  toBytes(): Uint8Array {
    return this.#buf.slice(0, this.#len);
  }
}
