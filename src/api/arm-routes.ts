import type { ArmRoute } from './arm-handler.js';
import {
  allocateLiveEvent,
  createLiveEvent,
  deleteLiveEvent,
  getLiveEvent,
  listLiveEvents,
  resetLiveEvent,
  startLiveEvent,
  stopLiveEvent,
  updateLiveEvent,
} from './routes/live-event-routes.js';
import {
  createLiveOutput,
  deleteLiveOutput,
  getLiveOutput,
  listLiveOutputs,
} from './routes/live-output-routes.js';
import {
  liveEventOperation,
  liveEventOperationLocation,
  liveOutputOperation,
  liveOutputOperationLocation,
} from './routes/operation-routes.js';
import {
  getLiveEventStatus,
  getLiveEventStreamEvents,
  getLiveEventTrackHeartbeats,
} from './routes/telemetry-routes.js';

const EVENT = '/liveEvents/{liveEventName}';
const OUTPUT = `${EVENT}/liveOutputs/{liveOutputName}`;

/**
 * `ARM_ROUTES` is every route Inlet serves after the account prefix: the liveEvents and liveOutputs
 * rows of streamingservice.json 2022-11-01 (azure-compat §1). `openapi.json` describes the same set
 * (checked by `openapi.test.ts`).
 */
export const ARM_ROUTES: readonly ArmRoute[] = [
  { method: 'GET', path: '/liveEvents', operationId: 'LiveEvents_List', handler: listLiveEvents },
  { method: 'GET', path: EVENT, operationId: 'LiveEvents_Get', handler: getLiveEvent },
  { method: 'PUT', path: EVENT, operationId: 'LiveEvents_Create', handler: createLiveEvent },
  { method: 'PATCH', path: EVENT, operationId: 'LiveEvents_Update', handler: updateLiveEvent },
  { method: 'DELETE', path: EVENT, operationId: 'LiveEvents_Delete', handler: deleteLiveEvent },
  {
    method: 'POST',
    path: `${EVENT}/allocate`,
    operationId: 'LiveEvents_Allocate',
    handler: allocateLiveEvent,
  },
  { method: 'POST', path: `${EVENT}/start`, operationId: 'LiveEvents_Start', handler: startLiveEvent },
  { method: 'POST', path: `${EVENT}/stop`, operationId: 'LiveEvents_Stop', handler: stopLiveEvent },
  { method: 'POST', path: `${EVENT}/reset`, operationId: 'LiveEvents_Reset', handler: resetLiveEvent },
  {
    method: 'POST',
    path: `${EVENT}/getStatus`,
    operationId: 'LiveEvents_ListGetStatus',
    handler: getLiveEventStatus,
  },
  {
    method: 'POST',
    path: `${EVENT}/getStreamEvents`,
    operationId: 'LiveEvents_ListGetStreamEvents',
    handler: getLiveEventStreamEvents,
  },
  {
    method: 'POST',
    path: `${EVENT}/getTrackIngestHeartbeats`,
    operationId: 'LiveEvents_ListGetTrackIngestHeartbeats',
    handler: getLiveEventTrackHeartbeats,
  },
  {
    method: 'GET',
    path: '/liveEventOperations/{operationId}',
    operationId: 'LiveEvents_AsyncOperation',
    handler: liveEventOperation,
  },
  {
    method: 'GET',
    path: `${EVENT}/operationLocations/{operationId}`,
    operationId: 'LiveEvents_OperationLocation',
    handler: liveEventOperationLocation,
  },
  { method: 'GET', path: `${EVENT}/liveOutputs`, operationId: 'LiveOutputs_List', handler: listLiveOutputs },
  { method: 'GET', path: OUTPUT, operationId: 'LiveOutputs_Get', handler: getLiveOutput },
  { method: 'PUT', path: OUTPUT, operationId: 'LiveOutputs_Create', handler: createLiveOutput },
  { method: 'DELETE', path: OUTPUT, operationId: 'LiveOutputs_Delete', handler: deleteLiveOutput },
  {
    method: 'GET',
    path: '/liveOutputOperations/{operationId}',
    operationId: 'LiveOutputs_AsyncOperation',
    handler: liveOutputOperation,
  },
  {
    method: 'GET',
    path: `${OUTPUT}/operationLocations/{operationId}`,
    operationId: 'LiveOutputs_OperationLocation',
    handler: liveOutputOperationLocation,
  },
];
