import { mkdir, open, readFile, rename, rm, unlink } from 'node:fs/promises';
import { dirname, isAbsolute, join, normalize, sep } from 'node:path';
import type { Logger } from 'pino';
import type { SegmentStore } from './segment-store.js';

/** `DiskSegmentStoreOptions` configures a `DiskSegmentStore`. */
export interface DiskSegmentStoreOptions {
  /** Directory the keys are relative to (e.g. `<dataDir>/preview/<liveEvent>`); created when needed. */
  readonly dir: string;
  readonly logger: Logger;
  /**
   * Bytes of queued writes past which a new write is dropped (counted, logged): a disk slower than the
   * streams must not grow memory without bound. Default 64 MiB (about 20 s of ten 3 Mbit/s renditions).
   */
  readonly maxQueuedBytes?: number;
  /**
   * `true` (default): each file is written to a temp name and renamed, so other processes that read the
   * directory (archives, after a restart too) see whole files only. `false`: written in place, one file
   * system operation fewer per segment, for a directory only this store reads (the preview); use it with
   * `emptyFirst`, since a crash may leave a partial file behind.
   */
  readonly atomic?: boolean;
  /** Removes whatever `dir` holds before the first write (what an earlier run left). */
  readonly emptyFirst?: boolean;
}

/** `DiskSegmentStoreStats` are the counters of a `DiskSegmentStore`. */
export interface DiskSegmentStoreStats {
  readonly written: number;
  readonly failed: number;
  readonly dropped: number;
  readonly deleted: number;
  readonly queuedBytes: number;
}

interface Job {
  readonly kind: 'put' | 'delete' | 'empty';
  readonly key: string;
  readonly chunks: readonly Uint8Array[];
  readonly bytes: number;
  readonly resolve: (ok: boolean) => void;
  cancelled: boolean;
}

const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** Log the first dropped write and then one in this many, so a stuck disk cannot flood the log. */
const DROP_LOG_EVERY = 100;
const NO_CHUNKS: readonly Uint8Array[] = [];

/**
 * `DiskSegmentStore` is the `SegmentStore` on the file system: one file per key under `dir`. Writes are
 * queued and run one at a time with `fs/promises` (the event loop never waits for the disk), each as
 * open, one `writev`, close (and a rename from a temp name when `atomic`); a key still queued or being
 * written is served from the queue, so a reader of the store sees a whole segment or none. The queue is bounded by `maxQueuedBytes`; failures and drops
 * are logged and counted, never thrown. One writer per directory.
 */
export class DiskSegmentStore implements SegmentStore {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #maxQueuedBytes: number;
  readonly #atomic: boolean;
  readonly #queue: (Job | undefined)[] = [];
  readonly #pending = new Map<string, Job>();
  readonly #dirs = new Set<string>();
  readonly #idle: (() => void)[] = [];
  #head = 0;
  #running = false;
  #closed = false;
  #queuedBytes = 0;
  #written = 0;
  #failed = 0;
  #dropped = 0;
  #deleted = 0;

