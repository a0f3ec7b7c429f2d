import type { SystemData } from '../../resources/system-data.js';

/**
 * `AssetRecord` is one asset (Azure Media Services v3 `Asset`, Metadata 2022-08-01) as Inlet stores it:
 * the ARM `properties` without the envelope. An asset names a container, a directory under
 * `<dataDir>/assets/`, where a live output writes its archive. Records are immutable.
 */
export interface AssetRecord {
  readonly name: string;
  /** GUID, fixed at creation. */
  readonly assetId: string;
  readonly created: string;
  readonly lastModified: string;
  readonly alternateId: string | null;
  readonly description: string | null;
  /** The directory name under `<dataDir>/assets/` (AMS: the blob container name). */
  readonly container: string;
  /** The storage Inlet reports (AMS: the storage account); one per server. */
  readonly storageAccountName: string;
  /** Inlet stores media unencrypted (AMS `AssetStorageEncryptionFormat` `None`). */
  readonly storageEncryptionFormat: 'None';
  readonly systemData: SystemData;
}

/**
 * `AssetSpec` is what a client sends in a PUT or PATCH: the settable properties, not yet validated.
 * Absent fields get their defaults on create and stay as they are on update.
 */
export interface AssetSpec {
  readonly alternateId?: string | undefined;
  readonly description?: string | undefined;
  readonly container?: string | undefined;
  readonly storageAccountName?: string | undefined;
  readonly encryptionScope?: string | undefined;
}
