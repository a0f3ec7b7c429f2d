import { scaleAnchor, type Part, type PendingSegment, type Segment } from './rendition-window.js';
import { segmentKey, type SegmentStore } from './segment-store.js';

/** `SegmentWindowOptions` configures a `SegmentWindow`. */
export interface SegmentWindowOptions {
  readonly renditionId: string;
  /** Media listed in the window, ms. */
  readonly windowMs: number;
  /** Segments kept retrievable after they leave the listed window. */
  readonly graceSegments: number;
  /** With a store: the newest segments whose bytes stay in memory. */
  readonly liveEdgeSegments: number;
  /** Where every finished segment is written; `undefined`: everything stays in memory. */
  readonly store: SegmentStore | undefined;
}

/** `WindowPolicy` is what eviction needs from the rendition at the time of a publish. */
export interface WindowPolicy {
  readonly timescale: number;
  /** Segments whose parts a playlist still lists (the last three target durations) stay in memory. */
  readonly partRetentionTicks: number;
}

/** A published segment with its bytes while they are in memory. */
interface HeldSegment {
  segment: Segment;
  /** `styp` + chunks, until the segment leaves the live edge (only with a store). */
  chunks: readonly Uint8Array[] | undefined;
  /** The bytes of each part (low latency), while in memory. */
  partData: readonly Uint8Array[] | undefined;
}

/**
 * `SegmentWindow` holds the published segments of one rendition: the listed window (the newest segments
 * whose media after them is shorter than `windowMs`), a grace of `graceSegments` older ones that players
 * holding an older playlist may still fetch, and the pending segment's parts. Without a store every held
 * segment stays in memory; with one, each segment is written to the store when published and only the
 * live edge (the last `liveEdgeSegments` segments, and those whose parts are still listed) keeps its bytes
 * in memory. Segments that leave the grace are deleted from the store. Sequence numbers of held segments
 * are consecutive, so a lookup is an index.
 */
export class SegmentWindow {
  readonly #options: SegmentWindowOptions;
  readonly #held: HeldSegment[] = [];
  #listedFrom = 0;
  #listed: readonly Segment[] | undefined;
  #pending: PendingSegment | undefined;
  #pendingData: readonly Uint8Array[] = [];

  constructor(options: SegmentWindowOptions) {
    this.#options = options;
  }

  /** Listed segments, oldest first (the same array until the next publish or eviction). */
  listed(): readonly Segment[] {
    this.#listed ??= this.#held.slice(this.#listedFrom).map((h) => h.segment);
    return this.#listed;
  }

  /** The pending segment (low latency), when it has parts. */
  get pending(): PendingSegment | undefined {
    return this.#pending;
  }

  /** Segments held (listed + grace). */
  get heldCount(): number {
    return this.#held.length;
  }

  /** Bytes of segments and parts held in memory. */
  memoryBytes(): number {
    let bytes = 0;
    for (const h of this.#held) {
      if (h.chunks !== undefined) {
        bytes += h.segment.byteLength;
      }
    }
    for (const d of this.#pendingData) {
      bytes += d.byteLength;
    }
    return bytes;
  }

