import { createStatusHandler } from '../http/status-handler.js';
import { LiveEventManager } from '../live-events/live-event-manager.js';
import { dashboardStatus } from './dashboard-status.js';
import type { OpenedDelivery } from './open-delivery.js';
import type { StartContext } from './start-context.js';
import type { StartedEvents } from './start-events.js';
import type { StartedHttp } from './start-http.js';
import type { StartedIngest } from './start-ingest.js';
import type { StartedRuntime } from './start-runtime.js';

/** `OpenedLiveEvents` is the loaded live events and whether a default one was made for a newcomer. */
export interface OpenedLiveEvents {
  readonly liveEvents: LiveEventManager;
  readonly createdDefault: boolean;
}

/**
 * `openLiveEvents` loads the live events (their ingest URLs name the bound ports), wires their catalog
 * into the runtime, the assets (deletion of recorded-into assets is refused) and the dashboard, logs the
 * files it could not load and makes the default live event when none is declared.
 */
export async function openLiveEvents(
  { config, logger, closers }: StartContext,
  parts: {
    readonly live: StartedRuntime;
    readonly delivery: OpenedDelivery;
    readonly ingest: StartedIngest;
    readonly events: StartedEvents;
    readonly http: StartedHttp;
  },
): Promise<OpenedLiveEvents> {
  const { runtime } = parts.live;
  const portsOf = (protocol: string): number[] =>
    parts.ingest.endpoints.filter((e) => e.protocol === protocol).map((e) => e.port);
  const liveEvents = new LiveEventManager({
    dataDir: config.dataDir,
    logger: logger.child({ component: 'live-events' }),
    runtime,
    endpoints: {
      publicHostname: config.publicHostname,
      rtmpPorts: portsOf('rtmp'),
      rtmpsPorts: portsOf('rtmps'),
      httpsPort: parts.http.httpsPort,
    },
    declared: config.liveEvents,
  });
  runtime.attachCatalog(liveEvents.catalog);
  parts.delivery.services.assets.setUsage((assetName) => archiveUser(liveEvents, assetName));
  parts.http.late.status.current = createStatusHandler(
    dashboardStatus({
      catalog: liveEvents.catalog,
      ingest: parts.ingest.status,
      history: parts.events.history,
      startedAt: parts.http.startedAt,
    }),
  );
  closers.push(() => liveEvents.close());
  await liveEvents.open();
  for (const corrupt of liveEvents.corruptFiles()) {
    logger.error(
      { file: corrupt.file },
      `live event file ${corrupt.file} is corrupt and was not loaded: ${corrupt.reason}; fix or remove it`,
    );
  }
  const createdDefault = config.liveEvents.length === 0 && (await liveEvents.ensureDefaultLiveEvent());
  return { liveEvents, createdDefault };
}

/** Who records into an asset: a live output of some live event (asset deletion is refused then). */
function archiveUser(liveEvents: LiveEventManager, assetName: string): string | undefined {
  const key = assetName.toLowerCase();
  for (const e of liveEvents.catalog.list()) {
    const output = e.liveOutputs.find((o) => o.assetName.toLowerCase() === key);
    if (output !== undefined) {
      return `live output '${output.name}' of live event '${e.name}'`;
    }
  }
  return undefined;
}
