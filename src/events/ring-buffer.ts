/**
 * `RingBuffer` is a fixed-capacity FIFO: O(1) push and shift, no reallocation, so a queue or history built
 * on it can never grow past `capacity` items.
 */
export class RingBuffer<T> {
  readonly #items: (T | undefined)[];
  #head = 0;
  #length = 0;

  constructor(capacity: number) {
    if (!Number.isSafeInteger(capacity) || capacity < 1) {
      throw new RangeError(`ring buffer capacity must be a positive integer, got ${capacity}`);
    }
    this.#items = new Array<T | undefined>(capacity).fill(undefined);
  }

  /** `capacity` is the most items the buffer holds. */
  get capacity(): number {
    return this.#items.length;
  }

  /** `length` is the number of items held. */
  get length(): number {
    return this.#length;
  }

  /** `isFull` tells whether the next `push` evicts the oldest item. */
  get isFull(): boolean {
    return this.#length === this.#items.length;
  }

  /** `push` appends `item`; when full, it evicts and returns the oldest item. */
  push(item: T): T | undefined {
    const capacity = this.#items.length;
    if (this.#length === capacity) {
      const evicted = this.#items[this.#head];
      this.#items[this.#head] = item;
      this.#head = (this.#head + 1) % capacity;
      return evicted;
    }
    this.#items[(this.#head + this.#length) % capacity] = item;
    this.#length += 1;
    return undefined;
  }

  /** `peek` returns the oldest item without removing it. */
  peek(): T | undefined {
    return this.#length === 0 ? undefined : this.#items[this.#head];
  }

  /** `shift` removes and returns the oldest item. */
  shift(): T | undefined {
    if (this.#length === 0) {
      return undefined;
    }
    const item = this.#items[this.#head];
    this.#items[this.#head] = undefined;
    this.#head = (this.#head + 1) % this.#items.length;
    this.#length -= 1;
    return item;
  }

  /** `clear` removes every item. */
  clear(): void {
    this.#items.fill(undefined);
    this.#head = 0;
    this.#length = 0;
  }

  /** `toArray` copies the items, oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.#length; i += 1) {
      out.push(this.#items[(this.#head + i) % this.#items.length] as T);
    }
    return out;
  }
}
