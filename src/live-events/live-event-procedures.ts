import type {
  LiveEventRecord,
  LiveEventResourceState,
  LiveOutputRecord,
  ProvisioningState,
} from './live-event-record.js';
import type { Procedure } from '../resources/operation-runner.js';
import type { LiveEventRuntime } from './live-event-runtime.js';
import type { LiveEventStore } from './live-event-store.js';
import type { LiveEventEntry, LiveEventTable } from './live-event-table.js';
import { nameKey } from './resource-name.js';

/**
 * The steps of every long-running operation (azure-compat §1.5). Each procedure moves the live event
 * through its transitional state, calls the runtime, and settles it; `rollback` settles it after a
 * failure: a failed start, stop or reset leaves the event `Stopped`, a failed delete leaves it
 * `Stopped` (and still there, so the delete can be retried), with `provisioningState: Failed`.
 * Every state is persisted before the runtime is called, so a crash leaves a state that
 * `recoverLiveEvent` can complete.
 */

/** `ProcedureSteps` are what the procedures need from the manager. */
export interface ProcedureSteps {
  readonly runtime: LiveEventRuntime;
  /**
   * Replaces the entry's record (and outputs) in memory at once (readers see the new state before
   * the first await) and resolves when the document is written.
   */
  commit(
    entry: LiveEventEntry,
    record: LiveEventRecord,
    outputs?: readonly LiveOutputRecord[],
  ): Promise<void>;
  /** Removes the entry from memory and its file from disk. */
  drop(entry: LiveEventEntry): Promise<void>;
  /** Whether the entry is still the live one in the table. */
  present(entry: LiveEventEntry): boolean;
}

/** `procedureSteps` implements {@link ProcedureSteps} over the table (memory) and the store (disk). */
export function procedureSteps(
  table: LiveEventTable,
  store: LiveEventStore,
  runtime: LiveEventRuntime,
): ProcedureSteps {
  return {
    runtime,
    commit(entry, record, outputs) {
      table.replace(entry, record, outputs);
      return store.save(table.document(entry));
    },
    async drop(entry) {
      if (table.entry(entry.key) === entry) {
        table.remove(entry);
      }
      await store.remove(entry.record.name);
    },
    present: (entry) => table.entry(entry.key) === entry,
  };
}

/** `withState` is `record` in another state. */
export function withState(
  record: LiveEventRecord,
  resourceState: LiveEventResourceState,
  provisioningState: ProvisioningState = record.provisioningState,
): LiveEventRecord {
  return { ...record, resourceState, provisioningState };
}

function settleStopped(steps: ProcedureSteps, entry: LiveEventEntry): Procedure['rollback'] {
  return async () => {
    if (steps.present(entry)) {
      await steps.commit(entry, withState(entry.record, 'Stopped', 'Failed'));
    }
  };
}

/** Stops and removes every live output of the event, one after the other (AMS: live outputs end before the event). */
async function removeOutputs(steps: ProcedureSteps, entry: LiveEventEntry): Promise<void> {
  for (const output of entry.outputs) {
    await removeOutput(steps, entry, output);
  }
}

async function removeOutput(
  steps: ProcedureSteps,
  entry: LiveEventEntry,
  output: LiveOutputRecord,
): Promise<void> {
  const key = nameKey(output.name);
  const deleting: LiveOutputRecord = {
    ...output,
    resourceState: 'Deleting',
    provisioningState: 'InProgress',
  };
  await steps.commit(
    entry,
    entry.record,
    entry.outputs.map((o) => (nameKey(o.name) === key ? deleting : o)),
  );
  await steps.runtime.stopOutput(entry.view, deleting);
  await steps.commit(
    entry,
    entry.record,
    entry.outputs.filter((o) => nameKey(o.name) !== key),
  );
}

async function startRuntime(steps: ProcedureSteps, entry: LiveEventEntry): Promise<void> {
  await steps.commit(entry, withState(entry.record, 'Starting', 'InProgress'));
  await steps.runtime.start(entry.view);
  await steps.commit(entry, withState(entry.record, 'Running'));
}

/** `createProcedure` persists a new live event (already in the table) and starts it when asked. */
export function createProcedure(steps: ProcedureSteps, entry: LiveEventEntry, autoStart: boolean): Procedure {
  let written = false;
  return {
    async run() {
      await steps.commit(entry, entry.record);
      written = true;
      if (autoStart) {
        await startRuntime(steps, entry);
      }
      await steps.commit(entry, withState(entry.record, entry.record.resourceState, 'Succeeded'));
    },
    async rollback() {
      if (!written) {
        await steps.drop(entry);
        return;
      }
      await settleStopped(steps, entry)();
    },
  };
}

