import { randomUUID } from 'node:crypto';

/** `OperationStatus` is the ARM `AsyncOperationStatus`. */
export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

/** `OperationError` is why an operation failed (ARM `ErrorDetail` code and message). */
export interface OperationError {
  readonly code: string;
  readonly message: string;
}

/**
 * `ResourceRef` is one step of a resource's path below the media account: the collection as the ARM
 * path spells it (`liveEvents`, `liveOutputs`, `streamingEndpoints`) and the resource name.
 */
export interface ResourceRef {
  readonly collection: string;
  readonly name: string;
}

/**
 * `ResourcePath` locates a resource below the account, outermost first: `[liveEvents/ev1]`,
 * `[liveEvents/ev1, liveOutputs/out1]`, `[streamingEndpoints/default]`.
 */
export type ResourcePath = readonly ResourceRef[];

/** `Operation` is one long-running operation as clients poll it. */
export interface Operation<K extends string = string> {
  /** GUID; the `{operationId}` of `…Operations/…` and `…/operationLocations/…`. */
  readonly id: string;
  readonly kind: K;
  /** The resource the operation acts on (its last step is the resource itself). */
  readonly resource: ResourcePath;
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

/** `resourceName` is the name of the resource an operation acts on (the last step of its path). */
export function resourceName(path: ResourcePath): string {
  return path.at(-1)?.name ?? '';
}

/** `resourceOf` is the name of the step of `path` in `collection`, if the path has one. */
export function resourceOf(path: ResourcePath, collection: string): string | undefined {
  return path.find((r) => r.collection === collection)?.name;
}

/**
 * `OperationRegistry` keeps operations in memory for polling: every running one, and the finished
 * ones for `ttlMs` (at most `maxFinished` of them). Operations do not survive a restart; a client
 * polling across a restart gets 404 and reads the resource instead. One registry serves every
 * resource family (operation ids are GUIDs).
 */
export class OperationRegistry<K extends string = string> {
  readonly #ops = new Map<string, { op: Operation<K>; endedMs: number | null }>();
  readonly #maxFinished: number;
  readonly #ttlMs: number;
  readonly #now: () => number;

  constructor(options: OperationRegistryOptions = {}) {
    this.#maxFinished = options.maxFinished ?? DEFAULT_MAX_FINISHED;
    this.#ttlMs = options.ttlMs ?? DEFAULT_TTL_MS;
    this.#now = options.now ?? Date.now;
  }

  /** `begin` registers a new running operation on `resource`. */
  begin(kind: K, resource: ResourcePath): Operation<K> {
    this.#prune();
    const op: Operation<K> = Object.freeze({
      id: randomUUID(),
      kind,
      resource: Object.freeze(resource.map((r) => Object.freeze({ ...r }))),
      status: 'InProgress',
      error: null,
      startedAt: new Date(this.#now()).toISOString(),
      endedAt: null,
    });
    this.#ops.set(op.id, { op, endedMs: null });
    return op;
  }

  /** `finish` marks an operation Succeeded, or Failed when `error` is given. */
  finish(id: string, error?: OperationError): Operation<K> {
    const entry = this.#ops.get(id);
    if (entry === undefined) {
      throw new Error(`operation ${id} is not registered`);
    }
    const endedMs = this.#now();
    const op: Operation<K> = Object.freeze({
      ...entry.op,
      status: error === undefined ? 'Succeeded' : 'Failed',
      error: error ?? null,
      endedAt: new Date(endedMs).toISOString(),
    });
    this.#ops.set(id, { op, endedMs });
    return op;
  }

  /** `get` returns an operation by id (case-insensitive GUID), `undefined` when unknown or expired. */
  get(id: string): Operation<K> | undefined {
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
