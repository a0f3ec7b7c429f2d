import type { Logger } from 'pino';
import { normalizeAccessToken } from '../resources/guid.js';
import {
  createSnapshot,
  type LiveEventCatalog,
  type LiveEventChange,
  type LiveEventChangeListener,
  type LiveEventSnapshot,
} from './live-event-catalog.js';
import type { LiveEventDocument } from './live-event-document.js';
import { ResourceError } from '../resources/resource-error.js';
import { ingestEndpoints, previewEndpoints, type LiveEventEndpointOptions } from './live-event-endpoints.js';
import type { LiveEvent, LiveEventRecord, LiveOutputRecord } from './live-event-record.js';
import type { Busy, OperationOwner } from '../resources/operation-runner.js';
import { nameKey } from './resource-name.js';

/** `LiveEventEntry` is one live event in memory: its record, outputs, derived views and lock. */
export interface LiveEventEntry extends OperationOwner {
  readonly key: string;
  readonly record: LiveEventRecord;
  readonly outputs: readonly LiveOutputRecord[];
  readonly view: LiveEvent;
  readonly snapshot: LiveEventSnapshot;
  /** The operation holding the event (one at a time per event and its outputs, azure-compat §1.1). */
  busy: Busy | undefined;
}

interface MutableEntry extends LiveEventEntry {
  record: LiveEventRecord;
  outputs: readonly LiveOutputRecord[];
  view: LiveEvent;
  snapshot: LiveEventSnapshot;
}

/** `LiveEventTableOptions` configure a {@link LiveEventTable}. */
export interface LiveEventTableOptions {
  readonly endpoints: LiveEventEndpointOptions;
  readonly logger: Logger;
}

/**
 * `LiveEventTable` holds the live events in memory, keyed by lower-case name, with an index by
 * access token. Every change replaces the entry's record (records are never mutated), rebuilds its
 * read view and snapshot, and notifies the listeners. It is the {@link LiveEventCatalog} ingest
 * admission reads.
 */
export class LiveEventTable implements LiveEventCatalog {
  readonly #entries = new Map<string, MutableEntry>();
  readonly #byToken = new Map<string, MutableEntry>();
  readonly #listeners = new Set<LiveEventChangeListener>();
  readonly #endpoints: LiveEventEndpointOptions;
  readonly #logger: Logger;

  constructor(options: LiveEventTableOptions) {
    this.#endpoints = options.endpoints;
    this.#logger = options.logger;
  }

  /** Number of live events. */
  get size(): number {
    return this.#entries.size;
  }

  /** `entries` lists every entry, ordered by lower-case name. */
  entries(): LiveEventEntry[] {
    return [...this.#entries.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }

  /** `entry` finds an entry by name, case-insensitively. */
  entry(name: string): LiveEventEntry | undefined {
    return this.#entries.get(nameKey(name));
  }

  /** `tokenOwner` is the entry using an access token (compared without hyphens, any case). */
  tokenOwner(token: string): LiveEventEntry | undefined {
    const key = normalizeAccessToken(token);
    return key === undefined ? undefined : this.#byToken.get(key);
  }

  /** `assertTokenFree` throws `Conflict` when another live event than `self` uses `token`. */
  assertTokenFree(token: string, self: LiveEventEntry | undefined): void {
    const owner = this.tokenOwner(token);
    if (owner !== undefined && owner !== self) {
      throw new ResourceError(
        'Conflict',
        `access token ${token} is already used by live event '${owner.record.name}'; access tokens must be unique on this server`,
        'properties.input.accessToken',
      );
    }
  }

  /** `add` inserts a new live event and announces it. */
  add(record: LiveEventRecord, outputs: readonly LiveOutputRecord[]): LiveEventEntry {
    const key = nameKey(record.name);
    if (this.#entries.has(key)) {
      throw new Error(`live event '${record.name}' is already in the table`);
    }
    const view = this.#view(record);
    const entry: MutableEntry = {
      key,
      record,
      outputs,
      view,
      snapshot: createSnapshot(view, outputs),
      label: `live event '${record.name}'`,
      busy: undefined,
    };
    this.#entries.set(key, entry);
    this.#indexToken(entry);
    this.#emit({ kind: 'created', name: record.name, snapshot: entry.snapshot, previous: undefined });
    return entry;
  }

  /** `replace` swaps an entry's record and/or outputs and announces the change. */
  replace(
    entry: LiveEventEntry,
    record: LiveEventRecord,
    outputs: readonly LiveOutputRecord[] = entry.outputs,
  ): void {
    const e = this.#own(entry);
    const previous = e.snapshot;
    this.#unindexToken(e);
    e.record = record;
    e.outputs = outputs;
    e.view = this.#view(record);
    e.snapshot = createSnapshot(e.view, outputs);
    this.#indexToken(e);
    this.#emit({ kind: 'updated', name: record.name, snapshot: e.snapshot, previous });
  }

  /** `remove` deletes an entry and announces it. */
  remove(entry: LiveEventEntry): void {
    const e = this.#own(entry);
    this.#unindexToken(e);
    this.#entries.delete(e.key);
    this.#emit({ kind: 'deleted', name: e.record.name, snapshot: undefined, previous: e.snapshot });
  }

  /** `document` is what the store writes for an entry. */
  document(entry: LiveEventEntry): LiveEventDocument {
    return { liveEvent: entry.record, liveOutputs: entry.outputs };
  }

  list(): readonly LiveEventSnapshot[] {
    return this.entries().map((e) => e.snapshot);
  }

  get(name: string): LiveEventSnapshot | undefined {
    return this.entry(name)?.snapshot;
  }

  findByAccessToken(token: string): LiveEventSnapshot | undefined {
    return this.tokenOwner(token)?.snapshot;
  }

  onChange(listener: LiveEventChangeListener): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  #own(entry: LiveEventEntry): MutableEntry {
    const e = this.#entries.get(entry.key);
    if (e !== entry) {
      throw new Error(`live event '${entry.record.name}' is no longer in the table`);
    }
    return e;
  }

  #view(record: LiveEventRecord): LiveEvent {
    return deepFreeze({
      ...record,
      ingestEndpoints: ingestEndpoints(record, this.#endpoints),
      previewEndpoints: previewEndpoints(record, this.#endpoints),
    });
  }

  #indexToken(e: MutableEntry): void {
    const key = normalizeAccessToken(e.record.input.accessToken);
    if (key !== undefined) {
      this.#byToken.set(key, e);
    }
  }

  #unindexToken(e: MutableEntry): void {
    const key = normalizeAccessToken(e.record.input.accessToken);
    if (key !== undefined && this.#byToken.get(key) === e) {
      this.#byToken.delete(key);
    }
  }

  #emit(change: LiveEventChange): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch (error) {
        this.#logger.error(
          { err: error, liveEvent: change.name },
          'a live event change listener threw; ignored',
        );
      }
    }
  }
}

/** `deepFreeze` freezes a plain JSON-like value and everything in it, so views cannot be changed by readers. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) {
      deepFreeze(v);
    }
  }
  return value;
}
