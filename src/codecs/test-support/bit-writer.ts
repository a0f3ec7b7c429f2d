/**
 * `BitWriter` builds bit strings for parameter-set test fixtures: fixed-width fields and Exp-Golomb codes
 * (ITU-T H.264 §9.1), ended with rbsp_trailing_bits. Test-only; the product never writes parameter sets.
 */
export class BitWriter {
  #bits = '';

  u(n: number, v: number): this {
    this.#bits += n === 0 ? '' : v.toString(2).padStart(n, '0');
    return this;
  }

  flag(v: boolean): this {
    return this.u(1, v ? 1 : 0);
  }

  ue(v: number): this {
    const s = (v + 1).toString(2);
    this.#bits += '0'.repeat(s.length - 1) + s;
    return this;
  }

  se(v: number): this {
    return this.ue(v > 0 ? 2 * v - 1 : -2 * v);
  }

  /** The bits so far plus rbsp_trailing_bits (a 1, then zeros to the byte boundary). */
  rbsp(): Uint8Array {
    const bits = this.#bits + '1';
    const out = new Uint8Array(Math.ceil(bits.length / 8));
    for (let i = 0; i < bits.length; i++) {
      if (bits[i] === '1') {
        out[i >> 3]! |= 0x80 >> (i & 7);
      }
    }
    return out;
  }
}
