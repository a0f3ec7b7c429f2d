import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { OperationRegistry, type Operation } from '../../resources/operation-registry.js';
import {
  OperationRunner,
  type Busy,
  type OperationOwner,
  type Procedure,
  type StartedOperation,
} from '../../resources/operation-runner.js';
import { RecordStore } from '../../resources/record-store.js';
import { ResourceError } from '../../resources/resource-error.js';
import { nameKey } from '../../resources/resource-name.js';
import type { Actor, RecordContext } from '../../resources/system-data.js';
import {
  DEFAULT_STREAMING_ENDPOINT,
  endpointHost,
  endpointHostName,
  requestHost,
  type EndpointHostOptions,
} from './endpoint-host.js';
import {
  applyStreamingEndpointSpec,
  assertStreamingEndpointName,
  createStreamingEndpointRecord,
  normalizeScaleUnits,
} from './streaming-endpoint-builder.js';
import { parseStreamingEndpoint, serializeStreamingEndpoint } from './streaming-endpoint-document.js';
import type {
  StreamingEndpoint,
  StreamingEndpointRecord,
  StreamingEndpointResourceState,
  StreamingEndpointSpec,
} from './streaming-endpoint-record.js';

/** `StreamingEndpointOperationKind` names a long-running operation on a streaming endpoint. */
export type StreamingEndpointOperationKind = 'create' | 'delete' | 'start' | 'stop' | 'scale';

/** `STREAMING_ENDPOINTS` is the ARM collection of streaming endpoints. */
export const STREAMING_ENDPOINTS = 'streamingEndpoints';

type Started = StartedOperation<StreamingEndpointOperationKind>;

/** `StreamingEndpointService` is what the REST API needs from the streaming endpoints. */
export interface StreamingEndpointService {
  list(): readonly StreamingEndpoint[];
  get(name: string): StreamingEndpoint | undefined;
  getOperation(id: string): Operation<StreamingEndpointOperationKind> | undefined;
  create(
    name: string,
    spec: StreamingEndpointSpec,
    options?: { readonly autoStart?: boolean; readonly actor?: Actor },
  ): Started & { readonly endpoint: StreamingEndpoint };
  update(name: string, spec: StreamingEndpointSpec, actor?: Actor): Promise<StreamingEndpoint>;
  /** `undefined` when there is no such endpoint (ARM: 204). */
  delete(name: string): Started | undefined;
  start(name: string): Started;
  stop(name: string): Started;
  scale(name: string, scaleUnit: number | undefined): Started;
}

/** `StreamingEndpointManagerOptions` configure a {@link StreamingEndpointManager}. */
export interface StreamingEndpointManagerOptions {
  readonly dataDir: string;
  readonly logger: Logger;
  readonly hosts: EndpointHostOptions;
  /** ARM `location` of the `default` endpoint Inlet creates. */
  readonly location: string;
  /** State of the `default` endpoint made at the first start (AMS: Stopped). */
  readonly defaultState: 'Stopped' | 'Running';
  /** Most streaming endpoints; default 10 (AMS: 2 per account unless raised). */
  readonly maxEndpoints?: number;
  readonly now?: () => number;
}

interface Entry extends OperationOwner {
  record: StreamingEndpointRecord;
  view: StreamingEndpoint;
}

const SYSTEM_ACTOR: Actor = { name: 'inlet', type: 'Application' };
const DEFAULT_MAX_ENDPOINTS = 10;
const DESCRIBE: Readonly<Record<StreamingEndpointOperationKind, string>> = {
  create: 'creating',
  delete: 'deleting',
  start: 'starting',
  stop: 'stopping',
  scale: 'scaling',
};

/**
 * `StreamingEndpointManager` owns the streaming endpoints (stored in
 * `<dataDir>/resources/streaming-endpoints/`): their state machine with long-running operations (one at a
 * time per endpoint), as AMS: Stopped → Starting → Running → Stopping → Stopped, Scaling while scale
 * units change, Deleting (only a Stopped endpoint). At the first start of a data directory it creates
 * `default`. `serving(host)` tells the HTTP layer which endpoints a request addresses.
 */
