import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { EventBus } from '../events/event-bus.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { TrackHealthHandle } from '../health/health-types.js';
import type { PresentationRoute } from '../http/presentation-handler.js';
import type { SessionInfo, StreamSink } from '../ingest/ingest-types.js';
import type { DropReport } from '../media/drop-aggregator.js';
import type { Track } from '../media/track.js';
import { defaultMediaNaming, type MediaNaming } from '../outputs/media-naming.js';
import { DiskSegmentStore } from '../packager/disk-segment-store.js';
import { PresentationPackager } from '../packager/presentation-packager.js';
import type { SegmentStore } from '../packager/segment-store.js';
import { dataChunkDroppedData, discontinuityData, incomingStreamReceivedData } from './ingest-event-data.js';

/** `PipelineOptions` configures the media pipeline of one running live event. */
export interface PipelineOptions {
  readonly liveEventName: string;
  readonly logger: Logger;
  readonly bus: EventBus;
  readonly health: HealthMonitor;
  readonly lowLatency: boolean;
  readonly keyFrameIntervalMs: number;
  readonly partDurationMs: number;
  readonly windowMs: number;
  /** Directory for preview segments outside the in-memory live edge; undefined keeps all in memory. */
  readonly previewDir: string | undefined;
  /**
   * Package a preview (`packager.preview`). When false the pipeline is ingest only (health and events)
   * and packages only while a live output archives the event.
   */
  readonly preview: boolean;
}

interface TrackState {
  track: Track;
  streamName: string;
  bitrate: number;
  health: TrackHealthHandle;
  named: boolean;
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
 * `LiveEventPipeline` is the media path of one running live event: it receives its ingest streams
 * (`StreamSink`s), feeds the CMAF packager and the health monitor, and publishes the stream events
 * (`IncomingStreamReceived`, `TrackDiscontinuityDetected`, `IncomingDataChunkDropped`). One packager
 * serves the whole presentation: every stream name contributes its renditions (multi-bitrate).
 */
export class LiveEventPipeline {
  readonly packager: PresentationPackager;
  readonly route: PresentationRoute;
  /** Names this run of the live event in media URLs (see `previewNaming`). */
  readonly runId = Date.now().toString(36);
  readonly #o: PipelineOptions;
  readonly #store: DiskSegmentStore | undefined;
  readonly #tracks = new Map<string, TrackState>();
  #closed = false;
  #archives = 0;
  /** Tracks whose units go to the packager: from a fragment start on, while packaging is wanted. */
  readonly #forwarding = new Set<string>();
  /** Tracks the packager has seen; when their feed resumes, the packager is told of the gap. */
  readonly #fedBefore = new Set<string>();

  constructor(options: PipelineOptions) {
    this.#o = options;
    this.#store =
      options.previewDir === undefined
        ? undefined
        : new DiskSegmentStore({ dir: options.previewDir, logger: options.logger });
    const store: SegmentStore | undefined = this.#store;
    this.packager = new PresentationPackager({
      logger: options.logger,
      lowLatency: options.lowLatency,
      partDurationMs: options.partDurationMs,
      windowMs: options.windowMs,
      keyFrameIntervalMs: options.keyFrameIntervalMs,
      ...(store === undefined ? {} : { store }),
      observer: {
        onSegment: (_id, _segment, info) =>
          options.health.segmentPublished(options.liveEventName, info.latencyMs),
        onPart: (_id, _part, info) => options.health.segmentPublished(options.liveEventName, info.latencyMs),
      },
    });
    this.route = {
      reader: this.packager,
      naming: previewNaming(this.runId),
      hlsName: 'index.m3u8',
      dashName: 'index.mpd',
    };
  }

  /** True while the packager is fed: a preview is configured, or a live output archives the event. */
  get packaging(): boolean {
    return this.#o.preview || this.#archives > 0;
  }

  /** A live output starts archiving this event (the packager is fed from each track's next fragment). */
  archiveStarted(): void {
    this.#archives++;
  }

  /** A live output stopped archiving; without a preview the packager is no longer fed. */
  archiveStopped(): void {
    this.#archives = Math.max(0, this.#archives - 1);
    if (!this.packaging) {
      for (const id of this.#forwarding) {
        this.packager.endOfStream(id);
      }
      this.#forwarding.clear();
    }
  }

  get liveEventName(): string {
    return this.#o.liveEventName;
  }

