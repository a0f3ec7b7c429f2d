import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AssetDirectory } from '../http/asset-handler.js';
import type { PreviewDirectory } from '../http/preview-handler.js';
import type { LiveEventCatalog } from '../live-events/live-event-catalog.js';
import type { LiveEventRuntime } from '../live-events/live-event-runtime.js';
import { LiveOutputArchives, type AssetArchives } from './live-output-archives.js';
import { PooledRuntime } from './workers/pooled-runtime.js';
import { WorkerPool } from './workers/worker-pool.js';
import { workerSettings } from './workers/worker-settings.js';
import type { Late } from '../http/late-route.js';
import { LiveEventRegistry } from '../live/live-event-registry.js';
import type { DeliveryServices } from './delivery-services.js';
import { assetDirIn, createMediaSide } from './media-side.js';
import type { StartContext } from './start-context.js';
import type { StartedEvents } from './start-events.js';

/**
 * `MediaRuntime` is the media side as the rest of the app sees it, in this process (`InletRuntime`) or
 * over media workers (`PooledRuntime`).
 */
export interface MediaRuntime extends LiveEventRuntime, PreviewDirectory, AssetDirectory {
  attachCatalog(catalog: LiveEventCatalog): void;
  readonly archives: AssetArchives;
}

/** `StartedRuntime` is the media side of the running live events, before any encoder can connect. */
export interface StartedRuntime {
  /** The running live events of this process (none when media workers run them). */
  readonly running: LiveEventRegistry;
  readonly runtime: MediaRuntime;
  /** The media workers and the runtime over them, when `workers` > 0. */
  readonly workers: { readonly pool: WorkerPool; readonly runtime: PooledRuntime } | undefined;
  /** Filled by `openDelivery`; until then live outputs record under `<dataDir>/assets/<name>`. */
  readonly delivery: Late<DeliveryServices>;
}

/**
 * `startRuntime` starts the health monitor (its events go to the bus) and the runtime of the running
 * live events (registry, pipelines, previews, live output archives).
 */
export async function startRuntime(start: StartContext, events: StartedEvents): Promise<StartedRuntime> {
  return start.config.workers > 0 ? startPooledRuntime(start, events) : startLocalRuntime(start, events);
}

function startLocalRuntime(
  { config, logger, closers }: StartContext,
  { bus, history }: StartedEvents,
): StartedRuntime {
  const delivery: Late<DeliveryServices> = { current: undefined };
  const { health, registry, runtime } = createMediaSide(
    {
      dataDir: config.dataDir,
      health: config.health,
      packager: config.packager,
      fragmentsPerTsSegment: config.streaming.fragmentsPerTsSegment,
    },
    {
      logger,
      bus,
      history,
      assetDir: assetDirIn(config.dataDir, delivery),
      ensureAsset: async (name, recorder) => delivery.current?.assets.ensure(name, recorder),
    },
  );
  closers.push(() => health.close());
  closers.push(() => runtime.close());
  return { running: registry, runtime, delivery, workers: undefined };
}

/**
 * `startPooledRuntime` starts `config.workers` media worker processes and the runtime that gives each
 * live event to one of them; their events are relayed onto this process's bus (and log).
 */
async function startPooledRuntime(
  { config, logger, closers }: StartContext,
  { bus, history }: StartedEvents,
): Promise<StartedRuntime> {
  const delivery: Late<DeliveryServices> = { current: undefined };
  const assetDir = assetDirIn(config.dataDir, delivery);
  const ref: { runtime?: PooledRuntime } = {};
  const pool = new WorkerPool({
    count: config.workers,
    settingsOf: (index) =>
      workerSettings(config, index, join(tmpdir(), `inlet-${process.pid}-worker-${index}.sock`)),
    logger: logger.child({ component: 'workers' }),
    onEvent: (event) => bus.relay(event),
    onRestarted: (index) => ref.runtime?.restarted(index),
  });
  closers.push(() => pool.close());
  await pool.start();
  const runtime = new PooledRuntime({
    pool,
    logger: logger.child({ component: 'runtime' }),
    history,
    preview: config.packager.preview,
    archives: new LiveOutputArchives({ logger: logger.child({ component: 'archives' }), assetDir }),
    assetDir,
    ensureAsset: async (name, recorder) => delivery.current?.assets.ensure(name, recorder),
  });
  ref.runtime = runtime;
  return { running: new LiveEventRegistry(), runtime, delivery, workers: { pool, runtime } };
}
