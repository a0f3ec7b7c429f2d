import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { EventHistory } from '../events/event-history.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { AssetDirectory } from '../http/asset-handler.js';
import type { PresentationRoute } from '../http/presentation-handler.js';
import type { PreviewDirectory, PreviewLookup } from '../http/preview-handler.js';
import { corsPolicyOf } from '../http/packaging/cors-policy.js';
import { liveEventKey } from '../lib/names/live-event-key.js';
import { parseIsoDuration } from '../lib/time/iso-duration.js';
import type { LiveEventCatalog, LiveEventSnapshot } from '../live-events/live-event-catalog.js';
import type { LiveEvent, LiveOutputRecord } from '../live-events/live-event-record.js';
import type { LiveEventRuntime, LiveEventStopReason } from '../live-events/live-event-runtime.js';
import type { AdmissionTarget, LiveEventRegistry } from '../live/live-event-registry.js';
import { RunningLiveEvent, previewDirOf } from '../live/running-live-event.js';
import { ResultCode } from '../live/result-codes.js';
import { isLowLatency } from '../packager/low-latency.js';
import { WriteBudget } from '../packager/write-budget.js';
import { LiveOutputArchives } from './live-output-archives.js';

/** `InletRuntimeOptions` are what the runtime needs from the app. */
export interface InletRuntimeOptions {
  readonly logger: Logger;
  readonly dataDir: string;
  readonly bus: EventBus;
  readonly history: EventHistory;
  readonly health: HealthMonitor;
  /** The running live events; the runtime adds and removes them and keeps their admission table. */
  readonly liveEvents: LiveEventRegistry;
  readonly packager: {
    readonly previewWindowMs: number;
    readonly partDurationMs: number;
    readonly segmentsOnDisk: boolean;
    /** `packager.preview`: package every running live event, or only those a live output archives. */
    readonly preview: boolean;
  };
  /** CMAF fragments per HLS TS segment of previews (low-latency live events: 1). Default 3. */
  readonly fragmentsPerTsSegment?: number;
  /** The directory of an asset's archive; default `<dataDir>/assets/<assetName>`. */
  readonly assetDir?: (assetName: string) => string;
  /** Makes sure the asset a live output records into exists (created when a client did not create it). */
  readonly ensureAsset?: (assetName: string, recorder: string) => Promise<unknown>;
}

/**
 * `InletRuntime` carries out what the live-event state machine decides (`LiveEventRuntime`): it starts
 * and stops `RunningLiveEvent`s in the registry, keeps the registry's admission table current from the
 * catalog, and starts and stops live output archives. The HTTP layer finds previews and DVR archives
 * here (`PreviewDirectory`, `AssetDirectory`).
 */
export class InletRuntime implements LiveEventRuntime, PreviewDirectory, AssetDirectory {
  readonly #o: InletRuntimeOptions;
  readonly #running: LiveEventRegistry;
  readonly #archives: LiveOutputArchives;
  /** Every preview store of the process queues its writes within this one bound. */
  readonly #previewBudget = new WriteBudget();
  #catalog: LiveEventCatalog | undefined;

