import { join } from 'node:path';
import type { Logger } from 'pino';
import type { HealthConfig, LimitsConfig, PackagerConfig } from '../config/config.js';
import type { EventBus } from '../events/event-bus.js';
import type { EventHistory } from '../events/event-history.js';
import { HealthMonitor } from '../health/health-monitor.js';
import type { Late } from '../http/late-route.js';
import { LiveEventRegistry } from '../live/live-event-registry.js';
import type { RtmpLimits } from '../protocols/rtmp/rtmp-limits.js';
import type { DeliveryServices } from './delivery-services.js';
import { healthEventPublisher } from './health-event-publisher.js';
import { InletRuntime } from './inlet-runtime.js';

/** `MediaSideSettings` is the configuration the media side of live events runs with. */
export interface MediaSideSettings {
  readonly dataDir: string;
  readonly health: HealthConfig;
  readonly packager: PackagerConfig;
  readonly fragmentsPerTsSegment: number;
}

/** `MediaSide` is the media side of the running live events of one process. */
export interface MediaSide {
  readonly health: HealthMonitor;
  readonly registry: LiveEventRegistry;
  readonly runtime: InletRuntime;
}

/**
 * `createMediaSide` builds the media side of the live events that run in this process (the main process,
 * or a media worker): the health monitor publishing to `bus`, the registry of running live events and
 * the `InletRuntime` over them.
 */
export function createMediaSide(
  settings: MediaSideSettings,
  parts: {
    readonly logger: Logger;
    readonly bus: EventBus;
    readonly history: EventHistory;
    readonly assetDir: (assetName: string) => string;
    readonly ensureAsset?: (assetName: string, recorder: string) => Promise<unknown>;
  },
): MediaSide {
  const { logger, bus } = parts;
  const health = new HealthMonitor({
    logger: logger.child({ component: 'health' }),
    observer: healthEventPublisher(bus),
    heartbeatIntervalMs: settings.health.heartbeatInterval,
    outOfSyncThresholdMs: settings.health.outOfSyncThreshold,
  });
  const registry = new LiveEventRegistry();
  const runtime = new InletRuntime({
    liveEvents: registry,
    logger: logger.child({ component: 'runtime' }),
    dataDir: settings.dataDir,
    bus,
    history: parts.history,
    health,
    packager: {
      previewWindowMs: settings.packager.previewWindow,
      partDurationMs: settings.packager.partDuration,
      segmentsOnDisk: settings.packager.segmentsOnDisk,
      preview: settings.packager.preview,
    },
    fragmentsPerTsSegment: settings.fragmentsPerTsSegment,
    assetDir: parts.assetDir,
    ...(parts.ensureAsset === undefined ? {} : { ensureAsset: parts.ensureAsset }),
  });
  return { health, registry, runtime };
}

/** `rtmpLimitsOf` maps the `limits` section onto the RTMP connection limits. */
export function rtmpLimitsOf(limits: LimitsConfig): Partial<RtmpLimits> {
  return {
    maxMessageSize: limits.maxMessageSize,
    handshakeTimeoutMs: limits.handshakeTimeout,
    idleTimeoutMs: limits.idleTimeout,
  };
}

/**
 * `assetDirIn` is the directory of an asset's archive: its container once the delivery services are open
 * and know the asset, `<dataDir>/assets/<assetName>` until then.
 */
export function assetDirIn(dataDir: string, delivery: Late<DeliveryServices>): (assetName: string) => string {
  return (name) => {
    const assets = delivery.current?.assets;
    const asset = assets?.get(name);
    return assets === undefined || asset === undefined
      ? join(dataDir, 'assets', name)
      : assets.containerDir(asset);
  };
}
