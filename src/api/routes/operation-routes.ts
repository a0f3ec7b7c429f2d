import { nameKey } from '../../live-events/resource-name.js';
import type { Operation } from '../../live-events/operation-registry.js';
import { ArmError, statusOfCode } from '../arm-error.js';
import { param, type ArmHandler, type ArmRequestContext, type ArmResponse } from '../arm-handler.js';
import { asyncOperationToWire } from '../dto/async-operation-dto.js';
import { liveEventToWire } from '../dto/live-event-dto.js';
import { liveOutputToWire } from '../dto/live-output-dto.js';

function operation(ctx: ArmRequestContext, forOutput: boolean): Operation {
  const id = param(ctx, 'operationId');
  const op = ctx.liveEvents.getOperation(id);
  const event = ctx.params['liveEventName'];
  const output = ctx.params['liveOutputName'];
  if (
    op === undefined ||
    (op.liveOutputName !== null) !== forOutput ||
    (event !== undefined && nameKey(event) !== nameKey(op.liveEventName)) ||
    (output !== undefined && nameKey(output) !== nameKey(op.liveOutputName ?? ''))
  ) {
    throw new ArmError(
      404,
      'NotFound',
      `operation ${id} is not known here: it never existed, belongs to another resource, or finished more than an hour ago`,
      id,
    );
  }
  return op;
}

/** `liveEventOperation` answers `LiveEvents_AsyncOperation`: GET `/liveEventOperations/{operationId}` → 200 `AsyncOperationResult`. */
export const liveEventOperation: ArmHandler = (ctx) => ({
  status: 200,
  body: asyncOperationToWire(operation(ctx, false)),
});

/** `liveOutputOperation` answers `LiveOutputs_AsyncOperation`: GET `/liveOutputOperations/{operationId}` → 200 `AsyncOperationResult`. */
export const liveOutputOperation: ArmHandler = (ctx) => ({
  status: 200,
  body: asyncOperationToWire(operation(ctx, true)),
});

/**
 * The `Location` answer of an operation: 202 while it runs; when it failed, its error; when a delete
 * succeeded, 204 (the resource is gone); otherwise 200 with the resource.
 */
function locationAnswer(ctx: ArmRequestContext, op: Operation, resource: () => unknown): ArmResponse {
  if (op.status === 'InProgress') {
    return { status: 202, headers: { 'Retry-After': String(ctx.settings.retryAfterSeconds) } };
  }
  if (op.error !== null) {
    throw new ArmError(statusOfCode(op.error.code), op.error.code, op.error.message);
  }
  if (op.kind === 'delete' || op.kind === 'deleteOutput') {
    return { status: 204 };
  }
  const body = resource();
  if (body === undefined) {
    throw new ArmError(404, 'NotFound', `the resource of operation ${op.id} no longer exists`);
  }
  return { status: 200, body };
}

/** `liveEventOperationLocation` answers `LiveEvents_OperationLocation`: GET `/liveEvents/{liveEventName}/operationLocations/{operationId}`. */
export const liveEventOperationLocation: ArmHandler = (ctx) => {
  const op = operation(ctx, false);
  return locationAnswer(ctx, op, () => {
    const ev = ctx.liveEvents.get(op.liveEventName);
    return ev === undefined ? undefined : liveEventToWire(ev, ctx.scope);
  });
};

/** `liveOutputOperationLocation` answers `LiveOutputs_OperationLocation`: GET `/liveEvents/{e}/liveOutputs/{o}/operationLocations/{operationId}`. */
export const liveOutputOperationLocation: ArmHandler = (ctx) => {
  const op = operation(ctx, true);
  return locationAnswer(ctx, op, () => {
    const o = ctx.liveEvents.getOutput(op.liveEventName, op.liveOutputName ?? '');
    return o === undefined ? undefined : liveOutputToWire(op.liveEventName, o, ctx.scope);
  });
};
