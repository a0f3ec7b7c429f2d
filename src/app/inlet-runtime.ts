import { mkdir, writeFile } from 'node:fs/promises';
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
import { readJsonFile } from '../lib/fs/atomic-write.js';
import { parseIsoDuration } from '../lib/time/iso-duration.js';
import type { LiveEventCatalog, LiveEventSnapshot } from '../live-events/live-event-catalog.js';
import type { LiveEvent, LiveOutputRecord } from '../live-events/live-event-record.js';
import type { LiveEventRuntime, LiveEventStopReason } from '../live-events/live-event-runtime.js';
import type { DropReport } from '../media/drop-aggregator.js';
import type { Track } from '../media/track.js';
import { ARCHIVE_INDEX_FILE, decodeArchiveIndex } from '../packager/archive-index.js';
import { ArchiveWriter } from '../packager/archive-writer.js';
import { isLowLatency } from '../packager/low-latency.js';
import {
  connectionRejectedData,
  encoderConnectedData,
  encoderDisconnectedData,
} from './ingest-event-data.js';
import { archiveRoute, openFinishedArchive, type FinishedArchive } from './archive-route.js';
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
}

interface OutputEntry {
  readonly output: LiveOutputRecord;
  writer: ArchiveWriter | undefined;
  /** The pipeline this output's archive is fed from, while it archives. */
  pipeline?: LiveEventPipeline | undefined;
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
  readonly #outputs = new Map<string, Map<string, OutputEntry>>();
  readonly #archives = new Map<string, FinishedArchive>();
  #catalog: LiveEventCatalog | undefined;
  #ingest: IngestServer | undefined;
  #targets: AdmissionTarget[] = [];

  constructor(options: InletRuntimeOptions) {
    this.#o = options;
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
    for (const entry of this.#outputs.get(key)?.values() ?? []) {
      await this.#openArchive(pipeline, entry);
    }
    this.#o.logger.info({ liveEvent: event.name, lowLatency }, `live event ${event.name} running`);
  }

  async stop(event: LiveEvent, reason: LiveEventStopReason): Promise<void> {
    const key = event.name.toLowerCase();
    this.#ingest?.closeLiveEvent(
      event.name,
      reason,
      reason === 'MPI_REST_API_CHANNEL_RESET' ? 'live event reset' : 'live event stopped',
    );
    for (const entry of this.#outputs.get(key)?.values() ?? []) {
      await this.#closeArchive(entry, false);
    }
    this.#o.health.liveEventStopped(event.name);
    const pipeline = this.#pipelines.get(key);
    this.#pipelines.delete(key);
    await pipeline?.close();
    this.#o.logger.info({ liveEvent: event.name, reason }, `live event ${event.name} stopped (${reason})`);
  }

  async deleted(event: LiveEvent): Promise<void> {
    const key = event.name.toLowerCase();
    this.#outputs.delete(key);
    this.#o.history.forget(event.name);
  }

  async startOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    await this.#assertNotFinished(output.assetName);
    const key = event.name.toLowerCase();
    let outputs = this.#outputs.get(key);
    if (outputs === undefined) {
      outputs = new Map();
      this.#outputs.set(key, outputs);
    }
    const entry: OutputEntry = { output, writer: undefined };
    outputs.set(output.name.toLowerCase(), entry);
    this.#archives.delete(output.assetName.toLowerCase());
    const pipeline = this.#pipelines.get(key);
    if (pipeline !== undefined) {
      await this.#openArchive(pipeline, entry);
    }
  }

  async stopOutput(event: LiveEvent, output: LiveOutputRecord): Promise<void> {
    const outputs = this.#outputs.get(event.name.toLowerCase());
    const entry = outputs?.get(output.name.toLowerCase());
    outputs?.delete(output.name.toLowerCase());
    if (entry !== undefined) {
      await this.#closeArchive(entry, true);
    }
  }

  #assetDir(assetName: string): string {
    return join(this.#o.dataDir, 'assets', assetName);
  }

  /**
   * Refuses an asset holding a finished archive (the VOD of a deleted live output) before the output is
   * registered: otherwise the output of a stopped event would be accepted and every later start of the
   * event would fail when `ArchiveWriter.open` refuses the archive. A missing or unreadable index is
   * left to `ArchiveWriter.open`.
   */
  async #assertNotFinished(assetName: string): Promise<void> {
    const path = join(this.#assetDir(assetName), ARCHIVE_INDEX_FILE);
    let ended = false;
    try {
      ended = decodeArchiveIndex(await readJsonFile(path), path).ended;
    } catch {
      return;
    }
    if (ended) {
      throw new Error(
        `asset '${assetName}' holds the finished archive of an earlier live output; record into another asset name`,
      );
    }
  }

  async #openArchive(pipeline: LiveEventPipeline, entry: OutputEntry): Promise<void> {
    const dir = this.#assetDir(entry.output.assetName);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, 'asset.json'), JSON.stringify({ manifestName: entry.output.manifestName }));
    entry.writer = await ArchiveWriter.open({
      source: pipeline.packager,
      dir,
      archiveWindowMs: parseIsoDuration(entry.output.archiveWindowLength),
      logger: this.#o.logger.child({ asset: entry.output.assetName }),
    });
    entry.pipeline = pipeline;
    pipeline.archiveStarted();
    this.#o.logger.info(
      { asset: entry.output.assetName, liveOutput: entry.output.name },
      `archiving to asset ${entry.output.assetName}`,
    );
  }

  /** Ends an archive: `finish` turns it into a VOD presentation; otherwise it can be resumed later. */
  async #closeArchive(entry: OutputEntry, finish: boolean): Promise<void> {
    const writer = entry.writer;
    entry.writer = undefined;
    entry.pipeline?.archiveStopped();
    entry.pipeline = undefined;
    if (writer === undefined) {
      return;
    }
    await (finish ? writer.finish() : writer.close());
    this.#archives.delete(entry.output.assetName.toLowerCase());
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
    return { kind: 'ok', route: pipeline.route, allows: (ip) => snapshot.previewAllow.allows(ip) };
  }

  // AssetDirectory

  async asset(assetName: string): Promise<PresentationRoute | undefined> {
    const key = assetName.toLowerCase();
    for (const outputs of this.#outputs.values()) {
      for (const entry of outputs.values()) {
        const writer = entry.writer;
        if (entry.output.assetName.toLowerCase() === key && writer !== undefined) {
          return archiveRoute(() => writer.window(), writer, entry.output.manifestName);
        }
      }
    }
    const cached = this.#archives.get(key);
    if (cached !== undefined) {
      return cached.route;
    }
    const archive = await openFinishedArchive(this.#assetDir(assetName));
    if (archive !== undefined) {
      this.#archives.set(key, archive);
    }
    return archive?.route;
  }

  /** Stops every pipeline and archive (server shutdown; live events keep their stored state). */
  async close(): Promise<void> {
    for (const outputs of this.#outputs.values()) {
      for (const entry of outputs.values()) {
        await this.#closeArchive(entry, false);
      }
    }
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
