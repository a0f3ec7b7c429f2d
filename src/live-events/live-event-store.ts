import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { readJsonFile, writeFileAtomic } from '../lib/fs/atomic-write.js';
import {
  parseLiveEventDocument,
  serializeLiveEventDocument,
  type LiveEventDocument,
} from './live-event-document.js';
import { assertLiveEventName, nameKey } from './resource-name.js';

/** `LiveEventStoreOptions` configure a {@link LiveEventStore}. */
export interface LiveEventStoreOptions {
  /** Inlet's data directory; files go to `<dataDir>/live-events/`. */
  readonly dataDir: string;
  readonly logger: Logger;
}

/** `CorruptLiveEventFile` is a file that could not be loaded; it is left exactly as it was. */
export interface CorruptLiveEventFile {
  /** The lookup key (lower-case live event name) taken from the file name. */
  readonly key: string;
  readonly file: string;
  readonly reason: string;
}

/** `LiveEventStoreLoad` is what {@link LiveEventStore.load} found. */
export interface LiveEventStoreLoad {
  readonly documents: readonly LiveEventDocument[];
  readonly corrupt: readonly CorruptLiveEventFile[];
}

/** Temp files of `writeFileAtomic` (`.<file>.<pid>.<random>.tmp`) left behind by a killed process. */
const STALE_TEMP = /^\..+\.json\.\d+\.[0-9a-f]+\.tmp$/;

/**
 * `LiveEventStore` persists one JSON file per live event under `<dataDir>/live-events/`, named after
 * the lower-case event name, holding the event and its outputs. Every write is atomic (temp file,
 * fsync, rename, directory fsync: `lib/fs/atomic-write`), and writes to one file run in call order, so
 * the last call wins. A file that cannot be read or checked is reported and never touched.
 */
export class LiveEventStore {
  /** The directory holding the files. */
  readonly directory: string;
  readonly #logger: Logger;
  readonly #queues = new Map<string, Promise<void>>();

  constructor(options: LiveEventStoreOptions) {
    this.directory = join(options.dataDir, 'live-events');
    this.#logger = options.logger;
  }

  /** `fileOf` is the path of a live event's file. */
  fileOf(name: string): string {
    return join(this.directory, `${nameKey(name)}.json`);
  }

  /**
   * `load` reads every file. Torn or invalid files are logged as errors naming the file, listed in
   * `corrupt`, and left untouched. Leftover temp files of interrupted writes are removed.
   */
  async load(): Promise<LiveEventStoreLoad> {
    await mkdir(this.directory, { recursive: true });
    const documents: LiveEventDocument[] = [];
    const corrupt: CorruptLiveEventFile[] = [];
    for (const entry of (await readdir(this.directory)).sort()) {
      const file = join(this.directory, entry);
      if (STALE_TEMP.test(entry)) {
        this.#logger.info({ file }, 'removing the temp file of an interrupted write');
        await rm(file, { force: true });
        continue;
      }
      if (!entry.endsWith('.json')) {
        continue;
      }
      const key = entry.slice(0, -'.json'.length);
      try {
        const doc = parseLiveEventDocument(await readJsonFile(file));
        assertLiveEventName(doc.liveEvent.name);
        if (nameKey(doc.liveEvent.name) !== key) {
          throw new Error(
            `the file holds live event '${doc.liveEvent.name}', which belongs in ${nameKey(doc.liveEvent.name)}.json`,
          );
        }
        documents.push(doc);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        this.#logger.error(
          { file, err: error },
          `live event file ${file} cannot be loaded and is left untouched (${reason}); fix or remove it, then restart`,
        );
        corrupt.push({ key, file, reason });
      }
    }
    return { documents, corrupt };
  }

  /** `save` writes a live event's document (after the writes queued before it). */
  save(doc: LiveEventDocument): Promise<void> {
    const file = this.fileOf(doc.liveEvent.name);
    const data = serializeLiveEventDocument(doc);
    return this.#enqueue(doc.liveEvent.name, () => writeFileAtomic(file, data));
  }

  /** `remove` deletes a live event's file (after the writes queued before it). */
  remove(name: string): Promise<void> {
    const file = this.fileOf(name);
    return this.#enqueue(name, () => rm(file, { force: true }));
  }

  /** `flush` waits until every queued write has finished. */
  async flush(): Promise<void> {
    await Promise.all([...this.#queues.values()]);
  }

  #enqueue(name: string, write: () => Promise<void>): Promise<void> {
    const key = nameKey(name);
    const previous = this.#queues.get(key) ?? Promise.resolve();
    const next = previous.then(write);
    const settled = next.catch(() => undefined);
    this.#queues.set(key, settled);
    void settled.then(() => {
      if (this.#queues.get(key) === settled) {
        this.#queues.delete(key);
      }
    });
    return next;
  }
}
