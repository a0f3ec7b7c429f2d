import { join } from 'node:path';
import type { Logger } from 'pino';
import { RecordStore, type CorruptRecordFile } from '../resources/record-store.js';
import {
  parseLiveEventDocument,
  serializeLiveEventDocument,
  type LiveEventDocument,
} from './live-event-document.js';
import { assertLiveEventName } from './resource-name.js';

/** `LiveEventStoreOptions` configure a {@link LiveEventStore}. */
export interface LiveEventStoreOptions {
  /** Inlet's data directory; files go to `<dataDir>/live-events/`. */
  readonly dataDir: string;
  readonly logger: Logger;
}

/** `CorruptLiveEventFile` is a file that could not be loaded; it is left exactly as it was. */
export type CorruptLiveEventFile = CorruptRecordFile;

/** `LiveEventStoreLoad` is what {@link LiveEventStore.load} found. */
export interface LiveEventStoreLoad {
  readonly documents: readonly LiveEventDocument[];
  readonly corrupt: readonly CorruptLiveEventFile[];
}

/**
 * `LiveEventStore` persists one JSON file per live event under `<dataDir>/live-events/`, named after
 * the lower-case event name, holding the event and its outputs (a {@link RecordStore}: atomic writes
 * in call order per file; a file that cannot be read or checked is reported and never touched).
 */
export class LiveEventStore {
  readonly #records: RecordStore<LiveEventDocument>;

  constructor(options: LiveEventStoreOptions) {
    this.#records = new RecordStore({
      directory: join(options.dataDir, 'live-events'),
      logger: options.logger,
      kind: 'live event',
      parse: (json) => {
        const doc = parseLiveEventDocument(json);
        assertLiveEventName(doc.liveEvent.name);
        return doc;
      },
      nameOf: (doc) => doc.liveEvent.name,
      serialize: serializeLiveEventDocument,
    });
  }

  /** The directory holding the files. */
  get directory(): string {
    return this.#records.directory;
  }

  /** `fileOf` is the path of a live event's file. */
  fileOf(name: string): string {
    return this.#records.fileOf(name);
  }

  /**
   * `load` reads every file. Torn or invalid files are logged as errors naming the file, listed in
   * `corrupt`, and left untouched. Leftover temp files of interrupted writes are removed.
   */
  async load(): Promise<LiveEventStoreLoad> {
    const { records, corrupt } = await this.#records.load();
    return { documents: records, corrupt };
  }

  /** `save` writes a live event's document (after the writes queued before it). */
  save(doc: LiveEventDocument): Promise<void> {
    return this.#records.save(doc);
  }

  /** `remove` deletes a live event's file (after the writes queued before it). */
  remove(name: string): Promise<void> {
    return this.#records.remove(name);
  }

  /** `flush` waits until every queued write has finished. */
  flush(): Promise<void> {
    return this.#records.flush();
  }
}
