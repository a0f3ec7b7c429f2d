import { generateGuid } from '../../resources/guid.js';
import { ResourceError } from '../../resources/resource-error.js';
import { checkText, normalizeFileSafeName } from '../../resources/resource-fields.js';
import { assertFileSafeResourceName } from '../../resources/resource-name.js';
import { createdSystemData, modifiedSystemData, type RecordContext } from '../../resources/system-data.js';
import type { AssetRecord, AssetSpec } from './asset-record.js';

const P = 'properties';

/** `assertAssetName` throws `InvalidResourceName` unless `name` may name an asset (it may become a directory). */
export function assertAssetName(name: string): void {
  assertFileSafeResourceName('asset', name);
}

function storageAccount(spec: AssetSpec, storageAccountName: string): string {
  const given = spec.storageAccountName;
  if (given !== undefined && given !== '' && given.toLowerCase() !== storageAccountName.toLowerCase()) {
    throw new ResourceError(
      'BadRequest',
      `${P}.storageAccountName: Inlet stores assets in its data directory, reported as storage account '${storageAccountName}'; leave it out or use that name`,
      `${P}.storageAccountName`,
    );
  }
  return storageAccountName;
}

function refuseEncryptionScope(spec: AssetSpec): void {
  if (spec.encryptionScope !== undefined && spec.encryptionScope !== '') {
    throw new ResourceError(
      'UnsupportedFeature',
      `${P}.encryptionScope: Inlet does not encrypt stored media; leave it out`,
      `${P}.encryptionScope`,
    );
  }
}

function optionalText(value: string | undefined, path: string): string | null | undefined {
  return value === undefined ? undefined : value === '' ? null : checkText(value, path);
}

/**
 * `createAssetRecord` validates a create request and builds the record: a new `assetId`, the container
 * given (a file-safe directory name) or the asset name, the server's storage account.
 */
export function createAssetRecord(
  name: string,
  spec: AssetSpec,
  ctx: RecordContext,
  storageAccountName: string,
): AssetRecord {
  assertAssetName(name);
  refuseEncryptionScope(spec);
  const container =
    spec.container === undefined || spec.container === ''
      ? name
      : normalizeFileSafeName(spec.container, `${P}.container`);
  return {
    name,
    assetId: generateGuid(),
    created: ctx.now,
    lastModified: ctx.now,
    alternateId: optionalText(spec.alternateId, `${P}.alternateId`) ?? null,
    description: optionalText(spec.description, `${P}.description`) ?? null,
    container,
    storageAccountName: storageAccount(spec, storageAccountName),
    storageEncryptionFormat: 'None',
    systemData: createdSystemData(ctx),
  };
}

/**
 * `applyAssetSpec` is an update (PUT on an existing asset, or PATCH): `alternateId` and `description`
 * change; the container and storage account are fixed at creation (400 `PropertyChangeNotAllowed` when a
 * request names other ones; the same values are fine, as SDKs send the whole resource back).
 */
export function applyAssetSpec(record: AssetRecord, spec: AssetSpec, ctx: RecordContext): AssetRecord {
  refuseEncryptionScope(spec);
  if (
    spec.container !== undefined &&
    spec.container !== '' &&
    spec.container.toLowerCase() !== record.container.toLowerCase()
  ) {
    throw new ResourceError(
      'PropertyChangeNotAllowed',
      `${P}.container of asset '${record.name}' is '${record.container}' and cannot be changed`,
      `${P}.container`,
    );
  }
  storageAccount(spec, record.storageAccountName);
  const alternateId = optionalText(spec.alternateId, `${P}.alternateId`);
  const description = optionalText(spec.description, `${P}.description`);
  const next: AssetRecord = {
    ...record,
    ...(alternateId === undefined ? {} : { alternateId }),
    ...(description === undefined ? {} : { description }),
  };
  if (next.alternateId === record.alternateId && next.description === record.description) {
    return record;
  }
  return { ...next, lastModified: ctx.now, systemData: modifiedSystemData(record.systemData, ctx) };
}
