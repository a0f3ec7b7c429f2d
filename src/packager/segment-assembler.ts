import { concatChunks } from '../formats/fmp4/box.js';
import type { Part } from './rendition-window.js';
import { ChunkRun, type RunSample } from './chunk-run.js';

/**
 * `AssembledChunk` is a finished CMAF chunk (`moof` + `mdat`, ISO/IEC 23000-19 §7.3.3) of the open
 * segment, handed on as soon as it is complete.
 */
export interface AssembledChunk {
  /** Its entry in the segment (`byteLength` without the segment's `styp`). */
  readonly part: Part;
  /**
   * The chunk's bytes. With low latency one buffer, a copy, that is served as the LL-HLS part; without,
   * the `moof` + `mdat` header buffer, then views of the sample payloads (no copy).
   */
  readonly data: readonly Uint8Array[];
  /** The bytes the chunk adds to its segment, in order: for the first chunk the `styp`, then `data`. */
  readonly segmentData: readonly Uint8Array[];
}

/** `AssembledSegment` is a finished CMAF segment: `styp` then its chunks, each already handed on. */
export interface AssembledSegment {
  readonly startTime: number;
  /** Sum of the sample durations, ticks. */
  readonly duration: number;
  /** The segment's chunks, in order. */
  readonly parts: readonly Part[];
  /** `styp` plus the chunks. */
  readonly byteLength: number;
}

/** `SegmentAssemblerOptions` configures a `SegmentAssembler`. */
export interface SegmentAssemblerOptions {
  /** Chunk target, ticks: with low latency the part target. */
  readonly chunkTicks: number;
  /** Chunks are LL-HLS parts: each is copied once into one buffer (see `AssembledChunk.data`). */
  readonly lowLatency: boolean;
  /** The `styp` box every segment starts with (shared, never mutated). */
  readonly header: Uint8Array;
  /** `mfhd` sequence number of the first chunk: 1, or where a previous assembler stopped. */
  readonly firstSequenceNumber: number;
  /** Called with each chunk as soon as it is complete; the segment is complete at `finish`. */
  readonly onChunk: (chunk: AssembledChunk) => void;
}

/**
 * `SegmentAssembler` turns the samples of one rendition into CMAF segments cut into CMAF chunks
 * (ISO/IEC 23000-19 §7.3.3), with or without low latency: a chunk is cut before a sample that would take
 * it past the chunk target, and also right after a sample when one more frame of the nominal duration
 * would (so a full chunk is handed on one frame earlier). Each chunk goes to `onChunk` when it is cut, so
 * the packager holds the sample payloads of one chunk at most, never of a whole segment. With low latency
 * each chunk is an LL-HLS part, copied once into one buffer that the HTTP layer serves as the part and,
 * with the others, as the segment; without, a chunk is its header and the payload views. A chunk that
 * starts with a key frame is independent (RFC 8216bis §4.4.4.9 `INDEPENDENT`; every audio chunk is). The
 * `mfhd` sequence number increases by one per chunk for the life of the rendition (ISO/IEC 14496-12
 * §8.8.5).
 */
export class SegmentAssembler {
  readonly #chunkTicks: number;
  readonly #lowLatency: boolean;
  readonly #header: Uint8Array;
  readonly #onChunk: (chunk: AssembledChunk) => void;
  readonly #run = new ChunkRun();
  #sequenceNumber: number;
  #open = false;
  #startTime = 0;
  /** Ticks of the chunks already cut in this segment. */
  #elapsed = 0;
  /** Bytes of the chunks already cut in this segment, `styp` included. */
  #byteLength = 0;
  #parts: Part[] = [];

  constructor(options: SegmentAssemblerOptions) {
    if (!(options.chunkTicks > 0)) {
      throw new Error(`chunk target ${options.chunkTicks} ticks: it must be positive`);
    }
    this.#chunkTicks = options.chunkTicks;
    this.#lowLatency = options.lowLatency;
    this.#header = options.header;
    this.#onChunk = options.onChunk;
    this.#sequenceNumber = options.firstSequenceNumber;
  }

  /** A segment is being built. */
  get open(): boolean {
    return this.#open;
  }

  /** The next `mfhd` sequence number. */
  get nextSequenceNumber(): number {
    return this.#sequenceNumber;
  }

  /** Payload bytes of the samples added and not yet cut into a chunk (views the assembler holds). */
  get heldBytes(): number {
    return this.#run.byteLength;
  }

  /** Starts a segment whose first sample decodes at `startTime` ticks. */
  begin(startTime: number): void {
    this.#open = true;
    this.#startTime = startTime;
    this.#elapsed = 0;
    this.#byteLength = this.#header.byteLength;
    this.#parts = [];
  }

  /**
   * Adds one sample; `nextDuration` is the expected duration of the sample after it (the nominal frame
   * duration), used to close a full chunk without waiting for one more frame.
   */
  add(sample: Readonly<RunSample>, nextDuration: number): void {
    const target = this.#chunkTicks;
    if (this.#run.count > 0 && this.#run.duration + sample.duration > target) {
      this.#cut();
    }
    this.#run.add(sample);
    if (this.#run.duration + nextDuration / 2 > target) {
      this.#cut();
    }
  }

  /** Finishes the open segment (cutting its last chunk), or returns `undefined` when it has no sample. */
  finish(): AssembledSegment | undefined {
    if (!this.#open) {
      return undefined;
    }
    this.#open = false;
    if (this.#run.count > 0) {
      this.#cut();
    }
    if (this.#parts.length === 0) {
      return undefined;
    }
    return {
      startTime: this.#startTime,
      duration: this.#elapsed,
      parts: this.#parts,
      byteLength: this.#byteLength,
    };
  }

  #cut(): void {
    const duration = this.#run.duration;
    const independent = this.#run.independent;
    const chunk = this.#run.write(this.#sequenceNumber++, this.#startTime + this.#elapsed);
    const data = this.#lowLatency ? [concatChunks(chunk)] : chunk;
    let byteLength = 0;
    for (const c of data) {
      byteLength += c.byteLength;
    }
    const part: Part = { index: this.#parts.length, duration, independent, byteLength };
    const segmentData = part.index === 0 ? [this.#header, ...data] : data;
    this.#parts.push(part);
    this.#elapsed += duration;
    this.#byteLength += byteLength;
    this.#onChunk({ part, data, segmentData });
  }
}
