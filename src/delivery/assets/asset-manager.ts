import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { archiveStartTime } from '../../packager/archive-files.js';
import type { CorruptRecordFile } from '../../resources/record-store.js';
import { RecordStore } from '../../resources/record-store.js';
import { ResourceError } from '../../resources/resource-error.js';
import { isFileSafeName } from '../../resources/resource-fields.js';
import { nameKey } from '../../resources/resource-name.js';
import type { Actor, RecordContext } from '../../resources/system-data.js';
import { applyAssetSpec, assertAssetName, createAssetRecord } from './asset-builder.js';
import { parseAsset, serializeAsset } from './asset-document.js';
import type { AssetRecord, AssetSpec } from './asset-record.js';
import type { AssetFile, AssetService, AssetWrite } from './asset-service.js';

/**
 * `AssetUsage` tells who records into an asset: a description such as `live output 'out1' of live
 * event 'studio1'`, or `undefined` when nobody does (implemented by the app over the live events).
 */
export type AssetUsage = (assetName: string) => string | undefined;

/** `AssetManagerOptions` configure an {@link AssetManager}. */
export interface AssetManagerOptions {
  /** Inlet's data directory: records in `<dataDir>/resources/assets/`, containers in `<dataDir>/assets/`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** The storage account name assets report (AMS `storageAccountName`). */
  readonly storageAccountName: string;
  /** Who records into an asset; deleting such an asset is refused. Default: nobody. */
  readonly usage?: AssetUsage;
  /** Most assets; default 100000 (AMS allowed 1,000,000 per account; the limit keeps listings bounded). */
  readonly maxAssets?: number;
  readonly now?: () => number;
}

const SYSTEM_ACTOR: Actor = { name: 'inlet', type: 'Application' };
const DEFAULT_MAX_ASSETS = 100_000;

/**
 * `AssetManager` owns the assets: one record per asset in `<dataDir>/resources/assets/` (atomic writes,
 * restored at start) and its container directory in `<dataDir>/assets/`. At `open()` it adopts container
 * directories no record names (archives written before assets were managed) as assets of the same
 * name. Deleting an asset removes its container and tells the listeners (its streaming locators go
 * with it); an asset a live output records into cannot be deleted.
 */
export class AssetManager implements AssetService {
  readonly #o: AssetManagerOptions;
  readonly #store: RecordStore<AssetRecord>;
  readonly #assets = new Map<string, AssetRecord>();
  readonly #corrupt = new Map<string, CorruptRecordFile>();
  readonly #deleted = new Set<(asset: AssetRecord) => void>();
  #usage: AssetUsage;

