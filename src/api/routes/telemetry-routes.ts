import { ResourceError } from '../../resources/resource-error.js';
import type { LiveEvent } from '../../live-events/live-event-record.js';
import { param, type ArmHandler, type ArmRequestContext } from '../arm-handler.js';

function liveEvent(ctx: ArmRequestContext): LiveEvent {
  const name = param(ctx, 'liveEventName');
  const ev = ctx.liveEvents.get(name);
  if (ev === undefined) {
    throw new ResourceError('NotFound', ctx.liveEvents.notFoundMessage(name), name);
  }
  return ev;
}

/**
 * `getLiveEventStatus` answers `LiveEvents_ListGetStatus`: POST `/liveEvents/{liveEventName}/getStatus` → 200
 * `LiveEventGetStatusResult` at once (the spec allows 200; no LRO needed for data held in memory).
 */
export const getLiveEventStatus: ArmHandler = (ctx) => {
  const ev = liveEvent(ctx);
  return { status: 200, body: { value: ctx.telemetry?.status(ev.name) ?? [] } };
};

/** `getLiveEventStreamEvents` answers `LiveEvents_ListGetStreamEvents`: POST `/liveEvents/{liveEventName}/getStreamEvents` → 200 at once. */
export const getLiveEventStreamEvents: ArmHandler = (ctx) => {
  const ev = liveEvent(ctx);
  return { status: 200, body: { value: ctx.telemetry?.streamEvents(ev.name) ?? [] } };
};

/** `getLiveEventTrackHeartbeats` answers `LiveEvents_ListGetTrackIngestHeartbeats`: POST `/liveEvents/{liveEventName}/getTrackIngestHeartbeats` → 200 at once. */
export const getLiveEventTrackHeartbeats: ArmHandler = (ctx) => {
  const ev = liveEvent(ctx);
  return { status: 200, body: { value: ctx.telemetry?.trackHeartbeats(ev.name) ?? [] } };
};
