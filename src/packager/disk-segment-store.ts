import { mkdir, readFile, rm, unlink } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { Logger } from 'pino';
import {
  closeWritten,
  keyPath,
  newSegmentFile,
  readFinished,
  removePartial,
  type SegmentFile,
  writeQueued,
} from './disk-segment-file.js';
import type { DiskSegmentStoreOptions, DiskSegmentStoreStats } from './disk-segment-store-types.js';
import { KeyedLanes } from './keyed-lanes.js';
import type { SegmentStore } from './segment-store.js';
import type { WriteBudget } from './write-budget.js';

export type { DiskSegmentStoreOptions, DiskSegmentStoreStats } from './disk-segment-store-types.js';

type Job =
  | { readonly kind: 'write' | 'finish' | 'discard'; readonly file: SegmentFile }
  | { readonly kind: 'delete'; readonly key: string };

const DEFAULT_MAX_QUEUED_BYTES = 64 * 1024 * 1024;
/** libuv's thread pool size: more lanes would only queue there. */
const DEFAULT_CONCURRENCY = 4;
/** Log the first dropped segment and then one in this many, so a stuck disk cannot flood the log. */
const DROP_LOG_EVERY = 100;

/**
 * `DiskSegmentStore` is the `SegmentStore` on the file system: one file per key under `dir`. Operations
 * run with `fs/promises` (the event loop never waits for the disk) on `concurrency` lanes
 * (`KeyedLanes`): the jobs of one key always run on the same lane, in order, one at a time, so a live
 * event with many renditions keeps several files in the thread pool at once. A segment's file is opened
 * by the first write of its appends, each write is one positional
 * `writev` of the chunks appended since the last one, and `finish` queues the close (and, when
 * `atomic`, the rename from the temp name): one open and one close per segment however many chunks it
 * has. Appended bytes are released as soon as they are written. A reader sees a whole segment or none: an
 * open key reads as absent; a finished key still being written is read from the bytes written so far
 * (through the open file) followed by the queued ones. The queue is bounded by `maxQueuedBytes` and,
 * when the store shares one, by the process's `WriteBudget`; failures and drops are logged and
 * counted, never thrown, and lose the segment as a whole (its partial file is removed). One writer per
 * directory.
 */