  constructor(options: AssetManagerOptions) {
    this.#o = options;
    this.#usage = options.usage ?? (() => undefined);
    this.#store = new RecordStore({
      directory: join(options.dataDir, 'resources', 'assets'),
      logger: options.logger,
      kind: 'asset',
      parse: parseAsset,
      nameOf: (a) => a.name,
      serialize: serializeAsset,
    });
  }

  /** The directory holding the containers. */
  get containersDir(): string {
    return join(this.#o.dataDir, 'assets');
  }

  /** Sets who records into assets (the live events exist after the assets). */
  setUsage(usage: AssetUsage): void {
    this.#usage = usage;
  }

  /** Loads the stored assets and adopts container directories no asset names. */
  async open(): Promise<void> {
    const { records, corrupt } = await this.#store.load();
    for (const c of corrupt) {
      this.#corrupt.set(c.key, c);
    }
    for (const record of records) {
      this.#assets.set(nameKey(record.name), record);
    }
    await this.#adoptContainers();
    this.#o.logger.info({ assets: this.#assets.size }, `${this.#assets.size} asset(s) loaded`);
  }

  list(): readonly AssetRecord[] {
    return [...this.#assets.values()].sort((a, b) => compare(nameKey(a.name), nameKey(b.name)));
  }

  get(name: string): AssetRecord | undefined {
    return this.#assets.get(nameKey(name));
  }

  /** `byContainer` finds the asset whose container is `container` (case-insensitive). */
  byContainer(container: string): AssetRecord | undefined {
    const key = container.toLowerCase();
    for (const a of this.#assets.values()) {
      if (a.container.toLowerCase() === key) {
        return a;
      }
    }
    return undefined;
  }

  async createOrUpdate(name: string, spec: AssetSpec, actor?: Actor): Promise<AssetWrite> {
    assertAssetName(name);
    this.#assertNotCorrupt(name);
    const existing = this.get(name);
    if (existing !== undefined) {
      return {
        asset: await this.#replace(applyAssetSpec(existing, spec, this.#context(actor))),
        created: false,
      };
    }
    const max = this.#o.maxAssets ?? DEFAULT_MAX_ASSETS;
    if (this.#assets.size >= max) {
      throw new ResourceError(
        'QuotaExceeded',
        `this server allows at most ${max} assets; delete one first`,
        name,
      );
    }
    const record = createAssetRecord(name, spec, this.#context(actor), this.#o.storageAccountName);
    const owner = this.byContainer(record.container);
    if (owner !== undefined) {
      throw new ResourceError(
        'Conflict',
        `container '${record.container}' already belongs to asset '${owner.name}'; choose another container or leave it out`,
        'properties.container',
      );
    }
    return { asset: await this.#replace(record), created: true };
  }

  async update(name: string, spec: AssetSpec, actor?: Actor): Promise<AssetRecord> {
    return this.#replace(applyAssetSpec(this.#require(name), spec, this.#context(actor)));
  }

  /**
   * `ensure` returns the asset `name`, creating it (container = its name) when it does not exist: a live
   * output may name an asset the client has not created (Inlet's CLI does so).
   */
  async ensure(name: string, description: string): Promise<AssetRecord> {
    const existing = this.get(name);
    if (existing !== undefined) {
      return existing;
    }
    const { asset } = await this.createOrUpdate(name, { description }, SYSTEM_ACTOR);
    this.#o.logger.info({ asset: name }, `asset ${name} created for ${description}`);
    return asset;
  }

  async delete(name: string): Promise<boolean> {
    const asset = this.get(name);
    if (asset === undefined) {
      return false;
    }
    const user = this.#usage(asset.name);
    if (user !== undefined) {
      throw new ResourceError(
        'Conflict',
        `asset '${asset.name}' is the archive of ${user}; delete the live output first, then the asset`,
        asset.name,
      );
    }
    this.#assets.delete(nameKey(asset.name));
    await this.#store.remove(asset.name);
    for (const listener of this.#deleted) {
      try {
        listener(asset);
      } catch (error) {
        this.#o.logger.error({ err: error, asset: asset.name }, 'asset deletion listener threw');
      }
    }
    await rm(this.containerDir(asset), { recursive: true, force: true });
    this.#o.logger.info({ asset: asset.name }, `asset ${asset.name} and its files deleted`);
    return true;
  }

  /** Calls `listener` after an asset is deleted; returns the unsubscribe. */
  onDeleted(listener: (asset: AssetRecord) => void): () => void {
    this.#deleted.add(listener);
    return () => this.#deleted.delete(listener);
  }

  containerDir(asset: AssetRecord): string {
    return join(this.containersDir, asset.container);
  }

  async files(asset: AssetRecord): Promise<readonly AssetFile[]> {
    const root = this.containerDir(asset);
    const out: AssetFile[] = [];
    const walk = async (dir: string, prefix: string): Promise<void> => {
      let entries;
      try {
        entries = await readdir(dir, { withFileTypes: true });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
          return;
        }
        throw error;
      }
      for (const e of entries) {
        if (e.name.startsWith('.')) {
          continue;
        }
        const path = prefix === '' ? e.name : `${prefix}/${e.name}`;
        if (e.isDirectory()) {
          await walk(join(dir, e.name), path);
        } else if (e.isFile()) {
          const s = await stat(join(dir, e.name));
          out.push({ path, size: s.size, modified: s.mtime });
        }
      }
    };
    await walk(root, '');
    return out.sort((a, b) => compare(a.path, b.path));
  }

  /** Waits for pending writes. */
  async close(): Promise<void> {
    await this.#store.flush();
  }

  async #replace(record: AssetRecord): Promise<AssetRecord> {
    const key = nameKey(record.name);
    if (this.#assets.get(key) === record) {
      return record;
    }
    this.#assets.set(key, record);
    await this.#store.save(record);
    return record;
  }

  #require(name: string): AssetRecord {
    const asset = this.get(name);
    if (asset === undefined) {
      this.#assertNotCorrupt(name);
      throw new ResourceError('NotFound', `asset '${name}' does not exist`, name);
    }
    return asset;
  }

  #assertNotCorrupt(name: string): void {
    const c = this.#corrupt.get(nameKey(name));
    if (c !== undefined) {
      throw new ResourceError(
        'CorruptResource',
        `asset '${name}' is not loaded: its file ${c.file} cannot be read (${c.reason}); fix or remove the file and restart Inlet`,
        name,
      );
    }
  }

  async #adoptContainers(): Promise<void> {
    let entries;
    try {
      entries = await readdir(this.containersDir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return;
      }
      throw error;
    }
    for (const e of entries.sort((a, b) => compare(a.name, b.name))) {
      if (!e.isDirectory() || !isFileSafeName(e.name) || this.byContainer(e.name) !== undefined) {
        continue;
      }
      if (this.get(e.name) !== undefined || this.#corrupt.has(nameKey(e.name))) {
        this.#o.logger.warn(
          { container: e.name },
          `directory assets/${e.name} belongs to no asset and its name is taken by another asset; it is left as it is`,
        );
        continue;
      }
      const created = await this.#createdTime(join(this.containersDir, e.name));
      const ctx: RecordContext = { now: created, actor: SYSTEM_ACTOR };
      const record = createAssetRecord(
        e.name,
        { description: 'adopted archive directory' },
        ctx,
        this.#o.storageAccountName,
      );
      await this.#replace(record);
      this.#o.logger.info({ asset: e.name }, `directory assets/${e.name} adopted as asset ${e.name}`);
    }
  }

  /** When an adopted container began: its archive's start, else the directory's modification time. */
  async #createdTime(dir: string): Promise<string> {
    const start = await archiveStartTime(dir);
    return (start ?? (await stat(dir)).mtime).toISOString();
  }

  #context(actor: Actor | undefined): RecordContext {
    return { now: new Date(this.#o.now?.() ?? Date.now()).toISOString(), actor: actor ?? SYSTEM_ACTOR };
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
