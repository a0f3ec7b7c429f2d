import type { LiveEvent, LiveEventResourceState, LiveOutputRecord } from '../live-event-record.js';
import type { LiveEventRuntime, LiveEventStopReason } from '../live-event-runtime.js';

/** `RuntimeMethod` names a method of {@link LiveEventRuntime}. */
export type RuntimeMethod = keyof LiveEventRuntime;

/** `RuntimeCall` is one recorded call. */
export interface RuntimeCall {
  readonly method: RuntimeMethod;
  readonly liveEvent: string;
  /** The event's state as the runtime saw it. */
  readonly state: LiveEventResourceState;
  readonly reason?: LiveEventStopReason;
  readonly liveOutput?: string;
}

/** `Hold` pauses the next call of a method until released. */
export interface Hold {
  /** Resolves when the held call has been made. */
  readonly reached: Promise<void>;
  release(): void;
}

/**
 * `RecordingRuntime` is a test double of {@link LiveEventRuntime}: it records every call and can make
 * the next call of a method fail or wait (to hold an operation open).
 */
export class RecordingRuntime implements LiveEventRuntime {
  readonly calls: RuntimeCall[] = [];
  readonly #failures = new Map<RuntimeMethod, Error>();
  readonly #holds = new Map<RuntimeMethod, { reached: () => void; released: Promise<void> }>();

  /** `failNext` makes the next call of `method` reject with `error`. */
  failNext(method: RuntimeMethod, error = new Error(`${method} failed in the test runtime`)): void {
    this.#failures.set(method, error);
  }

  /** `hold` makes the next call of `method` wait until `release()`. */
  hold(method: RuntimeMethod): Hold {
    let reached!: () => void;
    let release!: () => void;
    const reachedPromise = new Promise<void>((r) => {
      reached = r;
    });
    const released = new Promise<void>((r) => {
      release = r;
    });
    this.#holds.set(method, { reached, released });
    return { reached: reachedPromise, release };
  }

  /** `callsOf` lists the recorded calls of one method as `event[/output][:reason]` strings. */
  callsOf(method: RuntimeMethod): string[] {
    return this.calls
      .filter((c) => c.method === method)
      .map(
        (c) =>
          `${c.liveEvent}${c.liveOutput === undefined ? '' : `/${c.liveOutput}`}${c.reason === undefined ? '' : `:${c.reason}`}`,
      );
  }

  async #call(call: RuntimeCall): Promise<void> {
    this.calls.push(call);
    const hold = this.#holds.get(call.method);
    if (hold !== undefined) {
      this.#holds.delete(call.method);
      hold.reached();
      await hold.released;
    }
    const failure = this.#failures.get(call.method);
    if (failure !== undefined) {
      this.#failures.delete(call.method);
      throw failure;
    }
  }

  start(event: LiveEvent): Promise<void> {
    return this.#call({ method: 'start', liveEvent: event.name, state: event.resourceState });
  }

  stop(event: LiveEvent, reason: LiveEventStopReason): Promise<void> {
    return this.#call({ method: 'stop', liveEvent: event.name, state: event.resourceState, reason });
  }

  deleted(event: LiveEvent): Promise<void> {
    return this.#call({ method: 'deleted', liveEvent: event.name, state: event.resourceState });
  }

  startOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    return this.#call({
      method: 'startOutput',
      liveEvent: event.name,
      state: event.resourceState,
      liveOutput: output.name,
    });
  }

  stopOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    return this.#call({
      method: 'stopOutput',
      liveEvent: event.name,
      state: event.resourceState,
      liveOutput: output.name,
    });
  }
}
