import type { Logger } from 'pino';
import type { Track } from '../media/track.js';
import type { InitSegment, Part, Segment, SegmentHead } from './rendition-window.js';
import type { SegmentStore } from './segment-store.js';

/**
 * `SegmentPublished` comes with every finished segment. Its bytes came before it, chunk by chunk
 * (`ChunkPublished`): the packager does not hold a whole segment to hand it on.
 */
export interface SegmentPublished {
  /** `now()` at publish − `now()` when the unit that closed the segment reached the packager, ms. */
  readonly latencyMs: number;
}

/**
 * `ChunkPublished` comes with every finished CMAF chunk (`moof` + `mdat`, ISO/IEC 23000-19 §7.3.3) of
 * the segment being built, with or without low latency: the segment's bytes are the `data` of its
 * chunks in order.
 */
export interface ChunkPublished {
  /** The segment the chunk belongs to, as known from its first sample. */
  readonly segment: SegmentHead;
  /**
   * The bytes the chunk adds to its segment: for the first chunk (`index` 0) the segment's `styp`, then
   * the `moof` + `mdat` header and the sample views (one buffer with low latency). Views of the received
   * messages: an observer that keeps them keeps those buffers alive.
   */
  readonly data: readonly Uint8Array[];
}

/** `PartPublished` comes with every finished LL-HLS part. */
export interface PartPublished {
  /** As `SegmentPublished.latencyMs`, for the unit that closed the part. */
  readonly latencyMs: number;
  /** Media sequence number of the segment the part belongs to. */
  readonly sequence: number;
  /** The part's bytes (`moof` + `mdat`). */
  readonly data: Uint8Array;
}

/**
 * `PackagerObserver` receives what a `PresentationPackager` publishes, in order per rendition, from inside
 * `onUnit` (keep handlers short; a handler that throws is logged and counted, never breaks the packager).
 * Every method is optional.
 */
export interface PackagerObserver {
  /** A new init version (first configuration, or a configuration change). */
  onInit?(renditionId: string, init: InitSegment): void;
  /**
   * A chunk of the segment being built is complete (`chunk` is its entry in the segment's `parts`): every
   * chunk of a segment comes before its `onSegment`. With low latency the chunk is also a part (`onPart`
   * follows).
   */
  onChunk?(renditionId: string, chunk: Part, info: ChunkPublished): void;
  /** A part of the pending segment is complete (low latency only). */
  onPart?(renditionId: string, part: Part, info: PartPublished): void;
  /** A segment is complete and listed in the window (its chunks came before, `onChunk`). */
  onSegment?(renditionId: string, segment: Segment, info: SegmentPublished): void;
  /** The rendition ended (`endRendition`): no more segments. */
  onEnded?(renditionId: string): void;
}

/** `PresentationPackagerOptions` configures a `PresentationPackager` (one per live event preview). */
export interface PresentationPackagerOptions {
  readonly logger: Logger;
  /** Cut segments into LL-HLS parts: the live event's `streamOptions` has `LowLatency` or `LowLatencyV2`. */
  readonly lowLatency: boolean;
  /** Part target duration, ms (LL-HLS `PART-TARGET`). Default 500. */
  readonly partDurationMs?: number;
  /**
   * Without low latency, the CMAF chunk target, ms: segments are cut into chunks of about this much
   * media, each handed to the store (and `onChunk`) when complete, so only the newest chunk's samples
   * wait in memory. They are not LL-HLS parts. Default 500. With low latency the chunks are the parts.
   */
  readonly chunkDurationMs?: number;
  /** Length of the listed window per rendition, ms (DASH `timeShiftBufferDepth`). Default 30000. */
  readonly windowMs?: number;
  /** The live event's `keyFrameIntervalDuration`, ms: the floor of the target duration. Default 2000. */
  readonly keyFrameIntervalMs?: number;
  /** Wall clock, ms since the epoch (`Date.now` by default): arrival times, program date times, latency. */
  readonly now?: () => number;
  /** The first observer (more with `addObserver`). */
  readonly observer?: PackagerObserver;
  /**
   * Where segments go besides memory (e.g. a `DiskSegmentStore` under `<dataDir>`), appended chunk by
   * chunk and finished with the segment. With a store, only the live edge stays in memory and older
   * window segments are served from the store. The packager
   * deletes what it stored as segments leave the window, and everything at `close`; the owner closes it.
   */
  readonly store?: SegmentStore;
  /**
   * With a store: the newest segments per rendition kept in memory besides those whose parts a low-latency
   * playlist lists. Default 0 (served from the store: the page cache holds what was just written).
   */
  readonly liveEdgeSegments?: number;
  /** Segments kept retrievable after leaving the listed window. Default 2. */
  readonly graceSegments?: number;
}

/** `RenditionOptions` declares one rendition of the presentation. */
export interface RenditionOptions {
  /**
   * Path-safe name chosen by the app (letters, digits, `.`, `_`, `-`; not starting with `.`), unique in
   * the presentation and stable across reconnects, e.g. `cam1-video`: it names the HTTP paths.
   */
  readonly id: string;
  readonly track: Track;
  /** Bits per second the encoder declared (sample entry `btrt`/`esds`); default `track.declaredBitrate`. */
  readonly declaredBitrate?: number;
  /** Frames per second (video), when the encoder declared it: nominal frame duration, manifests. */
  readonly frameRate?: number;
  /** BCP-47 language of an audio rendition. */
  readonly language?: string;
  /**
   * Renditions fed from one `StreamTimeline` share a mapping of output ms to the wall clock (see
   * `WallClockGroup`). Default: one group for the whole presentation, which is right for one encoder and
   * tolerable for several.
   */
  readonly clockGroup?: string;
}

/** `PackagerStats` are counters of a `PresentationPackager` since it was created. */
export interface PackagerStats {
  readonly segments: number;
  readonly parts: number;
  /** Units dropped: not increasing, not starting with a key frame, unknown rendition, after the end. */
  readonly droppedUnits: number;
  /** Observer or change listener calls that threw. */
  readonly listenerErrors: number;
  /** Bytes of segments and parts held in memory now. */
  readonly memoryBytes: number;
}
