import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { LiveEventEventMap, LiveEventEventType } from '../events/live-event-event-types.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { LiveEventHealth } from '../health/live-event-health.js';
import { liveEventKey, type LiveEventKey } from '../lib/names/live-event-key.js';
import { defaultMediaNaming, type MediaNaming } from '../outputs/media-naming.js';
import { DiskSegmentStore } from '../packager/disk-segment-store.js';
import { announcePackager } from '../packager/packager-diagnostics.js';
import { PresentationPackager } from '../packager/presentation-packager.js';
import type { WriteBudget } from '../packager/write-budget.js';
import { LiveStream } from './live-stream.js';
import { ResultCode, type ResultCodeValue } from './result-codes.js';

/** `RunningLiveEventOptions` configures one running live event. */
export interface RunningLiveEventOptions {
  readonly name: string;
  readonly logger: Logger;
  readonly bus: EventBus;
  /** The live event's health is opened here and closed with the event. */
  readonly health: HealthMonitor;
  readonly lowLatency: boolean;
  /** `input.keyFrameIntervalDuration`, ms: the fragment (segment) duration of its streams. */
  readonly keyFrameIntervalMs: number;
  readonly partDurationMs: number;
  readonly windowMs: number;
  /** Directory for preview segments outside the in-memory live edge; undefined keeps all in memory. */
  readonly previewDir: string | undefined;
  /** The bound the preview store shares with the other live events' (see `WriteBudget`). */
  readonly writeBudget?: WriteBudget;
  /**
   * Package a preview (`packager.preview`). When false the event is ingest only (health and events)
   * and packages only while a live output archives it.
   */
  readonly preview: boolean;
  /** Wall clock, ms. */
  readonly now?: () => number;
}

/**
 * `previewNaming` is the preview's URL naming with a run id in every media file name: a live event
 * that stops and starts again begins a new run whose segment numbers may repeat, and the run id keeps
 * the URLs (which CDNs may cache for long) distinct.
 */
export function previewNaming(runId: string): MediaNaming {
  return {
    init: `{rendition}/${runId}-init-{init}.mp4`,
    segment: `{rendition}/${runId}-{sequence}.m4s`,
    part: `{rendition}/${runId}-{sequence}.{part}.m4s`,
    mediaPlaylist: defaultMediaNaming.mediaPlaylist,
  };
}

/**
 * `RunningLiveEvent` is the one owner of a running live event's state: its `LiveStream`s (one per
 * stream name, each owning its timeline, fragmenter and tracks), its health, its CMAF packager (one
 * presentation: every stream name adds renditions) and the preview files on disk. Ingest adapters get
 * a stream with `stream(name)`; `endIngest` and `close` cascade to everything it owns.
 */
export class RunningLiveEvent {
  readonly name: string;
  readonly key: LiveEventKey;
  readonly logger: Logger;
  readonly keyFrameIntervalMs: number;
  readonly health: LiveEventHealth;
  readonly packager: PresentationPackager;
  /** Names this run of the live event in media URLs (see `previewNaming`). */
  readonly runId = Date.now().toString(36);
  readonly now: () => number;
  readonly #o: RunningLiveEventOptions;
  readonly #store: DiskSegmentStore | undefined;
  readonly #streams = new Map<string, LiveStream>();
  readonly #trackNames = new Set<string>();
  #archives = 0;
  #ingestEnded = false;
  #closed = false;

