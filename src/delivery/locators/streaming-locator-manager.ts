import { join } from 'node:path';
import type { Logger } from 'pino';
import { generateGuid, normalizeAccessToken } from '../../resources/guid.js';
import { RecordStore } from '../../resources/record-store.js';
import { ResourceError } from '../../resources/resource-error.js';
import { checkText, normalizeGuidField } from '../../resources/resource-fields.js';
import { assertFileSafeResourceName, nameKey } from '../../resources/resource-name.js';
import { createdSystemData, type Actor } from '../../resources/system-data.js';
import type { AssetManager } from '../assets/asset-manager.js';
import type { StreamingPolicyManager } from '../policies/streaming-policy-manager.js';
import { parseStreamingLocator, serializeStreamingLocator } from './streaming-locator-document.js';
import type { StreamingLocatorRecord, StreamingLocatorSpec } from './streaming-locator-record.js';

/** `StreamingLocatorService` is what the REST API needs from the streaming locators. */
export interface StreamingLocatorService {
  list(): readonly StreamingLocatorRecord[];
  get(name: string): StreamingLocatorRecord | undefined;
  /** The locators of an asset (`Assets_ListStreamingLocators`). */
  ofAsset(assetName: string): readonly StreamingLocatorRecord[];
  create(name: string, spec: StreamingLocatorSpec, actor?: Actor): Promise<StreamingLocatorRecord>;
  /** Resolves `false` when there is no such locator. */
  delete(name: string): Promise<boolean>;
}

/** `StreamingLocatorManagerOptions` configure a {@link StreamingLocatorManager}. */
export interface StreamingLocatorManagerOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly assets: AssetManager;
  readonly policies: StreamingPolicyManager;
  /** Most locators; default 100000 (AMS: 1,000,000 per account). */
  readonly maxLocators?: number;
  readonly now?: () => number;
}

const SYSTEM_ACTOR: Actor = { name: 'inlet', type: 'Application' };
const DEFAULT_MAX_LOCATORS = 100_000;
const P = 'properties';

function isoTime(value: string | undefined, path: string): string | null {
  if (value === undefined || value === '') {
    return null;
  }
  const ms = Date.parse(value);
  if (!Number.isFinite(ms)) {
    throw new ResourceError(
      'BadRequest',
      `${path}: ${JSON.stringify(value)} is not an ISO 8601 date-time (e.g. "2024-01-01T12:00:00Z")`,
      path,
    );
  }
  return new Date(ms).toISOString();
}

