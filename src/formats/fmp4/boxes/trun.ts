import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertInt32, assertUint32 } from './field-range.js';

/** `TRUN_DATA_OFFSET_PRESENT`: trun carries data_offset (ISO/IEC 14496-12 §8.8.8.1). */
export const TRUN_DATA_OFFSET_PRESENT = 0x000001;
/** `TRUN_FIRST_SAMPLE_FLAGS_PRESENT`: trun carries first_sample_flags (§8.8.8.1). */
export const TRUN_FIRST_SAMPLE_FLAGS_PRESENT = 0x000004;
/** `TRUN_SAMPLE_DURATION_PRESENT`: each row carries sample_duration (§8.8.8.1). */
export const TRUN_SAMPLE_DURATION_PRESENT = 0x000100;
/** `TRUN_SAMPLE_SIZE_PRESENT`: each row carries sample_size (§8.8.8.1). */
export const TRUN_SAMPLE_SIZE_PRESENT = 0x000200;
/** `TRUN_SAMPLE_FLAGS_PRESENT`: each row carries sample_flags (§8.8.8.1). */
export const TRUN_SAMPLE_FLAGS_PRESENT = 0x000400;
/** `TRUN_SAMPLE_COMPOSITION_TIME_OFFSET_PRESENT`: each row carries a composition offset (§8.8.8.1). */
export const TRUN_SAMPLE_COMPOSITION_TIME_OFFSET_PRESENT = 0x000800;

/** `TrunSample` is one sample's row of a track run; only the fields the run announces are written. */
export interface TrunSample {
  /** Ticks until the next sample's decode time. */
  readonly duration: number;
  /** Bytes of sample data in `mdat`. */
  readonly size: number;
  /** Sample flags (ISO/IEC 14496-12 §8.8.3.1), see `sampleFlags`. */
  readonly flags: number;
  /** Presentation time minus decode time, ticks; signed in a version 1 run. */
  readonly compositionOffset: number;
}

/** `TrunFields` says which per-sample fields a run writes; the others come from `tfhd`/`trex`. */
export interface TrunFields {
  readonly duration: boolean;
  readonly size: boolean;
  readonly flags: boolean;
  readonly compositionOffset: boolean;
}

/** `Trun` is the content of a TrackRunBox. `dataOffset` and `firstSampleFlags` are written when given. */
export interface Trun {
  /** 1: composition offsets are signed (needed for negative offsets); 0: unsigned. */
  readonly version: 0 | 1;
  /** Offset of the run's first sample byte from the base data offset (the `moof` start in CMAF). */
  readonly dataOffset?: number | undefined;
  /** Flags of the first sample when they differ from the default; exclusive with per-sample flags. */
  readonly firstSampleFlags?: number | undefined;
  readonly fields: TrunFields;
  readonly samples: readonly TrunSample[];
}

/** `trunFlags` is the tr_flags value that announces exactly what `trun` carries. */
export function trunFlags(trun: Trun): number {
  let flags = 0;
  if (trun.dataOffset !== undefined) {
    flags |= TRUN_DATA_OFFSET_PRESENT;
  }
  if (trun.firstSampleFlags !== undefined) {
    flags |= TRUN_FIRST_SAMPLE_FLAGS_PRESENT;
  }
  if (trun.fields.duration) {
    flags |= TRUN_SAMPLE_DURATION_PRESENT;
  }
  if (trun.fields.size) {
    flags |= TRUN_SAMPLE_SIZE_PRESENT;
  }
  if (trun.fields.flags) {
    flags |= TRUN_SAMPLE_FLAGS_PRESENT;
  }
  if (trun.fields.compositionOffset) {
    flags |= TRUN_SAMPLE_COMPOSITION_TIME_OFFSET_PRESENT;
  }
  return flags;
}

/** `trunSampleRowSize` is 4 bytes per per-sample field the run writes. */
export function trunSampleRowSize(fields: TrunFields): number {
  return 4 * (+fields.duration + +fields.size + +fields.flags + +fields.compositionOffset);
}

/** `trunSize` is FullBox header + sample_count(4) + optional data_offset(4), first_sample_flags(4) + rows. */
export function trunSize(trun: Trun): number {
  return (
    FULL_BOX_HEADER_SIZE +
    4 +
    (trun.dataOffset !== undefined ? 4 : 0) +
    (trun.firstSampleFlags !== undefined ? 4 : 0) +
    trun.samples.length * trunSampleRowSize(trun.fields)
  );
}

/**
 * `writeTrun` appends a TrackRunBox (ISO/IEC 14496-12 §8.8.8). It rejects a first-sample-flags value
 * together with per-sample flags (the spec says they are not used together) and, in a version 0 run,
 * negative composition offsets.
 */
export function writeTrun(w: ByteWriter, trun: Trun): void {
  const { fields, samples } = trun;
  if (trun.firstSampleFlags !== undefined) {
    if (fields.flags) {
      throw new RangeError('trun first_sample_flags must not be combined with per-sample flags');
    }
    assertUint32('trun first_sample_flags', trun.firstSampleFlags);
  }
  writeFullBoxHeader(w, 'trun', trunSize(trun), trun.version, trunFlags(trun));
  w.u32(samples.length);
  if (trun.dataOffset !== undefined) {
    assertInt32('trun data_offset', trun.dataOffset);
    w.i32(trun.dataOffset);
  }
  if (trun.firstSampleFlags !== undefined) {
    w.u32(trun.firstSampleFlags);
  }
  const signed = trun.version === 1;
  for (const s of samples) {
    if (fields.duration) {
      assertUint32('trun sample_duration', s.duration);
      w.u32(s.duration);
    }
    if (fields.size) {
      assertUint32('trun sample_size', s.size);
      w.u32(s.size);
    }
    if (fields.flags) {
      assertUint32('trun sample_flags', s.flags);
      w.u32(s.flags);
    }
    if (fields.compositionOffset) {
      if (signed) {
        assertInt32('trun sample_composition_time_offset', s.compositionOffset);
        w.i32(s.compositionOffset);
      } else {
        assertUint32('trun sample_composition_time_offset (version 0)', s.compositionOffset);
        w.u32(s.compositionOffset);
      }
    }
  }
}
