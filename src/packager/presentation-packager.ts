import type { Logger } from 'pino';
import type { AccessUnit } from '../media/access-unit.js';
import type { Fragment } from '../media/fragment.js';
import type { FragmentUnitInfo, StreamFragmenterObserver } from '../media/stream-fragmenter-types.js';
import type { Track } from '../media/track.js';
import type {
  PackagerObserver,
  PackagerStats,
  PresentationPackagerOptions,
  RenditionOptions,
} from './packager-types.js';
import { RenditionPackager } from './rendition-packager.js';
import type { RenditionCounters, RenditionEvents } from './rendition-packager-types.js';
import type { PresentationWindow, RenditionWindow } from './rendition-window.js';
import { WallClockGroup } from './wall-clock-group.js';

/** Defaults: see `PresentationPackagerOptions`. */
const DEFAULT_PART_DURATION_MS = 500;
const DEFAULT_CHUNK_DURATION_MS = 500;
const DEFAULT_WINDOW_MS = 30_000;
const DEFAULT_KEY_FRAME_INTERVAL_MS = 2000;
/**
 * With a store, no finished segment keeps its bytes in memory by default: the store holds a segment until
 * it is written, the page cache after that. Low-latency renditions keep the parts a playlist lists.
 */
const DEFAULT_LIVE_EDGE_SEGMENTS = 0;
/** Two segments: a player that fetched the playlist just before a slide still gets what it lists. */
const DEFAULT_GRACE_SEGMENTS = 2;
const DEFAULT_CLOCK_GROUP = '';
/** Path-safe rendition ids: one URL path segment, never `.` or `..`. */
const RENDITION_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}$/;

/**
 * `PresentationPackager` turns the released units of a live event's renditions into CMAF init segments,
 * segments and LL-HLS parts, and keeps a rolling `PresentationWindow` for the HLS/DASH builders. Feed it
 * from a `StreamFragmenter` (`fragmenterObserver`); read it from the HTTP layer.
 *
 * Segments follow the fragment timeline: a segment starts at a fragment start (video: a key frame, after
 * at least the key frame interval; audio: at the same times) and is complete when the first unit of the
 * next fragment arrives. Time: video in 90 kHz (`ms × 90`, exact), audio in samples (see `AudioClock`);
 * `tfdt` is 64-bit, composition offsets signed, flags from `keyframe`, `mfhd` counts chunks per rendition.
 * A discontinuity (reconnect, rebase, configuration change, `endOfStream`) closes the segment and marks
 * the next one; sequence numbers never reset, not even across `remove` + `addRendition` of the same id.
 *
 * Target duration: the longest segment rounded to the nearest second (RFC 8216bis §4.4.3.1: "the EXTINF
 * duration of each Media Segment ..., when rounded to the nearest integer, MUST be less than or equal to
 * the Target Duration"; AAC segments aligned to 2 s video cuts last up to 2.0053 s), never below the key
 * frame interval rounded up, never decreasing.
 *
 * Latency: `now()` is read once per unit and twice per publish; `PackagerObserver.onSegment`/`onPart`
 * report publish time − arrival of the unit that closed the piece.
 *
 * Memory: every segment is cut into CMAF chunks (`chunkDurationMs`, or the parts with low latency), each
 * handed to the store and the observers as soon as it is complete. Without a store the 30 s window plus 2
 * grace segments stay in memory (13.1 MB per encoder of 3 Mbit/s video + 128 kbit/s audio with 2 s
 * segments, `npm run bench:packager`). With a store and without low latency the packager holds only the
 * samples of the chunk being built per rendition (at most `chunkDurationMs` of media), plus what the
 * store still has queued for the disk; with low latency, the parts of the last three target durations
 * (RFC 8216bis §6.2.2). Sample payloads are views of the received messages, so what is held also keeps
 * those message buffers alive.
 */
export class PresentationPackager {
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #options: PresentationPackagerOptions;
  readonly #renditions = new Map<string, RenditionPackager>();
  readonly #retired = new Map<string, RenditionCounters>();
  readonly #clocks = new Map<string, WallClockGroup>();
  readonly #observers: PackagerObserver[] = [];
  readonly #listeners = new Set<(renditionId: string) => void>();
  readonly #events: RenditionEvents;
  #availabilityStartTime: number;
  #started = false;
  #publishTime: number;
  #presentation: PresentationWindow | undefined;
  #segments = 0;
  #parts = 0;
  #dropped = 0;
  #listenerErrors = 0;
  #closed = false;

