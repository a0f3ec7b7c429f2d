import type { StreamingLocatorRecord } from '../../delivery/locators/streaming-locator-record.js';
import { ResourceError } from '../../resources/resource-error.js';
import { param, type ArmHandler, type ArmRequestContext } from '../arm-handler.js';
import { listPage } from '../dto/list-result.js';
import { parseStreamingLocatorBody, streamingLocatorToWire } from '../dto/streaming-locator-dto.js';
import { applyODataQuery, type ODataFields } from '../odata/odata-query.js';
import { streamingPaths } from '../streaming-paths.js';

const LOCATOR_FIELDS: ODataFields<StreamingLocatorRecord> = {
  name: (l) => l.name,
  'properties/created': (l) => l.created,
  'properties/endTime': (l) => l.endTime,
  'properties/startTime': (l) => l.startTime,
  'properties/assetName': (l) => l.assetName,
  'properties/streamingLocatorId': (l) => l.streamingLocatorId,
};

function locator(ctx: ArmRequestContext): StreamingLocatorRecord {
  const name = param(ctx, 'streamingLocatorName');
  const l = ctx.delivery.locators.get(name);
  if (l === undefined) {
    throw new ResourceError('NotFound', `streaming locator '${name}' does not exist`, name);
  }
  return l;
}

/** `listStreamingLocators` answers `StreamingLocators_List`: GET `/streamingLocators` → 200, paged. */
export const listStreamingLocators: ArmHandler = (ctx) =>
  listPage(
    ctx,
    applyODataQuery(ctx.query, ctx.delivery.locators.list(), LOCATOR_FIELDS),
    (l) => streamingLocatorToWire(l, ctx.scope),
    '/streamingLocators',
  );

/** `getStreamingLocator` answers `StreamingLocators_Get`. */
export const getStreamingLocator: ArmHandler = (ctx) => ({
  status: 200,
  body: streamingLocatorToWire(locator(ctx), ctx.scope),
});

/** `createStreamingLocator` answers `StreamingLocators_Create`: PUT → 201 `StreamingLocator`. */
export const createStreamingLocator: ArmHandler = async (ctx) => {
  const l = await ctx.delivery.locators.create(
    param(ctx, 'streamingLocatorName'),
    parseStreamingLocatorBody(ctx.body),
    ctx.actor,
  );
  return { status: 201, body: streamingLocatorToWire(l, ctx.scope) };
};

/** `deleteStreamingLocator` answers `StreamingLocators_Delete`: DELETE → 200, or 204 when there is none. */
export const deleteStreamingLocator: ArmHandler = async (ctx) => ({
  status: (await ctx.delivery.locators.delete(param(ctx, 'streamingLocatorName'))) ? 200 : 204,
});

/** `listContentKeys` answers `StreamingLocators_ListContentKeys`: clear locators have none. */
export const listContentKeys: ArmHandler = (ctx) => {
  locator(ctx);
  return { status: 200, body: { contentKeys: [] } };
};

/** `listPaths` answers `StreamingLocators_ListPaths`: the streaming and download paths of the locator. */
export const listPaths: ArmHandler = async (ctx) => {
  const l = locator(ctx);
  const asset = ctx.delivery.assets.get(l.assetName);
  const protocols = ctx.delivery.policies.get(l.streamingPolicyName)?.noEncryption?.enabledProtocols;
  const media = asset === undefined ? undefined : await ctx.delivery.media?.media(asset);
  const body =
    protocols === undefined ? { streamingPaths: [], downloadPaths: [] } : streamingPaths(l, protocols, media);
  return { status: 200, body };
};
