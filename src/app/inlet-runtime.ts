import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { EventHistory } from '../events/event-history.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { AssetDirectory } from '../http/asset-handler.js';
import type { PresentationRoute } from '../http/presentation-handler.js';
import type { PreviewDirectory, PreviewLookup } from '../http/preview-handler.js';
import type { AdmissionTarget, LiveEventDirectory } from '../ingest/admission.js';
import type { IngestServer } from '../ingest/ingest-server.js';
import type {
  IngestObserver,
  RejectionInfo,
  SessionCounters,
  SessionInfo,
  StreamSink,
} from '../ingest/ingest-types.js';
import type { ResultCodeValue } from '../ingest/result-codes.js';
import { parseIsoDuration } from '../lib/time/iso-duration.js';
import type { LiveEventCatalog, LiveEventSnapshot } from '../live-events/live-event-catalog.js';
import type { LiveEvent, LiveOutputRecord } from '../live-events/live-event-record.js';
import type { LiveEventRuntime, LiveEventStopReason } from '../live-events/live-event-runtime.js';
import type { DropReport } from '../media/drop-aggregator.js';
import type { Track } from '../media/track.js';
import { isLowLatency } from '../packager/low-latency.js';
import {
  connectionRejectedData,
  encoderConnectedData,
  encoderDisconnectedData,
} from './ingest-event-data.js';
import { corsPolicyOf } from '../http/packaging/cors-policy.js';
import { LiveOutputArchives } from './live-output-archives.js';
import { LiveEventPipeline, previewDirOf } from './live-event-pipeline.js';

/** `InletRuntimeOptions` are what the runtime needs from the app. */
export interface InletRuntimeOptions {
  readonly logger: Logger;
  readonly dataDir: string;
  readonly bus: EventBus;
  readonly history: EventHistory;
  readonly health: HealthMonitor;
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

/** Subject of ConnectionRejected events whose access token matched no live event. */
const UNKNOWN_LIVE_EVENT = 'unknown';

/**
 * `InletRuntime` carries out what the live-event state machine decides (`LiveEventRuntime`), and joins
 * the layers around a running live event: ingest admission reads the catalog (`LiveEventDirectory`),
 * ingest reports go to the event bus and the event's `LiveEventPipeline` (`IngestObserver`), and the
 * HTTP layer finds previews and DVR archives here (`PreviewDirectory`, `AssetDirectory`).
 */
export class InletRuntime
  implements LiveEventRuntime, LiveEventDirectory, IngestObserver, PreviewDirectory, AssetDirectory
{
  readonly #o: InletRuntimeOptions;
  readonly #pipelines = new Map<string, LiveEventPipeline>();
  readonly #archives: LiveOutputArchives;
  #catalog: LiveEventCatalog | undefined;
  #ingest: IngestServer | undefined;
  #targets: AdmissionTarget[] = [];

  constructor(options: InletRuntimeOptions) {
    this.#o = options;
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
      this.#targets = catalog.list().map(admissionTarget);
    };
    refresh();
    catalog.onChange(refresh);
  }

  attachIngest(ingest: IngestServer): void {
    this.#ingest = ingest;
  }

  // LiveEventDirectory

  admissionTargets(): Iterable<AdmissionTarget> {
    return this.#targets;
  }

  /** The key frame interval of a live event, ms (its segment duration). */
  keyFrameIntervalMs(liveEventName: string): number {
    return this.#catalog?.get(liveEventName)?.keyFrameIntervalMs ?? 2000;
  }

  // LiveEventRuntime

  async start(event: LiveEvent): Promise<void> {
    const key = event.name.toLowerCase();
    if (this.#pipelines.has(key)) {
      return;
    }
    const p = this.#o.packager;
    const lowLatency = isLowLatency(event.streamOptions);
    const pipeline = new LiveEventPipeline({
      liveEventName: event.name,
      logger: this.#o.logger.child({ liveEvent: event.name }),
      bus: this.#o.bus,
      health: this.#o.health,
      lowLatency,
      keyFrameIntervalMs: parseIsoDuration(event.input.keyFrameIntervalDuration),
      partDurationMs: p.partDurationMs,
      windowMs: p.previewWindowMs,
      previewDir: p.segmentsOnDisk ? previewDirOf(this.#o.dataDir, event.name) : undefined,
      preview: p.preview,
    });
    this.#pipelines.set(key, pipeline);
    await this.#archives.eventStarted(key, pipeline);
    this.#o.logger.info({ liveEvent: event.name, lowLatency }, `live event ${event.name} running`);
  }

  async stop(event: LiveEvent, reason: LiveEventStopReason): Promise<void> {
    const key = event.name.toLowerCase();
    this.#ingest?.closeLiveEvent(
      event.name,
      reason,
      reason === 'MPI_REST_API_CHANNEL_RESET' ? 'live event reset' : 'live event stopped',
    );
    await this.#archives.eventStopped(key);
    this.#o.health.liveEventStopped(event.name);
    const pipeline = this.#pipelines.get(key);
    this.#pipelines.delete(key);
    await pipeline?.close();
    this.#o.logger.info({ liveEvent: event.name, reason }, `live event ${event.name} stopped (${reason})`);
  }

