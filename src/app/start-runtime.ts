import { join } from 'node:path';
import { HealthMonitor } from '../health/health-monitor.js';
import type { Late } from '../http/late-route.js';
import { LiveEventRegistry } from '../live/live-event-registry.js';
import type { DeliveryServices } from './delivery-services.js';
import { healthEventPublisher } from './health-event-publisher.js';
import { InletRuntime } from './inlet-runtime.js';
import type { StartContext } from './start-context.js';
import type { StartedEvents } from './start-events.js';

/** `StartedRuntime` is the media side of the running live events, before any encoder can connect. */
export interface StartedRuntime {
  readonly running: LiveEventRegistry;
  readonly runtime: InletRuntime;
  /** Filled by `openDelivery`; until then live outputs record under `<dataDir>/assets/<name>`. */
  readonly delivery: Late<DeliveryServices>;
}

/**
 * `startRuntime` starts the health monitor (its events go to the bus) and the runtime of the running
 * live events (registry, pipelines, previews, live output archives).
 */
export function startRuntime(
  { config, logger, closers }: StartContext,
  { bus, history }: StartedEvents,
): StartedRuntime {
  const health = new HealthMonitor({
    logger: logger.child({ component: 'health' }),
    observer: healthEventPublisher(bus),
    heartbeatIntervalMs: config.health.heartbeatInterval,
    outOfSyncThresholdMs: config.health.outOfSyncThreshold,
  });
  closers.push(() => health.close());

  const delivery: Late<DeliveryServices> = { current: undefined };
  const running = new LiveEventRegistry();
  const runtime = new InletRuntime({
    liveEvents: running,
    logger: logger.child({ component: 'runtime' }),
    dataDir: config.dataDir,
    bus,
    history,
    health,
    packager: {
      previewWindowMs: config.packager.previewWindow,
      partDurationMs: config.packager.partDuration,
      segmentsOnDisk: config.packager.segmentsOnDisk,
      preview: config.packager.preview,
    },
    fragmentsPerTsSegment: config.streaming.fragmentsPerTsSegment,
    assetDir: (name) => {
      const assets = delivery.current?.assets;
      const asset = assets?.get(name);
      return assets === undefined || asset === undefined
        ? join(config.dataDir, 'assets', name)
        : assets.containerDir(asset);
    },
    ensureAsset: async (name, recorder) => delivery.current?.assets.ensure(name, recorder),
  });
  closers.push(() => runtime.close());
  return { running, runtime, delivery };
}
