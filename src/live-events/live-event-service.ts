import type { Actor } from '../resources/system-data.js';
import type { LiveEvent, LiveOutputRecord } from './live-event-record.js';
import type { LiveEventSpec, LiveOutputSpec } from './live-event-spec.js';
import type {
  LiveEventOperation,
  LiveEventStartedOperation as StartedOperation,
} from './live-event-operation.js';

/** `CreateOptions` of {@link LiveEventService.create}. */
export interface CreateOptions {
  /** Start the live event once created (AMS `?autoStart=true`). */
  readonly autoStart?: boolean;
  readonly actor?: Actor;
}

/**
 * `LiveEventService` is what the REST API needs from the live event manager. Reads are synchronous
 * and return immutable views. Commands validate synchronously and throw `ResourceError` when they
 * refuse; accepted long-running commands return a {@link StartedOperation} whose first state is
 * already visible to readers.
 */
export interface LiveEventService {
  list(): readonly LiveEvent[];
  get(name: string): LiveEvent | undefined;
  /** Why `name` is not found: mentions a corrupt file of that name, if there is one. */
  notFoundMessage(name: string): string;
  listOutputs(liveEventName: string): readonly LiveOutputRecord[];
  getOutput(liveEventName: string, liveOutputName: string): LiveOutputRecord | undefined;
  getOperation(id: string): LiveEventOperation | undefined;

  create(
    name: string,
    spec: LiveEventSpec,
    options?: CreateOptions,
  ): StartedOperation & { readonly liveEvent: LiveEvent };
  update(name: string, spec: LiveEventSpec, actor?: Actor): Promise<LiveEvent>;
  allocate(name: string): StartedOperation;
  start(name: string): StartedOperation;
  stop(name: string, options?: { readonly removeOutputsOnStop?: boolean }): StartedOperation;
  reset(name: string): StartedOperation;
  /** `undefined` when there is no such live event (ARM: 204). */
  delete(name: string): StartedOperation | undefined;
  createOutput(
    liveEventName: string,
    liveOutputName: string,
    spec: LiveOutputSpec,
    actor?: Actor,
  ): StartedOperation & { readonly liveOutput: LiveOutputRecord };
  /** `undefined` when there is no such live output (ARM: 204). */
  deleteOutput(liveEventName: string, liveOutputName: string): StartedOperation | undefined;
}
