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

import {
  createOrUpdateAsset,
  deleteAsset,
  getAsset,
  getEncryptionKey,
  listAssets,
  listAssetStreamingLocators,
  listContainerSas,
  updateAsset,
} from './routes/asset-routes.js';
import {
  createStreamingEndpoint,
  deleteStreamingEndpoint,
  getStreamingEndpoint,
  listStreamingEndpoints,
  scaleStreamingEndpoint,
  startStreamingEndpoint,
  stopStreamingEndpoint,
  streamingEndpointOperation,
  streamingEndpointOperationLocation,
  streamingEndpointSkus,
  updateStreamingEndpoint,
} from './routes/streaming-endpoint-routes.js';
import {
  createStreamingLocator,
  deleteStreamingLocator,
  getStreamingLocator,
  listContentKeys,
  listPaths,
  listStreamingLocators,
} from './routes/streaming-locator-routes.js';
import {
  createStreamingPolicy,
  deleteStreamingPolicy,
  getStreamingPolicy,
  listStreamingPolicies,
} from './routes/streaming-policy-routes.js';

const EVENT = '/liveEvents/{liveEventName}';
const OUTPUT = `${EVENT}/liveOutputs/{liveOutputName}`;
const ASSET = '/assets/{assetName}';
const POLICY = '/streamingPolicies/{streamingPolicyName}';
const LOCATOR = '/streamingLocators/{streamingLocatorName}';
const ENDPOINT = '/streamingEndpoints/{streamingEndpointName}';

/**
 * `ARM_ROUTES` is every route Inlet serves after the account prefix: the liveEvents, liveOutputs and
 * streamingEndpoints rows of streamingservice.json 2022-11-01 (azure-compat §1), and the assets,
 * streamingPolicies and streamingLocators rows of the Metadata 2022-08-01 specs. `openapi.json`
 * describes the same set (checked by `openapi.test.ts`).
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
  { method: 'GET', path: '/assets', operationId: 'Assets_List', handler: listAssets },
  { method: 'GET', path: ASSET, operationId: 'Assets_Get', handler: getAsset },
  { method: 'PUT', path: ASSET, operationId: 'Assets_CreateOrUpdate', handler: createOrUpdateAsset },
  { method: 'PATCH', path: ASSET, operationId: 'Assets_Update', handler: updateAsset },
  { method: 'DELETE', path: ASSET, operationId: 'Assets_Delete', handler: deleteAsset },
  {
    method: 'POST',
    path: `${ASSET}/listContainerSas`,
    operationId: 'Assets_ListContainerSas',
    handler: listContainerSas,
  },
  {
    method: 'POST',
    path: `${ASSET}/getEncryptionKey`,
    operationId: 'Assets_GetEncryptionKey',
    handler: getEncryptionKey,
  },
  {
    method: 'POST',
    path: `${ASSET}/listStreamingLocators`,
    operationId: 'Assets_ListStreamingLocators',
    handler: listAssetStreamingLocators,
  },
  {
    method: 'GET',
    path: '/streamingPolicies',
    operationId: 'StreamingPolicies_List',
    handler: listStreamingPolicies,
  },
  { method: 'GET', path: POLICY, operationId: 'StreamingPolicies_Get', handler: getStreamingPolicy },
  { method: 'PUT', path: POLICY, operationId: 'StreamingPolicies_Create', handler: createStreamingPolicy },
  { method: 'DELETE', path: POLICY, operationId: 'StreamingPolicies_Delete', handler: deleteStreamingPolicy },
  {
    method: 'GET',
    path: '/streamingLocators',
    operationId: 'StreamingLocators_List',
    handler: listStreamingLocators,
  },
  { method: 'GET', path: LOCATOR, operationId: 'StreamingLocators_Get', handler: getStreamingLocator },
  { method: 'PUT', path: LOCATOR, operationId: 'StreamingLocators_Create', handler: createStreamingLocator },
  {
    method: 'DELETE',
    path: LOCATOR,
    operationId: 'StreamingLocators_Delete',
    handler: deleteStreamingLocator,
  },
  {
    method: 'POST',
    path: `${LOCATOR}/listContentKeys`,
    operationId: 'StreamingLocators_ListContentKeys',
    handler: listContentKeys,
  },
  {
    method: 'POST',
    path: `${LOCATOR}/listPaths`,
    operationId: 'StreamingLocators_ListPaths',
    handler: listPaths,
  },
  {
    method: 'GET',
    path: '/streamingEndpoints',
    operationId: 'StreamingEndpoints_List',
    handler: listStreamingEndpoints,
  },
  { method: 'GET', path: ENDPOINT, operationId: 'StreamingEndpoints_Get', handler: getStreamingEndpoint },
  {
    method: 'PUT',
    path: ENDPOINT,
    operationId: 'StreamingEndpoints_Create',
    handler: createStreamingEndpoint,
  },
  {
    method: 'PATCH',
    path: ENDPOINT,
    operationId: 'StreamingEndpoints_Update',
    handler: updateStreamingEndpoint,
  },
  {
    method: 'DELETE',
    path: ENDPOINT,
    operationId: 'StreamingEndpoints_Delete',
    handler: deleteStreamingEndpoint,
  },
  {
    method: 'GET',
    path: `${ENDPOINT}/skus`,
    operationId: 'StreamingEndpoints_Skus',
    handler: streamingEndpointSkus,
  },
  {
    method: 'POST',
    path: `${ENDPOINT}/start`,
    operationId: 'StreamingEndpoints_Start',
    handler: startStreamingEndpoint,
  },
  {
    method: 'POST',
    path: `${ENDPOINT}/stop`,
    operationId: 'StreamingEndpoints_Stop',
    handler: stopStreamingEndpoint,
  },
  {
    method: 'POST',
    path: `${ENDPOINT}/scale`,
    operationId: 'StreamingEndpoints_Scale',
    handler: scaleStreamingEndpoint,
  },
  {
    method: 'GET',
    path: '/streamingEndpointOperations/{operationId}',
    operationId: 'StreamingEndpoints_AsyncOperation',
    handler: streamingEndpointOperation,
  },
  {
    method: 'GET',
    path: `${ENDPOINT}/operationLocations/{operationId}`,
    operationId: 'StreamingEndpoints_OperationLocation',
    handler: streamingEndpointOperationLocation,
  },
];
