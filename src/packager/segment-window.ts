import { scaleAnchor, type PendingSegment, type Segment, type SegmentHead } from './rendition-window.js';
import type { AssembledChunk } from './segment-assembler.js';
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
  /** Where every segment is written as its chunks complete; `undefined`: everything stays in memory. */
  readonly store: SegmentStore | undefined;
  /** Chunks are LL-HLS parts: the pending segment lists them, and their bytes stay in memory. */
  readonly lowLatency: boolean;
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

/** The segment whose chunks are being appended. */
interface OpenSegment {
  readonly sequence: number;
  /** `styp` + the chunks so far, when the segment's bytes are kept in memory. */
  readonly chunks: Uint8Array[] | undefined;
  byteLength: number;
}

/**
 * `SegmentWindow` holds the published segments of one rendition: the listed window (the newest segments
 * whose media after them is shorter than `windowMs`), a grace of `graceSegments` older ones that players
 * holding an older playlist may still fetch, and the open segment. The open segment is fed chunk by chunk
 * (`appendChunk`): each chunk is appended to the store at once, so without a reason to keep them the
 * chunk's sample views are let go as soon as the store has written them; with low latency the chunks are
 * the pending segment's parts. A segment is listed only when complete (`add`), and then finished in the
 * store. Without a store every held segment stays in memory; with one, only the live edge (the last
 * `liveEdgeSegments` segments, and those whose parts are still listed) keeps its bytes in memory. Segments
 * that leave the grace are deleted from the store. Sequence numbers of held segments are consecutive, so
 * a lookup is an index.
 */
export class SegmentWindow {
  readonly #options: SegmentWindowOptions;
  readonly #held: HeldSegment[] = [];
  /** The open segment's bytes stay in memory: no store, a live edge kept, or low-latency parts. */
  readonly #keepsOpen: boolean;
  #listedFrom = 0;
  #listed: readonly Segment[] | undefined;
  #open: OpenSegment | undefined;
  #pending: PendingSegment | undefined;
  #pendingData: Uint8Array[] = [];

  constructor(options: SegmentWindowOptions) {
    this.#options = options;
    this.#keepsOpen = options.store === undefined || options.liveEdgeSegments > 0 || options.lowLatency;
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

  /** Bytes of segments and parts held in memory, the open segment's included. */
  memoryBytes(): number {
    let bytes = 0;
    for (const h of this.#held) {
      if (h.chunks !== undefined) {
        bytes += h.segment.byteLength;
      }
    }
    // The pending parts are the open segment's chunks.
    return bytes + (this.#open?.chunks === undefined ? 0 : this.#open.byteLength);
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

  /**
   * Takes a finished chunk of the open segment `head.sequence` (the first chunk opens it): appended to the
   * store, kept in memory when the segment's bytes are, listed as a pending part with low latency.
   */
  appendChunk(head: SegmentHead, chunk: AssembledChunk): void {
    const { store, renditionId, lowLatency } = this.#options;
    let open = this.#open;
    if (open?.sequence !== head.sequence) {
      this.#abandonOpen();
      open = { sequence: head.sequence, chunks: this.#keepsOpen ? [] : undefined, byteLength: 0 };
      this.#open = open;
    }
    store?.append(segmentKey(renditionId, head.sequence), chunk.segmentData);
    if (open.chunks !== undefined) {
      for (const c of chunk.segmentData) {
        open.chunks.push(c);
        open.byteLength += c.byteLength;
      }
    }
    if (lowLatency) {
      const parts = this.#pending?.sequence === head.sequence ? this.#pending.parts : [];
      this.#pending = { ...head, parts: [...parts, chunk.part] };
      this.#pendingData.push(...chunk.data);
    }
  }

  /** Publishes the open segment, complete with every chunk appended, then slides the window. */
  add(segment: Segment, policy: WindowPolicy): void {
    const open = this.#open?.sequence === segment.sequence ? this.#open : undefined;
    const partData = this.#options.lowLatency ? this.#pendingData : undefined;
    this.#open = undefined;
    this.#pending = undefined;
    this.#pendingData = [];
    this.#held.push({ segment, chunks: open?.chunks, partData });
    const { store, renditionId } = this.#options;
    // The store counts and logs its own failures; a segment it lost answers 404 once out of memory.
    void store?.finish(segmentKey(renditionId, segment.sequence));
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

  /** Drops every segment and deletes the stored ones (and what the open one has in the store). */
  clear(): void {
    for (const h of this.#held.splice(0)) {
      this.#forget(h);
    }
    this.#abandonOpen();
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

  /** An open segment that will not be published: its appends are cancelled in the store. */
  #abandonOpen(): void {
    const open = this.#open;
    this.#open = undefined;
    if (open !== undefined) {
      this.#options.store?.delete(segmentKey(this.#options.renditionId, open.sequence));
    }
  }
}
