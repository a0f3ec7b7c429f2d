/**
 * `MadeSegmentCache` keeps segments made on request (TS segments, Smooth fragments) so that the players
 * and CDN edges asking for the same live segment at about the same time share one remux: it holds the
 * newest entries up to `maxBytes` (least recently used leave first) and joins concurrent requests for a
 * key that is being made.
 */
export class MadeSegmentCache {
  readonly #maxBytes: number;
  readonly #entries = new Map<string, Uint8Array>();
  readonly #making = new Map<string, Promise<Uint8Array | undefined>>();
  #bytes = 0;

  constructor(maxBytes: number) {
    this.#maxBytes = maxBytes;
  }

  /** Bytes held. */
  get bytes(): number {
    return this.#bytes;
  }

  /** The cached value of `key`, or what `make` resolves to (cached unless `undefined`). */
  async get(key: string, make: () => Promise<Uint8Array | undefined>): Promise<Uint8Array | undefined> {
    const hit = this.#entries.get(key);
    if (hit !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, hit);
      return hit;
    }
    const pending = this.#making.get(key);
    if (pending !== undefined) {
      return pending;
    }
    const made = make().finally(() => this.#making.delete(key));
    this.#making.set(key, made);
    const value = await made;
    if (value !== undefined && value.byteLength <= this.#maxBytes) {
      this.#entries.set(key, value);
      this.#bytes += value.byteLength;
      for (const [k, v] of this.#entries) {
        if (this.#bytes <= this.#maxBytes) {
          break;
        }
        this.#entries.delete(k);
        this.#bytes -= v.byteLength;
      }
    }
    return value;
  }
}
