/**
 * `SegmentStore` keeps finished CMAF segments outside the packager's live edge, by key: a path relative to
 * the presentation root as the HTTP layer names it (`<renditionId>/<sequence>.m4s`, see `segmentKey`).
 * Implementations never throw into the media path: a failed write resolves `false` and is counted.
 */
export interface SegmentStore {
  /**
   * Stores `chunks` (concatenated) under `key`, replacing an earlier value. Resolves `true` once stored,
   * `false` when the write failed or was dropped; never rejects. Until then `get` answers from the queue.
   */
  put(key: string, chunks: readonly Uint8Array[]): Promise<boolean>;
  /** The stored bytes of `key` as chunks, or `undefined` when absent; never rejects. */
  get(key: string): Promise<readonly Uint8Array[] | undefined>;
  /** Forgets `key` (after any queued write of it); never throws. */
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

  /** Number of keys held. */
  get size(): number {
    return this.#entries.size;
  }

  /** The keys held, in insertion order. */
  keys(): string[] {
    return [...this.#entries.keys()];
  }

  put(key: string, chunks: readonly Uint8Array[]): Promise<boolean> {
    this.#entries.set(key, chunks);
    return Promise.resolve(true);
  }

  get(key: string): Promise<readonly Uint8Array[] | undefined> {
    return Promise.resolve(this.#entries.get(key));
  }

  delete(key: string): void {
    this.#entries.delete(key);
  }

  /** Forgets every key. Idempotent. */
  close(): void {
    this.#entries.clear();
  }
}
