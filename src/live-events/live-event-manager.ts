import type { Logger } from 'pino';
import type { DeclaredLiveEvent } from './declared-live-event.js';
import type { Actor, RecordContext } from '../resources/system-data.js';
import { applyLiveEventSpec, createLiveEventRecord } from './live-event-builder.js';
import type { LiveEventCatalog } from './live-event-catalog.js';
import type { LiveEventEndpointOptions } from './live-event-endpoints.js';
import { ResourceError } from '../resources/resource-error.js';
import {
  allocateProcedure,
  createOutputProcedure,
  createProcedure,
  deleteOutputProcedure,
  deleteProcedure,
  resetProcedure,
  startProcedure,
  stopProcedure,
  procedureSteps,
  type ProcedureSteps,
} from './live-event-procedures.js';
import type { LiveEvent, LiveEventResourceState, LiveOutputRecord } from './live-event-record.js';
import { loadLiveEvents } from './live-event-loader.js';
import type { LiveEventRuntime } from './live-event-runtime.js';
import type { CreateOptions, LiveEventService } from './live-event-service.js';
import type { LiveEventSpec, LiveOutputSpec } from './live-event-spec.js';
import { LiveEventStore, type CorruptLiveEventFile } from './live-event-store.js';
import { LiveEventTable, type LiveEventEntry } from './live-event-table.js';
import { assertUpdateAllowed } from './live-event-update-rules.js';
import { createLiveOutputRecord } from './live-output-builder.js';
import { assertLiveOutputAllowed } from './live-output-rules.js';
import { OperationRegistry, type OperationRegistryOptions } from '../resources/operation-registry.js';
import { OperationRunner, type Procedure } from '../resources/operation-runner.js';
import {
  describeLiveEventOperation,
  liveEventPath,
  type LiveEventOperation,
  type LiveEventOperationKind as OperationKind,
  type LiveEventStartedOperation as StartedOperation,
} from './live-event-operation.js';
import { assertLiveEventName, nameKey } from './resource-name.js';

/** `LiveEventManagerOptions` configure a {@link LiveEventManager}. */
export interface LiveEventManagerOptions {
  /** Inlet's data directory; live events are stored in `<dataDir>/live-events/`. */
  readonly dataDir: string;
  readonly logger: Logger;
  /** Carries out start/stop/delete and live outputs (implemented by the app). */
  readonly runtime: LiveEventRuntime;
  /** Host and ports the ingest and preview URLs are built from. */
  readonly endpoints: LiveEventEndpointOptions;
  /** Live events declared in the config file (see {@link DeclaredLiveEvent}). */
  readonly declared?: readonly DeclaredLiveEvent[];
  /**
   * Most live events the API may create. Default 100: AMS allowed 5 per account, but a self-hosted
   * server is bounded by its CPU and network, not by a billing quota. Config-declared events always load.
   */
  readonly maxLiveEvents?: number;
  /** Most live outputs per live event. Default 3 (AMS); PassthroughBasic events always allow 1. */
  readonly maxLiveOutputsPerEvent?: number;
  /** ARM `location` of the events Inlet creates itself (config, default event). Default `"local"`. */
  readonly location?: string;
  readonly operations?: OperationRegistryOptions;
  /** Clock in ms since the epoch (tests). */
  readonly now?: () => number;
}

const DEFAULT_MAX_LIVE_EVENTS = 100;
const DEFAULT_MAX_LIVE_OUTPUTS = 3;
const SYSTEM_ACTOR: Actor = { name: 'inlet', type: 'Application' };
const CONFIG_ACTOR: Actor = { name: 'config', type: 'Application' };

/**
 * `LiveEventManager` owns the live events and live outputs: validation, the state machine
 * (azure-compat §1.5), one long-running operation at a time per event, persistence, and recovery
 * after a restart. `catalog` is the read side for ingest admission. Call `open()` once (after the
 * runtime is ready), `close()` at shutdown; `close()` leaves every state as it is so a restart
 * restores it.
 */