/** The canonical (hyphenated lower-case) form of a GUID. */
function canonicalGuid(value: string): string {
  const hex = normalizeAccessToken(value) ?? value.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * `StreamingLocatorManager` owns the streaming locators (stored in `<dataDir>/resources/streaming-locators/`).
 * A locator needs an existing asset and a streaming policy Inlet can serve (clear: no DRM, no AES, no
 * content keys, no filters); its `streamingLocatorId` is unique. Deleting an asset deletes its locators.
 */
export class StreamingLocatorManager implements StreamingLocatorService {
  readonly #o: StreamingLocatorManagerOptions;
  readonly #store: RecordStore<StreamingLocatorRecord>;
  readonly #locators = new Map<string, StreamingLocatorRecord>();
  readonly #byId = new Map<string, StreamingLocatorRecord>();

  constructor(options: StreamingLocatorManagerOptions) {
    this.#o = options;
    this.#store = new RecordStore({
      directory: join(options.dataDir, 'resources', 'streaming-locators'),
      logger: options.logger,
      kind: 'streaming locator',
      parse: parseStreamingLocator,
      nameOf: (l) => l.name,
      serialize: serializeStreamingLocator,
    });
    options.assets.onDeleted((asset) => void this.#removeOfAsset(asset.name));
    options.policies.setUsage((policy) => {
      const user = this.list().find((l) => nameKey(l.streamingPolicyName) === nameKey(policy));
      return user === undefined ? undefined : `streaming locator '${user.name}'`;
    });
  }

  async open(): Promise<void> {
    const { records } = await this.#store.load();
    for (const r of records) {
      if (this.#o.assets.get(r.assetName) === undefined) {
        this.#o.logger.warn(
          { streamingLocator: r.name, asset: r.assetName },
          `streaming locator ${r.name} names asset ${r.assetName}, which no longer exists; the locator is removed`,
        );
        await this.#store.remove(r.name);
        continue;
      }
      this.#add(r);
    }
  }

  list(): readonly StreamingLocatorRecord[] {
    return [...this.#locators.values()].sort((a, b) =>
      nameKey(a.name) < nameKey(b.name) ? -1 : nameKey(a.name) > nameKey(b.name) ? 1 : 0,
    );
  }

  get(name: string): StreamingLocatorRecord | undefined {
    return this.#locators.get(nameKey(name));
  }

  /** `byId` finds a locator by its `streamingLocatorId` (any GUID spelling). */
  byId(streamingLocatorId: string): StreamingLocatorRecord | undefined {
    const key = normalizeAccessToken(streamingLocatorId);
    return key === undefined ? undefined : this.#byId.get(key);
  }

  ofAsset(assetName: string): readonly StreamingLocatorRecord[] {
    return this.list().filter((l) => nameKey(l.assetName) === nameKey(assetName));
  }

  async create(name: string, spec: StreamingLocatorSpec, actor?: Actor): Promise<StreamingLocatorRecord> {
    assertFileSafeResourceName('streaming locator', name);
    const existing = this.get(name);
    if (existing !== undefined) {
      throw new ResourceError(
        'Conflict',
        `streaming locator '${existing.name}' already exists; streaming locators cannot be changed, delete it first`,
        name,
      );
    }
    const max = this.#o.maxLocators ?? DEFAULT_MAX_LOCATORS;
    if (this.#locators.size >= max) {
      throw new ResourceError('QuotaExceeded', `this server allows at most ${max} streaming locators`, name);
    }
    const record = this.#build(name, spec, actor ?? SYSTEM_ACTOR);
    this.#add(record);
    try {
      await this.#store.save(record);
    } catch (error) {
      this.#remove(record);
      throw error;
    }
    return record;
  }

  async delete(name: string): Promise<boolean> {
    const record = this.get(name);
    if (record === undefined) {
      return false;
    }
    this.#remove(record);
    await this.#store.remove(record.name);
    return true;
  }

  async close(): Promise<void> {
    await this.#store.flush();
  }

  #build(name: string, spec: StreamingLocatorSpec, actor: Actor): StreamingLocatorRecord {
    if (spec.assetName === undefined || spec.assetName === '') {
      throw new ResourceError(
        'BadRequest',
        `${P}.assetName is required: the asset to publish`,
        `${P}.assetName`,
      );
    }
    const asset = this.#o.assets.get(spec.assetName);
    if (asset === undefined) {
      throw new ResourceError(
        'NotFound',
        `${P}.assetName: asset '${spec.assetName}' does not exist; create the asset (or the live output that records into it) first`,
        `${P}.assetName`,
      );
    }
    const policyName = spec.streamingPolicyName;
    if (policyName === undefined || policyName === '') {
      throw new ResourceError(
        'BadRequest',
        `${P}.streamingPolicyName is required, e.g. "Predefined_ClearStreamingOnly"`,
        `${P}.streamingPolicyName`,
      );
    }
    const policy = this.#o.policies.get(policyName);
    if (policy === undefined) {
      throw new ResourceError(
        'NotFound',
        `${P}.streamingPolicyName: streaming policy '${policyName}' does not exist; use Predefined_ClearStreamingOnly, Predefined_DownloadAndClearStreaming, Predefined_DownloadOnly or a policy you created`,
        `${P}.streamingPolicyName`,
      );
    }
    if (policy.noEncryption === null) {
      throw new ResourceError(
        'UnsupportedFeature',
        `${P}.streamingPolicyName: streaming policy '${policy.name}' encrypts (DRM or AES-128); content protection is not supported, so Inlet will not serve it as a clear stream: use Predefined_ClearStreamingOnly or Predefined_DownloadAndClearStreaming`,
        `${P}.streamingPolicyName`,
      );
    }
    if (spec.defaultContentKeyPolicyName !== undefined && spec.defaultContentKeyPolicyName !== '') {
      throw new ResourceError(
        'UnsupportedFeature',
        `${P}.defaultContentKeyPolicyName: content key policies are not supported (Inlet streams in the clear); leave it out`,
        `${P}.defaultContentKeyPolicyName`,
      );
    }
    if (spec.contentKeyCount > 0) {
      throw new ResourceError(
        'UnsupportedFeature',
        `${P}.contentKeys: content keys are not supported (Inlet streams in the clear); leave them out`,
        `${P}.contentKeys`,
      );
    }
    if (spec.filters.length > 0) {
      throw new ResourceError(
        'UnsupportedFeature',
        `${P}.filters: asset and account filters are not supported; leave them out`,
        `${P}.filters`,
      );
    }
    const id =
      spec.streamingLocatorId === undefined || spec.streamingLocatorId === ''
        ? generateGuid()
        : canonicalGuid(normalizeGuidField(spec.streamingLocatorId, `${P}.streamingLocatorId`));
    const taken = this.byId(id);
    if (taken !== undefined) {
      throw new ResourceError(
        'Conflict',
        `${P}.streamingLocatorId ${id} is already used by streaming locator '${taken.name}'`,
        `${P}.streamingLocatorId`,
      );
    }
    const startTime = isoTime(spec.startTime, `${P}.startTime`);
    const endTime = isoTime(spec.endTime, `${P}.endTime`);
    if (startTime !== null && endTime !== null && Date.parse(endTime) <= Date.parse(startTime)) {
      throw new ResourceError('BadRequest', `${P}.endTime must be after ${P}.startTime`, `${P}.endTime`);
    }
    const now = new Date(this.#o.now?.() ?? Date.now()).toISOString();
    return {
      name,
      assetName: asset.name,
      streamingLocatorId: id,
      streamingPolicyName: policy.name,
      created: now,
      startTime,
      endTime,
      alternativeMediaId:
        spec.alternativeMediaId === undefined || spec.alternativeMediaId === ''
          ? null
          : checkText(spec.alternativeMediaId, `${P}.alternativeMediaId`),
      systemData: createdSystemData({ now, actor }),
    };
  }

  #add(record: StreamingLocatorRecord): void {
    this.#locators.set(nameKey(record.name), record);
    this.#byId.set(normalizeAccessToken(record.streamingLocatorId) ?? record.streamingLocatorId, record);
  }

  #remove(record: StreamingLocatorRecord): void {
    this.#locators.delete(nameKey(record.name));
    this.#byId.delete(normalizeAccessToken(record.streamingLocatorId) ?? record.streamingLocatorId);
  }

  async #removeOfAsset(assetName: string): Promise<void> {
    for (const l of this.ofAsset(assetName)) {
      this.#remove(l);
      try {
        await this.#store.remove(l.name);
      } catch (error) {
        this.#o.logger.error({ err: error, streamingLocator: l.name }, 'could not delete the locator file');
      }
      this.#o.logger.info(
        { streamingLocator: l.name, asset: assetName },
        `streaming locator ${l.name} deleted with its asset ${assetName}`,
      );
    }
  }
}
