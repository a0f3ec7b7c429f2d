import { mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { readJsonFile, writeFileAtomic } from '../lib/fs/atomic-write.js';
import { nameKey } from './resource-name.js';

/** `RecordStoreOptions` configure a {@link RecordStore} of one resource family. */
export interface RecordStoreOptions<T> {
  /** The directory holding one file per resource. */
  readonly directory: string;
  readonly logger: Logger;
  /** How log lines name one resource of the family, e.g. `live event`. */
  readonly kind: string;
  /** Checks the structure of a parsed file and returns the record; throws naming the first bad field. */
  readonly parse: (json: unknown) => T;
  /** The resource name of a record (the file is named after its lower-case form). */
  readonly nameOf: (record: T) => string;
  /** The file content of a record. */
  readonly serialize: (record: T) => string;
}

/** `CorruptRecordFile` is a file that could not be loaded; it is left exactly as it was. */
export interface CorruptRecordFile {
  /** The lookup key (lower-case resource name) taken from the file name. */
  readonly key: string;
  readonly file: string;
  readonly reason: string;
}

/** `RecordStoreLoad` is what {@link RecordStore.load} found. */
export interface RecordStoreLoad<T> {
  readonly records: readonly T[];
  readonly corrupt: readonly CorruptRecordFile[];
}

/** Temp files of `writeFileAtomic` (`.<file>.<pid>.<random>.tmp`) left behind by a killed process. */
const STALE_TEMP = /^\..+\.json\.\d+\.[0-9a-f]+\.tmp$/;

/**
 * `RecordStore` persists one JSON file per resource in a directory, named after the lower-case
 * resource name (ARM names compare case-insensitively). Every write is atomic (temp file, fsync,
 * rename, directory fsync: `lib/fs/atomic-write`), and writes to one file run in call order, so the
 * last call wins. A file that cannot be read or checked is reported and never touched.
 */
export class RecordStore<T> {
  /** The directory holding the files. */
  readonly directory: string;
  readonly #o: RecordStoreOptions<T>;
  readonly #queues = new Map<string, Promise<void>>();

  constructor(options: RecordStoreOptions<T>) {
    this.directory = options.directory;
    this.#o = options;
  }

  /** `fileOf` is the path of a resource's file. */
  fileOf(name: string): string {
    return join(this.directory, `${nameKey(name)}.json`);
  }

  /**
   * `load` reads every file. Torn or invalid files, and files holding a resource of another name, are
   * logged as errors naming the file, listed in `corrupt`, and left untouched. Leftover temp files of
   * interrupted writes are removed.
   */
  async load(): Promise<RecordStoreLoad<T>> {
    await mkdir(this.directory, { recursive: true });
    const records: T[] = [];
    const corrupt: CorruptRecordFile[] = [];
    const { kind, logger } = this.#o;
    for (const entry of (await readdir(this.directory)).sort()) {
      const file = join(this.directory, entry);
      if (STALE_TEMP.test(entry)) {
        logger.info({ file }, 'removing the temp file of an interrupted write');
        await rm(file, { force: true });
        continue;
      }
      if (!entry.endsWith('.json')) {
        continue;
      }
      const key = entry.slice(0, -'.json'.length);
      try {
        const record = this.#o.parse(await readJsonFile(file));
        const name = this.#o.nameOf(record);
        if (nameKey(name) !== key) {
          throw new Error(`the file holds ${kind} '${name}', which belongs in ${nameKey(name)}.json`);
        }
        records.push(record);
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        logger.error(
          { file, err: error },
          `${kind} file ${file} cannot be loaded and is left untouched (${reason}); fix or remove it, then restart`,
        );
        corrupt.push({ key, file, reason });
      }
    }
    return { records, corrupt };
  }

  /** `save` writes a record's file (after the writes queued before it). */
  save(record: T): Promise<void> {
    const name = this.#o.nameOf(record);
    const file = this.fileOf(name);
    const data = this.#o.serialize(record);
    return this.#enqueue(name, () => writeFileAtomic(file, data));
  }

  /** `remove` deletes a resource's file (after the writes queued before it). */
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
