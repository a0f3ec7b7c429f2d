import { writeSegmentHeader } from '../formats/fmp4/segment-header.js';
import type { AccessUnit } from '../media/access-unit.js';
import type { Fragment } from '../media/fragment.js';
import type { FragmentUnitInfo } from '../media/stream-fragmenter-types.js';
import type { Track } from '../media/track.js';
import { InitVersions } from './init-version.js';
import { renditionSnapshot } from './rendition-snapshot.js';
import {
  wallClockAnchor,
  type RenditionWindow,
  type Segment,
  type SegmentHead,
  type WallClockAnchor,
} from './rendition-window.js';
import { type SampleClock, sampleClockFor, VIDEO_TIMESCALE } from './sample-clock.js';
import { type AssembledChunk, SegmentAssembler } from './segment-assembler.js';
import { SegmentWindow } from './segment-window.js';
import type { RenditionCounters, RenditionPackagerOptions } from './rendition-packager-types.js';

/** 30 fps: the frame duration assumed for a video rendition before any DTS step or frame rate is known. */
const DEFAULT_VIDEO_FRAME_TICKS = VIDEO_TIMESCALE / 30;
/** RFC 8216bis §6.2.2: parts are listed for the last three target durations; their bytes stay in memory. */
const PART_RETENTION_TARGET_DURATIONS = 3;

/**
 * `RenditionPackager` packages the units of one rendition (see `PresentationPackager` for the rules). It
 * holds back one unit: a sample's duration is the next unit's decode time minus its own, known when the
 * next unit arrives; the first unit of the next fragment closes the segment. Before a discontinuity the
 * held sample lasts its nominal frame duration (video: capped by the real step; audio: always its
 * samples), so a gap is never stretched into a frame.
 */
export class RenditionPackager {
  readonly id: string;
  readonly #o: RenditionPackagerOptions;
  readonly #header = writeSegmentHeader();
  readonly #window: SegmentWindow;
  readonly #versions: InitVersions;
  #track: Track;
  #pendingTrack: Track | undefined;
  #clock: SampleClock;
  #assembler: SegmentAssembler;
  #held: AccessUnit | undefined;
  #heldTick = 0;
  #heldOffset = 0;
  #arrival = 0;
  #runOpen = false;
  #runOffset = 0;
  #anchor: WallClockAnchor = wallClockAnchor(0, 0);
  #head: SegmentHead | undefined;
  #nextSequence: number;
  #discontinuitySequence: number;
  #begun: boolean;
  #nextDiscontinuity: boolean;
  #lastDuration = 0;
  #segmentUnits = 0;
  #targetDuration: number;
  #ended = false;
  #dropped = 0;
  #snapshot: RenditionWindow | undefined;