export class DiskSegmentStore implements SegmentStore {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #maxQueuedBytes: number;
  readonly #budget: WriteBudget | undefined;
  readonly #atomic: boolean;
  readonly #lanes: KeyedLanes<Job>;
  /** The segment being written under each key (from the first append until closed or discarded). */
  readonly #files = new Map<string, SegmentFile>();
  readonly #dirs = new Set<string>();
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
    this.#budget = options.budget;
    this.#atomic = options.atomic ?? true;
    // `emptyFirst`: every lane waits for the directory to be emptied.
    this.#lanes = new KeyedLanes(
      options.concurrency ?? DEFAULT_CONCURRENCY,
      (job) => this.#runJob(job),
      options.emptyFirst === true ? this.#empty() : undefined,
    );
  }

  /** The directory keys are relative to. */
  get dir(): string {
    return this.#dir;
  }

  stats(): DiskSegmentStoreStats {
    let open = 0;
    for (const file of this.#files.values()) {
      open += file.state === 'open' ? 1 : 0;
    }
    return {
      written: this.#written,
      failed: this.#failed,
      dropped: this.#dropped,
      deleted: this.#deleted,
      queuedBytes: this.#queuedBytes,
      open,
    };
  }

  /** The file of `key`, or `undefined` for a key that would leave `dir`. */
  pathOf(key: string): string | undefined {
    return keyPath(this.#dir, key);
  }

  append(key: string, chunks: readonly Uint8Array[]): void {
    let file = this.#files.get(key);
    if (file === undefined || file.state === 'finished' || file.state === 'gone') {
      const path = this.pathOf(key);
      if (this.#closed || path === undefined) {
        // `finish` logs it, once per segment.
        return;
      }
      // Every job of an earlier segment of the key is queued before the first of this one.
      file = newSegmentFile(key, path, this.#atomic);
      this.#files.set(key, file);
    }
    if (file.state !== 'open') {
      return;
    }
    let bytes = 0;
    for (const c of chunks) {
      bytes += c.byteLength;
    }
    const ownFull = this.#queuedBytes + bytes > this.#maxQueuedBytes;
    if (ownFull || this.#budget?.take(bytes) === false) {
      if (this.#dropped++ % DROP_LOG_EVERY === 0) {
        const budget = this.#budget;
        this.#logger.warn(
          {
            key,
            queuedBytes: this.#queuedBytes,
            dropped: this.#dropped,
            ...(ownFull || budget === undefined
              ? {}
              : { processQueuedBytes: budget.used, budget: budget.limit }),
          },
          ownFull
            ? 'segment not stored: the disk is behind and the write queue is full'
            : "segment not stored: the disk is behind and the process's write budget is spent (every live event's queued writes together)",
        );
      }
      this.#fail(file);
      return;
    }
    for (const c of chunks) {
      file.queued.push(c);
    }
    file.queuedBytes += bytes;
    this.#queuedBytes += bytes;
    if (!file.writeQueued) {
      file.writeQueued = true;
      this.#enqueue({ kind: 'write', file });
    }
  }

  finish(key: string): Promise<boolean> {
    const file = this.#files.get(key);
    if (file === undefined || file.state === 'finished' || file.state === 'gone') {
      this.#logger.warn(
        { key, closed: this.#closed },
        'segment not stored: not open (store closed, key outside its directory, or nothing appended)',
      );
      return Promise.resolve(false);
    }
    if (file.state === 'failed') {
      file.state = 'gone';
      file.settle(false);
      if (file.discarded) {
        this.#forget(file);
      }
      return file.done;
    }
    file.state = 'finished';
    this.#enqueue({ kind: 'finish', file });
    return file.done;
  }

  put(key: string, chunks: readonly Uint8Array[]): Promise<boolean> {
    const file = this.#files.get(key);
    if (file !== undefined && (file.state === 'open' || file.state === 'failed')) {
      // A whole value replaces a segment half appended under the same key.
      this.#abandon(file);
    }
    this.append(key, chunks);
    return this.finish(key);
  }

  async get(key: string): Promise<readonly Uint8Array[] | undefined> {
    const file = this.#files.get(key);
    if (file !== undefined) {
      if (file.state !== 'finished') {
        return undefined;
      }
      if (!file.closing) {
        try {
          return await readFinished(file);
        } catch (error) {
          this.#failed++;
          this.#logger.warn({ err: error, key }, 'segment being stored could not be read');
          return undefined;
        }
      }
      if (!(await file.done)) {
        return undefined;
      }
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
    const file = this.#files.get(key);
    if (file !== undefined) {
      this.#abandon(file);
    }
    if (this.pathOf(key) !== undefined) {
      this.#enqueue({ kind: 'delete', key });
    }
  }

  /** Resolves once every queued operation has run. */
  idle(): Promise<void> {
    return this.#lanes.idle();
  }

  /**
   * Refuses new segments, abandons the ones not finished (their partial files are removed) and waits for
   * the queued operations. Idempotent.
   */
  async close(): Promise<void> {
    this.#closed = true;
    for (const file of [...this.#files.values()]) {
      if (file.state === 'open' || file.state === 'failed') {
        this.#abandon(file);
      }
    }
    await this.idle();
  }

  #enqueue(job: Job): void {
    this.#lanes.push(job.kind === 'delete' ? job.key : job.file.key, job);
  }

  async #runJob(job: Job): Promise<void> {
    switch (job.kind) {
      case 'write':
        job.file.writeQueued = false;
        await this.#write(job.file);
        break;
      case 'finish':
        await this.#close(job.file);
        break;
      case 'discard':
        await this.#discard(job.file);
        break;
      case 'delete':
        await this.#remove(job.key);
        break;
    }
  }

  /** The `write` job: what is queued of `file`, in one `writev` at its end. */
  async #write(file: SegmentFile): Promise<void> {
    const writing = (): boolean => file.state === 'open' || file.state === 'finished';
    if (!writing() || file.queued.length === 0) {
      return;
    }
    try {
      const { chunks, bytes } = await writeQueued(file, this.#makeDir);
      if (!writing()) {
        // Dropped or deleted meanwhile: its queue was released then.
        return;
      }
      file.written += bytes;
      file.queued.splice(0, chunks);
      file.queuedBytes -= bytes;
      this.#queuedBytes -= bytes;
      this.#budget?.give(bytes);
    } catch (error) {
      if (writing()) {
        this.#writeFailed(file, error);
      }
    }
  }

  /** The `finish` job: the last writes, then close and (atomic) rename. */
  async #close(file: SegmentFile): Promise<void> {
    await this.#write(file);
    if (file.state !== 'finished') {
      return;
    }
    file.closing = true;
    try {
      await closeWritten(file, this.#makeDir);
      if (file.state === 'finished') {
        this.#written++;
        file.settle(true);
      }
    } catch (error) {
      this.#failed++;
      this.#dirs.clear();
      this.#logger.warn({ err: error, key: file.key, failed: this.#failed }, 'segment could not be stored');
      await removePartial(file).catch(() => undefined);
      file.settle(false);
    } finally {
      this.#forget(file);
    }
  }

  /** The `discard` job: closes and removes the partial file of a failed, dropped or deleted segment. */
  async #discard(file: SegmentFile): Promise<void> {
    try {
      await removePartial(file);
    } catch (error) {
      this.#failed++;
      this.#logger.warn({ err: error, key: file.key }, 'partial segment could not be removed');
    }
    file.discarded = true;
    if (file.state === 'gone') {
      this.#forget(file);
    }
  }

  #writeFailed(file: SegmentFile, error: unknown): void {
    this.#failed++;
    this.#dirs.clear();
    this.#logger.warn({ err: error, key: file.key, failed: this.#failed }, 'segment could not be stored');
    if (file.state === 'finished') {
      this.#abandon(file);
    } else {
      this.#fail(file);
    }
  }

  /** The open segment is lost (dropped or a write failed): later appends are ignored until `finish`. */
  #fail(file: SegmentFile): void {
    file.state = 'failed';
    this.#release(file);
    this.#enqueue({ kind: 'discard', file });
  }

  /** The segment is given up (deleted, replaced, store closing, or failed after `finish`). */
  #abandon(file: SegmentFile): void {
    const discardQueued = file.state === 'failed' || file.state === 'gone';
    file.state = 'gone';
    this.#release(file);
    file.settle(false);
    if (file.discarded) {
      this.#forget(file);
    } else if (!discardQueued) {
      this.#enqueue({ kind: 'discard', file });
    }
  }

  /** Lets go of the bytes queued for `file`. */
  #release(file: SegmentFile): void {
    this.#queuedBytes -= file.queuedBytes;
    this.#budget?.give(file.queuedBytes);
    file.queuedBytes = 0;
    file.queued = [];
  }

  #forget(file: SegmentFile): void {
    if (this.#files.get(file.key) === file) {
      this.#files.delete(file.key);
    }
  }

  readonly #makeDir = async (path: string): Promise<void> => {
    const dir = dirname(path);
    if (!this.#dirs.has(dir)) {
      await mkdir(dir, { recursive: true });
      this.#dirs.add(dir);
    }
  };

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
