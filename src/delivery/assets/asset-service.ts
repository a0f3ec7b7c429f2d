import type { Actor } from '../../resources/system-data.js';
import type { AssetRecord, AssetSpec } from './asset-record.js';

/** `AssetWrite` is the outcome of a PUT: the asset, and whether it was created (201) or updated (200). */
export interface AssetWrite {
  readonly asset: AssetRecord;
  readonly created: boolean;
}

/**
 * `AssetService` is what the REST API needs from the asset manager. Reads are synchronous; commands
 * validate, throw `ResourceError` when they refuse, and resolve once the change is on disk.
 */
export interface AssetService {
  list(): readonly AssetRecord[];
  get(name: string): AssetRecord | undefined;
  createOrUpdate(name: string, spec: AssetSpec, actor?: Actor): Promise<AssetWrite>;
  /** PATCH: 404 when there is no such asset. */
  update(name: string, spec: AssetSpec, actor?: Actor): Promise<AssetRecord>;
  /** Resolves `false` when there is no such asset (ARM: 204). */
  delete(name: string): Promise<boolean>;
  /** The asset's container directory. */
  containerDir(asset: AssetRecord): string;
  /** The files of an asset's container, paths relative to it with `/` separators, sorted. */
  files(asset: AssetRecord): Promise<readonly AssetFile[]>;
}

/** `AssetFile` is one file in an asset's container. */
export interface AssetFile {
  readonly path: string;
  readonly size: number;
  readonly modified: Date;
}