  constructor(options: InletRuntimeOptions) {
    this.#o = options;
    this.#running = options.liveEvents;
    this.#archives = new LiveOutputArchives({
      logger: options.logger,
      assetDir: options.assetDir ?? ((name) => join(options.dataDir, 'assets', name)),
    });
  }

  /** The live outputs and their archives. */
  get archives(): LiveOutputArchives {
    return this.#archives;
  }

  /** Connects the catalog (once the live-event manager exists) and keeps the admission table current. */
  attachCatalog(catalog: LiveEventCatalog): void {
    this.#catalog = catalog;
    const refresh = (): void => {
      this.#running.setAdmissionTargets(catalog.list().map(admissionTarget));
    };
    refresh();
    catalog.onChange(refresh);
  }

  // LiveEventRuntime

  async start(event: LiveEvent): Promise<void> {
    if (this.#running.get(event.name) !== undefined) {
      return;
    }
    const p = this.#o.packager;
    const lowLatency = isLowLatency(event.streamOptions);
    const running = new RunningLiveEvent({
      name: event.name,
      logger: this.#o.logger.child({ liveEvent: event.name }),
      bus: this.#o.bus,
      health: this.#o.health,
      lowLatency,
      keyFrameIntervalMs: parseIsoDuration(event.input.keyFrameIntervalDuration),
      partDurationMs: p.partDurationMs,
      windowMs: p.previewWindowMs,
      previewDir: p.segmentsOnDisk ? previewDirOf(this.#o.dataDir, liveEventKey(event.name)) : undefined,
      writeBudget: this.#previewBudget,
      preview: p.preview,
    });
    this.#running.add(running);
    await this.#archives.eventStarted(running);
    this.#o.logger.info({ liveEvent: event.name, lowLatency }, `live event ${event.name} running`);
  }

  async stop(event: LiveEvent, reason: LiveEventStopReason): Promise<void> {
    const running = this.#running.get(event.name);
    if (running !== undefined) {
      this.#running.remove(running);
      running.endIngest(
        reason,
        reason === 'MPI_REST_API_CHANNEL_RESET' ? 'live event reset' : 'live event stopped',
      );
    }
    await this.#archives.eventStopped(liveEventKey(event.name));
    await running?.close();
    this.#o.logger.info({ liveEvent: event.name, reason }, `live event ${event.name} stopped (${reason})`);
  }

  async deleted(event: LiveEvent): Promise<void> {
    this.#archives.eventDeleted(liveEventKey(event.name));
    this.#o.history.forget(event.name);
  }

  async startOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    await this.#o.ensureAsset?.(
      output.assetName,
      `live output '${output.name}' of live event '${event.name}'`,
    );
    await this.#archives.add(liveEventKey(event.name), output, this.#running.get(event.name));
  }

  async stopOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    await this.#archives.remove(liveEventKey(event.name), output.name);
  }

  // PreviewDirectory

  preview(liveEventName: string): PreviewLookup {
    const snapshot = this.#catalog?.get(liveEventName);
    if (snapshot === undefined) {
      return { kind: 'missing', reason: `no live event named "${liveEventName}"` };
    }
    const running = this.#running.get(liveEventName);
    if (running === undefined || snapshot.resourceState !== 'Running') {
      return {
        kind: 'missing',
        reason: `live event ${snapshot.name} is ${snapshot.resourceState}: its preview exists only while it is Running`,
      };
    }
    if (!running.packaging) {
      return {
        kind: 'missing',
        reason: `live event ${snapshot.name} has no preview: Inlet runs ingest only (packager.preview is false) and no live output archives it`,
      };
    }
    return {
      kind: 'ok',
      route: {
        reader: running.packager,
        naming: running.naming,
        hlsName: 'index.m3u8',
        dashName: 'index.mpd',
      },
      allows: (ip) => snapshot.previewAllow.allows(ip),
      packaging: {
        fragmentsPerTsSegment: isLowLatency(snapshot.streamOptions)
          ? 1
          : (this.#o.fragmentsPerTsSegment ?? 3),
        cors: corsPolicyOf(snapshot.event.crossSiteAccessPolicies),
        cacheKey: `preview/${running.key}/${running.runId}`,
        segmentTag: `${running.runId}-`,
      },
    };
  }

  // AssetDirectory

  async asset(assetName: string): Promise<PresentationRoute | undefined> {
    return (await this.#archives.archive(assetName))?.route;
  }

  /**
   * Stops every running live event and archive (server shutdown: encoders are told to reconnect later
   * with `MPI_SYSTEM_MAINTENANCE`; live events keep their stored state).
   */
  async close(): Promise<void> {
    const running = [...this.#running.values()];
    for (const event of running) {
      this.#running.remove(event);
      event.endIngest(ResultCode.systemMaintenance, 'server shutting down');
    }
    await this.#archives.close();
    for (const event of running) {
      await event.close();
    }
  }
}

function admissionTarget(s: LiveEventSnapshot): AdmissionTarget {
  return {
    name: s.name,
    normalizedToken: s.accessTokenKey,
    allowList: s.allow,
    running: s.resourceState === 'Running',
    resourceState: s.resourceState,
  };
}
