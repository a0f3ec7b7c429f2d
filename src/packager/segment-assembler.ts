import { chunksLength, concatChunks } from '../formats/fmp4/box.js';
import type { Part } from './rendition-window.js';
import { ChunkRun, type RunSample } from './chunk-run.js';

/** `AssembledPart` is a finished CMAF chunk: its `Part` entry and its bytes (`moof` + `mdat`). */
export interface AssembledPart {
  readonly part: Part;
  readonly data: Uint8Array;
}

/** `AssembledSegment` is a finished CMAF segment: `styp` then its chunks. */
export interface AssembledSegment {
  readonly startTime: number;
  /** Sum of the sample durations, ticks. */
  readonly duration: number;
  readonly parts: readonly Part[];
  /** `styp`, then the parts' bytes (low latency) or the chunk's header and the sample views. */
  readonly chunks: readonly Uint8Array[];
  readonly byteLength: number;
}

/** `SegmentAssemblerOptions` configures a `SegmentAssembler`. */
export interface SegmentAssemblerOptions {
  /** Part target in ticks when low latency is on; `undefined`: one chunk per segment. */
  readonly partTicks: number | undefined;
  /** The `styp` box every segment starts with (shared, never mutated). */
  readonly header: Uint8Array;
  /** `mfhd` sequence number of the first chunk: 1, or where a previous assembler stopped. */
  readonly firstSequenceNumber: number;
  /** Called with each part as soon as it is complete (low latency only). */
  readonly onPart: (part: AssembledPart) => void;
}

/**
 * `SegmentAssembler` turns the samples of one rendition into CMAF segments (ISO/IEC 23000-19 §7.3.3).
 * Without low latency a segment is one chunk, written when the segment finishes: the header is built and
 * the sample payloads are referenced. With low latency (`partTicks`), a part is cut before a sample that
 * would take it past the part target, and also right after a sample when one more frame of the nominal
 * duration would (so a full part is published one frame earlier); each part is copied once into one
 * buffer, which the HTTP layer serves as the part and, with the others, as the segment. A part that starts
 * with a key frame is independent (RFC 8216bis §4.4.4.9 `INDEPENDENT`). The `mfhd` sequence number
 * increases by one per chunk for the life of the rendition (ISO/IEC 14496-12 §8.8.5).
 */
export class SegmentAssembler {
  readonly #partTicks: number | undefined;
  readonly #header: Uint8Array;
  readonly #onPart: (part: AssembledPart) => void;
  readonly #run = new ChunkRun();
  #sequenceNumber: number;
  #open = false;
  #startTime = 0;
  /** Ticks of the parts already cut in this segment. */
  #elapsed = 0;
  #parts: Part[] = [];
  #partData: Uint8Array[] = [];

  constructor(options: SegmentAssemblerOptions) {
    this.#partTicks = options.partTicks;
    this.#header = options.header;
    this.#onPart = options.onPart;
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

  /** Parts of the open segment published so far. */
  get parts(): readonly Part[] {
    return this.#parts;
  }

  /** Bytes of the parts of the open segment published so far. */
  get partData(): readonly Uint8Array[] {
    return this.#partData;
  }

  /** Starts a segment whose first sample decodes at `startTime` ticks. */
  begin(startTime: number): void {
    this.#open = true;
    this.#startTime = startTime;
    this.#elapsed = 0;
    this.#parts = [];
    this.#partData = [];
  }

  /**
   * Adds one sample; `nextDuration` is the expected duration of the sample after it (the nominal frame
   * duration), used to close a full part without waiting for one more frame.
   */
  add(sample: Readonly<RunSample>, nextDuration: number): void {
    const target = this.#partTicks;
    if (target !== undefined && this.#run.count > 0 && this.#run.duration + sample.duration > target) {
      this.#cutPart();
    }
    this.#run.add(sample);
    if (target !== undefined && this.#run.duration + nextDuration / 2 > target) {
      this.#cutPart();
    }
  }

  /** Finishes the open segment (publishing its last part), or returns `undefined` when it has no sample. */
  finish(): AssembledSegment | undefined {
    if (!this.#open) {
      return undefined;
    }
    this.#open = false;
    const startTime = this.#startTime;
    if (this.#partTicks !== undefined) {
      if (this.#run.count > 0) {
        this.#cutPart();
      }
      if (this.#parts.length === 0) {
        return undefined;
      }
      const chunks = [this.#header, ...this.#partData];
      return {
        startTime,
        duration: this.#elapsed,
        parts: this.#parts,
        chunks,
        byteLength: chunksLength(chunks),
      };
    }
    if (this.#run.count === 0) {
      return undefined;
    }
    const duration = this.#run.duration;
    const independent = this.#run.independent;
    const chunk = this.#run.write(this.#sequenceNumber++, startTime);
    const part: Part = { index: 0, duration, independent, byteLength: chunksLength(chunk) };
    const chunks = [this.#header, ...chunk];
    return {
      startTime,
      duration,
      parts: [part],
      chunks,
      byteLength: this.#header.byteLength + part.byteLength,
    };
  }

  #cutPart(): void {
    const duration = this.#run.duration;
    const independent = this.#run.independent;
    const data = concatChunks(this.#run.write(this.#sequenceNumber++, this.#startTime + this.#elapsed));
    const part: Part = { index: this.#parts.length, duration, independent, byteLength: data.byteLength };
    this.#parts.push(part);
    this.#partData.push(data);
    this.#elapsed += duration;
    this.#onPart({ part, data });
  }
}
