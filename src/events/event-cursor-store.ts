import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { readFile, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from 'pino';
import { writeJsonFileAtomic } from '../lib/fs/atomic-write.js';

/** `EventCursorStoreOptions` configures an `EventCursorStore`. */
export interface EventCursorStoreOptions {
  /** Directory of the cursor files, e.g. `<dataDir>/events/cursors`; created if missing. */
  readonly dir: string;
  readonly logger: Logger;
}

interface CursorFile {
  readonly name: string;
  readonly seq: number;
  readonly updatedAt: string;
}

interface CursorSlot {
  latest: number;
  written: number;
  writing: Promise<void> | undefined;
}

/**
 * `EventCursorStore` persists the delivery cursor of each subscriber: the last event-log `seq` it has
 * handled (delivered, filtered out or dead-lettered). One JSON file per subscriber, replaced atomically
 * (temp file, fsync, rename). Saves are coalesced: one write per subscriber in flight, the newest value next.
 * The event log reads every cursor file when pruning, so a subscriber that is not running still holds back
 * the events it has not received.
 */
export class EventCursorStore {
  readonly #dir: string;
  readonly #logger: Logger;
  readonly #slots = new Map<string, CursorSlot>();

  constructor(options: EventCursorStoreOptions) {
    this.#dir = options.dir;
    this.#logger = options.logger;
    mkdirSync(this.#dir, { recursive: true });
  }

  /** `load` returns the persisted cursor of `name`, or undefined for a new subscriber. */
  load(name: string): number | undefined {
    try {
      return parseCursorFile(readFileSync(this.#pathOf(name), 'utf8'))?.seq;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.#logger.warn({ err: error, subscriber: name }, 'event cursor: could not read; starting as new');
      }
      return undefined;
    }
  }

  /** `save` persists `seq` for `name`; resolves once a write of that value (or a newer one) is durable. */
  async save(name: string, seq: number): Promise<void> {
    const slot = this.#slots.get(name) ?? { latest: -1, written: -1, writing: undefined };
    this.#slots.set(name, slot);
    slot.latest = Math.max(slot.latest, seq);
    while (slot.written < seq) {
      if (slot.writing === undefined) {
        const value = slot.latest;
        slot.writing = this.#write(name, value).then(
          () => {
            slot.written = Math.max(slot.written, value);
            slot.writing = undefined;
          },
          (error: unknown) => {
            slot.writing = undefined;
            throw error;
          },
        );
      }
      await slot.writing;
    }
  }

  /** `readAll` reads every persisted cursor (also of subscribers not running now), by subscriber name. */
  async readAll(): Promise<Map<string, number>> {
    const cursors = new Map<string, number>();
    for (const file of await readdir(this.#dir)) {
      if (!file.endsWith('.json')) {
        continue;
      }
      try {
        const cursor = parseCursorFile(await readFile(path.join(this.#dir, file), 'utf8'));
        if (cursor !== undefined) {
          cursors.set(cursor.name, cursor.seq);
        }
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
          this.#logger.warn({ err: error, file }, 'event cursor: could not read');
        }
      }
    }
    return cursors;
  }

  /** `remove` deletes the cursor of a subscriber that no longer exists, so it stops holding back pruning. */
  async remove(name: string): Promise<void> {
    this.#slots.delete(name);
    await rm(this.#pathOf(name), { force: true });
  }

  #write(name: string, seq: number): Promise<void> {
    const file: CursorFile = { name, seq, updatedAt: new Date().toISOString() };
    return writeJsonFileAtomic(this.#pathOf(name), file);
  }

  #pathOf(name: string): string {
    return path.join(this.#dir, `${cursorFileStem(name)}.json`);
  }
}

/**
 * `cursorFileStem` turns a subscriber name into a safe file name: names made of `[A-Za-z0-9._-]` are kept
 * as they are, others are cleaned and get a short hash so that two names never share a file.
 */
export function cursorFileStem(name: string): string {
  const clean = name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 100);
  if (clean === name && !name.startsWith('.')) {
    return name;
  }
  return `${clean.replace(/^\./, '_')}-${createHash('sha256').update(name).digest('hex').slice(0, 12)}`;
}

function parseCursorFile(text: string): CursorFile | undefined {
  const value = JSON.parse(text) as Partial<CursorFile>;
  if (typeof value.name === 'string' && typeof value.seq === 'number' && Number.isSafeInteger(value.seq)) {
    return { name: value.name, seq: value.seq, updatedAt: String(value.updatedAt) };
  }
  return undefined;
}