  /** The sink of one ingest stream (called by the ingest layer on the first publish of a stream name). */
  openStream(streamName: string): StreamSink {
    const o = this.#o;
    const bus = o.bus;
    const name = o.liveEventName;
    const tracks = this.#tracks;
    const packager = this.packager;
    const isClosed = (): boolean => this.#closed;
    const isPackaging = (): boolean => this.packaging;
    const forwarding = this.#forwarding;
    const fedBefore = this.#fedBefore;
    const streamTracks: string[] = [];
    return {
      trackAdded(track: Track, facts): void {
        if (isClosed()) {
          return;
        }
        streamTracks.push(track.id);
        tracks.set(track.id, {
          track,
          streamName,
          bitrate: track.declaredBitrate ?? 0,
          named: false,
          health: o.health.trackStarted({
            liveEventName: name,
            streamName,
            trackId: track.id,
            trackType: track.kind,
            trackName: track.name,
            declaredBitrate: track.declaredBitrate,
            timescale: track.timescale,
          }),
        });
        packager.addRendition({
          id: track.id,
          track,
          ...(track.declaredBitrate === undefined ? {} : { declaredBitrate: track.declaredBitrate }),
          ...(facts.frameRate === undefined ? {} : { frameRate: facts.frameRate }),
        });
      },
      trackReady(track: Track, first, session: SessionInfo | undefined): void {
        const state = tracks.get(track.id);
        if (state === undefined || isClosed()) {
          return;
        }
        state.track = track;
        state.bitrate = first.bitrate;
        state.named = true;
        state.health.rename(track.name);
        if (session !== undefined) {
          bus.publish(
            'Microsoft.Media.LiveEventIncomingStreamReceived',
            name,
            incomingStreamReceivedData(session, track, first.fragment, first.bitrate),
          );
        }
      },
      trackRevised(track: Track): void {
        const state = tracks.get(track.id);
        if (state !== undefined) {
          state.track = { ...track, name: state.named ? state.track.name : track.name };
        }
        packager.updateTrack(track.id, track);
      },
      received(trackId, inputTimestamp, bytes, arrivalMs): void {
        tracks.get(trackId)?.health.unitAccepted(inputTimestamp, bytes, arrivalMs);
      },
      unit(trackId, au, info): void {
        if (!forwarding.has(trackId)) {
          // Packaging starts on a fragment boundary: a segment must begin with its fragment's first unit.
          if (!info.fragmentStart || !isPackaging()) {
            return;
          }
          forwarding.add(trackId);
          if (fedBefore.has(trackId)) {
            packager.onUnit(trackId, au, { fragmentStart: true, discontinuity: true });
            return;
          }
          fedBefore.add(trackId);
        }
        packager.onUnit(trackId, au, info);
      },
      fragment(trackId, fragment, inputOffset): void {
        if (forwarding.has(trackId)) {
          packager.onFragment(trackId, fragment);
        }
        tracks.get(trackId)?.health.fragmentClosed({ t: fragment.t - inputOffset, d: fragment.d });
      },
      dropped(trackId, drop): void {
        tracks.get(trackId)?.health.unitDropped(drop.kind);
      },
      discontinuity(trackId, _track, d): void {
        const state = tracks.get(trackId);
        if (state === undefined) {
          return;
        }
        state.health.discontinuity(d);
        bus.publish(
          'Microsoft.Media.LiveEventTrackDiscontinuityDetected',
          name,
          discontinuityData(state.track, state.bitrate, d),
        );
      },
      idle(): void {
        for (const id of streamTracks) {
          if (forwarding.delete(id)) {
            packager.endOfStream(id);
          }
        }
        o.health.sessionEnded(name, streamName);
      },
      close(): void {
        for (const id of streamTracks) {
          if (forwarding.delete(id)) {
            packager.endOfStream(id);
          }
        }
      },
    };
  }

  /** Publishes an aggregated drop report of one of this event's tracks. */
  dropReport(report: DropReport, track: Track): void {
    const state = this.#tracks.get(report.trackId);
    const current = state?.track ?? track;
    this.#o.bus.publish(
      'Microsoft.Media.LiveEventIncomingDataChunkDropped',
      this.#o.liveEventName,
      dataChunkDroppedData(current, state?.bitrate ?? 0, report),
    );
  }

  /** Ends the pipeline: the packager's windows and preview files go away. Idempotent. */
  async close(): Promise<void> {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
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
export function previewDirOf(dataDir: string, liveEventName: string): string {
  return join(dataDir, 'preview', liveEventName.toLowerCase());
}
