import { STREAMING_ENDPOINTS } from '../../delivery/endpoints/streaming-endpoint-manager.js';
import type { StreamingEndpoint } from '../../delivery/endpoints/streaming-endpoint-record.js';
import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { resourceOf } from '../../resources/operation-registry.js';
import { ResourceError } from '../../resources/resource-error.js';
import { ArmError } from '../arm-error.js';
import { param, type ArmHandler, type ArmRequestContext } from '../arm-handler.js';
import { lroHeaders } from '../arm-urls.js';
import { listPage } from '../dto/list-result.js';
import { parseStreamingEndpointBody, streamingEndpointToWire } from '../dto/streaming-endpoint-dto.js';
import { operationLocation, operationStatus, type OperationLookup } from './operation-routes.js';

function endpoint(ctx: ArmRequestContext): StreamingEndpoint {
  const name = param(ctx, 'streamingEndpointName');
  const e = ctx.delivery.endpoints.get(name);
  if (e === undefined) {
    throw new ResourceError('NotFound', `streaming endpoint '${name}' does not exist`, name);
  }
  return e;
}

function autoStart(ctx: ArmRequestContext): boolean {
  const v = ctx.query.get('autoStart');
  if (v === null || v === '' || v.toLowerCase() === 'false') {
    return false;
  }
  if (v.toLowerCase() === 'true') {
    return true;
  }
  throw new ArmError(
    400,
    'BadRequest',
    `query parameter autoStart must be true or false, not ${JSON.stringify(v)}`,
    'autoStart',
  );
}

/** `listStreamingEndpoints` answers `StreamingEndpoints_List`: GET `/streamingEndpoints` → 200, paged. */
export const listStreamingEndpoints: ArmHandler = (ctx) =>
  listPage(
    ctx,
    ctx.delivery.endpoints.list(),
    (e) => streamingEndpointToWire(e, ctx.scope),
    '/streamingEndpoints',
  );

/** `getStreamingEndpoint` answers `StreamingEndpoints_Get`. */
export const getStreamingEndpoint: ArmHandler = (ctx) => ({
  status: 200,
  body: streamingEndpointToWire(endpoint(ctx), ctx.scope),
});

/** `createStreamingEndpoint` answers `StreamingEndpoints_Create`: PUT `[?autoStart=true]` → 201, LRO. */
export const createStreamingEndpoint: ArmHandler = (ctx) => {
  const started = ctx.delivery.endpoints.create(
    param(ctx, 'streamingEndpointName'),
    parseStreamingEndpointBody(ctx.body),
    { autoStart: autoStart(ctx), actor: ctx.actor },
  );
  return {
    status: 201,
    headers: lroHeaders(ctx, started.operation),
    body: streamingEndpointToWire(started.endpoint, ctx.scope),
  };
};

/** `updateStreamingEndpoint` answers `StreamingEndpoints_Update`: PATCH → 200 (applied at once). */
export const updateStreamingEndpoint: ArmHandler = async (ctx) => {
  const e = await ctx.delivery.endpoints.update(
    param(ctx, 'streamingEndpointName'),
    parseStreamingEndpointBody(ctx.body),
    ctx.actor,
  );
  return { status: 200, body: streamingEndpointToWire(e, ctx.scope) };
};

/** `deleteStreamingEndpoint` answers `StreamingEndpoints_Delete`: → 202 LRO, or 204 when there is none. */
export const deleteStreamingEndpoint: ArmHandler = (ctx) => {
  const started = ctx.delivery.endpoints.delete(param(ctx, 'streamingEndpointName'));
  return started === undefined
    ? { status: 204 }
    : { status: 202, headers: lroHeaders(ctx, started.operation) };
};

/** `startStreamingEndpoint` answers `StreamingEndpoints_Start`: POST → 202 LRO. */
export const startStreamingEndpoint: ArmHandler = (ctx) => ({
  status: 202,
  headers: lroHeaders(ctx, ctx.delivery.endpoints.start(param(ctx, 'streamingEndpointName')).operation),
});

/** `stopStreamingEndpoint` answers `StreamingEndpoints_Stop`: POST → 202 LRO. */
export const stopStreamingEndpoint: ArmHandler = (ctx) => ({
  status: 202,
  headers: lroHeaders(ctx, ctx.delivery.endpoints.stop(param(ctx, 'streamingEndpointName')).operation),
});

/** `scaleStreamingEndpoint` answers `StreamingEndpoints_Scale`: POST `{scaleUnit}` → 202 LRO. */
export const scaleStreamingEndpoint: ArmHandler = (ctx) => {
  const scaleUnit = new JsonObjectReader(ctx.body ?? {}, '').optInteger('scaleUnit');
  const started = ctx.delivery.endpoints.scale(param(ctx, 'streamingEndpointName'), scaleUnit);
  return { status: 202, headers: lroHeaders(ctx, started.operation) };
};

/** `streamingEndpointSkus` answers `StreamingEndpoints_Skus`: the standard and premium SKUs. */
export const streamingEndpointSkus: ArmHandler = (ctx) => {
  endpoint(ctx);
  const resourceType = 'Microsoft.Media/mediaservices/streamingEndpoints';
  return {
    status: 200,
    body: {
      value: [
        {
          resourceType,
          sku: { name: 'Standard' },
          capacity: { scaleType: 'None', default: 0, minimum: 0, maximum: 0 },
        },
        {
          resourceType,
          sku: { name: 'Premium' },
          capacity: { scaleType: 'Manual', default: 1, minimum: 1, maximum: 10 },
        },
      ],
    },
  };
};

const endpointOperations: OperationLookup = (ctx, id) => ctx.delivery.endpoints.getOperation(id);

/** `streamingEndpointOperation` answers `StreamingEndpoints_AsyncOperation`. */
export const streamingEndpointOperation = operationStatus(endpointOperations, STREAMING_ENDPOINTS);

/** `streamingEndpointOperationLocation` answers `StreamingEndpoints_OperationLocation`. */
export const streamingEndpointOperationLocation = operationLocation(
  endpointOperations,
  STREAMING_ENDPOINTS,
  { streamingEndpointName: STREAMING_ENDPOINTS },
  (ctx, op) => {
    const e = ctx.delivery.endpoints.get(resourceOf(op.resource, STREAMING_ENDPOINTS) ?? '');
    return e === undefined ? undefined : streamingEndpointToWire(e, ctx.scope);
  },
);
