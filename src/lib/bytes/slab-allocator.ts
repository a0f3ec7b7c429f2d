/** `SlabAllocatorOptions` configures a `SlabAllocator`. */
export interface SlabAllocatorOptions {
  /** Bytes of each slab. Default 64 KiB. */
  readonly slabBytes?: number;
  /** Requests larger than this get a buffer of their own. Default a quarter of a slab. */
  readonly maxSharedBytes?: number;
}

const DEFAULT_SLAB_BYTES = 64 * 1024;
/** Views start on 8-byte boundaries, as V8 aligns its own allocations. */
const ALIGN = 8;

/**
 * `SlabAllocator` hands out uninitialised byte ranges cut from larger buffers, so many small buffers that
 * live about as long as each other (the messages of one connection, held until their segment is written)
 * cost one `ArrayBuffer` per slab instead of one each: fewer allocations, less for the garbage collector
 * to track, no zero fill. A slab is freed when the last view into it is; the one being filled costs at
 * most `slabBytes` more than what is in use. The caller must write every byte of what it takes.
 */
export class SlabAllocator {
  readonly #slabBytes: number;
  readonly #maxShared: number;
  #slab: Uint8Array | undefined;
  #used = 0;

  constructor(options: SlabAllocatorOptions = {}) {
    this.#slabBytes = options.slabBytes ?? DEFAULT_SLAB_BYTES;
    this.#maxShared = Math.min(this.#slabBytes, options.maxSharedBytes ?? this.#slabBytes >>> 2);
  }

  /** `length` bytes, uninitialised. */
  take(length: number): Uint8Array {
    if (length > this.#maxShared) {
      return Buffer.allocUnsafeSlow(length);
    }
    let slab = this.#slab;
    if (slab === undefined || this.#used + length > slab.byteLength) {
      slab = Buffer.allocUnsafeSlow(this.#slabBytes);
      this.#slab = slab;
      this.#used = 0;
    }
    const start = this.#used;
    this.#used = Math.min(slab.byteLength, (start + length + ALIGN - 1) & ~(ALIGN - 1));
    return slab.subarray(start, start + length);
  }

  /** Lets the slab being filled go (a closed connection). */
  release(): void {
    this.#slab = undefined;
    this.#used = 0;
  }
}
