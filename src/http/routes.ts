import type { ArmApi } from '../api/create-arm-api.js';
import type { EventHistory } from '../events/event-history.js';
import { apiRoute } from './api-route.js';
import { createAssetFilesHandler, type ContainerAccess } from './asset-files-handler.js';
import { createAssetHandler, type AssetDirectory } from './asset-handler.js';
import { dashboardHandler } from './dashboard-page.js';
import { eventHistoryRoute } from './event-history-route.js';
import type { HttpRoute, RequestHandler } from './http-service.js';
import { lateRoute, type Late } from './late-route.js';
import { createLocatorHandler, type LocatorDirectory } from './locator-handler.js';
import { healthzHandler, timeHandler } from './misc-handlers.js';
import type { Packagers } from './packaging/packaged-presentation.js';
import { playHandler } from './play-handler.js';
import { PlayerAssets } from './player-assets.js';
import { createPreviewHandler, type PreviewDirectory } from './preview-handler.js';

/** `IngestSessions` counts the encoder connections for `/healthz` (implemented by the ingest server). */
export interface IngestSessions {
  sessions(): readonly unknown[];
}

/** `HttpRouteParts` are what the HTTP routes answer from; `Late` parts are made after the listeners start. */
export interface HttpRouteParts {
  readonly ingest: IngestSessions;
  readonly history: EventHistory;
  readonly previews: PreviewDirectory;
  readonly assets: AssetDirectory;
  readonly packagers: Packagers;
  readonly status: Late<RequestHandler>;
  readonly api: Late<ArmApi>;
  readonly locators: Late<LocatorDirectory>;
  readonly containers: Late<ContainerAccess>;
  /** The HTTPS port (the API refuses plain HTTP from other machines). */
  readonly httpsPort: () => number;
}

/**
 * `httpRoutes` is the route table of the HTTP and HTTPS listeners, in matching order: clock and health,
 * the dashboard, player libraries, previews, Inlet's asset URLs, event history, streaming locator URLs
 * and asset containers, and the management API (503 while Inlet is starting).
 */
export function httpRoutes(parts: HttpRouteParts): HttpRoute[] {
  return [
    { name: 'time', handle: timeHandler },
    { name: 'healthz', handle: healthzHandler(() => ({ sessions: parts.ingest.sessions().length })) },
    { name: 'dashboard', handle: dashboardHandler },
    { name: 'status', handle: lateRoute(parts.status, (handler) => handler) },
    { name: 'player-assets', handle: new PlayerAssets().handle },
    { name: 'play', handle: playHandler },
    { name: 'preview', handle: createPreviewHandler(parts.previews, parts.packagers) },
    { name: 'assets', handle: createAssetHandler(parts.assets) },
    { name: 'event-history', handle: eventHistoryRoute(parts.history) },
    {
      name: 'locators',
      handle: lateRoute(parts.locators, (directory) => createLocatorHandler(directory, parts.packagers)),
    },
    { name: 'asset-files', handle: lateRoute(parts.containers, (access) => createAssetFilesHandler(access)) },
    { name: 'api', handle: apiRoute(parts.api, parts.httpsPort) },
  ];
}
