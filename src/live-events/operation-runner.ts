import type { Logger } from 'pino';
import { LiveEventError } from './live-event-error.js';
import type { Procedure } from './live-event-procedures.js';
import type { StartedOperation } from './live-event-service.js';
import type { LiveEventEntry } from './live-event-table.js';
import type { Operation, OperationError, OperationKind, OperationRegistry } from './operation-registry.js';

/** `OperationRunnerOptions` configure an {@link OperationRunner}. */
export interface OperationRunnerOptions {
  readonly registry: OperationRegistry;
  readonly logger: Logger;
}

const DESCRIBE: Readonly<Record<OperationKind, string>> = {
  create: 'creating',
  allocate: 'allocating',
  start: 'starting',
  stop: 'stopping',
  reset: 'resetting',
  delete: 'deleting',
  createOutput: 'creating a live output of',
  deleteOutput: 'deleting a live output of',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `OperationRunner` runs long-running operations: one at a time per live event and its outputs
 * ("only one long-running operation is supported for a given Live Event or any of its associated
 * Live Outputs", azure-compat §1.1). It registers the operation for polling, holds the event's lock,
 * runs the procedure, settles the event on failure and records the outcome.
 */
export class OperationRunner {
  readonly #registry: OperationRegistry;
  readonly #logger: Logger;
  readonly #inflight = new Set<Promise<Operation>>();

  constructor(options: OperationRunnerOptions) {
    this.#registry = options.registry;
    this.#logger = options.logger;
  }

  /** `assertIdle` throws `OperationInProgress` naming the running operation when the event is busy. */
  assertIdle(entry: LiveEventEntry): void {
    const busy = entry.busy;
    if (busy !== undefined) {
      throw new LiveEventError(
        'OperationInProgress',
        `live event '${entry.record.name}' is busy with operation '${busy.kind}' (${busy.id}, started ${busy.startedAt}); only one operation at a time is allowed per live event and its outputs: wait for it to finish, then retry`,
        entry.record.name,
      );
    }
  }

  /**
   * `run` starts `procedure` on an idle entry. The procedure runs synchronously up to its first await,
   * so its first state is visible when `run` returns.
   */
  run(
    entry: LiveEventEntry,
    kind: OperationKind,
    outputName: string | null,
    procedure: Procedure,
  ): StartedOperation {
    this.assertIdle(entry);
    const operation = this.#registry.begin(kind, entry.record.name, outputName);
    entry.busy = { id: operation.id, kind, startedAt: operation.startedAt };
    const done = this.#drive(entry, operation, procedure);
    this.#inflight.add(done);
    void done.then(() => this.#inflight.delete(done));
    return { operation, done };
  }

  /** `settle` waits for every running operation to finish. */
  async settle(): Promise<void> {
    await Promise.allSettled([...this.#inflight]);
  }

  async #drive(entry: LiveEventEntry, op: Operation, procedure: Procedure): Promise<Operation> {
    const log = this.#logger.child({ liveEvent: op.liveEventName, operation: op.kind, operationId: op.id });
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
          `settling the live event after the failure failed too: ${message(rollbackError)}`,
        );
      }
      return this.#registry.finish(op.id, operationError(op, error));
    } finally {
      // finish() and this run in the same turn: no request can see the operation done and the event busy.
      if (entry.busy?.id === op.id) {
        entry.busy = undefined;
      }
    }
  }
}

function operationError(op: Operation, error: unknown): OperationError {
  if (error instanceof LiveEventError) {
    return { code: error.code, message: error.message };
  }
  const output = op.liveOutputName === null ? '' : ` (live output '${op.liveOutputName}')`;
  return {
    code: 'OperationFailed',
    message: `${DESCRIBE[op.kind]} live event '${op.liveEventName}'${output} failed: ${message(error)}`,
  };
}
