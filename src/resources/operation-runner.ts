import type { Logger } from 'pino';
import { ResourceError } from './resource-error.js';
import type { Operation, OperationError, OperationRegistry, ResourcePath } from './operation-registry.js';

/** `Busy` marks a resource while an operation (or a synchronous change being written) holds it. */
export interface Busy {
  readonly id: string;
  readonly kind: string;
  readonly startedAt: string;
}

/**
 * `OperationOwner` is what an operation locks: a resource (with its children, e.g. a live event and its
 * live outputs) that runs one long-running operation at a time.
 */
export interface OperationOwner {
  /** How messages name the owner, e.g. `live event 'studio1'`. */
  readonly label: string;
  busy: Busy | undefined;
}

/** `Procedure` is an operation body and the step that settles the resource when it fails. */
export interface Procedure {
  run(): Promise<void>;
  rollback(): Promise<void>;
}

/** `StartedOperation` is a long-running operation that has begun: its first state, and its end. */
export interface StartedOperation<K extends string = string> {
  readonly operation: Operation<K>;
  /** Resolves (never rejects) with the finished operation, Succeeded or Failed. */
  readonly done: Promise<Operation<K>>;
}

/** `OperationRunnerOptions` configure an {@link OperationRunner}. */
export interface OperationRunnerOptions<K extends string> {
  readonly registry: OperationRegistry<K>;
  readonly logger: Logger;
  /**
   * What an operation does, for failure messages: `starting live event 'ev1'`, `creating a live output
   * of live event 'ev1' (live output 'out1')`.
   */
  readonly describe: (operation: Operation<K>) => string;
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `OperationRunner` runs long-running operations: one at a time per owner ("only one long-running
 * operation is supported for a given Live Event or any of its associated Live Outputs", azure-compat
 * §1.1; streaming endpoints likewise). It registers the operation for polling, holds the owner's lock,
 * runs the procedure, settles the resource on failure and records the outcome.
 */
export class OperationRunner<K extends string = string> {
  readonly #registry: OperationRegistry<K>;
  readonly #logger: Logger;
  readonly #describe: (operation: Operation<K>) => string;
  readonly #inflight = new Set<Promise<Operation<K>>>();

  constructor(options: OperationRunnerOptions<K>) {
    this.#registry = options.registry;
    this.#logger = options.logger;
    this.#describe = options.describe;
  }

  /** `assertIdle` throws `OperationInProgress` naming the running operation when the owner is busy. */
  assertIdle(owner: OperationOwner): void {
    const busy = owner.busy;
    if (busy !== undefined) {
      throw new ResourceError(
        'OperationInProgress',
        `${owner.label} is busy with operation '${busy.kind}' (${busy.id}, started ${busy.startedAt}); only one operation at a time is allowed on it: wait for it to finish, then retry`,
      );
    }
  }

  /**
   * `run` starts `procedure` on an idle owner. The procedure runs synchronously up to its first await,
   * so its first state is visible when `run` returns.
   */
  run(owner: OperationOwner, kind: K, resource: ResourcePath, procedure: Procedure): StartedOperation<K> {
    this.assertIdle(owner);
    const operation = this.#registry.begin(kind, resource);
    owner.busy = { id: operation.id, kind, startedAt: operation.startedAt };
    const done = this.#drive(owner, operation, procedure);
    this.#inflight.add(done);
    void done.then(() => this.#inflight.delete(done));
    return { operation, done };
  }

  /** `settle` waits for every running operation to finish. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
  }

  async #drive(owner: OperationOwner, op: Operation<K>, procedure: Procedure): Promise<Operation<K>> {
    const path = op.resource.map((r) => `${r.collection}/${r.name}`).join('/');
    const log = this.#logger.child({ resource: path, operation: op.kind, operationId: op.id });
    try {
      await procedure.run();
      log.info('operation succeeded');
      return this.#registry.finish(op.id);
    } catch (error) {
      log.error({ err: error }, `operation failed: ${message(error)}`);
      try {
        await procedure.rollback();
      } catch (rollbackError) {
        log.error(
          { err: rollbackError },
          `settling ${owner.label} after the failure failed too: ${message(rollbackError)}`,
        );
      }
      return this.#registry.finish(op.id, this.#operationError(op, error));
    } finally {
      // finish() and this run in the same turn: no request can see the operation done and the owner busy.
      if (owner.busy?.id === op.id) {
        owner.busy = undefined;
      }
    }
  }

  #operationError(op: Operation<K>, error: unknown): OperationError {
    if (error instanceof ResourceError) {
      return { code: error.code, message: error.message };
    }
    return {
      code: 'OperationFailed',
      message: `${this.#describe(op)} failed: ${message(error)}`,
    };
  }
}
