import { JsonObjectReader } from '../../resources/json-object-reader.js';
import { ResourceError } from '../../resources/resource-error.js';
import { readSystemData } from '../../resources/system-data.js';
import type { AssetRecord } from './asset-record.js';

/** `ASSET_DOCUMENT_VERSION` is the file format version; a reader refuses versions it does not know. */
export const ASSET_DOCUMENT_VERSION = 1;

/** `serializeAsset` is the file content of an asset: `{version, asset}` as indented JSON. */
export function serializeAsset(asset: AssetRecord): string {
  return `${JSON.stringify({ version: ASSET_DOCUMENT_VERSION, asset }, null, 2)}\n`;
}

/** `parseAsset` checks a parsed asset file and returns the record; throws naming the first bad field. */
export function parseAsset(json: unknown): AssetRecord {
  const root = new JsonObjectReader(json, '');
  const version = root.optInteger('version');
  if (version !== ASSET_DOCUMENT_VERSION) {
    throw new ResourceError(
      'BadRequest',
      `unsupported file format version ${String(version)} (this Inlet reads version ${ASSET_DOCUMENT_VERSION})`,
    );
  }
  const r = root.object('asset');
  const format = r.string('storageEncryptionFormat');
  if (format !== 'None') {
    throw new ResourceError('BadRequest', `${r.at('storageEncryptionFormat')} must be None`);
  }
  return {
    name: r.string('name'),
    assetId: r.string('assetId'),
    created: r.string('created'),
    lastModified: r.string('lastModified'),
    alternateId: r.optString('alternateId') ?? null,
    description: r.optString('description') ?? null,
    container: r.string('container'),
    storageAccountName: r.string('storageAccountName'),
    storageEncryptionFormat: 'None',
    systemData: readSystemData(r.object('systemData')),
  };
}
