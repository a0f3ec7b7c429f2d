import type { Actor } from '../resources/system-data.js';
import type { LiveEventService } from '../live-events/live-event-service.js';
import type { ArmScope } from './arm-scope.js';
import type { DeliveryApi } from './delivery-api.js';
import type { LiveEventTelemetry } from './live-event-telemetry.js';

/** `ArmSettings` are the API's tunables handlers read. */
export interface ArmSettings {
  /** Items per list page before `@odata.nextLink`. */
  readonly pageSize: number;
  /** `Retry-After` seconds on LRO answers. */
  readonly retryAfterSeconds: number;
}

/** `ArmRequestContext` is everything a route handler needs about one request. */
export interface ArmRequestContext {
  readonly scope: ArmScope;
  /** Path parameters by template name (`liveEventName`, …), percent-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** The `api-version` the client sent (any value is accepted and echoed in URLs). */
  readonly apiVersion: string;
  /** `scheme://host[:port]` as the client addressed the server. */
  readonly origin: string;
  /** The parsed JSON body, `undefined` when empty. */
  readonly body: unknown;
  readonly liveEvents: LiveEventService;
  readonly delivery: DeliveryApi;
  readonly telemetry: LiveEventTelemetry | undefined;
  readonly settings: ArmSettings;
  /** Who is calling (lands in `systemData`). */
  readonly actor: Actor;
}

/** `ArmResponse` is a handler's answer; `body` is serialized as JSON when present. */
export interface ArmResponse {
  readonly status: number;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: unknown;
}

/** `ArmHandler` answers one route. Throwing `ArmError` or `ResourceError` answers an `ErrorResponse`. */
export type ArmHandler = (ctx: ArmRequestContext) => ArmResponse | Promise<ArmResponse>;

/** `HttpMethod` is a method the API routes. */
export type HttpMethod = 'GET' | 'PUT' | 'PATCH' | 'POST' | 'DELETE';

/** `ArmRoute` is one row of the route table; `path` follows the account prefix, e.g. `/liveEvents/{liveEventName}`. */
export interface ArmRoute {
  readonly method: HttpMethod;
  readonly path: string;
  /** The operationId of streamingservice.json (and of `openapi.json`). */
  readonly operationId: string;
  readonly handler: ArmHandler;
}

/** `param` reads a path parameter the route template guarantees. */
export function param(ctx: ArmRequestContext, name: string): string {
  const v = ctx.params[name];
  if (v === undefined) {
    throw new Error(`route has no parameter {${name}}`);
  }
  return v;
}