export class StreamingEndpointManager implements StreamingEndpointService {
  readonly #o: StreamingEndpointManagerOptions;
  readonly #store: RecordStore<StreamingEndpointRecord>;
  readonly #entries = new Map<string, Entry>();
  readonly #ops = new OperationRegistry<StreamingEndpointOperationKind>();
  readonly #runner: OperationRunner<StreamingEndpointOperationKind>;

  constructor(options: StreamingEndpointManagerOptions) {
    this.#o = options;
    this.#store = new RecordStore({
      directory: join(options.dataDir, 'resources', STREAMING_ENDPOINTS.toLowerCase()),
      logger: options.logger,
      kind: 'streaming endpoint',
      parse: parseStreamingEndpoint,
      nameOf: (e) => e.name,
      serialize: serializeStreamingEndpoint,
    });
    this.#runner = new OperationRunner({
      registry: this.#ops,
      logger: options.logger,
      describe: (op) => `${DESCRIBE[op.kind]} streaming endpoint '${op.resource.at(-1)?.name ?? ''}'`,
    });
  }

  /**
   * Loads the endpoints; transitional states left by a crash settle (Starting → Running, Stopping →
   * Stopped, Scaling → Running, Deleting → deleted). Creates `default` when the directory is new.
   */
  async open(): Promise<void> {
    const firstStart = !existsSync(this.#store.directory);
    const { records } = await this.#store.load();
    for (const r of records) {
      const settled = settle(r.resourceState);
      if (settled === undefined) {
        await this.#store.remove(r.name);
        continue;
      }
      const record: StreamingEndpointRecord =
        settled === r.resourceState && r.provisioningState !== 'InProgress'
          ? r
          : { ...r, resourceState: settled, provisioningState: 'Succeeded' };
      const entry = this.#entry(record);
      this.#entries.set(nameKey(r.name), entry);
      if (record !== r) {
        await this.#store.save(record);
      }
    }
    if (firstStart && this.get(DEFAULT_STREAMING_ENDPOINT) === undefined) {
      const ctx = this.#context(SYSTEM_ACTOR);
      const record = createStreamingEndpointRecord(
        DEFAULT_STREAMING_ENDPOINT,
        { location: this.#o.location, description: 'the default streaming endpoint', akamaiKeyCount: 0 },
        ctx,
      );
      const done: StreamingEndpointRecord = {
        ...record,
        resourceState: this.#o.defaultState,
        provisioningState: 'Succeeded',
      };
      this.#entries.set(nameKey(done.name), this.#entry(done));
      await this.#store.save(done);
      this.#o.logger.info(
        { streamingEndpoint: done.name, state: done.resourceState },
        `streaming endpoint default created (${done.resourceState})`,
      );
    }
  }

  list(): readonly StreamingEndpoint[] {
    return [...this.#entries.values()]
      .sort((a, b) => (nameKey(a.record.name) < nameKey(b.record.name) ? -1 : 1))
      .map((e) => e.view);
  }

  get(name: string): StreamingEndpoint | undefined {
    return this.#entries.get(nameKey(name))?.view;
  }

  getOperation(id: string): Operation<StreamingEndpointOperationKind> | undefined {
    return this.#ops.get(id);
  }

  /**
   * `serving` lists the endpoints a request for `hostHeader` addresses: those whose host name or custom
   * host name is that host, else `default` (requests by IP address or another alias of the node).
   */
  serving(hostHeader: string | undefined): readonly StreamingEndpoint[] {
    const host = requestHost(hostHeader);
    const matched = this.list().filter(
      (e) =>
        endpointHost(e.name, this.#o.hosts).toLowerCase() === host ||
        e.customHostNames.some((c) => c.toLowerCase() === host),
    );
    if (matched.length > 0) {
      return matched;
    }
    const fallback = this.get(DEFAULT_STREAMING_ENDPOINT);
    return fallback === undefined ? [] : [fallback];
  }

  create(
    name: string,
    spec: StreamingEndpointSpec,
    options: { readonly autoStart?: boolean; readonly actor?: Actor } = {},
  ): Started & { endpoint: StreamingEndpoint } {
    assertStreamingEndpointName(name);
    const existing = this.get(name);
    if (existing !== undefined) {
      throw new ResourceError(
        'Conflict',
        `streaming endpoint '${existing.name}' already exists; change it with PATCH, or delete it first`,
        name,
      );
    }
    const max = this.#o.maxEndpoints ?? DEFAULT_MAX_ENDPOINTS;
    if (this.#entries.size >= max) {
      throw new ResourceError('QuotaExceeded', `this server allows at most ${max} streaming endpoints`, name);
    }
    const record = createStreamingEndpointRecord(name, spec, this.#context(options.actor));
    this.#assertHostNamesFree(record);
    const entry = this.#entry(record);
    this.#entries.set(nameKey(name), entry);
    const autoStart = options.autoStart ?? false;
    const started = this.#run(entry, 'create', {
      run: async () => {
        await this.#commit(entry, entry.record);
        if (autoStart) {
          await this.#commit(entry, { ...entry.record, resourceState: 'Starting' });
          await this.#commit(entry, { ...entry.record, resourceState: 'Running' });
        }
        await this.#commit(entry, { ...entry.record, provisioningState: 'Succeeded' });
      },
      rollback: async () => {
        this.#entries.delete(nameKey(name));
        await this.#store.remove(name);
      },
    });
    return { ...started, endpoint: entry.view };
  }

  async update(name: string, spec: StreamingEndpointSpec, actor?: Actor): Promise<StreamingEndpoint> {
    const entry = this.#require(name);
    this.#runner.assertIdle(entry);
    const record = applyStreamingEndpointSpec(entry.record, spec, this.#context(actor));
    if (record === entry.record) {
      return entry.view;
    }
    this.#assertHostNamesFree(record);
    const busy: Busy = {
      id: `update-${record.lastModified}`,
      kind: 'update',
      startedAt: record.lastModified,
    };
    entry.busy = busy;
    try {
      await this.#commit(entry, record);
    } finally {
      if (entry.busy === busy) {
        entry.busy = undefined;
      }
    }
    return entry.view;
  }

  delete(name: string): Started | undefined {
    const entry = this.#entries.get(nameKey(name));
    if (entry === undefined) {
      return undefined;
    }
    this.#assertState(entry, 'delete', ['Stopped']);
    return this.#run(entry, 'delete', {
      run: async () => {
        await this.#commit(entry, {
          ...entry.record,
          resourceState: 'Deleting',
          provisioningState: 'InProgress',
        });
        this.#entries.delete(nameKey(name));
        await this.#store.remove(entry.record.name);
      },
      rollback: () => this.#settle(entry, 'Stopped'),
    });
  }

  start(name: string): Started {
    const entry = this.#require(name);
    this.#assertState(entry, 'start', ['Stopped']);
    return this.#run(entry, 'start', {
      run: async () => {
        await this.#commit(entry, {
          ...entry.record,
          resourceState: 'Starting',
          provisioningState: 'InProgress',
        });
        await this.#commit(entry, {
          ...entry.record,
          resourceState: 'Running',
          provisioningState: 'Succeeded',
        });
        this.#o.logger.info(
          { streamingEndpoint: entry.record.name },
          `streaming endpoint ${entry.record.name} running`,
        );
      },
      rollback: () => this.#settle(entry, 'Stopped'),
    });
  }

  stop(name: string): Started {
    const entry = this.#require(name);
    this.#assertState(entry, 'stop', ['Running']);
    return this.#run(entry, 'stop', {
      run: async () => {
        await this.#commit(entry, {
          ...entry.record,
          resourceState: 'Stopping',
          provisioningState: 'InProgress',
        });
        await this.#commit(entry, {
          ...entry.record,
          resourceState: 'Stopped',
          provisioningState: 'Succeeded',
        });
        this.#o.logger.info(
          { streamingEndpoint: entry.record.name },
          `streaming endpoint ${entry.record.name} stopped`,
        );
      },
      rollback: () => this.#settle(entry, 'Stopped'),
    });
  }

  scale(name: string, scaleUnit: number | undefined): Started {
    const entry = this.#require(name);
    const units = normalizeScaleUnits(scaleUnit, 'scaleUnit');
    this.#assertState(entry, 'scale', ['Stopped', 'Running']);
    const back = entry.record.resourceState;
    return this.#run(entry, 'scale', {
      run: async () => {
        await this.#commit(entry, {
          ...entry.record,
          resourceState: 'Scaling',
          provisioningState: 'InProgress',
        });
        await this.#commit(entry, {
          ...entry.record,
          scaleUnits: units,
          resourceState: back,
          provisioningState: 'Succeeded',
        });
      },
      rollback: () => this.#settle(entry, back),
    });
  }

  /** Waits for running operations and pending writes. */
  async close(): Promise<void> {
    await this.#runner.settle();
    await this.#store.flush();
  }

  #run(entry: Entry, kind: StreamingEndpointOperationKind, procedure: Procedure): Started {
    return this.#runner.run(
      entry,
      kind,
      [{ collection: STREAMING_ENDPOINTS, name: entry.record.name }],
      procedure,
    );
  }

  async #settle(entry: Entry, state: StreamingEndpointResourceState): Promise<void> {
    if (this.#entries.get(nameKey(entry.record.name)) === entry) {
      await this.#commit(entry, { ...entry.record, resourceState: state, provisioningState: 'Failed' });
    }
  }

  async #commit(entry: Entry, record: StreamingEndpointRecord): Promise<void> {
    entry.record = record;
    entry.view = this.#view(record);
    await this.#store.save(record);
  }

  #entry(record: StreamingEndpointRecord): Entry {
    return {
      record,
      view: this.#view(record),
      label: `streaming endpoint '${record.name}'`,
      busy: undefined,
    };
  }

  #view(record: StreamingEndpointRecord): StreamingEndpoint {
    return Object.freeze({ ...record, hostName: endpointHostName(record.name, this.#o.hosts) });
  }

  #require(name: string): Entry {
    const entry = this.#entries.get(nameKey(name));
    if (entry === undefined) {
      throw new ResourceError('NotFound', `streaming endpoint '${name}' does not exist`, name);
    }
    return entry;
  }

  #assertState(entry: Entry, what: string, from: readonly StreamingEndpointResourceState[]): void {
    this.#runner.assertIdle(entry);
    const state = entry.record.resourceState;
    if (!from.includes(state)) {
      throw new ResourceError(
        'InvalidState',
        `cannot ${what} streaming endpoint '${entry.record.name}' while it is ${state}; ${what} needs it ${from.join(' or ')}${what === 'delete' ? ' (stop it first)' : ''}`,
        entry.record.name,
      );
    }
  }

  #assertHostNamesFree(record: StreamingEndpointRecord): void {
    for (const host of record.customHostNames) {
      const other = this.list().find(
        (e) => nameKey(e.name) !== nameKey(record.name) && e.customHostNames.includes(host),
      );
      if (other !== undefined) {
        throw new ResourceError(
          'Conflict',
          `properties.customHostNames: ${host} is already a host name of streaming endpoint '${other.name}'`,
          'properties.customHostNames',
        );
      }
    }
  }

  #context(actor: Actor | undefined): RecordContext {
    return { now: new Date(this.#o.now?.() ?? Date.now()).toISOString(), actor: actor ?? SYSTEM_ACTOR };
  }
}

/** The settled state after a restart; `undefined` for an endpoint whose delete was under way. */
function settle(state: StreamingEndpointResourceState): StreamingEndpointResourceState | undefined {
  switch (state) {
    case 'Starting':
    case 'Scaling':
      return 'Running';
    case 'Stopping':
      return 'Stopped';
    case 'Deleting':
      return undefined;
    default:
      return state;
  }
}
