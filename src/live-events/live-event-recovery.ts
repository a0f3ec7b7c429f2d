import type { Logger } from 'pino';
import type { LiveEventResourceState, LiveOutputRecord } from './live-event-record.js';
import type { ProcedureSteps } from './live-event-procedures.js';
import type { LiveEventEntry } from './live-event-table.js';

/**
 * What a state left by an interrupted operation becomes on load. Operations are completed where that
 * is what the client asked for and cannot hurt: `Allocating` → `StandBy`, `Starting` → `Running`
 * (started again below), `Stopping` → `Stopped` (nothing runs after a restart anyway), `Deleting` →
 * deleted. Live outputs: `Creating` → `Running`, `Deleting` → deleted.
 */
const SETTLED: Readonly<Record<LiveEventResourceState, LiveEventResourceState>> = {
  Stopped: 'Stopped',
  Allocating: 'StandBy',
  StandBy: 'StandBy',
  Starting: 'Running',
  Running: 'Running',
  Stopping: 'Stopped',
  Deleting: 'Deleting',
};

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * `recoverLiveEvent` brings a live event loaded from disk back to life: completes an interrupted
 * operation (see {@link SETTLED}), restarts its live outputs (`runtime.startOutput`) and, when it is
 * Running, the event itself (`runtime.start`), so its encoders are accepted again. A runtime failure
 * here is logged; a Running event that cannot start is left `Stopped` with `provisioningState: Failed`.
 */
export async function recoverLiveEvent(
  steps: ProcedureSteps,
  entry: LiveEventEntry,
  logger: Logger,
): Promise<void> {
  const log = logger.child({ liveEvent: entry.record.name });
  const state = entry.record.resourceState;
  if (state === 'Deleting') {
    log.warn('completing a delete that was interrupted by a restart');
    for (const output of entry.outputs) {
      await steps.runtime.stopOutput(entry.view, output).catch((e: unknown) => {
        log.error({ err: e }, `stopping live output '${output.name}' failed: ${message(e)}`);
      });
    }
    await steps.runtime.deleted(entry.view).catch((e: unknown) => {
      log.error({ err: e }, `cleaning up after the deleted live event failed: ${message(e)}`);
    });
    await steps.drop(entry);
    return;
  }
  const interrupted = entry.outputs.filter((o) => o.resourceState === 'Deleting');
  for (const output of interrupted) {
    log.warn(`completing the delete of live output '${output.name}' that was interrupted by a restart`);
    await steps.runtime.stopOutput(entry.view, output).catch((e: unknown) => {
      log.error({ err: e }, `stopping live output '${output.name}' failed: ${message(e)}`);
    });
  }
  const outputs: LiveOutputRecord[] = entry.outputs
    .filter((o) => o.resourceState !== 'Deleting')
    .map((o) =>
      o.resourceState === 'Creating' || o.provisioningState === 'InProgress'
        ? { ...o, resourceState: 'Running', provisioningState: 'Succeeded' }
        : o,
    );
  const settled = SETTLED[state];
  if (
    settled !== state ||
    entry.record.provisioningState === 'InProgress' ||
    interrupted.length > 0 ||
    outputs.some((o, i) => o !== entry.outputs[i])
  ) {
    if (settled !== state) {
      log.warn(`the live event was ${state} when the server stopped; it is now ${settled}`);
    }
    const provisioningState =
      entry.record.provisioningState === 'InProgress' ? 'Succeeded' : entry.record.provisioningState;
    await steps.commit(entry, { ...entry.record, resourceState: settled, provisioningState }, outputs);
  }
  for (const output of entry.outputs) {
    await steps.runtime.startOutput(entry.view, output).catch((e: unknown) => {
      log.error({ err: e }, `restarting live output '${output.name}' failed: ${message(e)}`);
    });
  }
  if (settled === 'Running') {
    try {
      await steps.runtime.start(entry.view);
      log.info('live event restored and running');
    } catch (error) {
      log.error(
        { err: error },
        `the live event could not be started again and is now Stopped: ${message(error)}`,
      );
      await steps.commit(entry, { ...entry.record, resourceState: 'Stopped', provisioningState: 'Failed' });
    }
  }
}
