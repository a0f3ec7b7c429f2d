import { MediaFormatError } from '../../../lib/media-format-error.js';
import type { FileBrands } from '../boxes/ftyp.js';
import { NTP_UNIX_EPOCH_OFFSET, type Prft } from '../boxes/prft.js';
import type { Sidx, SidxReference } from '../boxes/sidx.js';
import {
  TFHD_BASE_DATA_OFFSET_PRESENT,
  TFHD_DEFAULT_BASE_IS_MOOF,
  TFHD_DEFAULT_SAMPLE_DURATION_PRESENT,
  TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT,
  TFHD_DEFAULT_SAMPLE_SIZE_PRESENT,
  TFHD_DURATION_IS_EMPTY,
  TFHD_SAMPLE_DESCRIPTION_INDEX_PRESENT,
  type Tfhd,
} from '../boxes/tfhd.js';
import {
  TRUN_DATA_OFFSET_PRESENT,
  TRUN_FIRST_SAMPLE_FLAGS_PRESENT,
  TRUN_SAMPLE_COMPOSITION_TIME_OFFSET_PRESENT,
  TRUN_SAMPLE_DURATION_PRESENT,
  TRUN_SAMPLE_FLAGS_PRESENT,
  TRUN_SAMPLE_SIZE_PRESENT,
  type Trun,
  type TrunFields,
  type TrunSample,
  trunSampleRowSize,
} from '../boxes/trun.js';
import { type BoxRange, payloadReader, readFourCc, readFullBoxHeader, readU64 } from './box-range.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** `ParsedTrun` is a `Trun` as read: each sample has only the fields its run carries. */
export interface ParsedTrun extends Omit<Trun, 'samples'> {
  readonly samples: readonly Partial<TrunSample>[];
}

/**
 * `MAX_TRUN_SAMPLES` bounds the samples of one run: far above any real movie fragment (a 10 s part of
 * 48 kHz AAC has 469 frames, of 120 fps video 1200), it caps the work a forged `sample_count` can cause
 * when every field comes from defaults and rows take no bytes.
 */
export const MAX_TRUN_SAMPLES = 1_000_000;

/** `parseBrands` reads an `ftyp` or `styp` box (ISO/IEC 14496-12 §4.3, §8.16.2). */
export function parseBrands(bytes: Uint8Array, box: BoxRange): FileBrands {
  const r = payloadReader(bytes, box);
  const major = readFourCc(r, `${box.type} major_brand`);
  const minorVersion = r.u32(`${box.type} minor_version`);
  const compatible: string[] = [];
  while (r.remaining >= 4) {
    compatible.push(readFourCc(r, `${box.type} compatible_brands`));
  }
  return { major, minorVersion, compatible };
}

/** `parseMfhd` reads the sequence number of a MovieFragmentHeaderBox (§8.8.5). */
export function parseMfhd(bytes: Uint8Array, box: BoxRange): number {
  const r = payloadReader(bytes, box);
  readFullBoxHeader(r, box, 0);
  return r.u32('mfhd sequence_number');
}

/** `parseTfdt` reads a TrackFragmentBaseMediaDecodeTimeBox (§8.8.12), version 0 or 1. */
export function parseTfdt(bytes: Uint8Array, box: BoxRange): number {
  const r = payloadReader(bytes, box);
  const { version } = readFullBoxHeader(r, box, 1);
  return version === 1 ? readU64(r, 'tfdt baseMediaDecodeTime') : r.u32('tfdt baseMediaDecodeTime');
}

/** `parseTfhd` reads a TrackFragmentHeaderBox (§8.8.7); absent fields are absent from the result. */
export function parseTfhd(bytes: Uint8Array, box: BoxRange): Tfhd {
  const r = payloadReader(bytes, box);
  const { flags } = readFullBoxHeader(r, box, 0);
  const t: Mutable<Tfhd> = { trackId: r.u32('tfhd track_ID') };
  if (flags & TFHD_BASE_DATA_OFFSET_PRESENT) {
    t.baseDataOffset = readU64(r, 'tfhd base_data_offset');
  }
  if (flags & TFHD_SAMPLE_DESCRIPTION_INDEX_PRESENT) {
    t.sampleDescriptionIndex = r.u32('tfhd sample_description_index');
  }
  if (flags & TFHD_DEFAULT_SAMPLE_DURATION_PRESENT) {
    t.defaultSampleDuration = r.u32('tfhd default_sample_duration');
  }
  if (flags & TFHD_DEFAULT_SAMPLE_SIZE_PRESENT) {
    t.defaultSampleSize = r.u32('tfhd default_sample_size');
  }
  if (flags & TFHD_DEFAULT_SAMPLE_FLAGS_PRESENT) {
    t.defaultSampleFlags = r.u32('tfhd default_sample_flags');
  }
  if (flags & TFHD_DURATION_IS_EMPTY) {
    t.durationIsEmpty = true;
  }
  if (flags & TFHD_DEFAULT_BASE_IS_MOOF) {
    t.defaultBaseIsMoof = true;
  }
  return t;
}

