import type { AssetRecord, AssetSpec } from '../../delivery/assets/asset-record.js';
import type { StreamingLocatorRecord } from '../../delivery/locators/streaming-locator-record.js';
import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { accountPath, type ArmScope } from '../arm-scope.js';

/** `ASSET_TYPE` is the ARM resource type of an asset. */
export const ASSET_TYPE = 'Microsoft.Media/mediaservices/assets';

/** `assetToWire` is the ARM `Asset` JSON (ProxyResource envelope, `properties`, `systemData`). */
export function assetToWire(a: AssetRecord, scope: ArmScope): Record<string, unknown> {
  return {
    id: `${accountPath(scope)}/assets/${a.name}`,
    name: a.name,
    type: ASSET_TYPE,
    systemData: a.systemData,
    properties: {
      assetId: a.assetId,
      created: a.created,
      lastModified: a.lastModified,
      ...(a.alternateId === null ? {} : { alternateId: a.alternateId }),
      ...(a.description === null ? {} : { description: a.description }),
      container: a.container,
      storageAccountName: a.storageAccountName,
      storageEncryptionFormat: a.storageEncryptionFormat,
    },
  };
}

/** `parseAssetBody` reads the ARM `Asset` JSON of a PUT or PATCH (an empty body is an empty asset). */
export function parseAssetBody(body: unknown): AssetSpec {
  const root = new JsonObjectReader(body ?? {}, '');
  const props = root.optObject('properties') ?? new JsonObjectReader({}, 'properties');
  return {
    alternateId: props.optString('alternateId'),
    description: props.optString('description'),
    container: props.optString('container'),
    storageAccountName: props.optString('storageAccountName'),
    encryptionScope: props.optString('encryptionScope'),
  };
}

/** `assetStreamingLocatorToWire` is one `AssetStreamingLocator` of `Assets_ListStreamingLocators`. */
export function assetStreamingLocatorToWire(l: StreamingLocatorRecord): Record<string, unknown> {
  return {
    name: l.name,
    assetName: l.assetName,
    created: l.created,
    ...(l.startTime === null ? {} : { startTime: l.startTime }),
    ...(l.endTime === null ? {} : { endTime: l.endTime }),
    streamingLocatorId: l.streamingLocatorId,
    streamingPolicyName: l.streamingPolicyName,
  };
}
