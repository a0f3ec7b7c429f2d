import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ArmApi } from '../api/create-arm-api.js';
import { createEventHistoryHandler } from '../events/event-history-handler.js';
import type { EventHistory } from '../events/event-history.js';
import { createAssetFilesHandler, type ContainerAccess } from '../http/asset-files-handler.js';
import { createAssetHandler } from '../http/asset-handler.js';
import { dashboardHandler } from '../http/dashboard-page.js';
import type { RequestHandler } from '../http/http-service.js';
import { createLocatorHandler, type LocatorDirectory } from '../http/locator-handler.js';
import { healthzHandler, timeHandler } from '../http/misc-handlers.js';
import type { Packagers } from '../http/packaging/packaged-presentation.js';
import { playHandler } from '../http/play-handler.js';
import { PlayerAssets } from '../http/player-assets.js';
import { createPreviewHandler } from '../http/preview-handler.js';
import type { IngestServer } from '../ingest/ingest-server.js';
import { apiTransportRefusal, sendArmError } from '../http/api-transport-guard.js';
import type { InletRuntime } from './inlet-runtime.js';

/** `Late<T>` is a part made after the HTTP listeners start (the API, the live events, the delivery). */
export interface Late<T> {
  current: T | undefined;
}

/** `HttpHandlerParts` are what the HTTP routes answer from. */
export interface HttpHandlerParts {
  readonly ingest: IngestServer;
  readonly history: EventHistory;
  readonly runtime: InletRuntime;
  readonly packagers: Packagers;
  readonly status: Late<RequestHandler>;
  readonly api: Late<ArmApi>;
  readonly locators: Late<LocatorDirectory>;
  readonly containers: Late<ContainerAccess>;
  /** The HTTPS port (the API refuses plain HTTP from other machines). */
  readonly httpsPort: () => number;
}

function late<T>(
  holder: Late<T>,
  make: (value: T) => RequestHandler,
): (req: IncomingMessage, res: ServerResponse, url: URL) => boolean | Promise<boolean> {
  let made: { value: T; handler: RequestHandler } | undefined;
  return (req, res, url) => {
    const value = holder.current;
    if (value === undefined) {
      return false;
    }
    if (made?.value !== value) {
      made = { value, handler: make(value) };
    }
    return made.handler(req, res, url);
  };
}

/**
 * `httpHandlers` is the route list of the HTTP and HTTPS listeners, in order: clock and health, the
 * dashboard, player libraries, previews, Inlet's asset URLs, event history, streaming locator URLs and
 * asset containers, and the management API (503 while Inlet is starting).
 */
export function httpHandlers(parts: HttpHandlerParts): RequestHandler[] {
  const historyHandler = createEventHistoryHandler(parts.history);
  return [
    timeHandler,
    healthzHandler(() => ({ sessions: parts.ingest.sessions().length })),
    dashboardHandler,
    (req, res, url) => parts.status.current?.(req, res, url) ?? false,
    new PlayerAssets().handle,
    playHandler,
    createPreviewHandler(parts.runtime, parts.packagers),
    createAssetHandler(parts.runtime),
    (req, res, url) => {
      const m = /^\/events\/([^/]+)\/(heartbeats|stream-events)$/.exec(url.pathname);
      if (m === null) {
        return false;
      }
      historyHandler(req, res, decodeURIComponent(m[1] ?? ''), m[2] as 'heartbeats' | 'stream-events');
      return true;
    },
    late(parts.locators, (directory) => createLocatorHandler(directory, parts.packagers)),
    late(parts.containers, (access) => createAssetFilesHandler(access)),
    async (req, res) => {
      const isApi = req.url?.toLowerCase().startsWith('/subscriptions/') === true;
      const refusal = isApi ? apiTransportRefusal(req, parts.httpsPort()) : undefined;
      if (refusal !== undefined) {
        sendArmError(res, 403, 'HttpsRequired', refusal);
        return true;
      }
      if (parts.api.current === undefined) {
        if (isApi) {
          res.setHeader('Retry-After', '1');
          sendArmError(res, 503, 'ServiceUnavailable', 'Inlet is starting; retry in a second');
          return true;
        }
        return false;
      }
      return parts.api.current.handle(req, res);
    },
  ];
}
