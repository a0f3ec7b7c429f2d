import { LIVE_EVENTS, LIVE_OUTPUTS } from '../../live-events/live-event-operation.js';
import { nameKey } from '../../live-events/resource-name.js';
import { resourceOf, type Operation } from '../../resources/operation-registry.js';
import { ArmError, statusOfCode } from '../arm-error.js';
import { param, type ArmHandler, type ArmRequestContext, type ArmResponse } from '../arm-handler.js';
import { asyncOperationToWire } from '../dto/async-operation-dto.js';
import { liveEventToWire } from '../dto/live-event-dto.js';
import { liveOutputToWire } from '../dto/live-output-dto.js';

/** `OperationLookup` finds an operation by id in the registry of a resource family. */
export type OperationLookup = (ctx: ArmRequestContext, id: string) => Operation | undefined;

/**
 * `PathParameters` maps the path parameters of an operation route to the collections of the
 * operation's resource path (`liveEventName` → `liveEvents`).
 */
export type PathParameters = Readonly<Record<string, string>>;

/**
 * `findOperation` is the operation `{operationId}` of the request when it acts on a resource of
 * `collection` and on the resources the route's path parameters name; otherwise 404 (an operation id
 * of another resource is not known under this one).
 */
export function findOperation(
  ctx: ArmRequestContext,
  lookup: OperationLookup,
  collection: string,
  parameters: PathParameters,
): Operation {
  const id = param(ctx, 'operationId');
  const op = lookup(ctx, id);
  const matches =
    op !== undefined &&
    op.resource.at(-1)?.collection === collection &&
    Object.entries(parameters).every(([name, of]) => {
      const given = ctx.params[name];
      return given === undefined || nameKey(given) === nameKey(resourceOf(op.resource, of) ?? '');
    });
  if (!matches) {
    throw new ArmError(
      404,
      'NotFound',
      `operation ${id} is not known here: it never existed, belongs to another resource, or finished more than an hour ago`,
      id,
    );
  }
  return op;
}

/** `operationStatus` answers `…Operations/{operationId}` → 200 `AsyncOperationResult`. */
export function operationStatus(
  lookup: OperationLookup,
  collection: string,
  parameters: PathParameters = {},
): ArmHandler {
  return (ctx) => ({
    status: 200,
    body: asyncOperationToWire(findOperation(ctx, lookup, collection, parameters)),
  });
}

/**
 * `operationLocation` answers `…/operationLocations/{operationId}`: 202 while the operation runs; when
 * it failed, its error; when a delete succeeded, 204 (the resource is gone); otherwise 200 with the
 * resource as `resource(op)` renders it (404 when it no longer exists).
 */
export function operationLocation(
  lookup: OperationLookup,
  collection: string,
  parameters: PathParameters,
  resource: (ctx: ArmRequestContext, op: Operation) => unknown,
): ArmHandler {
  return (ctx) => {
    const op = findOperation(ctx, lookup, collection, parameters);
    return locationAnswer(ctx, op, () => resource(ctx, op));
  };
}

function locationAnswer(ctx: ArmRequestContext, op: Operation, resource: () => unknown): ArmResponse {
  if (op.status === 'InProgress') {
    return { status: 202, headers: { 'Retry-After': String(ctx.settings.retryAfterSeconds) } };
  }
  if (op.error !== null) {
    throw new ArmError(statusOfCode(op.error.code), op.error.code, op.error.message);
  }
  if (/^delete/i.test(op.kind)) {
    return { status: 204 };
  }
  const body = resource();
  if (body === undefined) {
    throw new ArmError(404, 'NotFound', `the resource of operation ${op.id} no longer exists`);
  }
  return { status: 200, body };
}

const liveEventOperations: OperationLookup = (ctx, id) => ctx.liveEvents.getOperation(id);
const EVENT_PARAMS = { liveEventName: LIVE_EVENTS };
const OUTPUT_PARAMS = { liveEventName: LIVE_EVENTS, liveOutputName: LIVE_OUTPUTS };

/** `liveEventOperation` answers `LiveEvents_AsyncOperation`: GET `/liveEventOperations/{operationId}`. */
export const liveEventOperation = operationStatus(liveEventOperations, LIVE_EVENTS);

/** `liveOutputOperation` answers `LiveOutputs_AsyncOperation`: GET `/liveOutputOperations/{operationId}`. */
export const liveOutputOperation = operationStatus(liveEventOperations, LIVE_OUTPUTS);

/** `liveEventOperationLocation` answers `LiveEvents_OperationLocation`: GET `/liveEvents/{liveEventName}/operationLocations/{operationId}`. */
export const liveEventOperationLocation = operationLocation(
  liveEventOperations,
  LIVE_EVENTS,
  EVENT_PARAMS,
  (ctx, op) => {
    const ev = ctx.liveEvents.get(resourceOf(op.resource, LIVE_EVENTS) ?? '');
    return ev === undefined ? undefined : liveEventToWire(ev, ctx.scope);
  },
);

/** `liveOutputOperationLocation` answers `LiveOutputs_OperationLocation`: GET `/liveEvents/{e}/liveOutputs/{o}/operationLocations/{operationId}`. */
export const liveOutputOperationLocation = operationLocation(
  liveEventOperations,
  LIVE_OUTPUTS,
  OUTPUT_PARAMS,
  (ctx, op) => {
    const event = resourceOf(op.resource, LIVE_EVENTS) ?? '';
    const o = ctx.liveEvents.getOutput(event, resourceOf(op.resource, LIVE_OUTPUTS) ?? '');
    return o === undefined ? undefined : liveOutputToWire(event, o, ctx.scope);
  },
);