  constructor(options: RenditionPackagerOptions) {
    this.id = options.id;
    this.#o = options;
    this.#track = options.track;
    const counters = options.counters;
    this.#nextSequence = counters?.nextSequence ?? 0;
    this.#discontinuitySequence = counters?.discontinuitySequence ?? 0;
    this.#begun = counters !== undefined;
    this.#nextDiscontinuity = this.#begun;
    this.#targetDuration = Math.max(1, Math.ceil(options.keyFrameIntervalMs / 1000));
    this.#window = new SegmentWindow({
      renditionId: options.id,
      windowMs: options.windowMs,
      graceSegments: options.graceSegments,
      liveEdgeSegments: options.liveEdgeSegments,
      store: options.store,
      lowLatency: options.partDurationMs !== undefined,
    });
    this.#versions = new InitVersions({
      track: options.track,
      facts: options.facts,
      firstVersion: counters?.nextInitVersion ?? 0,
      onInit: (init) => options.events.init(options.id, init),
    });
    this.#clock = sampleClockFor(options.track);
    this.#assembler = this.#makeAssembler(counters?.nextSequenceNumber ?? 1);
  }

  /** Units dropped by this rendition (not increasing, no leading key frame, after the end). */
  get droppedUnits(): number {
    return this.#dropped;
  }

  /** Numbering to continue with when the rendition is added again. */
  get counters(): RenditionCounters {
    return {
      nextSequence: this.#nextSequence,
      discontinuitySequence: this.#discontinuitySequence,
      nextInitVersion: this.#versions.current.init.version + 1,
      nextSequenceNumber: this.#assembler.nextSequenceNumber,
    };
  }

  /**
   * Bytes of media held in memory: the window's segments and parts, the open segment's chunks when kept,
   * and the samples of the chunk being built (not what a store still has queued: see its stats).
   */
  memoryBytes(): number {
    return this.#window.memoryBytes() + this.#assembler.heldBytes;
  }

  /** A new track revision: takes effect at the next fragment start, which becomes a discontinuity. */
  updateTrack(track: Track): void {
    if (track.kind !== this.#track.kind) {
      this.#o.logger.error(
        { rendition: this.id },
        `track ${track.id} is ${track.kind}, the rendition is ${this.#track.kind}: ignored`,
      );
      return;
    }
    this.#pendingTrack = track;
  }

  /** One released unit (see `StreamFragmenterObserver.onUnit`); `arrival` is `now()` when it came in. */
  onUnit(au: AccessUnit, info: FragmentUnitInfo, arrival: number): void {
    const held = this.#held;
    const open = this.#assembler.open;
    // A segment starts with a fragment start, or with whatever unit may lead one when none is open.
    const canLead = info.fragmentStart || au.keyframe || this.#track.kind === 'audio';
    if (this.#ended || (held !== undefined && au.dts <= held.dts) || (!open && !canLead)) {
      this.#dropped++;
      return;
    }
    const start = info.fragmentStart || !open;
    this.#arrival = arrival;
    const discontinuity =
      start &&
      this.#begun &&
      (info.discontinuity || this.#nextDiscontinuity || this.#pendingTrack !== undefined);
    const newRun = discontinuity || !this.#runOpen;
    let tick = newRun ? 0 : this.#clock.next(au.dts);
    if (held !== undefined) {
      this.#append(held, newRun ? this.#breakDuration(held, au) : tick - this.#heldTick);
    }
    if (start) {
      this.#finishSegment();
    }
    const offset = this.#track.kind === 'video' ? this.#clock.ticks(au.pts - au.dts) : 0;
    if (newRun) {
      if (this.#pendingTrack !== undefined) {
        this.#applyTrack(this.#pendingTrack);
      }
      tick = this.#clock.start(au.dts);
      this.#startRun(au, tick, offset);
    }
    if (start) {
      this.#beginSegment(au, tick, discontinuity);
    }
    this.#held = au;
    this.#heldTick = tick;
    this.#heldOffset = offset;
    this.#segmentUnits++;
  }

  /** A fragment closed (see `StreamFragmenterObserver.onFragment`): checked against the open segment. */
  onFragment(fragment: Fragment): void {
    if (fragment.units !== this.#segmentUnits) {
      this.#o.logger.debug(
        { rendition: this.id, fragment: fragment.sequence },
        `fragment has ${fragment.units} units, the segment ${this.#segmentUnits}`,
      );
    }
  }

  /** The stream ended or paused: the held unit gets its nominal duration and the segment closes. */
  endOfStream(): void {
    const held = this.#held;
    if (held !== undefined) {
      this.#append(held, this.#nominalTicks());
      this.#held = undefined;
    }
    this.#arrival = this.#o.now();
    this.#finishSegment();
    this.#runOpen = false;
    this.#nextDiscontinuity = this.#begun;
  }

  /** No more media: `endOfStream`, then the window is `ended`. */
  end(): void {
    if (this.#ended) {
      return;
    }
    this.endOfStream();
    this.#ended = true;
    this.#snapshot = undefined;
    this.#o.events.ended(this.id);
    this.#o.events.changed(this.id);
  }

  /** The current window snapshot (rebuilt only after a change). */
  window(): RenditionWindow {
    this.#snapshot ??= renditionSnapshot({
      id: this.id,
      kind: this.#track.kind,
      timescale: this.#clock.timescale,
      current: this.#versions.current,
      versions: this.#versions.all,
      window: this.#window,
      targetDuration: this.#targetDuration,
      partTarget: this.#o.partDurationMs === undefined ? undefined : this.#o.partDurationMs / 1000,
      windowSeconds: this.#o.windowMs / 1000,
      language: this.#o.facts.language,
      ended: this.#ended,
    });
    return this.#snapshot;
  }

  init(version: number): Uint8Array | undefined {
    return this.#versions.get(version)?.init.data;
  }

  segment(sequence: number): readonly Uint8Array[] | undefined {
    return this.#window.chunks(sequence);
  }

  part(sequence: number, index: number): Uint8Array | undefined {
    return this.#window.part(sequence, index);
  }

  loadSegment(sequence: number): Promise<readonly Uint8Array[] | undefined> {
    return this.#window.load(sequence);
  }

  loadPart(sequence: number, index: number): Promise<Uint8Array | undefined> {
    return this.#window.loadPart(sequence, index);
  }

  /** Drops every segment (deleting stored ones). */
  close(): void {
    this.#held = undefined;
    this.#head = undefined;
    this.#window.clear();
    this.#snapshot = undefined;
  }

  #append(au: AccessUnit, duration: number): void {
    const video = this.#track.kind === 'video';
    if (video) {
      this.#lastDuration = duration;
    }
    const sample = {
      duration,
      data: au.data,
      keyframe: au.keyframe || !video,
      compositionOffset: this.#heldOffset,
    };
    this.#assembler.add(sample, this.#nominalTicks());
  }

  /** An audio frame always lasts its samples; a video frame at most its nominal duration. */
  #breakDuration(held: AccessUnit, next: AccessUnit): number {
    const frame = this.#clock.frameTicks;
    return frame ?? Math.max(1, Math.min(this.#nominalTicks(), this.#clock.ticks(next.dts - held.dts)));
  }

  #nominalTicks(): number {
    const frameRate = this.#o.facts.frameRate;
    return (
      this.#clock.frameTicks ??
      (this.#lastDuration > 0
        ? this.#lastDuration
        : frameRate !== undefined && frameRate > 0
          ? Math.round(VIDEO_TIMESCALE / frameRate)
          : DEFAULT_VIDEO_FRAME_TICKS)
    );
  }

  #startRun(au: AccessUnit, tick: number, compositionOffset: number): void {
    const ms = (au.dts * 1000) / this.#track.timescale;
    this.#runOffset = this.#o.wallClock.join(ms, this.#arrival);
    this.#anchor = wallClockAnchor(Math.round(ms + this.#runOffset), tick, compositionOffset);
    this.#runOpen = true;
  }

  #beginSegment(au: AccessUnit, tick: number, discontinuity: boolean): void {
    if (discontinuity) {
      this.#discontinuitySequence++;
    }
    this.#head = {
      sequence: this.#nextSequence++,
      discontinuity,
      discontinuitySequence: this.#discontinuitySequence,
      initVersion: this.#versions.current.init.version,
      startTime: tick,
      programDateTime: Math.round((au.dts * 1000) / this.#track.timescale + this.#runOffset),
      wallClockAnchor: this.#anchor,
    };
    this.#assembler.begin(tick);
    this.#begun = true;
    this.#nextDiscontinuity = false;
    this.#segmentUnits = 0;
  }

  #finishSegment(): void {
    const head = this.#head;
    const assembled = head === undefined ? undefined : this.#assembler.finish();
    this.#head = undefined;
    if (head === undefined || assembled === undefined) {
      return;
    }
    const { timescale } = this.#clock;
    const { duration, byteLength } = assembled;
    const segment: Segment = {
      ...head,
      duration,
      parts: assembled.parts,
      byteLength,
      bitrate: (byteLength * 8 * timescale) / duration,
    };
    // RFC 8216bis §4.4.3.1: each EXTINF rounded to the nearest integer is at most the target duration.
    this.#targetDuration = Math.max(this.#targetDuration, Math.round(duration / timescale));
    const lowLatency = this.#o.partDurationMs !== undefined;
    this.#window.add(segment, {
      timescale,
      // Parts are listed only in low-latency playlists: without parts no segment is held for them.
      partRetentionTicks: lowLatency ? PART_RETENTION_TARGET_DURATIONS * this.#targetDuration * timescale : 0,
    });
    this.#versions.prune(this.#window.initVersionsInUse());
    this.#snapshot = undefined;
    this.#o.events.segment(this.id, segment, { latencyMs: this.#o.now() - this.#arrival });
    this.#o.events.changed(this.id);
  }

  /**
   * A chunk of the open segment is complete: into the window (and so the store) at once, then to the
   * observers; with low latency it is a part of the pending segment, and the window changed.
   */
  readonly #onChunk = (chunk: AssembledChunk): void => {
    const head = this.#head;
    if (head === undefined) {
      return;
    }
    const { part, data, segmentData } = chunk;
    this.#window.appendChunk(head, chunk);
    this.#o.events.chunk(this.id, part, { segment: head, data: segmentData });
    if (this.#o.partDurationMs === undefined) {
      return;
    }
    this.#snapshot = undefined;
    const latencyMs = this.#o.now() - this.#arrival;
    this.#o.events.part(this.id, part, { latencyMs, sequence: head.sequence, data: data[0] as Uint8Array });
    this.#o.events.changed(this.id);
  };

  #applyTrack(track: Track): void {
    this.#pendingTrack = undefined;
    const before = this.#clock.timescale;
    this.#track = track;
    this.#versions.next(track);
    this.#clock = sampleClockFor(track);
    if (this.#clock.timescale !== before) {
      this.#window.rescale(before, this.#clock.timescale);
      this.#assembler = this.#makeAssembler(this.#assembler.nextSequenceNumber);
    }
    this.#versions.prune(this.#window.initVersionsInUse());
    this.#snapshot = undefined;
  }

  #makeAssembler(firstSequenceNumber: number): SegmentAssembler {
    const partMs = this.#o.partDurationMs;
    const chunkMs = partMs ?? this.#o.chunkDurationMs;
    return new SegmentAssembler({
      chunkTicks: Math.max(1, Math.round((chunkMs * this.#clock.timescale) / 1000)),
      lowLatency: partMs !== undefined,
      header: this.#header,
      firstSequenceNumber,
      onChunk: this.#onChunk,
    });
  }
}
