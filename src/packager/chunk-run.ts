import type { TrackFragmentSample } from '../formats/fmp4/track-fragment.js';
import { writeMovieFragment } from '../formats/fmp4/movie-fragment.js';
import { sampleFlags } from '../formats/fmp4/sample-flags.js';

/** `TrackFragmentSample` with writable fields: rows are reused from one chunk to the next. */
interface SampleRow {
  duration: number;
  size: number;
  flags: number;
  compositionOffset: number;
  data: Uint8Array;
}

/**
 * `RunSample` is one sample as the packager adds it to a run: its duration in ticks, payload view, sync
 * flag and signed composition offset (ticks). Callers may reuse one record: the run copies its fields.
 */
export interface RunSample {
  duration: number;
  data: Uint8Array;
  keyframe: boolean;
  compositionOffset: number;
}

const EMPTY = new Uint8Array(0);

/**
 * `TRACK_ID` is the track of every init segment and chunk: CMAF has one track each (ISO/IEC 23000-19
 * §7.3.2.1).
 */
export const TRACK_ID = 1;

/**
 * `ChunkRun` collects the samples of one CMAF chunk (`moof` + `mdat`) and writes it with
 * `writeMovieFragment`: the header is built, the samples' `data` views are referenced, never copied.
 * Sample rows are reused across chunks, so adding a sample allocates nothing once the pool has grown to
 * the longest chunk.
 */
export class ChunkRun {
  readonly #rows: SampleRow[] = [];
  #count = 0;
  #duration = 0;
  #byteLength = 0;
  #independent = false;

  /** Samples in the run. */
  get count(): number {
    return this.#count;
  }

  /** Sum of the sample durations, ticks. */
  get duration(): number {
    return this.#duration;
  }

  /** Sum of the sample payload sizes, bytes. */
  get byteLength(): number {
    return this.#byteLength;
  }

  /** The run starts with a random access point (CMAF independent chunk). */
  get independent(): boolean {
    return this.#independent;
  }

  /** Appends one sample; `keyframe` sets the sync sample flags (ISO/IEC 14496-12 §8.8.3.1). */
  add(sample: Readonly<RunSample>): void {
    const { duration, data, keyframe, compositionOffset } = sample;
    let row = this.#rows[this.#count];
    if (row === undefined) {
      row = { duration: 0, size: 0, flags: 0, compositionOffset: 0, data: EMPTY };
      this.#rows.push(row);
    }
    row.duration = duration;
    row.size = data.byteLength;
    row.flags = sampleFlags({ keyframe });
    row.compositionOffset = compositionOffset;
    row.data = data;
    if (this.#count === 0) {
      this.#independent = keyframe;
    }
    this.#count++;
    this.#duration += duration;
    this.#byteLength += data.byteLength;
  }

  /**
   * Writes the run as one chunk (a movie fragment) with `mfhd` sequence number `sequenceNumber` and
   * `tfdt` `baseMediaDecodeTime` (64-bit), and empties the run. Returns the chunk as byte runs: the
   * header buffer, then the payload views.
   */
  write(sequenceNumber: number, baseMediaDecodeTime: number): Uint8Array[] {
    const samples: TrackFragmentSample[] = this.#rows.slice(0, this.#count);
    const chunk = writeMovieFragment({
      sequenceNumber,
      tracks: [{ trackId: TRACK_ID, baseMediaDecodeTime, samples }],
    });
    for (let i = 0; i < this.#count; i++) {
      const row = this.#rows[i];
      if (row !== undefined) {
        row.data = EMPTY;
      }
    }
    this.#count = 0;
    this.#duration = 0;
    this.#byteLength = 0;
    this.#independent = false;
    return chunk;
  }
}
