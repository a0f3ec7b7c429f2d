import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { Actor } from '../resources/system-data.js';
import type { LiveEventService } from '../live-events/live-event-service.js';
import { ArmError, toArmError } from './arm-error.js';
import type { ArmResponse } from './arm-handler.js';
import type { DeliveryApi } from './delivery-api.js';
import { ArmRouter } from './arm-router.js';
import { ARM_ROUTES } from './arm-routes.js';
import { isArmApiPath, parseArmPath } from './arm-scope.js';
import { BearerAuth } from './bearer-auth.js';
import type { LiveEventTelemetry } from './live-event-telemetry.js';
import { readJsonBody } from './read-json-body.js';
import { requestOrigin } from './request-origin.js';

/** `ArmApiOptions` configure {@link createArmApi}. */
export interface ArmApiOptions {
  readonly liveEvents: LiveEventService;
  /** Assets, streaming policies, locators and endpoints. */
  readonly delivery: DeliveryApi;
  /** Feeds getStatus / getStreamEvents / getTrackIngestHeartbeats; without it they answer empty lists. */
  readonly telemetry?: LiveEventTelemetry;
  /** Accepted bearer tokens (see `ensureApiToken`); at least one. */
  readonly apiTokens: readonly string[];
  readonly logger: Logger;
  /** Build absolute URLs from `X-Forwarded-Proto`/`X-Forwarded-Host` (only behind a proxy that sets them). Default false. */
  readonly trustForwardedHeaders?: boolean;
  /** List page size before `@odata.nextLink`. Default 100. */
  readonly pageSize?: number;
  /** Largest request body, bytes. Default 1 MiB (a LiveEvent is a few KiB). */
  readonly maxBodyBytes?: number;
  /** `Retry-After` seconds on LRO answers. Default 1: Inlet's operations take milliseconds to seconds. */
  readonly retryAfterSeconds?: number;
}

/** `ArmApi` is the request handler the HTTP layer mounts. */
export interface ArmApi {
  /**
   * Answers the request when its path is an API path (`/subscriptions/…`) and resolves `true`;
   * resolves `false` without touching `res` otherwise.
   */
  handle(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Answers 503 from now on. Idempotent. */
  close(): void;
}

const DEFAULT_PAGE_SIZE = 100;
const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;
const DEFAULT_RETRY_AFTER_SECONDS = 1;
/** API-token callers are recorded in `systemData` as key-authenticated. */
const API_ACTOR: Actor = { name: 'api', type: 'Key' };
/** Echo `x-ms-client-request-id` only when it is a sane header value (ARM limits it to 200 characters). */
const CLIENT_REQUEST_ID = /^[\x21-\x7e]{1,200}$/;

function queryValue(query: URLSearchParams, name: string): string | undefined {
  for (const [k, v] of query) {
    if (k.toLowerCase() === name) {
      return v;
    }
  }
  return undefined;
}

/**
 * `createArmApi` builds the Azure Media Services v3 (ARM) REST API over the live event manager:
 * bearer authentication, case-insensitive routing, any `api-version`, `ErrorResponse` bodies,
 * long-running operations as the Azure SDKs poll them (azure-compat §1, §2).
 */
export function createArmApi(options: ArmApiOptions): ArmApi {
  const router = new ArmRouter(ARM_ROUTES);
  const auth = new BearerAuth({ tokens: options.apiTokens });
  const settings = {
    pageSize: options.pageSize ?? DEFAULT_PAGE_SIZE,
    retryAfterSeconds: options.retryAfterSeconds ?? DEFAULT_RETRY_AFTER_SECONDS,
  };
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const logger = options.logger;
  let closed = false;

  async function answer(req: IncomingMessage, url: URL): Promise<ArmResponse> {
    if (closed) {
      throw new ArmError(503, 'ServiceUnavailable', 'the server is shutting down; retry when it is back');
    }
    auth.check(req.headers.authorization);
    const path = parseArmPath(url.pathname);
    const apiVersion = queryValue(url.searchParams, 'api-version');
    if (apiVersion === undefined || apiVersion === '') {
      throw new ArmError(
        400,
        'MissingApiVersionParameter',
        "the api-version query parameter (?api-version=) is required for all requests; Inlet accepts any value, e.g. '2022-11-01'",
        'api-version',
      );
    }
    const method = req.method ?? 'GET';
    const match = router.match(method, path.rest);
    if (match === undefined) {
      throw new ArmError(404, 'NotFound', `no such API route: ${method} ${url.pathname}`);
    }
    if ('allowed' in match) {
      throw new ArmError(
        405,
        'MethodNotAllowed',
        `${method} is not allowed on ${url.pathname}; allowed: ${match.allowed.join(', ')}`,
        undefined,
        { Allow: match.allowed.join(', ') },
      );
    }
    const body = ['PUT', 'PATCH', 'POST'].includes(method)
      ? await readJsonBody(req, maxBodyBytes)
      : undefined;
    return match.route.handler({
      scope: path.scope,
      params: match.params,
      query: url.searchParams,
      apiVersion,
      origin: requestOrigin(req, options.trustForwardedHeaders ?? false),
      body,
      liveEvents: options.liveEvents,
      delivery: options.delivery,
      telemetry: options.telemetry,
      settings,
      actor: API_ACTOR,
    });
  }

  return {
    async handle(req, res) {
      const url = new URL(req.url ?? '/', 'http://inlet.invalid');
      if (!isArmApiPath(url.pathname)) {
        return false;
      }
      let response: ArmResponse;
      try {
        response = await answer(req, url);
      } catch (error) {
        const arm = toArmError(error);
        if (arm.status >= 500) {
          logger.error(
            { err: error, method: req.method, path: url.pathname },
            `API request failed: ${arm.message}`,
          );
        }
        response = { status: arm.status, headers: arm.headers, body: arm.body() };
      }
      send(req, res, response);
      logger.debug({ method: req.method, path: url.pathname, status: response.status }, 'API request');
      return true;
    },
    close() {
      closed = true;
    },
  };
}

function send(req: IncomingMessage, res: ServerResponse, response: ArmResponse): void {
  if (res.headersSent) {
    return;
  }
  const clientId = req.headers['x-ms-client-request-id'];
  const headers: Record<string, string> = {
    'x-ms-request-id': randomUUID(),
    ...(typeof clientId === 'string' && CLIENT_REQUEST_ID.test(clientId)
      ? { 'x-ms-client-request-id': clientId }
      : {}),
    ...response.headers,
  };
  if (response.body === undefined) {
    res.writeHead(response.status, { ...headers, 'Content-Length': '0' }).end();
    return;
  }
  const data = JSON.stringify(response.body);
  res
    .writeHead(response.status, {
      ...headers,
      'Content-Type': 'application/json; charset=utf-8',
      'Content-Length': String(Buffer.byteLength(data)),
    })
    .end(data);
}