  /** Init versions that held segments and the pending segment decode with. */
  initVersionsInUse(): Set<number> {
    const versions = new Set<number>();
    for (const h of this.#held) {
      versions.add(h.segment.initVersion);
    }
    if (this.#pending !== undefined) {
      versions.add(this.#pending.initVersion);
    }
    return versions;
  }

  /** Replaces the pending segment (`parts` and `data` are copied into the snapshot). */
  setPending(head: Omit<PendingSegment, 'parts'>, parts: readonly Part[], data: readonly Uint8Array[]): void {
    this.#pending = { ...head, parts: parts.slice() };
    this.#pendingData = data.slice();
  }

  /** Publishes a finished segment, then slides the window. */
  add(
    segment: Segment,
    chunks: readonly Uint8Array[],
    partData: readonly Uint8Array[] | undefined,
    policy: WindowPolicy,
  ): void {
    this.#pending = undefined;
    this.#pendingData = [];
    this.#held.push({ segment, chunks, partData });
    const { store, renditionId } = this.#options;
    // The store counts and logs its own failures; a segment it lost answers 404 once out of memory.
    void store?.put(segmentKey(renditionId, segment.sequence), chunks);
    this.#slide(policy);
  }

  /** The bytes of segment `sequence` when they are in memory. */
  chunks(sequence: number): readonly Uint8Array[] | undefined {
    return this.#find(sequence)?.chunks;
  }

  /** Part `index` of segment `sequence` (complete or pending) when in memory. */
  part(sequence: number, index: number): Uint8Array | undefined {
    if (this.#pending?.sequence === sequence) {
      return this.#pendingData[index];
    }
    return this.#find(sequence)?.partData?.[index];
  }

  /** The bytes of segment `sequence` from memory or the store. */
  async load(sequence: number): Promise<readonly Uint8Array[] | undefined> {
    const held = this.#find(sequence);
    if (held === undefined) {
      return undefined;
    }
    if (held.chunks !== undefined) {
      return held.chunks;
    }
    return this.#options.store?.get(segmentKey(this.#options.renditionId, sequence));
  }

  /** Part `index` of segment `sequence`, from memory or cut from the stored segment. */
  async loadPart(sequence: number, index: number): Promise<Uint8Array | undefined> {
    const inMemory = this.part(sequence, index);
    const held = this.#find(sequence);
    if (inMemory !== undefined || held === undefined || index >= held.segment.parts.length) {
      return inMemory;
    }
    const chunks = await this.load(sequence);
    if (chunks === undefined) {
      return undefined;
    }
    const whole = chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
    const { parts, byteLength } = held.segment;
    let end = byteLength;
    for (let i = parts.length - 1; i > index; i--) {
      end -= parts[i]?.byteLength ?? 0;
    }
    const start = end - (parts[index]?.byteLength ?? 0);
    return whole?.subarray(start, end);
  }

  /**
   * Rescales every held time from `from` to `to` ticks per second (an audio sample rate change): the
   * snapshot of a rendition has one timescale; the bytes keep their own.
   */
  rescale(from: number, to: number): void {
    const scale = (t: number): number => Math.round((t * to) / from);
    for (const h of this.#held) {
      const s = h.segment;
      h.segment = {
        ...s,
        startTime: scale(s.startTime),
        duration: scale(s.duration),
        parts: s.parts.map((p) => ({ ...p, duration: scale(p.duration) })),
        ...(s.wallClockAnchor === undefined
          ? {}
          : { wallClockAnchor: scaleAnchor(s.wallClockAnchor, scale) }),
      };
    }
    this.#listed = undefined;
  }

  /** Drops every segment and deletes the stored ones. */
  clear(): void {
    for (const h of this.#held.splice(0)) {
      this.#forget(h);
    }
    this.#listedFrom = 0;
    this.#listed = undefined;
    this.#pending = undefined;
    this.#pendingData = [];
  }

  #find(sequence: number): HeldSegment | undefined {
    const first = this.#held[0];
    return first === undefined ? undefined : this.#held[sequence - first.segment.sequence];
  }

  #slide(policy: WindowPolicy): void {
    const { windowMs, graceSegments, liveEdgeSegments, store } = this.#options;
    const windowTicks = (windowMs * policy.timescale) / 1000;
    let after = 0;
    let index = this.#held.length;
    while (index > 0 && after < windowTicks) {
      index--;
      after += this.#held[index]?.segment.duration ?? 0;
    }
    const drop = Math.max(0, index - graceSegments);
    for (const h of this.#held.splice(0, drop)) {
      this.#forget(h);
    }
    this.#listedFrom = index - drop;
    this.#listed = undefined;
    if (store === undefined) {
      return;
    }
    after = 0;
    for (let i = this.#held.length - 1; i >= 0; i--) {
      const h = this.#held[i] as HeldSegment;
      const liveEdge = i >= this.#held.length - liveEdgeSegments || after < policy.partRetentionTicks;
      if (!liveEdge && h.chunks !== undefined) {
        h.chunks = undefined;
        h.partData = undefined;
      }
      after += h.segment.duration;
    }
  }

  #forget(h: HeldSegment): void {
    this.#options.store?.delete(segmentKey(this.#options.renditionId, h.segment.sequence));
  }
}