  constructor(options: RunningLiveEventOptions) {
    this.#o = options;
    this.name = options.name;
    this.key = liveEventKey(options.name);
    this.logger = options.logger;
    this.keyFrameIntervalMs = options.keyFrameIntervalMs;
    this.now = options.now ?? Date.now;
    const health = options.health.liveEventStarted(options.name);
    this.health = health;
    this.#store =
      options.previewDir === undefined
        ? undefined
        : new DiskSegmentStore({
            dir: options.previewDir,
            logger: options.logger,
            // Only this store reads the preview directory: write in place, after removing what a crashed
            // run left.
            atomic: false,
            emptyFirst: true,
            ...(options.writeBudget === undefined ? {} : { budget: options.writeBudget }),
          });
    this.packager = new PresentationPackager({
      logger: options.logger,
      lowLatency: options.lowLatency,
      partDurationMs: options.partDurationMs,
      windowMs: options.windowMs,
      keyFrameIntervalMs: options.keyFrameIntervalMs,
      ...(this.#store === undefined ? {} : { store: this.#store }),
      observer: {
        onSegment: (_id, _segment, info) => health.segmentPublished(info.latencyMs),
        onPart: (_id, _part, info) => health.segmentPublished(info.latencyMs),
      },
    });
    announcePackager(options.name, this.packager);
  }

  /** The preview's URL naming of this run. */
  get naming(): MediaNaming {
    return previewNaming(this.runId);
  }

  /** True while the packager is fed: a preview is configured, or a live output archives the event. */
  get packaging(): boolean {
    return this.#o.preview || this.#archives > 0;
  }

  /**
   * The stream named `streamName`, made on its first publish; `undefined` once ingest ended (the event
   * is stopping).
   */
  stream(streamName: string): LiveStream | undefined {
    if (this.#ingestEnded) {
      return undefined;
    }
    let stream = this.#streams.get(streamName);
    if (stream === undefined) {
      stream = new LiveStream(this, streamName);
      this.#streams.set(streamName, stream);
    }
    return stream;
  }

  /** The live event's streams. */
  streams(): IterableIterator<LiveStream> {
    return this.#streams.values();
  }

  /** Makes `<kind>_<bitrate>` unique within the live event (`video_3000000`, `video_3000000_2`). */
  claimTrackName(base: string): string {
    let name = base;
    for (let n = 2; this.#trackNames.has(name); n++) {
      name = `${base}_${n}`;
    }
    this.#trackNames.add(name);
    return name;
  }

  /** Publishes one of the live event's events (its name is the subject). */
  publish<K extends LiveEventEventType>(eventType: K, data: LiveEventEventMap[K]): void {
    this.#o.bus.publish(eventType, this.name, data);
  }

  /** A live output starts archiving this event (the packager is fed from each track's next fragment). */
  archiveStarted(): void {
    this.#archives++;
  }

  /** A live output stopped archiving; without a preview the packager is no longer fed. */
  archiveStopped(): void {
    this.#archives = Math.max(0, this.#archives - 1);
    if (!this.packaging) {
      for (const stream of this.#streams.values()) {
        stream.stopPackaging();
      }
    }
  }

  /**
   * Ends ingest: every publisher is disconnected with `code` and the streams are discarded (timelines,
   * fragmenters, track names); no new stream opens. Idempotent.
   */
  endIngest(code: ResultCodeValue, reason: string): void {
    if (this.#ingestEnded) {
      return;
    }
    this.#ingestEnded = true;
    for (const stream of this.#streams.values()) {
      stream.close(code, reason);
    }
    this.#streams.clear();
    this.#trackNames.clear();
  }

  /**
   * Ends the live event: ingest ends (`MPI_SYSTEM_MAINTENANCE` unless `endIngest` ran), heartbeats stop,
   * the packager's windows and preview files go away. Idempotent.
   */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.endIngest(ResultCode.systemMaintenance, 'server shutting down');
    this.health.close();
    this.packager.close();
    if (this.#store !== undefined) {
      await this.#store.close();
      if (this.#o.previewDir !== undefined) {
        await rm(this.#o.previewDir, { recursive: true, force: true });
      }
    }
  }
}

/** `previewDirOf` is where a live event's preview segments live on disk. */
export function previewDirOf(dataDir: string, key: LiveEventKey): string {
  return join(dataDir, 'preview', key);
}
