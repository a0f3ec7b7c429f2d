import { closeSync, fdatasync, fsyncSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { stat, unlink } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { EventCursorStore } from './event-cursor-store.js';
import { eventLogFileName, listEventLogFiles, type EventLogFile } from './event-log-files.js';
import { planPrune, type PrunableFile } from './event-log-prune-plan.js';
import { readEventLogFile } from './event-log-reader.js';
import { recoverEventLogTail } from './event-log-recovery.js';
import { encodeLoggedEvent, type LoggedEvent } from './logged-event.js';
import type { MediaEvent } from './media-event.js';

const mib = 1024 * 1024;
const dayMs = 24 * 60 * 60 * 1000;

/** `EventLogOptions` configures an `EventLog`; sizes in bytes, times in milliseconds. */
export interface EventLogOptions {
  /** Inlet's data directory; the log lives in `<dataDir>/events/`, cursors in `<dataDir>/events/cursors/`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** A file is closed and a new one started when the next record would pass this size. Default 16 MiB. */
  readonly maxFileBytes?: number;
  /** Files whose newest event is older than this are deleted, even if a subscriber still lags. Default 7 days. */
  readonly maxAgeMs?: number;
  /** Over this total size the oldest files are deleted once no cursor needs them. Default 512 MiB. */
  readonly maxTotalBytes?: number;
  /**
   * Records are written (`write(2)`) before `append` returns, so they survive a process crash; `fdatasync`
   * runs at most this long after a write, bounding what an OS crash can lose. Default 100 ms.
   */
  readonly fsyncIntervalMs?: number;
  /** How often age and size limits are applied (also after each rotation). Default 60 s. */
  readonly pruneIntervalMs?: number;
  /** Wall clock in epoch milliseconds, for file names and age checks. Default `Date.now`. */
  readonly now?: () => number;
}

/** `EventLogStats` are the counters of an `EventLog`. */
export interface EventLogStats {
  readonly lastSeq: number;
  readonly files: number;
  readonly appended: number;
  readonly writeErrors: number;
  readonly prunedFiles: number;
}

/**
 * `EventLog` is the outbox of the event bus: an append-only NDJSON log in `<dataDir>/events/`, one
 * `{"seq":N,"event":{...}}` per line, files named `events-<UTC time>-<first seq>.ndjson`. `seq` increases by
 * one per event and continues across restarts (derived from the newest file, which is never pruned).
 * Subscribers read it with `readFrom(seq)` and keep their position in `cursors`. A torn last line left by a
 * crash is cut off with a warning at start-up; readers skip any line that does not parse.
 */
export class EventLog {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #maxFileBytes: number;
  readonly #maxAgeMs: number;
  readonly #maxTotalBytes: number;
  readonly #fsyncIntervalMs: number;
  readonly #now: () => number;
  readonly #files: EventLogFile[];
  readonly #reported = new Set<string>();
  readonly #pruneTimer: NodeJS.Timeout;
  #fd: number;
  #fileBytes: number;
  #lastSeq: number;
  #dirty = false;
  #syncTimer: NodeJS.Timeout | undefined;
  #syncing: Promise<void> | undefined;
  #pruning: Promise<void> | undefined;
  #pruneAgain: Promise<void> | undefined;
  #closed = false;
  #appended = 0;
  #writeErrors = 0;
  #prunedFiles = 0;

  /** `cursors` holds the persisted delivery position of each subscriber of this log. */
  readonly cursors: EventCursorStore;

  constructor(options: EventLogOptions) {
    this.#dir = path.join(options.dataDir, 'events');
    this.#logger = options.logger;
    this.#maxFileBytes = options.maxFileBytes ?? 16 * mib;
    this.#maxAgeMs = options.maxAgeMs ?? 7 * dayMs;
    this.#maxTotalBytes = options.maxTotalBytes ?? 512 * mib;
    this.#fsyncIntervalMs = options.fsyncIntervalMs ?? 100;
    this.#now = options.now ?? Date.now;
    mkdirSync(this.#dir, { recursive: true });
    this.cursors = new EventCursorStore({ dir: path.join(this.#dir, 'cursors'), logger: this.#logger });
    this.#files = listEventLogFiles(this.#dir);
    const last = this.#files.at(-1);
    const recovered = last === undefined ? undefined : recoverEventLogTail(last, this.#logger);
    this.#lastSeq = recovered?.lastSeq ?? 0;
    if (last !== undefined && recovered !== undefined && recovered.bytes < this.#maxFileBytes) {
      this.#fd = openSync(last.path, 'a');
      this.#fileBytes = recovered.bytes;
    } else {
      this.#fd = this.#openNewFile(this.#lastSeq + 1);
      this.#fileBytes = 0;
    }
    this.#pruneTimer = setInterval(() => void this.prune(), options.pruneIntervalMs ?? 60_000);
    this.#pruneTimer.unref();
    void this.prune();
    this.#logger.info(
      { dir: this.#dir, lastSeq: this.#lastSeq, files: this.#files.length },
      'event log opened',
    );
  }

  /** `lastSeq` is the seq of the newest event (0 for an empty log). */
  get lastSeq(): number {
    return this.#lastSeq;
  }

  /** `stats` are counters for monitoring and tests. */
  get stats(): EventLogStats {
    return {
      lastSeq: this.#lastSeq,
      files: this.#files.length,
      appended: this.#appended,
      writeErrors: this.#writeErrors,
      prunedFiles: this.#prunedFiles,
    };
  }

  /**
   * `append` gives `event` the next seq and writes it to the active file before returning. It never throws:
   * a failed write is logged and counted, and the event still gets its seq (live subscribers receive it,
   * but it cannot be re-read after a restart).
   */
  append(event: MediaEvent): LoggedEvent {
    const entry: LoggedEvent = { seq: this.#lastSeq + 1, event };
    this.#lastSeq = entry.seq;
    if (this.#closed) {
      this.#writeErrors += 1;
      this.#logger.warn(
        { seq: entry.seq, eventType: event.eventType },
        'event log: append after close; not written',
      );
      return entry;
    }
    try {
      const line = Buffer.from(encodeLoggedEvent(entry));
      if (this.#fileBytes > 0 && this.#fileBytes + line.length > this.#maxFileBytes) {
        this.#rotate(entry.seq);
      }
      writeSync(this.#fd, line);
      this.#fileBytes += line.length;
      this.#appended += 1;
      this.#scheduleSync();
    } catch (error) {
      this.#writeErrors += 1;
      this.#logger.error(
        { err: error, seq: entry.seq },
        'event log: write failed; the event is delivered live only',
      );
    }
    return entry;
  }

  /** `flush` makes every appended record durable (`fdatasync`). */
  async flush(): Promise<void> {
    await this.#syncing;
    if (this.#dirty && !this.#closed) {
      await this.#sync();
    }
  }

  /**
   * `readFrom` yields the logged events with `seq > afterSeq` in seq order, up to the newest one at the time
   * the iteration reaches it, then ends. Events pruned meanwhile are skipped.
   */
  async *readFrom(afterSeq: number): AsyncGenerator<LoggedEvent> {
    let after = afterSeq;
    for (;;) {
      // The file holding `after + 1` (or the oldest one left, when that event was pruned).
      const files = this.#files;
      const file = files.find((_, i) => (files[i + 1]?.firstSeq ?? Infinity) > after + 1);
      if (file === undefined) {
        return;
      }
      for await (const entry of readEventLogFile({
        path: file.path,
        afterSeq: after,
        active: file === this.#files.at(-1),
        logger: this.#logger,
        reportOnce: (filePath, offset) => this.#reportOnce(filePath, offset),
      })) {
        after = entry.seq;
        yield entry;
      }
      const index = this.#files.indexOf(file);
      const next = index < 0 ? undefined : this.#files[index + 1];
      if (index >= 0 && next === undefined) {
        return;
      }
      // Continue with the next file (or look the position up again when this one was pruned meanwhile).
      after = Math.max(after, (next?.firstSeq ?? 0) - 1);
    }
  }

  /** `prune` applies the age and size limits now (it also runs on a timer and after each rotation). */
  prune(): Promise<void> {
    if (this.#pruning === undefined) {
      this.#pruning = this.#prune().finally(() => {
        this.#pruning = undefined;
      });
      return this.#pruning;
    }
    // One run at a time; a request during a run gets one more run after it, which sees the newest state.
    this.#pruneAgain ??= this.#pruning.then(() => {
      this.#pruneAgain = undefined;
      return this.prune();
    });
    return this.#pruneAgain;
  }

  /** `close` syncs and closes the active file and stops the timers; idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    await this.flush();
    this.#closed = true;
    clearInterval(this.#pruneTimer);
    clearTimeout(this.#syncTimer);
    await this.#syncing;
    await this.#pruneAgain;
    await this.#pruning;
    try {
      closeSync(this.#fd);
    } catch (error) {
      this.#logger.warn({ err: error }, 'event log: close failed');
    }
  }

  #openNewFile(firstSeq: number): number {
    const filePath = path.join(this.#dir, eventLogFileName(firstSeq, this.#now()));
    const fd = openSync(filePath, 'a');
    this.#files.push({ path: filePath, firstSeq });
    return fd;
  }

  #rotate(firstSeq: number): void {
    const old = this.#fd;
    fsyncSync(old);
    this.#dirty = false;
    // An fdatasync may still run on the old descriptor in the thread pool: close it only after that.
    void (this.#syncing ?? Promise.resolve()).finally(() => closeSync(old));
    this.#fd = this.#openNewFile(firstSeq);
    this.#fileBytes = 0;
    void this.prune();
  }

  #scheduleSync(): void {
    this.#dirty = true;
    if (this.#syncTimer === undefined) {
      this.#syncTimer = setTimeout(() => {
        this.#syncTimer = undefined;
        void this.#sync();
      }, this.#fsyncIntervalMs);
    }
  }

  #sync(): Promise<void> {
    if (this.#syncing !== undefined) {
      return this.#syncing.then(() => this.#sync());
    }
    if (this.#closed || !this.#dirty) {
      return Promise.resolve();
    }
    this.#dirty = false;
    const fd = this.#fd;
    this.#syncing = new Promise<void>((resolve) => {
      fdatasync(fd, (error) => {
        this.#syncing = undefined;
        if (error !== null) {
          this.#writeErrors += 1;
          this.#logger.error({ err: error }, 'event log: fdatasync failed');
        }
        resolve();
      });
    });
    return this.#syncing;
  }

  async #prune(): Promise<void> {
    try {
      const closed: PrunableFile[] = [];
      let totalBytes = 0;
      for (const [i, file] of this.#files.entries()) {
        const info = await stat(file.path).catch(() => undefined);
        totalBytes += info?.size ?? 0;
        const next = this.#files[i + 1];
        if (next !== undefined && info !== undefined) {
          closed.push({ ...file, lastSeq: next.firstSeq - 1, bytes: info.size, mtimeMs: info.mtimeMs });
        }
      }
      const cursors = await this.cursors.readAll();
      const plan = planPrune({
        files: closed,
        totalBytes,
        cursors,
        nowMs: this.#now(),
        maxAgeMs: this.#maxAgeMs,
        maxTotalBytes: this.#maxTotalBytes,
      });
      for (const [subscriber, dropped] of plan.dropped) {
        this.#logger.warn(
          { subscriber, dropped, maxAgeMs: this.#maxAgeMs },
          'event log: deleted events older than the maximum age that a subscriber had not received',
        );
      }
      if (plan.heldBy.length > 0) {
        this.#logger.warn(
          { heldBy: plan.heldBy, totalBytes, maxTotalBytes: this.#maxTotalBytes },
          'event log: over its size limit, kept because subscribers have not received these events',
        );
      }
      for (const file of plan.deletions) {
        await unlink(file.path).catch(() => undefined);
        const index = this.#files.findIndex((f) => f.path === file.path);
        if (index >= 0) {
          this.#files.splice(index, 1);
          this.#prunedFiles += 1;
        }
      }
    } catch (error) {
      this.#logger.warn({ err: error }, 'event log: pruning failed; will retry');
    }
  }

  #reportOnce(filePath: string, offset: number): boolean {
    const key = `${filePath}:${offset}`;
    if (this.#reported.has(key) || this.#reported.size > 10_000) {
      return false;
    }
    this.#reported.add(key);
    return true;
  }
}
