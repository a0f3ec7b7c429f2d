import { LIVE_EVENTS } from '../../live-events/live-event-operation.js';
import { resourceOf } from '../../resources/operation-registry.js';
import { ResourceError } from '../../resources/resource-error.js';
import { param, type ArmHandler } from '../arm-handler.js';
import { lroHeaders } from '../arm-urls.js';
import { listPage } from '../dto/list-result.js';
import { parseLiveOutputBody } from '../dto/live-output-body.js';
import { liveOutputToWire } from '../dto/live-output-dto.js';

/** `listLiveOutputs` answers `LiveOutputs_List`: GET `/liveEvents/{liveEventName}/liveOutputs` → 200 `LiveOutputListResult`, paged. */
export const listLiveOutputs: ArmHandler = (ctx) => {
  const name = param(ctx, 'liveEventName');
  const outputs = ctx.liveEvents.listOutputs(name);
  const eventName = ctx.liveEvents.get(name)?.name ?? name;
  return listPage(
    ctx,
    outputs,
    (o) => liveOutputToWire(eventName, o, ctx.scope),
    `/liveEvents/${encodeURIComponent(eventName)}/liveOutputs`,
  );
};

/** `getLiveOutput` answers `LiveOutputs_Get`: GET `/liveEvents/{liveEventName}/liveOutputs/{liveOutputName}` → 200 `LiveOutput`. */
export const getLiveOutput: ArmHandler = (ctx) => {
  const eventName = param(ctx, 'liveEventName');
  const outputName = param(ctx, 'liveOutputName');
  const ev = ctx.liveEvents.get(eventName);
  if (ev === undefined) {
    throw new ResourceError('NotFound', ctx.liveEvents.notFoundMessage(eventName), eventName);
  }
  const output = ctx.liveEvents.getOutput(eventName, outputName);
  if (output === undefined) {
    throw new ResourceError(
      'NotFound',
      `live output '${outputName}' of live event '${ev.name}' does not exist`,
      outputName,
    );
  }
  return { status: 200, body: liveOutputToWire(ev.name, output, ctx.scope) };
};

/** `createLiveOutput` answers `LiveOutputs_Create`: PUT `/liveEvents/{liveEventName}/liveOutputs/{liveOutputName}` → 201 `LiveOutput`, LRO. */
export const createLiveOutput: ArmHandler = (ctx) => {
  const spec = parseLiveOutputBody(ctx.body);
  const started = ctx.liveEvents.createOutput(
    param(ctx, 'liveEventName'),
    param(ctx, 'liveOutputName'),
    spec,
    ctx.actor,
  );
  return {
    status: 201,
    headers: lroHeaders(ctx, started.operation),
    body: liveOutputToWire(
      resourceOf(started.operation.resource, LIVE_EVENTS) ?? '',
      started.liveOutput,
      ctx.scope,
    ),
  };
};

/** `deleteLiveOutput` answers `LiveOutputs_Delete`: DELETE `/liveEvents/{liveEventName}/liveOutputs/{liveOutputName}` → 202 LRO or 204. */
export const deleteLiveOutput: ArmHandler = (ctx) => {
  const started = ctx.liveEvents.deleteOutput(param(ctx, 'liveEventName'), param(ctx, 'liveOutputName'));
  return started === undefined
    ? { status: 204 }
    : { status: 202, headers: lroHeaders(ctx, started.operation) };
};