  constructor(options: PresentationPackagerOptions) {
    this.#options = options;
    this.#logger = options.logger;
    this.#now = options.now ?? Date.now;
    this.#availabilityStartTime = this.#now();
    this.#publishTime = this.#availabilityStartTime;
    if (options.observer !== undefined) {
      this.#observers.push(options.observer);
    }
    this.#events = {
      init: (id, init) => this.#notify((o) => o.onInit?.(id, init)),
      chunk: (id, chunk, info) => this.#notify((o) => o.onChunk?.(id, chunk, info)),
      part: (id, part, info) => {
        this.#parts++;
        this.#notify((o) => o.onPart?.(id, part, info));
      },
      segment: (id, segment, info) => {
        this.#segments++;
        this.#notify((o) => o.onSegment?.(id, segment, info));
      },
      ended: (id) => this.#notify((o) => o.onEnded?.(id)),
      changed: (id) => this.#changed(id),
    };
  }

  /** Adds a rendition; throws for a malformed or duplicate id (a programming error, not bad media). */
  addRendition(options: RenditionOptions): void {
    const { id } = options;
    if (!RENDITION_ID.test(id) || id === '.' || id === '..') {
      throw new Error(`rendition id '${id}' is not path-safe: use letters, digits, '.', '_' and '-'`);
    }
    if (this.#renditions.has(id)) {
      throw new Error(`rendition ${id} already exists: use updateTrack for a new configuration`);
    }
    if (this.#closed) {
      return;
    }
    const o = this.#options;
    const group = options.clockGroup ?? DEFAULT_CLOCK_GROUP;
    let wallClock = this.#clocks.get(group);
    if (wallClock === undefined) {
      wallClock = new WallClockGroup();
      this.#clocks.set(group, wallClock);
    }
    const rendition = new RenditionPackager({
      id,
      track: options.track,
      facts: {
        declaredBitrate: options.declaredBitrate,
        frameRate: options.frameRate,
        language: options.language,
      },
      partDurationMs: o.lowLatency ? (o.partDurationMs ?? DEFAULT_PART_DURATION_MS) : undefined,
      chunkDurationMs: o.chunkDurationMs ?? DEFAULT_CHUNK_DURATION_MS,
      windowMs: o.windowMs ?? DEFAULT_WINDOW_MS,
      keyFrameIntervalMs: o.keyFrameIntervalMs ?? DEFAULT_KEY_FRAME_INTERVAL_MS,
      graceSegments: o.graceSegments ?? DEFAULT_GRACE_SEGMENTS,
      liveEdgeSegments: o.liveEdgeSegments ?? DEFAULT_LIVE_EDGE_SEGMENTS,
      store: o.store,
      wallClock,
      now: this.#now,
      logger: this.#logger,
      events: this.#events,
      counters: this.#retired.get(id),
    });
    this.#renditions.set(id, rendition);
    this.#changed(id);
  }

  /** A new revision of a rendition's track: new init version at the next fragment start (a discontinuity). */
  updateTrack(id: string, track: Track): void {
    this.#renditions.get(id)?.updateTrack(track);
  }

  /** One released unit of rendition `id` (`StreamFragmenterObserver.onUnit`). Never throws. */
  onUnit(id: string, au: AccessUnit, info: FragmentUnitInfo): void {
    const rendition = this.#renditions.get(id);
    if (rendition === undefined) {
      this.#dropped++;
      return;
    }
    const arrival = this.#now();
    if (!this.#started) {
      this.#started = true;
      this.#availabilityStartTime = arrival;
    }
    try {
      rendition.onUnit(au, info, arrival);
    } catch (error) {
      this.#dropped++;
      this.#logger.error({ err: error, rendition: id, dts: au.dts }, 'unit could not be packaged: dropped');
    }
  }

  /** A closed fragment of rendition `id` (`StreamFragmenterObserver.onFragment`). */
  onFragment(id: string, fragment: Fragment): void {
    this.#renditions.get(id)?.onFragment(fragment);
  }

  /** The encoder of rendition `id` stopped (disconnect): flush the held unit, close the segment. */
  endOfStream(id: string): void {
    this.#renditions.get(id)?.endOfStream();
  }

  /** Rendition `id` will get no more media: flush, and mark its window ended (`EXT-X-ENDLIST`). */
  endRendition(id: string): void {
    this.#renditions.get(id)?.end();
  }

  /** Removes rendition `id` and its segments; adding it again continues its numbering. */
  remove(id: string): void {
    const rendition = this.#renditions.get(id);
    if (rendition === undefined) {
      return;
    }
    this.#retired.set(id, rendition.counters);
    this.#dropped += rendition.droppedUnits;
    rendition.close();
    this.#renditions.delete(id);
    this.#changed(id);
  }

  /**
   * `fragmenterObserver` adapts a `StreamFragmenter` to this packager: `renditionOf` maps the fragmenter's
   * track id to a rendition id (default: the same id); units of unmapped tracks are ignored.
   */
  fragmenterObserver(
    renditionOf: (trackId: string) => string | undefined = (t) => t,
  ): StreamFragmenterObserver {
    return {
      onUnit: (trackId, au, info) => {
        const id = renditionOf(trackId);
        if (id !== undefined) {
          this.onUnit(id, au, info);
        }
      },
      onFragment: (trackId, fragment) => {
        const id = renditionOf(trackId);
        if (id !== undefined) {
          this.onFragment(id, fragment);
        }
      },
    };
  }

  /** The presentation snapshot (the same object until something changes). */
  presentation(): PresentationWindow {
    this.#presentation ??= {
      renditions: [...this.#renditions.values()].map((r) => r.window()),
      availabilityStartTime: this.#availabilityStartTime,
      lowLatency: this.#options.lowLatency,
      publishTime: this.#publishTime,
    };
    return this.#presentation;
  }

  /** The window of rendition `id`. */
  rendition(id: string): RenditionWindow | undefined {
    return this.#renditions.get(id)?.window();
  }

  /** Init segment `version` of rendition `id`, while a segment in the window or the current config uses it. */
  init(id: string, version: number): Uint8Array | undefined {
    return this.#renditions.get(id)?.init(version);
  }

  /** Segment `sequence` of rendition `id` as chunks (`styp` + parts), when held in memory. */
  segment(id: string, sequence: number): readonly Uint8Array[] | undefined {
    return this.#renditions.get(id)?.segment(sequence);
  }

  /** Part `index` of segment `sequence` (complete or pending) of rendition `id`, when held in memory. */
  part(id: string, sequence: number, index: number): Uint8Array | undefined {
    return this.#renditions.get(id)?.part(sequence, index);
  }

  /** Segment `sequence` of rendition `id` from memory or the store (window and grace). */
  async loadSegment(id: string, sequence: number): Promise<readonly Uint8Array[] | undefined> {
    return this.#renditions.get(id)?.loadSegment(sequence);
  }

  /** Part `index` of segment `sequence` from memory, or cut from the stored segment. */
  async loadPart(id: string, sequence: number, index: number): Promise<Uint8Array | undefined> {
    return this.#renditions.get(id)?.loadPart(sequence, index);
  }

  /** Calls `listener(renditionId)` after every change (LL-HLS blocking reload); returns the unsubscribe. */
  onChange(listener: (renditionId: string) => void): () => void {
    this.#listeners.add(listener);
    return () => {
      this.#listeners.delete(listener);
    };
  }

  /** Adds an observer (e.g. an `ArchiveWriter`); returns the unsubscribe. */
  addObserver(observer: PackagerObserver): () => void {
    this.#observers.push(observer);
    return () => {
      const index = this.#observers.indexOf(observer);
      if (index >= 0) {
        this.#observers.splice(index, 1);
      }
    };
  }

  /** Counters and memory use. */
  stats(): PackagerStats {
    let dropped = this.#dropped;
    let memoryBytes = 0;
    for (const r of this.#renditions.values()) {
      dropped += r.droppedUnits;
      memoryBytes += r.memoryBytes();
    }
    return {
      segments: this.#segments,
      parts: this.#parts,
      droppedUnits: dropped,
      listenerErrors: this.#listenerErrors,
      memoryBytes,
    };
  }

  /** Drops every rendition (deleting what it stored) and every listener. Idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const r of this.#renditions.values()) {
      r.close();
    }
    this.#renditions.clear();
    this.#observers.length = 0;
    this.#listeners.clear();
    this.#presentation = undefined;
  }

  #changed(id: string): void {
    this.#publishTime = this.#now();
    this.#presentation = undefined;
    for (const listener of this.#listeners) {
      try {
        listener(id);
      } catch (error) {
        this.#listenerErrors++;
        this.#logger.error({ err: error, rendition: id }, 'change listener threw');
      }
    }
  }

  #notify(call: (observer: PackagerObserver) => void): void {
    for (const observer of this.#observers.slice()) {
      try {
        call(observer);
      } catch (error) {
        this.#listenerErrors++;
        this.#logger.error({ err: error }, 'packager observer threw');
      }
    }
  }
}
