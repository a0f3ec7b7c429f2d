/**
 * `SegmentStore` keeps CMAF segments outside the packager's live edge, by key: a path relative to the
 * presentation root as the HTTP layer names it (`<renditionId>/<sequence>.m4s`, see `segmentKey`).
 *
 * A segment is taken progressively, as its CMAF chunks (ISO/IEC 23000-19 §7.3.3) complete: `append` adds
 * bytes to the open segment of a key, `finish` completes it. A reader of the store sees a whole segment or
 * none: an open key reads as absent until `finish`, and from `finish` on `get` answers the whole segment
 * (from what is written and what is still queued). `put` stores a whole value at once. Implementations never
 * throw into the media path: a failed or dropped write makes `finish` resolve `false` and is counted.
 */
export interface SegmentStore {
  /**
   * Appends `chunks` (in order, without a copy) to the open segment of `key`. The first append after a
   * `finish` or `delete` of the key (or ever) opens it anew, replacing an earlier value. An append after
   * a failed or dropped one of the same segment is ignored: the segment is lost as a whole.
   */
  append(key: string, chunks: readonly Uint8Array[]): void;
  /**
   * Completes the open segment of `key`. Resolves `true` once it is stored whole, `false` when an append
   * failed or was dropped, the key was deleted, or no segment of `key` is open; never rejects.
   */
  finish(key: string): Promise<boolean>;
  /** Stores `chunks` (concatenated) under `key`: `append` then `finish`. */
  put(key: string, chunks: readonly Uint8Array[]): Promise<boolean>;
  /**
   * The bytes of `key` as chunks, or `undefined` when absent or open (not yet finished); never rejects.
   * A finished segment whose writes are still queued is answered from what is written and what is queued.
   */
  get(key: string): Promise<readonly Uint8Array[] | undefined>;
  /**
   * Forgets `key`: an open or still queued segment of it is cancelled (its `finish` resolves `false`) and
   * its partial data removed; the stored value is deleted after any queued operation on it. Never throws.
   */
  delete(key: string): void;
}

/** `segmentKey` is the store key of a media segment: `<renditionId>/<sequence>.m4s`, as the HTTP paths. */
export function segmentKey(renditionId: string, sequence: number): string {
  return `${renditionId}/${sequence}.m4s`;
}

/** `initKey` is the store key of an init segment: `<renditionId>/init-<version>.mp4`, as the HTTP paths. */
export function initKey(renditionId: string, version: number): string {
  return `${renditionId}/init-${version}.mp4`;
}

/**
 * `MemorySegmentStore` is the in-memory `SegmentStore`: it holds the chunks it is given (no copy), for
 * tests and for deployments that keep the whole window in memory.
 */
export class MemorySegmentStore implements SegmentStore {
  readonly #entries = new Map<string, readonly Uint8Array[]>();
  /** Segments being appended, by key: not readable until finished. */
  readonly #open = new Map<string, Uint8Array[]>();

  /** Number of finished keys held. */
  get size(): number {
    return this.#entries.size;
  }

  /** Number of keys being appended. */
  get openCount(): number {
    return this.#open.size;
  }

  /** The finished keys held, in insertion order. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  append(key: string, chunks: readonly Uint8Array[]): void {
    let open = this.#open.get(key);
    if (open === undefined) {
      open = [];
      this.#open.set(key, open);
      this.#entries.delete(key);
    }
    open.push(...chunks);
  }

  finish(key: string): Promise<boolean> {
    const open = this.#open.get(key);
    if (open === undefined) {
      return Promise.resolve(false);
    }
    this.#open.delete(key);
    this.#entries.set(key, open);
    return Promise.resolve(true);
  }

  put(key: string, chunks: readonly Uint8Array[]): Promise<boolean> {
    this.#open.delete(key);
    this.#entries.set(key, chunks);
    return Promise.resolve(true);
  }

  get(key: string): Promise<readonly Uint8Array[] | undefined> {
    return Promise.resolve(this.#entries.get(key));
  }

  delete(key: string): void {
    this.#open.delete(key);
    this.#entries.delete(key);
  }

  /** Forgets every key. Idempotent. */
  close(): void {
    this.#entries.clear();
    this.#open.clear();
  }
}
