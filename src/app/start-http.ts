import type { ArmApi } from '../api/create-arm-api.js';
import type { ContainerAccess } from '../http/asset-files-handler.js';
import { HttpService, type RequestHandler } from '../http/http-service.js';
import type { Late } from '../http/late-route.js';
import type { LocatorDirectory } from '../http/locator-handler.js';
import { createPackagers } from '../http/packaging/packagers.js';
import { httpRoutes } from '../http/routes.js';
import type { StartContext } from './start-context.js';
import type { StartedEvents } from './start-events.js';
import type { StartedIngest } from './start-ingest.js';
import type { StartedRuntime } from './start-runtime.js';

/** `LateHttpParts` are the parts the routes answer from once the later steps have made them. */
export interface LateHttpParts {
  readonly api: Late<ArmApi>;
  readonly status: Late<RequestHandler>;
  readonly locators: Late<LocatorDirectory>;
  readonly containers: Late<ContainerAccess>;
}

/** `StartedHttp` is the listening HTTP service: its ports and the holders of its late parts. */
export interface StartedHttp {
  readonly ports: { readonly http: number | undefined; readonly https: number | undefined };
  /** The HTTPS port that URLs name: the bound one, else the configured one. */
  readonly httpsPort: number;
  /** When the HTTP service started (the dashboard's uptime). */
  readonly startedAt: number;
  readonly late: LateHttpParts;
}

/**
 * `startHttp` opens the HTTP and HTTPS listeners over the route table (and the event WebSocket). They
 * listen before the live events load: the routes over late parts pass, the API answers 503, until then.
 */
export async function startHttp(
  { config, logger, closers }: StartContext,
  parts: {
    readonly ingest: StartedIngest;
    readonly events: StartedEvents;
    readonly live: StartedRuntime;
    readonly tls: { readonly httpsCert: string; readonly httpsKey: string };
  },
): Promise<StartedHttp> {
  const { runtime } = parts.live;
  const late: LateHttpParts = {
    api: { current: undefined },
    status: { current: undefined },
    locators: { current: undefined },
    containers: { current: undefined },
  };
  const startedAt = Date.now();
  const routes = httpRoutes({
    ingest: parts.ingest.status,
    history: parts.events.history,
    previews: runtime,
    assets: runtime,
    packagers: createPackagers(),
    status: late.status,
    api: late.api,
    locators: late.locators,
    containers: late.containers,
    httpsPort: () => ports.https ?? config.https.port,
  });
  const http = new HttpService({
    logger: logger.child({ component: 'http' }),
    http: { port: config.http.port, host: config.http.host },
    https: {
      port: config.https.port,
      host: config.https.host,
      cert: parts.tls.httpsCert,
      key: parts.tls.httpsKey,
    },
    routes,
    upgrades: [
      {
        path: '/events/ws',
        handleUpgrade: (req, socket, head) => parts.events.websocket.handleUpgrade(req, socket, head),
      },
    ],
  });
  closers.push(() => http.close());
  const ports = await http.listen();
  return { ports, httpsPort: ports.https ?? config.https.port, startedAt, late };
}
