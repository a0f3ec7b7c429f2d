import type { ByteWriter } from '../../../lib/bytes/byte-writer.js';
import { FULL_BOX_HEADER_SIZE, writeFullBoxHeader } from '../box.js';
import { assertUint32, assertUint64 } from './field-range.js';

/** `TFHD_BASE_DATA_OFFSET_PRESENT`: tfhd carries base_data_offset (ISO/IEC 14496-12 §8.8.7.1). */
export const TFHD_BASE_DATA_OFFSET_PRESENT = 0x000001;
/** `TFHD_SAMPLE_DESCRIPTION_INDEX_PRESENT`: tfhd carries sample_description_index (§8.8.7.1). */
export const TFHD_SAMPLE_DESCRIPTION_INDEX_PRESENT = 0x000002;
/** `TFHD_DEFAULT_SAMPLE_DURATION_PRESENT`: tfhd carries default_sample_duration (§8.8.7.1). */
export const TFHD_DEFAULT_SAMPLE_DURATION_PRESENT = 0x000008;
/** `TFHD_DEFAULT_SAMPLE_SIZE_PRESENT`: tfhd carries default_sample_size (§8.8.7.1). */
export const TFHD_DEFAULT_SAMPLE_SIZE_PRESENT = 0x000010;
/** `TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT`: tfhd carries default_sample_flags (§8.8.7.1). */
export const TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT = 0x000020;
/** `TFHD_DURATION_IS_EMPTY`: the track fragment covers a time span without samples (§8.8.7.1). */
export const TFHD_DURATION_IS_EMPTY = 0x010000;
/** `TFHD_DEFAULT_BASE_IS_MOOF`: data offsets are relative to the enclosing `moof` (§8.8.7.1). */
export const TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;

/**
 * `Tfhd` is the content of a TrackFragmentHeaderBox. An optional field is written exactly when it is
 * given, and the box flags follow from which fields are given.
 */
export interface Tfhd {
  readonly trackId: number;
  /** Data offsets are relative to the start of the enclosing `moof` (CMAF requires this). */
  readonly defaultBaseIsMoof?: boolean | undefined;
  /** The track fragment covers an empty time span (no samples). */
  readonly durationIsEmpty?: boolean | undefined;
  readonly baseDataOffset?: number | undefined;
  readonly sampleDescriptionIndex?: number | undefined;
  readonly defaultSampleDuration?: number | undefined;
  readonly defaultSampleSize?: number | undefined;
  readonly defaultSampleFlags?: number | undefined;
}

/** `tfhdFlags` is the tf_flags value that announces exactly the fields `tfhd` carries. */
export function tfhdFlags(tfhd: Tfhd): number {
  let flags = 0;
  if (tfhd.baseDataOffset !== undefined) {
    flags |= TFHD_BASE_DATA_OFFSET_PRESENT;
  }
  if (tfhd.sampleDescriptionIndex !== undefined) {
    flags |= TFHD_SAMPLE_DESCRIPTION_INDEX_PRESENT;
  }
  if (tfhd.defaultSampleDuration !== undefined) {
    flags |= TFHD_DEFAULT_SAMPLE_DURATION_PRESENT;
  }
  if (tfhd.defaultSampleSize !== undefined) {
    flags |= TFHD_DEFAULT_SAMPLE_SIZE_PRESENT;
  }
  if (tfhd.defaultSampleFlags !== undefined) {
    flags |= TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT;
  }
  if (tfhd.durationIsEmpty === true) {
    flags |= TFHD_DURATION_IS_EMPTY;
  }
  if (tfhd.defaultBaseIsMoof === true) {
    flags |= TFHD_DEFAULT_BASE_IS_MOOF;
  }
  return flags;
}

/** `tfhdSize` is FullBox header + track_ID(4) + 8 for a base offset + 4 per other default present. */
export function tfhdSize(tfhd: Tfhd): number {
  let size = FULL_BOX_HEADER_SIZE + 4;
  if (tfhd.baseDataOffset !== undefined) {
    size += 8;
  }
  size += optionalU32Size(tfhd.sampleDescriptionIndex) + optionalU32Size(tfhd.defaultSampleDuration);
  return size + optionalU32Size(tfhd.defaultSampleSize) + optionalU32Size(tfhd.defaultSampleFlags);
}

/** `writeTfhd` appends a TrackFragmentHeaderBox (ISO/IEC 14496-12 §8.8.7). */
export function writeTfhd(w: ByteWriter, tfhd: Tfhd): void {
  assertUint32('tfhd track_ID', tfhd.trackId);
  writeFullBoxHeader(w, 'tfhd', tfhdSize(tfhd), 0, tfhdFlags(tfhd));
  w.u32(tfhd.trackId);
  if (tfhd.baseDataOffset !== undefined) {
    assertUint64('tfhd base_data_offset', tfhd.baseDataOffset);
    w.u64(tfhd.baseDataOffset);
  }
  writeOptionalU32(w, 'tfhd sample_description_index', tfhd.sampleDescriptionIndex);
  writeOptionalU32(w, 'tfhd default_sample_duration', tfhd.defaultSampleDuration);
  writeOptionalU32(w, 'tfhd default_sample_size', tfhd.defaultSampleSize);
  writeOptionalU32(w, 'tfhd default_sample_flags', tfhd.defaultSampleFlags);
}

function optionalU32Size(v: number | undefined): number {
  return v === undefined ? 0 : 4;
}

function writeOptionalU32(w: ByteWriter, what: string, v: number | undefined): void {
  if (v !== undefined) {
    assertUint32(what, v);
    w.u32(v);
  }
}
