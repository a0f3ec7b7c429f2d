import { normalizeAccessToken } from '../../resources/guid.js';
import { liveEventKey, type LiveEventKey } from '../../lib/names/live-event-key.js';
import {
  createSnapshot,
  type LiveEventCatalog,
  type LiveEventChangeListener,
  type LiveEventSnapshot,
} from '../../live-events/live-event-catalog.js';
import type { CatalogEntry } from './worker-messages.js';

/**
 * `MirroredCatalog` is a media worker's copy of the main process's live-event catalog: replaced whole
 * by every `catalog` message (live events are few and change rarely), read by admission and previews
 * exactly like the catalog it mirrors.
 */
export class MirroredCatalog implements LiveEventCatalog {
  #byName = new Map<LiveEventKey, LiveEventSnapshot>();
  readonly #listeners = new Set<LiveEventChangeListener>();

  /** Replaces the mirror with `entries` and tells the listeners about every live event in it. */
  replace(entries: readonly CatalogEntry[]): void {
    const previous = this.#byName;
    const next = new Map<LiveEventKey, LiveEventSnapshot>();
    for (const { event, outputs } of entries) {
      next.set(liveEventKey(event.name), createSnapshot(event, outputs));
    }
    this.#byName = next;
    for (const [key, snapshot] of next) {
      this.#notify({ kind: 'updated', name: snapshot.name, snapshot, previous: previous.get(key) });
    }
    for (const [key, gone] of previous) {
      if (!next.has(key)) {
        this.#notify({ kind: 'deleted', name: gone.name, snapshot: undefined, previous: gone });
      }
    }
  }

  list(): readonly LiveEventSnapshot[] {
    return [...this.#byName.values()];
  }

  get(name: string): LiveEventSnapshot | undefined {
    return this.#byName.get(liveEventKey(name));
  }

  findByAccessToken(token: string): LiveEventSnapshot | undefined {
    const key = normalizeAccessToken(token) ?? token;
    for (const s of this.#byName.values()) {
      if (s.accessTokenKey === key) {
        return s;
      }
    }
    return undefined;
  }

  onChange(listener: LiveEventChangeListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  #notify(change: Parameters<LiveEventChangeListener>[0]): void {
    for (const listener of this.#listeners) {
      try {
        listener(change);
      } catch {
        // A listener's failure is its own (the catalog it mirrors logs them); the others still hear.
      }
    }
  }
}