/** `allocateProcedure`: Stopped → Allocating → StandBy (Inlet has nothing to allocate; the state is kept for clients). */
export function allocateProcedure(steps: ProcedureSteps, entry: LiveEventEntry): Procedure {
  return {
    async run() {
      await steps.commit(entry, withState(entry.record, 'Allocating', 'InProgress'));
      await steps.commit(entry, withState(entry.record, 'StandBy', 'Succeeded'));
    },
    rollback: settleStopped(steps, entry),
  };
}

/** `startProcedure`: Stopped/StandBy → Starting → Running. */
export function startProcedure(steps: ProcedureSteps, entry: LiveEventEntry): Procedure {
  return {
    async run() {
      await startRuntime(steps, entry);
      await steps.commit(entry, withState(entry.record, 'Running', 'Succeeded'));
    },
    rollback: settleStopped(steps, entry),
  };
}

/** `stopProcedure`: Running/StandBy → Stopping → Stopped; encoders are disconnected with MPI_REST_API_CHANNEL_STOP. */
export function stopProcedure(
  steps: ProcedureSteps,
  entry: LiveEventEntry,
  removeLiveOutputs: boolean,
): Procedure {
  const wasRunning = entry.record.resourceState === 'Running';
  return {
    async run() {
      await steps.commit(entry, withState(entry.record, 'Stopping', 'InProgress'));
      if (removeLiveOutputs) {
        await removeOutputs(steps, entry);
      }
      if (wasRunning) {
        await steps.runtime.stop(entry.view, 'MPI_REST_API_CHANNEL_STOP');
      }
      await steps.commit(entry, withState(entry.record, 'Stopped', 'Succeeded'));
    },
    rollback: settleStopped(steps, entry),
  };
}

/**
 * `resetProcedure`: Running → Stopping → Starting → Running. Live outputs are stopped and removed
 * (their archives end; assets stay), encoders are disconnected with MPI_REST_API_CHANNEL_RESET and
 * the ingest state starts afresh.
 */
export function resetProcedure(steps: ProcedureSteps, entry: LiveEventEntry): Procedure {
  return {
    async run() {
      await steps.commit(entry, withState(entry.record, 'Stopping', 'InProgress'));
      await removeOutputs(steps, entry);
      await steps.runtime.stop(entry.view, 'MPI_REST_API_CHANNEL_RESET');
      await startRuntime(steps, entry);
      await steps.commit(entry, withState(entry.record, 'Running', 'Succeeded'));
    },
    rollback: settleStopped(steps, entry),
  };
}

/** `deleteProcedure`: → Deleting → gone; a running event is stopped first (MPI_REST_API_CHANNEL_STOP). */
export function deleteProcedure(steps: ProcedureSteps, entry: LiveEventEntry): Procedure {
  const wasRunning = entry.record.resourceState === 'Running';
  return {
    async run() {
      await steps.commit(entry, withState(entry.record, 'Deleting', 'InProgress'));
      await removeOutputs(steps, entry);
      if (wasRunning) {
        await steps.runtime.stop(entry.view, 'MPI_REST_API_CHANNEL_STOP');
      }
      await steps.runtime.deleted(entry.view);
      await steps.drop(entry);
    },
    rollback: settleStopped(steps, entry),
  };
}

/** `createOutputProcedure`: a new live output Creating → Running (the runtime starts its archive). */
export function createOutputProcedure(
  steps: ProcedureSteps,
  entry: LiveEventEntry,
  output: LiveOutputRecord,
): Procedure {
  const key = nameKey(output.name);
  return {
    async run() {
      await steps.commit(entry, entry.record, [...entry.outputs, output]);
      await steps.runtime.startOutput(entry.view, output);
      const running: LiveOutputRecord = {
        ...output,
        resourceState: 'Running',
        provisioningState: 'Succeeded',
      };
      await steps.commit(
        entry,
        entry.record,
        entry.outputs.map((o) => (nameKey(o.name) === key ? running : o)),
      );
    },
    async rollback() {
      if (steps.present(entry)) {
        await steps.commit(
          entry,
          entry.record,
          entry.outputs.filter((o) => nameKey(o.name) !== key),
        );
      }
    },
  };
}

/** `deleteOutputProcedure`: Running → Deleting → gone (the runtime finalizes its archive). */
export function deleteOutputProcedure(
  steps: ProcedureSteps,
  entry: LiveEventEntry,
  output: LiveOutputRecord,
): Procedure {
  const key = nameKey(output.name);
  return {
    run: () => removeOutput(steps, entry, output),
    async rollback() {
      if (steps.present(entry)) {
        const failed: LiveOutputRecord = { ...output, resourceState: 'Running', provisioningState: 'Failed' };
        await steps.commit(
          entry,
          entry.record,
          entry.outputs.map((o) => (nameKey(o.name) === key ? failed : o)),
        );
      }
    },
  };
}
