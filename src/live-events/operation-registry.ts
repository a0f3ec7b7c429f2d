import { randomUUID } from 'node:crypto';

/** `OperationKind` names a long-running operation on a live event or one of its live outputs. */
export type OperationKind =
  'create' | 'allocate' | 'start' | 'stop' | 'reset' | 'delete' | 'createOutput' | 'deleteOutput';

/** `OperationStatus` is the ARM `AsyncOperationStatus`. */
export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

/** `OperationError` is why an operation failed (ARM `ErrorDetail` code and message). */
export interface OperationError {
  readonly code: string;
  readonly message: string;
}

/** `Operation` is one long-running operation as clients poll it. */
export interface Operation {
  /** GUID; the `{operationId}` of `liveEventOperations/…` and `operationLocations/…`. */
  readonly id: string;
  readonly kind: OperationKind;
  readonly liveEventName: string;
  /** Set for `createOutput` / `deleteOutput`. */
  readonly liveOutputName: string | null;
  readonly status: OperationStatus;
  readonly error: OperationError | null;
  /** ISO 8601 UTC. */
  readonly startedAt: string;
  readonly endedAt: string | null;
}

/** `OperationRegistryOptions` bound the history kept for polling. */
export interface OperationRegistryOptions {
  /** Finished operations kept at most; the oldest are dropped first. Default 1000. */
  readonly maxFinished?: number;
  /** How long a finished operation can still be polled, ms. Default 1 hour (ARM clients poll within minutes). */
  readonly ttlMs?: number;
  /** Clock in ms since the epoch (tests). */
  readonly now?: () => number;
}

const DEFAULT_MAX_FINISHED = 1000;
const DEFAULT_TTL_MS = 60 * 60 * 1000;

/**
 * `OperationRegistry` keeps operations in memory for polling: every running one, and the finished
 * ones for `ttlMs` (at most `maxFinished` of them). Operations do not survive a restart; a client
 * polling across a restart gets 404 and reads the resource instead.
 */
export class OperationRegistry {
  readonly #ops = new Map<string, { op: Operation; endedMs: number | null }>();
  readonly #maxFinished: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: OperationRegistryOptions = {}) {
    this.#maxFinished = options.maxFinished ?? DEFAULT_MAX_FINISHED;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** `begin` registers a new running operation. */
  begin(kind: OperationKind, liveEventName: string, liveOutputName: string | null = null): Operation {
    this.#prune();
    const op: Operation = Object.freeze({
      id: randomUUID(),
      kind,
      liveEventName,
      liveOutputName,
      status: 'InProgress',
      error: null,
      startedAt: new Date(this.#now()).toISOString(),
      endedAt: null,
    });
    this.#ops.set(op.id, { op, endedMs: null });
    return op;
  }

  /** `finish` marks an operation Succeeded, or Failed when `error` is given. */
  finish(id: string, error?: OperationError): Operation {
    const entry = this.#ops.get(id);
    if (entry === undefined) {
      throw new Error(`operation ${id} is not registered`);
    }
    const endedMs = this.#now();
    const op: Operation = Object.freeze({
      ...entry.op,
      status: error === undefined ? 'Succeeded' : 'Failed',
      error: error ?? null,
      endedAt: new Date(endedMs).toISOString(),
    });
    this.#ops.set(id, { op, endedMs });
    return op;
  }

  /** `get` returns an operation by id (case-insensitive GUID), `undefined` when unknown or expired. */
  get(id: string): Operation | undefined {
    this.#prune();
    return this.#ops.get(id.toLowerCase())?.op;
  }

  #prune(): void {
    const now = this.#now();
    let finished = 0;
    for (const e of this.#ops.values()) {
      if (e.endedMs !== null) {
        finished += 1;
      }
    }
    // Map iteration is insertion order: the oldest operations come first.
    for (const [id, e] of this.#ops) {
      if (e.endedMs !== null && (now - e.endedMs > this.#ttlMs || finished > this.#maxFinished)) {
        this.#ops.delete(id);
        finished -= 1;
      }
    }
  }
}
