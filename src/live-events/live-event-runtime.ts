import type { LiveEvent, LiveOutputRecord } from './live-event-record.js';

/**
 * `LiveEventStopReason` is the result code encoders are disconnected with (AMS
 * `LiveEventEncoderDisconnected.resultCode`, azure-compat §4): `MPI_REST_API_CHANNEL_STOP` when the
 * live event is stopped or deleted, `MPI_REST_API_CHANNEL_RESET` when it is reset.
 */
export type LiveEventStopReason = 'MPI_REST_API_CHANNEL_STOP' | 'MPI_REST_API_CHANNEL_RESET';

/**
 * `LiveEventRuntime` carries out what the state machine decides: the app implements it over ingest,
 * packager and events. The manager calls it at most once at a time per live event, and a rejected
 * promise fails the operation (the event then returns to a settled state, see `LiveEventManager`).
 *
 * - `start`: the event goes Running; ingest for its access token opens once `resourceState` is
 *   `Running` (the manager publishes that after `start` resolves). Also called for every Running
 *   event when the manager opens (restart).
 * - `stop`: disconnect the event's encoders with `reason` and end its ingest state.
 * - reset = `stop(event, 'MPI_REST_API_CHANNEL_RESET')` then `start(event)`, after its outputs are stopped.
 * - `deleted`: the event is gone; drop whatever the runtime keeps for it. Called after `stop` when the
 *   event was running.
 * - `startOutput`: a live output was created (or loaded at open); archive the event's presentation to
 *   `output.assetName` whenever the event is running. `stopOutput`: finalize and end that archive.
 */
export interface LiveEventRuntime {
  start(event: LiveEvent): Promise<void>;
  stop(event: LiveEvent, reason: LiveEventStopReason): Promise<void>;
  deleted(event: LiveEvent): Promise<void>;
  startOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void>;
  stopOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void>;
}
