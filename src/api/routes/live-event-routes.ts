import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { ArmError } from '../arm-error.js';
import { param, type ArmHandler, type ArmRequestContext } from '../arm-handler.js';
import { lroHeaders } from '../arm-urls.js';
import { parseLiveEventBody } from '../dto/live-event-body.js';
import { liveEventToWire } from '../dto/live-event-dto.js';
import { listPage } from '../dto/list-result.js';

function flag(ctx: ArmRequestContext, name: string): boolean {
  const v = ctx.query.get(name);
  if (v === null || v === '' || v.toLowerCase() === 'false') {
    return false;
  }
  if (v.toLowerCase() === 'true') {
    return true;
  }
  throw new ArmError(
    400,
    'BadRequest',
    `query parameter ${name} must be true or false, not ${JSON.stringify(v)}`,
    name,
  );
}

/** `listLiveEvents` answers `LiveEvents_List`: GET `/liveEvents` → 200 `LiveEventListResult`, paged. */
export const listLiveEvents: ArmHandler = (ctx) =>
  listPage(ctx, ctx.liveEvents.list(), (ev) => liveEventToWire(ev, ctx.scope), '/liveEvents');

/** `getLiveEvent` answers `LiveEvents_Get`: GET `/liveEvents/{liveEventName}` → 200 `LiveEvent`. */
export const getLiveEvent: ArmHandler = (ctx) => {
  const name = param(ctx, 'liveEventName');
  const ev = ctx.liveEvents.get(name);
  if (ev === undefined) {
    throw new ResourceError('NotFound', ctx.liveEvents.notFoundMessage(name), name);
  }
  return { status: 200, body: liveEventToWire(ev, ctx.scope) };
};

/** `createLiveEvent` answers `LiveEvents_Create`: PUT `/liveEvents/{liveEventName}[?autoStart=true]` → 201 `LiveEvent`, LRO. */
export const createLiveEvent: ArmHandler = (ctx) => {
  const spec = parseLiveEventBody(ctx.body);
  const started = ctx.liveEvents.create(param(ctx, 'liveEventName'), spec, {
    autoStart: flag(ctx, 'autoStart'),
    actor: ctx.actor,
  });
  return {
    status: 201,
    headers: lroHeaders(ctx, started.operation),
    body: liveEventToWire(started.liveEvent, ctx.scope),
  };
};

/** `updateLiveEvent` answers `LiveEvents_Update`: PATCH `/liveEvents/{liveEventName}` → 200 `LiveEvent` (applied synchronously). */
export const updateLiveEvent: ArmHandler = async (ctx) => {
  const ev = await ctx.liveEvents.update(
    param(ctx, 'liveEventName'),
    parseLiveEventBody(ctx.body),
    ctx.actor,
  );
  return { status: 200, body: liveEventToWire(ev, ctx.scope) };
};

/** `deleteLiveEvent` answers `LiveEvents_Delete`: DELETE `/liveEvents/{liveEventName}` → 202 LRO, or 204 when there is no such event. */
export const deleteLiveEvent: ArmHandler = (ctx) => {
  const started = ctx.liveEvents.delete(param(ctx, 'liveEventName'));
  return started === undefined
    ? { status: 204 }
    : { status: 202, headers: lroHeaders(ctx, started.operation) };
};

/** `allocateLiveEvent` answers `LiveEvents_Allocate`: POST `/liveEvents/{liveEventName}/allocate` → 202 LRO. */
export const allocateLiveEvent: ArmHandler = (ctx) => ({
  status: 202,
  headers: lroHeaders(ctx, ctx.liveEvents.allocate(param(ctx, 'liveEventName')).operation),
});

/** `startLiveEvent` answers `LiveEvents_Start`: POST `/liveEvents/{liveEventName}/start` → 202 LRO. */
export const startLiveEvent: ArmHandler = (ctx) => ({
  status: 202,
  headers: lroHeaders(ctx, ctx.liveEvents.start(param(ctx, 'liveEventName')).operation),
});

/** `stopLiveEvent` answers `LiveEvents_Stop`: POST `/liveEvents/{liveEventName}/stop` with `LiveEventActionInput` → 202 LRO. */
export const stopLiveEvent: ArmHandler = (ctx) => {
  const removeOutputsOnStop =
    ctx.body === undefined
      ? false
      : (new JsonObjectReader(ctx.body, '').optBoolean('removeOutputsOnStop') ?? false);
  const started = ctx.liveEvents.stop(param(ctx, 'liveEventName'), { removeOutputsOnStop });
  return { status: 202, headers: lroHeaders(ctx, started.operation) };
};

/** `resetLiveEvent` answers `LiveEvents_Reset`: POST `/liveEvents/{liveEventName}/reset` → 202 LRO. */
export const resetLiveEvent: ArmHandler = (ctx) => ({
  status: 202,
  headers: lroHeaders(ctx, ctx.liveEvents.reset(param(ctx, 'liveEventName')).operation),
});
