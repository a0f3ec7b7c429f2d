import { liveEventKey, type LiveEventKey } from '../lib/names/live-event-key.js';
import type { RunningLiveEvent } from './running-live-event.js';

/**
 * `AdmissionTarget` is what admission needs to know about one live event (running or not): the app
 * derives these from the live-event catalog whenever it changes.
 */
export interface AdmissionTarget {
  readonly name: string;
  /** Access token normalised with `normalizeAccessToken` (32 lowercase hex digits for GUIDs). */
  readonly normalizedToken: string;
  /** The live event's IP allow list; an empty list allows nobody. */
  readonly allowList: { allows(remoteAddress: string): boolean };
  /** True only in the `Running` resource state. */
  readonly running: boolean;
  /** Name of the current resource state, for messages. */
  readonly resourceState: string;
}

/**
 * `LiveEventRegistry` is the one registry of running live events, keyed by `LiveEventKey`: admission
 * finds the event an encoder publishes to here, the live-event runtime adds and removes them, HTTP
 * routing finds previews here. It also holds the admission table (every live event's token, allow list
 * and state) so that admission can tell an unknown token from a stopped event.
 */
export class LiveEventRegistry {
  readonly #running = new Map<LiveEventKey, RunningLiveEvent>();
  #targets: readonly AdmissionTarget[] = [];

  /** The running live event named `name` (any case). */
  get(name: string): RunningLiveEvent | undefined {
    return this.#running.get(liveEventKey(name));
  }

  /** Registers a running live event; refuses a second one of the same name. */
  add(event: RunningLiveEvent): void {
    if (this.#running.has(event.key)) {
      throw new Error(`live event ${event.name} is already running`);
    }
    this.#running.set(event.key, event);
  }

  /** Forgets a running live event (it is stopping). */
  remove(event: RunningLiveEvent): void {
    if (this.#running.get(event.key) === event) {
      this.#running.delete(event.key);
    }
  }

  /** Every running live event. */
  values(): IterableIterator<RunningLiveEvent> {
    return this.#running.values();
  }

  get size(): number {
    return this.#running.size;
  }

  /** Replaces the admission table. */
  setAdmissionTargets(targets: readonly AdmissionTarget[]): void {
    this.#targets = targets;
  }

  admissionTargets(): readonly AdmissionTarget[] {
    return this.#targets;
  }
}