  async deleted(event: LiveEvent): Promise<void> {
    const key = event.name.toLowerCase();
    this.#archives.eventDeleted(key);
    this.#o.history.forget(event.name);
  }

  async startOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    await this.#o.ensureAsset?.(
      output.assetName,
      `live output '${output.name}' of live event '${event.name}'`,
    );
    const key = event.name.toLowerCase();
    await this.#archives.add(key, output, this.#pipelines.get(key));
  }

  async stopOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    await this.#archives.remove(event.name.toLowerCase(), output.name);
  }

  // IngestObserver

  connectionRejected(r: RejectionInfo): void {
    this.#o.bus.publish(
      'Microsoft.Media.LiveEventConnectionRejected',
      r.liveEventName ?? UNKNOWN_LIVE_EVENT,
      connectionRejectedData(r),
    );
  }

  encoderConnected(s: SessionInfo): void {
    this.#o.bus.publish(
      'Microsoft.Media.LiveEventEncoderConnected',
      s.liveEventName,
      encoderConnectedData(s),
    );
  }

  encoderDisconnected(
    s: SessionInfo,
    resultCode: ResultCodeValue,
    _reason: string,
    _counters: SessionCounters,
  ): void {
    this.#o.bus.publish(
      'Microsoft.Media.LiveEventEncoderDisconnected',
      s.liveEventName,
      encoderDisconnectedData(s, resultCode),
    );
  }

  openStream(liveEventName: string, streamName: string): StreamSink {
    const pipeline = this.#pipelines.get(liveEventName.toLowerCase());
    if (pipeline === undefined) {
      // Admission only lets Running events through, and Running events have a pipeline; an event
      // stopped at this very moment gets a sink that drops everything.
      return nullSink;
    }
    return pipeline.openStream(streamName);
  }

  dropReport(liveEventName: string, report: DropReport, track: Track): void {
    this.#pipelines.get(liveEventName.toLowerCase())?.dropReport(report, track);
  }

  // PreviewDirectory

  preview(liveEventName: string): PreviewLookup {
    const snapshot = this.#catalog?.get(liveEventName);
    if (snapshot === undefined) {
      return { kind: 'missing', reason: `no live event named "${liveEventName}"` };
    }
    const pipeline = this.#pipelines.get(liveEventName.toLowerCase());
    if (pipeline === undefined || snapshot.resourceState !== 'Running') {
      return {
        kind: 'missing',
        reason: `live event ${snapshot.name} is ${snapshot.resourceState}: its preview exists only while it is Running`,
      };
    }
    if (!pipeline.packaging) {
      return {
        kind: 'missing',
        reason: `live event ${snapshot.name} has no preview: Inlet runs ingest only (packager.preview is false) and no live output archives it`,
      };
    }
    return {
      kind: 'ok',
      route: pipeline.route,
      allows: (ip) => snapshot.previewAllow.allows(ip),
      packaging: {
        fragmentsPerTsSegment: isLowLatency(snapshot.streamOptions)
          ? 1
          : (this.#o.fragmentsPerTsSegment ?? 3),
        cors: corsPolicyOf(snapshot.event.crossSiteAccessPolicies),
        cacheKey: `preview/${snapshot.name.toLowerCase()}/${pipeline.runId}`,
        segmentTag: `${pipeline.runId}-`,
      },
    };
  }

  // AssetDirectory

  async asset(assetName: string): Promise<PresentationRoute | undefined> {
    return (await this.#archives.archive(assetName))?.route;
  }

  /** Stops every pipeline and archive (server shutdown; live events keep their stored state). */
  async close(): Promise<void> {
    await this.#archives.close();
    for (const pipeline of this.#pipelines.values()) {
      await pipeline.close();
    }
    this.#pipelines.clear();
  }
}

function admissionTarget(s: LiveEventSnapshot): AdmissionTarget {
  return {
    name: s.name,
    normalizedToken: s.accessTokenKey,
    allowList: s.allow,
    running: s.resourceState === 'Running',
    resourceState: s.resourceState,
    keyFrameIntervalMs: s.keyFrameIntervalMs,
  };
}

const nullSink: StreamSink = {
  trackAdded: () => undefined,
  trackReady: () => undefined,
  trackRevised: () => undefined,
  received: () => undefined,
  unit: () => undefined,
  fragment: () => undefined,
  dropped: () => undefined,
  discontinuity: () => undefined,
  idle: () => undefined,
  close: () => undefined,
};
