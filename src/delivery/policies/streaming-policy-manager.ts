import { join } from 'node:path';
import type { Logger } from 'pino';
import { RecordStore } from '../../resources/record-store.js';
import { ResourceError } from '../../resources/resource-error.js';
import { assertFileSafeResourceName, nameKey } from '../../resources/resource-name.js';
import { createdSystemData, type Actor } from '../../resources/system-data.js';
import { PREDEFINED_STREAMING_POLICIES } from './predefined-policies.js';
import { parseStreamingPolicy, serializeStreamingPolicy } from './streaming-policy-document.js';
import type { EnabledProtocols, StreamingPolicyRecord } from './streaming-policy-record.js';

/** `StreamingPolicySpec` is a PUT body as the API read it (types checked, values not). */
export interface StreamingPolicySpec {
  readonly defaultContentKeyPolicyName?: string | undefined;
  readonly enabledProtocols?: EnabledProtocols | undefined;
  /** The encryption sections the body has (`envelopeEncryption`, `commonEncryptionCenc`, …). */
  readonly encryption: readonly string[];
}

/** `StreamingPolicyService` is what the REST API needs from the streaming policies. */
export interface StreamingPolicyService {
  list(): readonly StreamingPolicyRecord[];
  get(name: string): StreamingPolicyRecord | undefined;
  create(name: string, spec: StreamingPolicySpec, actor?: Actor): Promise<StreamingPolicyRecord>;
  /** Resolves `false` when there is no such policy. */
  delete(name: string): Promise<boolean>;
}

/** `PolicyUsage` names a streaming locator using a policy, or `undefined`. */
export type PolicyUsage = (policyName: string) => string | undefined;

/** `StreamingPolicyManagerOptions` configure a {@link StreamingPolicyManager}. */
export interface StreamingPolicyManagerOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly now?: () => number;
}

const SYSTEM_ACTOR: Actor = { name: 'inlet', type: 'Application' };

/**
 * `StreamingPolicyManager` holds the predefined streaming policies and the custom clear ones clients
 * create (stored in `<dataDir>/resources/streaming-policies/`). Policies are immutable once created
 * (AMS has no update); a predefined policy cannot be deleted, a custom one not while a locator uses it.
 * Policies that encrypt are refused: Inlet has no content protection.
 */
export class StreamingPolicyManager implements StreamingPolicyService {
  readonly #o: StreamingPolicyManagerOptions;
  readonly #store: RecordStore<StreamingPolicyRecord>;
  readonly #custom = new Map<string, StreamingPolicyRecord>();
  #usage: PolicyUsage = () => undefined;

  constructor(options: StreamingPolicyManagerOptions) {
    this.#o = options;
    this.#store = new RecordStore({
      directory: join(options.dataDir, 'resources', 'streaming-policies'),
      logger: options.logger,
      kind: 'streaming policy',
      parse: parseStreamingPolicy,
      nameOf: (p) => p.name,
      serialize: serializeStreamingPolicy,
    });
  }

  /** Sets who uses policies (the locators exist after the policies). */
  setUsage(usage: PolicyUsage): void {
    this.#usage = usage;
  }

  async open(): Promise<void> {
    const { records } = await this.#store.load();
    for (const r of records) {
      if (predefined(r.name) === undefined) {
        this.#custom.set(nameKey(r.name), r);
      }
    }
  }

  list(): readonly StreamingPolicyRecord[] {
    return [...PREDEFINED_STREAMING_POLICIES, ...[...this.#custom.values()].sort(byName)];
  }

  get(name: string): StreamingPolicyRecord | undefined {
    return predefined(name) ?? this.#custom.get(nameKey(name));
  }

  async create(name: string, spec: StreamingPolicySpec, actor?: Actor): Promise<StreamingPolicyRecord> {
    assertFileSafeResourceName('streaming policy', name);
    if (this.get(name) !== undefined) {
      throw new ResourceError(
        'Conflict',
        `streaming policy '${this.get(name)?.name ?? name}' already exists; streaming policies cannot be changed, delete it first`,
        name,
      );
    }
    if (spec.encryption.length > 0) {
      throw new ResourceError(
        'UnsupportedFeature',
        `properties.${spec.encryption[0] ?? ''}: content protection (AES envelope, PlayReady, Widevine, FairPlay) is not supported; Inlet streams in the clear: use properties.noEncryption`,
        `properties.${spec.encryption[0] ?? ''}`,
      );
    }
    if (spec.defaultContentKeyPolicyName !== undefined && spec.defaultContentKeyPolicyName !== '') {
      throw new ResourceError(
        'UnsupportedFeature',
        'properties.defaultContentKeyPolicyName: content key policies are not supported (Inlet streams in the clear); leave it out',
        'properties.defaultContentKeyPolicyName',
      );
    }
    const enabledProtocols = spec.enabledProtocols;
    if (enabledProtocols === undefined) {
      throw new ResourceError(
        'BadRequest',
        'properties.noEncryption.enabledProtocols is required: {"download", "dash", "hls", "smoothStreaming"} as true or false',
        'properties.noEncryption',
      );
    }
    const now = new Date(this.#o.now?.() ?? Date.now()).toISOString();
    const record: StreamingPolicyRecord = {
      name,
      created: now,
      predefined: false,
      defaultContentKeyPolicyName: null,
      noEncryption: { enabledProtocols },
      encryption: {},
      systemData: createdSystemData({ now, actor: actor ?? SYSTEM_ACTOR }),
    };
    this.#custom.set(nameKey(name), record);
    await this.#store.save(record);
    return record;
  }

  async delete(name: string): Promise<boolean> {
    const found = predefined(name);
    if (found !== undefined) {
      throw new ResourceError(
        'BadRequest',
        `streaming policy '${found.name}' is predefined and cannot be deleted`,
        name,
      );
    }
    const record = this.#custom.get(nameKey(name));
    if (record === undefined) {
      return false;
    }
    const user = this.#usage(record.name);
    if (user !== undefined) {
      throw new ResourceError(
        'Conflict',
        `streaming policy '${record.name}' is used by ${user}; delete the locator first`,
        name,
      );
    }
    this.#custom.delete(nameKey(name));
    await this.#store.remove(record.name);
    return true;
  }

  async close(): Promise<void> {
    await this.#store.flush();
  }
}

function predefined(name: string): StreamingPolicyRecord | undefined {
  return PREDEFINED_STREAMING_POLICIES.find((p) => nameKey(p.name) === nameKey(name));
}

function byName(a: StreamingPolicyRecord, b: StreamingPolicyRecord): number {
  return nameKey(a.name) < nameKey(b.name) ? -1 : nameKey(a.name) > nameKey(b.name) ? 1 : 0;
}