export class LiveEventManager implements LiveEventService {
  /** The read side ingest admission uses. */
  readonly catalog: LiveEventCatalog;
  readonly #table: LiveEventTable;
  readonly #store: LiveEventStore;
  readonly #ops: OperationRegistry<OperationKind>;
  readonly #logger: Logger;
  readonly #options: LiveEventManagerOptions;
  readonly #steps: ProcedureSteps;
  readonly #corrupt = new Map<string, CorruptLiveEventFile>();
  readonly #runner: OperationRunner<OperationKind>;
  #state: 'new' | 'opening' | 'open' | 'closed' = 'new';

  constructor(options: LiveEventManagerOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#table = new LiveEventTable({ endpoints: options.endpoints, logger: options.logger });
    this.#store = new LiveEventStore({ dataDir: options.dataDir, logger: options.logger });
    this.#ops = new OperationRegistry<OperationKind>({
      ...options.operations,
      ...(options.now ? { now: options.now } : {}),
    });
    this.#runner = new OperationRunner({
      registry: this.#ops,
      logger: options.logger,
      describe: describeLiveEventOperation,
    });
    this.catalog = this.#table;
    this.#steps = procedureSteps(this.#table, this.#store, options.runtime);
  }

  /**
   * `open` loads the stored live events, applies the declared ones, completes interrupted operations,
   * restarts Running events and their outputs, and starts declared `autoStart` events. Rejects when
   * the declared events cannot be applied (e.g. a token used twice); corrupt files are only reported.
   */
  async open(): Promise<void> {
    if (this.#state !== 'new') {
      throw new Error('LiveEventManager.open() may be called once');
    }
    this.#state = 'opening';
    await loadLiveEvents({
      table: this.#table,
      store: this.#store,
      steps: this.#steps,
      logger: this.#logger,
      corrupt: this.#corrupt,
      declared: this.#options.declared ?? [],
      location: this.#location(),
      context: () => this.#context(CONFIG_ACTOR),
    });
    this.#state = 'open';
    for (const d of this.#options.declared ?? []) {
      const state = this.#table.entry(d.name)?.record.resourceState;
      if (d.autoStart && (state === 'Stopped' || state === 'StandBy')) {
        const op = await this.start(d.name).done;
        if (op.status === 'Failed') {
          this.#logger.error(
            { liveEvent: d.name },
            `auto-start of the declared live event failed: ${op.error?.message}`,
          );
        }
      }
    }
  }

  /**
   * `ensureDefaultLiveEvent` creates and starts a live event named `default` (random access token,
   * every address allowed) when no live event is declared and none is stored (not even a corrupt
   * file). Resolves `true` when it created it.
   */
  async ensureDefaultLiveEvent(): Promise<boolean> {
    if (this.#table.size > 0 || this.#corrupt.size > 0 || (this.#options.declared?.length ?? 0) > 0) {
      return false;
    }
    const spec: LiveEventSpec = { location: this.#location(), input: { streamingProtocol: 'RTMP' } };
    const op = await this.create('default', spec, { autoStart: true, actor: SYSTEM_ACTOR }).done;
    if (op.status === 'Failed') {
      throw new Error(`creating the default live event failed: ${op.error?.message}`);
    }
    return true;
  }

  /** `corruptFiles` lists the files that could not be loaded. */
  corruptFiles(): readonly CorruptLiveEventFile[] {
    return [...this.#corrupt.values()];
  }

  list(): readonly LiveEvent[] {
    return this.#table.entries().map((e) => e.view);
  }

  get(name: string): LiveEvent | undefined {
    return this.#table.entry(name)?.view;
  }

  notFoundMessage(name: string): string {
    const c = this.#corrupt.get(nameKey(name));
    return c === undefined
      ? `live event '${name}' does not exist`
      : `live event '${name}' is not loaded: its file ${c.file} cannot be read (${c.reason}); fix or remove the file and restart Inlet`;
  }

  listOutputs(liveEventName: string): readonly LiveOutputRecord[] {
    return this.#entryOrThrow(liveEventName).outputs;
  }

  getOutput(liveEventName: string, liveOutputName: string): LiveOutputRecord | undefined {
    return this.#table.entry(liveEventName)?.outputs.find((o) => nameKey(o.name) === nameKey(liveOutputName));
  }

  getOperation(id: string): LiveEventOperation | undefined {
    return this.#ops.get(id);
  }

  create(
    name: string,
    spec: LiveEventSpec,
    options: CreateOptions = {},
  ): StartedOperation & { liveEvent: LiveEvent } {
    this.#assertOpen();
    assertLiveEventName(name);
    const corrupt = this.#corrupt.get(nameKey(name));
    if (corrupt !== undefined) {
      throw new ResourceError(
        'CorruptResource',
        `${this.notFoundMessage(name)}; a live event of that name cannot be created until then`,
        name,
      );
    }
    const existing = this.#table.entry(name);
    if (existing !== undefined) {
      throw new ResourceError(
        'Conflict',
        `live event '${existing.record.name}' already exists; change it with PATCH, or delete it first`,
        name,
      );
    }
    const max = this.#options.maxLiveEvents ?? DEFAULT_MAX_LIVE_EVENTS;
    if (this.#table.size >= max) {
      throw new ResourceError(
        'QuotaExceeded',
        `this server allows at most ${max} live events (maxLiveEvents); delete one first`,
        name,
      );
    }
    const record = createLiveEventRecord(name, spec, this.#context(options.actor));
    this.#table.assertTokenFree(record.input.accessToken, undefined);
    const entry = this.#table.add(record, []);
    const started = this.#run(
      entry,
      'create',
      null,
      createProcedure(this.#steps, entry, options.autoStart ?? false),
    );
    return { ...started, liveEvent: entry.view };
  }

  async update(name: string, spec: LiveEventSpec, actor?: Actor): Promise<LiveEvent> {
    this.#assertOpen();
    const entry = this.#entryOrThrow(name);
    this.#runner.assertIdle(entry);
    const { record, changed } = applyLiveEventSpec(entry.record, spec, this.#context(actor));
    assertUpdateAllowed(entry.record.name, entry.record.resourceState, changed);
    if (changed.length === 0) {
      return entry.view;
    }
    const busy = { id: `update-${record.lastModified}`, kind: 'update' as const, startedAt: this.#now() };
    const previous = entry.record;
    entry.busy = busy;
    try {
      await this.#steps.commit(entry, record);
    } catch (error) {
      if (this.#steps.present(entry)) {
        this.#table.replace(entry, previous);
      }
      throw error;
    } finally {
      if (entry.busy === busy) {
        entry.busy = undefined;
      }
    }
    return entry.view;
  }

  allocate(name: string): StartedOperation {
    const entry = this.#commandEntry(name, 'allocate', ['Stopped']);
    return this.#run(entry, 'allocate', null, allocateProcedure(this.#steps, entry));
  }

  start(name: string): StartedOperation {
    const entry = this.#commandEntry(name, 'start', ['Stopped', 'StandBy']);
    return this.#run(entry, 'start', null, startProcedure(this.#steps, entry));
  }

  stop(name: string, options: { readonly removeOutputsOnStop?: boolean } = {}): StartedOperation {
    const entry = this.#commandEntry(name, 'stop', ['Running', 'StandBy']);
    const remove = options.removeOutputsOnStop ?? false;
    if (!remove && entry.outputs.length > 0) {
      throw new ResourceError(
        'InvalidState',
        `live event '${entry.record.name}' has ${entry.outputs.length} live output(s) (${entry.outputs.map((o) => o.name).join(', ')}); delete them first or stop with {"removeOutputsOnStop": true}`,
        entry.record.name,
      );
    }
    return this.#run(entry, 'stop', null, stopProcedure(this.#steps, entry, remove));
  }

  reset(name: string): StartedOperation {
    const entry = this.#commandEntry(name, 'reset', ['Running']);
    return this.#run(entry, 'reset', null, resetProcedure(this.#steps, entry));
  }

  delete(name: string): StartedOperation | undefined {
    this.#assertOpen();
    const entry = this.#table.entry(name);
    if (entry === undefined) {
      return undefined;
    }
    this.#runner.assertIdle(entry);
    return this.#run(entry, 'delete', null, deleteProcedure(this.#steps, entry));
  }

  createOutput(
    liveEventName: string,
    liveOutputName: string,
    spec: LiveOutputSpec,
    actor?: Actor,
  ): StartedOperation & { liveOutput: LiveOutputRecord } {
    this.#assertOpen();
    const entry = this.#entryOrThrow(liveEventName);
    this.#runner.assertIdle(entry);
    const output = createLiveOutputRecord(liveOutputName, spec, entry.record, this.#context(actor));
    assertLiveOutputAllowed(
      this.#table,
      entry,
      output,
      this.#options.maxLiveOutputsPerEvent ?? DEFAULT_MAX_LIVE_OUTPUTS,
    );
    const started = this.#run(
      entry,
      'createOutput',
      output.name,
      createOutputProcedure(this.#steps, entry, output),
    );
    return { ...started, liveOutput: output };
  }

  deleteOutput(liveEventName: string, liveOutputName: string): StartedOperation | undefined {
    this.#assertOpen();
    const entry = this.#entryOrThrow(liveEventName);
    const output = this.getOutput(liveEventName, liveOutputName);
    if (output === undefined) {
      return undefined;
    }
    this.#runner.assertIdle(entry);
    return this.#run(entry, 'deleteOutput', output.name, deleteOutputProcedure(this.#steps, entry, output));
  }

  /** `close` refuses new commands, waits for running operations and pending writes. Idempotent. */
  async close(): Promise<void> {
    this.#state = 'closed';
    await this.#runner.settle();
    await this.#store.flush();
  }

  #run(
    entry: LiveEventEntry,
    kind: OperationKind,
    outputName: string | null,
    procedure: Procedure,
  ): StartedOperation {
    const path = liveEventPath(entry.record.name, outputName ?? undefined);
    return this.#runner.run(entry, kind, path, procedure);
  }

  #commandEntry(name: string, kind: OperationKind, from: readonly LiveEventResourceState[]): LiveEventEntry {
    this.#assertOpen();
    const entry = this.#entryOrThrow(name);
    this.#runner.assertIdle(entry);
    const state = entry.record.resourceState;
    if (!from.includes(state)) {
      throw new ResourceError(
        'InvalidState',
        `cannot ${kind} live event '${entry.record.name}' while it is ${state}; ${kind} needs it ${from.join(' or ')}`,
        entry.record.name,
      );
    }
    return entry;
  }

  #entryOrThrow(name: string): LiveEventEntry {
    const entry = this.#table.entry(name);
    if (entry === undefined) {
      throw new ResourceError('NotFound', this.notFoundMessage(name), name);
    }
    return entry;
  }

  #assertOpen(): void {
    if (this.#state === 'closed') {
      throw new ResourceError('ServiceUnavailable', 'the server is shutting down; retry when it is back');
    }
    if (this.#state !== 'open') {
      throw new ResourceError(
        'ServiceUnavailable',
        'the live event manager is not open yet; retry in a moment',
      );
    }
  }

  #context(actor: Actor | undefined): RecordContext {
    return { now: this.#now(), actor: actor ?? SYSTEM_ACTOR };
  }

  #now(): string {
    return new Date(this.#options.now?.() ?? Date.now()).toISOString();
  }

  #location(): string {
    return this.#options.location ?? 'local';
  }
}
