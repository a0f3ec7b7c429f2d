import pino from 'pino';
import { StreamFragmenter } from '../../media/stream-fragmenter.js';
import { StreamTimeline } from '../../media/stream-timeline.js';
import type { Track } from '../../media/track.js';
import type { PresentationPackagerOptions, SegmentPublished } from '../packager-types.js';
import { PresentationPackager } from '../presentation-packager.js';
import type { Part, Segment } from '../rendition-window.js';
import type { SentUnit } from './synthetic-encoder.js';

/** `T0` is the test wall clock at encoder time 0: 2024-01-01T12:00:00Z. */
export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/**
 * `PublishedSegment` is a published segment with its bytes (the `data` of its chunks, in order) and
 * latency, as an observer saw it.
 */
export interface PublishedSegment {
  readonly segment: Segment;
  readonly chunks: readonly Uint8Array[];
  readonly latencyMs: number;
}

/** `PublishedChunk` is a published CMAF chunk with the bytes it added to its segment. */
export interface PublishedChunk {
  readonly sequence: number;
  readonly chunk: Part;
  readonly data: readonly Uint8Array[];
}

/** `PublishedPart` is a published part with its bytes. */
export interface PublishedPart {
  readonly sequence: number;
  readonly part: Part;
  readonly data: Uint8Array;
}

/** `ReleasedUnit` is a unit as the fragmenter released it to the packager. */
export interface ReleasedUnit {
  readonly dts: number;
  readonly pts: number;
  readonly keyframe: boolean;
  readonly size: number;
  readonly fragmentStart: boolean;
  readonly discontinuity: boolean;
}

/** `PackagerPipelineOptions` configures a `PackagerPipeline`. */
export interface PackagerPipelineOptions {
  readonly video?: Track;
  readonly audio?: Track;
  readonly fps?: number;
  readonly keyFrameIntervalMs?: number;
  readonly packager?: Partial<Omit<PresentationPackagerOptions, 'logger' | 'now'>>;
  /** Keep every published segment's bytes (default true; off for long runs). */
  readonly keepBytes?: boolean;
}

/**
 * `PackagerPipeline` is the real ingest chain after the wire: `StreamTimeline` → `StreamFragmenter` →
 * `PresentationPackager`, with renditions named after their tracks (`video`, `audio`), a wall clock that
 * follows encoder time from `T0`, and a log of everything published.
 */
export class PackagerPipeline {
  readonly timeline = new StreamTimeline();
  readonly fragmenter: StreamFragmenter;
  readonly packager: PresentationPackager;
  readonly segments = new Map<string, PublishedSegment[]>();
  readonly parts = new Map<string, PublishedPart[]>();
  readonly chunks = new Map<string, PublishedChunk[]>();
  readonly released = new Map<string, ReleasedUnit[]>();
  readonly ids: string[] = [];
  /** Wall-clock offset added to encoder time (advance it to simulate an outage). */
  wallOffset = 0;
  #wall = T0;

  constructor(options: PackagerPipelineOptions) {
    const keyFrameIntervalMs = options.keyFrameIntervalMs ?? 2000;
    const keep = options.keepBytes ?? true;
    this.packager = new PresentationPackager({
      logger: pino({ level: 'silent' }),
      lowLatency: false,
      keyFrameIntervalMs,
      ...options.packager,
      now: () => this.#wall,
      observer: {
        onChunk: (id, chunk, info) => {
          const list = this.chunks.get(id) ?? [];
          list.push({ sequence: info.segment.sequence, chunk, data: keep ? info.data : [] });
          this.chunks.set(id, list);
        },
        onSegment: (id, segment, info: SegmentPublished) => {
          const list = this.segments.get(id) ?? [];
          const own = (this.chunks.get(id) ?? []).filter((c) => c.sequence === segment.sequence);
          list.push({ segment, chunks: own.flatMap((c) => c.data), latencyMs: info.latencyMs });
          this.segments.set(id, list);
          if (!keep) {
            this.chunks.set(id, []);
          }
        },
        onPart: (id, part, info) => {
          const list = this.parts.get(id) ?? [];
          list.push({ sequence: info.sequence, part, data: keep ? info.data : new Uint8Array(0) });
          this.parts.set(id, list);
        },
      },
    });
    const forward = this.packager.fragmenterObserver();
    this.fragmenter = new StreamFragmenter({
      keyFrameIntervalMs,
      observer: {
        onUnit: (trackId, au, info) => {
          const list = this.released.get(trackId) ?? [];
          const { dts, pts, keyframe } = au;
          list.push({ dts, pts, keyframe, size: au.data.byteLength, ...info });
          this.released.set(trackId, list);
          forward.onUnit(trackId, au, info);
        },
        onFragment: (trackId, fragment) => forward.onFragment(trackId, fragment),
      },
    });
    const fps = options.fps ?? 30;
    if (options.video !== undefined) {
      this.timeline.addTrack('video', { nominalFrameDuration: 1000 / fps, learnFrameDuration: true });
      this.fragmenter.addTrack({ id: 'video', kind: 'video', frameDuration: 1000 / fps });
      this.packager.addRendition({ id: 'video', track: options.video, frameRate: fps });
      this.ids.push('video');
    }
    if (options.audio !== undefined) {
      const config = options.audio.config;
      const frame = config.kind === 'audio' ? (config.samplesPerFrame * 1000) / config.sampleRate : 0;
      this.timeline.addTrack('audio', { nominalFrameDuration: frame, learnFrameDuration: false });
      this.fragmenter.addTrack({ id: 'audio', kind: 'audio', frameDuration: frame });
      this.packager.addRendition({ id: 'audio', track: options.audio, language: 'eng' });
      this.ids.push('audio');
    }
  }

  /** Pushes encoder output through the chain. */
  push(units: Iterable<SentUnit>): void {
    for (const u of units) {
      this.#wall = T0 + this.wallOffset + Math.round(u.e);
      const verdict = this.timeline.push(u.track, u.raw, u.cts);
      if (verdict.kind === 'ok' || verdict.kind === 'discontinuity') {
        this.fragmenter.push(
          { trackId: u.track, dts: verdict.dts, pts: verdict.pts, keyframe: u.keyframe, data: u.data },
          verdict.epoch,
        );
      }
    }
  }

  /** The encoder reconnected: a new timeline session. */
  restart(): void {
    this.timeline.restart();
  }

  /** A new decoder configuration for the track of the same kind. */
  changeConfig(track: Track): void {
    this.packager.updateTrack(track.id, track);
    const config = track.config;
    this.fragmenter.configChanged(
      track.id,
      config.kind === 'audio' ? (config.samplesPerFrame * 1000) / config.sampleRate : undefined,
    );
  }

  /** End of stream: flush the fragmenter and close every rendition's last segment. */
  end(ended = false): void {
    this.fragmenter.flush();
    for (const id of this.ids) {
      if (ended) {
        this.packager.endRendition(id);
      } else {
        this.packager.endOfStream(id);
      }
    }
  }

  /** Everything published for rendition `id`. */
  published(id: string): PublishedSegment[] {
    return this.segments.get(id) ?? [];
  }
}