/** `parseTrun` reads a TrackRunBox (§8.8.8), version 0 (unsigned offsets) or 1 (signed offsets). */
export function parseTrun(bytes: Uint8Array, box: BoxRange): ParsedTrun {
  const r = payloadReader(bytes, box);
  const { version, flags } = readFullBoxHeader(r, box, 1);
  const count = r.u32('trun sample_count');
  const fields: TrunFields = {
    duration: (flags & TRUN_SAMPLE_DURATION_PRESENT) !== 0,
    size: (flags & TRUN_SAMPLE_SIZE_PRESENT) !== 0,
    flags: (flags & TRUN_SAMPLE_FLAGS_PRESENT) !== 0,
    compositionOffset: (flags & TRUN_SAMPLE_COMPOSITION_TIME_OFFSET_PRESENT) !== 0,
  };
  const trun: Mutable<ParsedTrun> = { version: version === 1 ? 1 : 0, fields, samples: [] };
  if (flags & TRUN_DATA_OFFSET_PRESENT) {
    trun.dataOffset = r.u32('trun data_offset') | 0; // signed 32-bit
  }
  if (flags & TRUN_FIRST_SAMPLE_FLAGS_PRESENT) {
    trun.firstSampleFlags = r.u32('trun first_sample_flags');
  }
  const rowSize = trunSampleRowSize(fields);
  if (count > MAX_TRUN_SAMPLES || count * rowSize > r.remaining) {
    throw new MediaFormatError(
      'fmp4-bad-count',
      `trun at offset ${box.start} claims ${count} samples of ${rowSize} bytes; ${r.remaining} bytes are left`,
      box.start,
    );
  }
  const samples: Partial<TrunSample>[] = [];
  for (let i = 0; i < count; i++) {
    const s: Mutable<Partial<TrunSample>> = {};
    if (fields.duration) {
      s.duration = r.u32('trun sample_duration');
    }
    if (fields.size) {
      s.size = r.u32('trun sample_size');
    }
    if (fields.flags) {
      s.flags = r.u32('trun sample_flags');
    }
    if (fields.compositionOffset) {
      const v = r.u32('trun sample_composition_time_offset');
      s.compositionOffset = version === 1 ? v | 0 : v;
    }
    samples.push(s);
  }
  trun.samples = samples;
  return trun;
}

/** `parseSidx` reads a SegmentIndexBox (§8.16.3), version 0 or 1. */
export function parseSidx(bytes: Uint8Array, box: BoxRange): Sidx {
  const r = payloadReader(bytes, box);
  const { version } = readFullBoxHeader(r, box, 1);
  const referenceId = r.u32('sidx reference_ID');
  const timescale = r.u32('sidx timescale');
  const earliestPresentationTime = version === 1 ? readU64(r, 'sidx ept') : r.u32('sidx ept');
  const firstOffset = version === 1 ? readU64(r, 'sidx first_offset') : r.u32('sidx first_offset');
  r.skip(2, 'sidx reserved');
  const count = r.u16('sidx reference_count');
  if (count * 12 > r.remaining) {
    throw new MediaFormatError(
      'fmp4-bad-count',
      `sidx claims ${count} references; ${r.remaining} bytes left`,
      box.start,
    );
  }
  const references: SidxReference[] = [];
  for (let i = 0; i < count; i++) {
    const a = r.u32('sidx reference');
    const subsegmentDuration = r.u32('sidx subsegment_duration');
    const c = r.u32('sidx SAP');
    references.push({
      referencesIndex: a >>> 31 === 1,
      referencedSize: a & 0x7fff_ffff,
      subsegmentDuration,
      startsWithSap: c >>> 31 === 1,
      sapType: (c >>> 28) & 7,
      sapDeltaTime: c & 0x0fff_ffff,
    });
  }
  return { referenceId, timescale, earliestPresentationTime, firstOffset, references };
}

/** `parsePrft` reads a ProducerReferenceTimeBox (§8.16.5); the NTP time becomes whole Unix ms. */
export function parsePrft(bytes: Uint8Array, box: BoxRange): Prft {
  const r = payloadReader(bytes, box);
  const { version, flags } = readFullBoxHeader(r, box, 1);
  const referenceTrackId = r.u32('prft reference_track_ID');
  const seconds = r.u32('prft ntp seconds');
  const fraction = r.u32('prft ntp fraction');
  const mediaTime = version === 1 ? readU64(r, 'prft media_time') : r.u32('prft media_time');
  const wallClockMs = (seconds - NTP_UNIX_EPOCH_OFFSET) * 1000 + Math.ceil((fraction * 1000) / 0x1_0000_0000);
  return { flags, referenceTrackId, wallClockMs, mediaTime };
}
