import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import type { AssetRecord } from '../../delivery/assets/asset-record.js';
import { ArmError } from '../arm-error.js';
import { param, type ArmHandler, type ArmRequestContext } from '../arm-handler.js';
import { assetStreamingLocatorToWire, assetToWire, parseAssetBody } from '../dto/asset-dto.js';
import { listPage } from '../dto/list-result.js';
import { applyODataQuery, type ODataFields } from '../odata/odata-query.js';

const ASSET_FIELDS: ODataFields<AssetRecord> = {
  name: (a) => a.name,
  'properties/created': (a) => a.created,
  'properties/lastModified': (a) => a.lastModified,
  'properties/alternateId': (a) => a.alternateId,
  'properties/assetId': (a) => a.assetId,
};
/** SAS URLs valid longer than this are refused (Azure Storage: a week for a user delegation SAS). */
const MAX_SAS_MS = 7 * 24 * 3600 * 1000;
const DEFAULT_SAS_MS = 3600 * 1000;

function asset(ctx: ArmRequestContext): AssetRecord {
  const name = param(ctx, 'assetName');
  const a = ctx.delivery.assets.get(name);
  if (a === undefined) {
    throw new ResourceError('NotFound', `asset '${name}' does not exist`, name);
  }
  return a;
}

/** `listAssets` answers `Assets_List`: GET `/assets[?$filter&$orderby&$top]` → 200 `AssetCollection`, paged. */
export const listAssets: ArmHandler = (ctx) =>
  listPage(
    ctx,
    applyODataQuery(ctx.query, ctx.delivery.assets.list(), ASSET_FIELDS),
    (a) => assetToWire(a, ctx.scope),
    '/assets',
  );

/** `getAsset` answers `Assets_Get`: GET `/assets/{assetName}` → 200 `Asset`. */
export const getAsset: ArmHandler = (ctx) => ({ status: 200, body: assetToWire(asset(ctx), ctx.scope) });

/** `createOrUpdateAsset` answers `Assets_CreateOrUpdate`: PUT → 201 (created) or 200 (updated) `Asset`. */
export const createOrUpdateAsset: ArmHandler = async (ctx) => {
  const { asset: a, created } = await ctx.delivery.assets.createOrUpdate(
    param(ctx, 'assetName'),
    parseAssetBody(ctx.body),
    ctx.actor,
  );
  return { status: created ? 201 : 200, body: assetToWire(a, ctx.scope) };
};

/** `updateAsset` answers `Assets_Update`: PATCH → 200 `Asset`. */
export const updateAsset: ArmHandler = async (ctx) => {
  const a = await ctx.delivery.assets.update(param(ctx, 'assetName'), parseAssetBody(ctx.body), ctx.actor);
  return { status: 200, body: assetToWire(a, ctx.scope) };
};

/** `deleteAsset` answers `Assets_Delete`: DELETE → 200, or 204 when there is no such asset. */
export const deleteAsset: ArmHandler = async (ctx) => ({
  status: (await ctx.delivery.assets.delete(param(ctx, 'assetName'))) ? 200 : 204,
});

/**
 * `listContainerSas` answers `Assets_ListContainerSas`: POST `{permissions, expiryTime}` → 200
 * `{assetContainerSasUrls}`: signed, expiring HTTPS URLs that list and read the container's files.
 * Write permissions are refused (assets are written by live outputs only).
 */
export const listContainerSas: ArmHandler = (ctx) => {
  const a = asset(ctx);
  const body = new JsonObjectReader(ctx.body ?? {}, '');
  const permissions = body.optString('permissions') ?? 'Read';
  if (permissions.toLowerCase() !== 'read') {
    throw new ArmError(
      400,
      'UnsupportedFeature',
      `permissions ${JSON.stringify(permissions)}: Inlet's asset containers are read-only (live outputs write them); ask for "Read"`,
      'permissions',
    );
  }
  const now = Date.now();
  const expiryText = body.optString('expiryTime');
  const expiry = expiryText === undefined ? now + DEFAULT_SAS_MS : Date.parse(expiryText);
  if (!Number.isFinite(expiry) || expiry <= now || expiry - now > MAX_SAS_MS) {
    throw new ArmError(
      400,
      'BadRequest',
      `expiryTime must be a date-time in the next 7 days (got ${JSON.stringify(expiryText)})`,
      'expiryTime',
    );
  }
  const sas = ctx.delivery.sas;
  if (sas === undefined) {
    throw new ArmError(400, 'UnsupportedFeature', 'this server issues no container URLs', 'permissions');
  }
  return { status: 200, body: { assetContainerSasUrls: sas.readUrls(a, new Date(expiry), ctx.origin) } };
};

/** `getEncryptionKey` answers `Assets_GetEncryptionKey`: Inlet stores no encrypted assets → 400. */
export const getEncryptionKey: ArmHandler = (ctx) => {
  const a = asset(ctx);
  throw new ArmError(
    400,
    'BadRequest',
    `asset '${a.name}' is not encrypted (storageEncryptionFormat None): it has no storage encryption key`,
    a.name,
  );
};

/** `listAssetStreamingLocators` answers `Assets_ListStreamingLocators`: POST → 200 `{streamingLocators}`. */
export const listAssetStreamingLocators: ArmHandler = (ctx) => {
  const a = asset(ctx);
  return {
    status: 200,
    body: { streamingLocators: ctx.delivery.locators.ofAsset(a.name).map(assetStreamingLocatorToWire) },
  };
};
