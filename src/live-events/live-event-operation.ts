import type { Operation, ResourcePath } from '../resources/operation-registry.js';
import type { StartedOperation } from '../resources/operation-runner.js';

/** `LiveEventOperationKind` names a long-running operation on a live event or one of its live outputs. */
export type LiveEventOperationKind =
  'create' | 'allocate' | 'start' | 'stop' | 'reset' | 'delete' | 'createOutput' | 'deleteOutput';

/** `LiveEventOperation` is an operation on a live event or one of its live outputs. */
export type LiveEventOperation = Operation<LiveEventOperationKind>;

/** `LiveEventStartedOperation` is a started {@link LiveEventOperation}. */
export type LiveEventStartedOperation = StartedOperation<LiveEventOperationKind>;

/** `LIVE_EVENTS` and `LIVE_OUTPUTS` are the ARM collection names of the resource paths. */
export const LIVE_EVENTS = 'liveEvents';
export const LIVE_OUTPUTS = 'liveOutputs';

/** `liveEventPath` is the resource path of a live event, or of one of its live outputs. */
export function liveEventPath(liveEventName: string, liveOutputName?: string): ResourcePath {
  const event = { collection: LIVE_EVENTS, name: liveEventName };
  return liveOutputName === undefined ? [event] : [event, { collection: LIVE_OUTPUTS, name: liveOutputName }];
}

const DESCRIBE: Readonly<Record<LiveEventOperationKind, string>> = {
  create: 'creating',
  allocate: 'allocating',
  start: 'starting',
  stop: 'stopping',
  reset: 'resetting',
  delete: 'deleting',
  createOutput: 'creating a live output of',
  deleteOutput: 'deleting a live output of',
};

/** `describeLiveEventOperation` says what an operation does, for failure messages. */
export function describeLiveEventOperation(op: LiveEventOperation): string {
  const event = op.resource[0]?.name ?? '';
  const output = op.resource[1]?.name;
  return `${DESCRIBE[op.kind]} live event '${event}'${output === undefined ? '' : ` (live output '${output}')`}`;
}