  constructor(options: DiskSegmentStoreOptions) {
    this.#dir = options.dir;
    this.#logger = options.logger;
    this.#maxQueuedBytes = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    this.#atomic = options.atomic ?? true;
    if (options.emptyFirst === true) {
      this.#enqueue({
        kind: 'empty',
        key: '',
        chunks: NO_CHUNKS,
        bytes: 0,
        resolve: () => undefined,
        cancelled: false,
      });
    }
  }

  /** The directory keys are relative to. */
  get dir(): string {
    return this.#dir;
  }

  stats(): DiskSegmentStoreStats {
    return {
      written: this.#written,
      failed: this.#failed,
      dropped: this.#dropped,
      deleted: this.#deleted,
      queuedBytes: this.#queuedBytes,
    };
  }

  /** The file of `key`, or `undefined` for a key that would leave `dir`. */
  pathOf(key: string): string | undefined {
    const normalized = normalize(key);
    if (
      key === '' ||
      isAbsolute(key) ||
      normalized.startsWith('..') ||
      normalized.includes(`${sep}..${sep}`)
    ) {
      return undefined;
    }
    return join(this.#dir, normalized);
  }

  put(key: string, chunks: readonly Uint8Array[]): Promise<boolean> {
    if (this.#closed || this.pathOf(key) === undefined) {
      this.#logger.warn(
        { key, closed: this.#closed },
        'segment not stored: store closed or key outside its directory',
      );
      return Promise.resolve(false);
    }
    let bytes = 0;
    for (const c of chunks) {
      bytes += c.byteLength;
    }
    if (this.#queuedBytes + bytes > this.#maxQueuedBytes) {
      if (this.#dropped++ % DROP_LOG_EVERY === 0) {
        this.#logger.warn(
          { key, queuedBytes: this.#queuedBytes, dropped: this.#dropped },
          'segment not stored: the disk is behind and the write queue is full',
        );
      }
      return Promise.resolve(false);
    }
    return new Promise((resolve) => {
      const job: Job = { kind: 'put', key, chunks, bytes, resolve, cancelled: false };
      const replaced = this.#pending.get(key);
      if (replaced !== undefined) {
        replaced.cancelled = true;
      }
      this.#pending.set(key, job);
      this.#enqueue(job);
    });
  }

  async get(key: string): Promise<readonly Uint8Array[] | undefined> {
    const queued = this.#pending.get(key);
    if (queued !== undefined) {
      return queued.chunks;
    }
    const path = this.pathOf(key);
    if (path === undefined) {
      return undefined;
    }
    try {
      return [await readFile(path)];
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#logger.warn({ err: error, key }, 'stored segment could not be read');
      }
      return undefined;
    }
  }

  delete(key: string): void {
    const queued = this.#pending.get(key);
    if (queued !== undefined) {
      queued.cancelled = true;
      this.#pending.delete(key);
    }
    if (this.pathOf(key) !== undefined) {
      this.#enqueue({
        kind: 'delete',
        key,
        chunks: NO_CHUNKS,
        bytes: 0,
        resolve: () => undefined,
        cancelled: false,
      });
    }
  }

  /** Resolves once every queued operation has run. */
  idle(): Promise<void> {
    if (!this.#running && this.#head === this.#queue.length) {
      return Promise.resolve();
    }
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Refuses new writes and waits for the queued ones. Idempotent. */
  async close(): Promise<void> {
    this.#closed = true;
    await this.idle();
  }

  #enqueue(job: Job): void {
    this.#queue.push(job);
    this.#queuedBytes += job.bytes;
    if (!this.#running) {
      void this.#drain();
    }
  }

  async #drain(): Promise<void> {
    this.#running = true;
    while (this.#head < this.#queue.length) {
      const job = this.#queue[this.#head] as Job;
      this.#queue[this.#head++] = undefined;
      if (job.kind === 'delete') {
        await this.#remove(job.key);
      } else if (job.kind === 'empty') {
        await this.#empty();
      } else if (job.cancelled) {
        job.resolve(false);
      } else {
        const ok = await this.#write(job);
        if (this.#pending.get(job.key) === job) {
          this.#pending.delete(job.key);
        }
        job.resolve(ok);
      }
      this.#queuedBytes -= job.bytes;
    }
    this.#queue.length = 0;
    this.#head = 0;
    this.#running = false;
    for (const resolve of this.#idle.splice(0)) {
      resolve();
    }
  }

  async #write(job: Job): Promise<boolean> {
    const path = this.pathOf(job.key) as string;
    try {
      const dir = dirname(path);
      if (!this.#dirs.has(dir)) {
        await mkdir(dir, { recursive: true });
        this.#dirs.add(dir);
      }
      // In place: until the write is done `get` answers from the queue, so the store's readers never see a
      // partial file.
      const target = this.#atomic ? `${path}.tmp` : path;
      const handle = await open(target, 'w');
      try {
        const { bytesWritten } = await handle.writev(job.chunks as Uint8Array[]);
        if (bytesWritten !== job.bytes) {
          throw new Error(`wrote ${bytesWritten} of ${job.bytes} bytes`);
        }
      } finally {
        await handle.close();
      }
      if (target !== path) {
        await rename(target, path);
      }
      this.#written++;
      return true;
    } catch (error) {
      this.#failed++;
      this.#dirs.clear();
      this.#logger.warn({ err: error, key: job.key, failed: this.#failed }, 'segment could not be stored');
      await rm(this.#atomic ? `${path}.tmp` : path, { force: true }).catch(() => undefined);
      return false;
    }
  }

  async #empty(): Promise<void> {
    try {
      await rm(this.#dir, { recursive: true, force: true });
    } catch (error) {
      this.#failed++;
      this.#logger.warn({ err: error, dir: this.#dir }, 'segment directory could not be emptied');
    }
  }

  async #remove(key: string): Promise<void> {
    try {
      await unlink(this.pathOf(key) as string);
      this.#deleted++;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        // Never written (cancelled while queued) or already gone: the key is deleted all the same.
        this.#deleted++;
        return;
      }
      this.#failed++;
      this.#logger.warn({ err: error, key }, 'stored segment could not be deleted');
    }
  }
}
