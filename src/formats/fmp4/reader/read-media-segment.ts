import { MediaFormatError } from '../../../lib/media-format-error.js';
import type { FileBrands } from '../boxes/ftyp.js';
import type { Tfhd } from '../boxes/tfhd.js';
import type { Trex } from '../boxes/trex.js';
import type { TrunSample } from '../boxes/trun.js';
import { type BoxRange, childBoxes, findBox, readBoxRanges, requireBox } from './box-range.js';
import {
  type ParsedTrun,
  parseBrands,
  parseMfhd,
  parseTfdt,
  parseTfhd,
  parseTrun,
} from './movie-fragment-box-parsers.js';

/** `SampleInfo` is one sample as resolved from `trun`, `tfhd` and `trex`, with its bytes. */
export interface SampleInfo extends TrunSample {
  /** Offset of the sample's first byte in the input. */
  readonly offset: number;
  /** A view of the sample's bytes in the input. */
  readonly data: Uint8Array;
}

/** `TrackFragmentInfo` is one `traf` as read. */
export interface TrackFragmentInfo {
  readonly tfhd: Tfhd;
  /** `tfdt` baseMediaDecodeTime, or undefined without a `tfdt`. */
  readonly baseMediaDecodeTime: number | undefined;
  readonly runs: readonly ParsedTrun[];
  readonly samples: readonly SampleInfo[];
}

/** `MovieFragmentInfo` is one `moof` with its track fragments. */
export interface MovieFragmentInfo {
  readonly moof: BoxRange;
  readonly sequenceNumber: number;
  readonly tracks: readonly TrackFragmentInfo[];
}

/** `MediaSegmentInfo` is a run of top-level boxes (`styp`, `prft`, `moof`, `mdat`, ...) as read. */
export interface MediaSegmentInfo {
  /** The `styp` brands, when the input starts a segment. */
  readonly brands: FileBrands | undefined;
  readonly boxes: readonly BoxRange[];
  readonly movieFragments: readonly MovieFragmentInfo[];
}

/**
 * `ReadMediaSegmentOptions` gives the `trex` defaults of the init segment, for movie fragments that use
 * them.
 */
export interface ReadMediaSegmentOptions {
  readonly trex?: readonly Trex[];
}

/**
 * `readMediaSegment` reads every movie fragment in `bytes` (ISO/IEC 14496-12 §8.8) and resolves each
 * sample's duration, size, flags (`trun` row, then `first_sample_flags`, `tfhd` default, `trex`
 * default) and composition offset, and its bytes: each run's data offset is resolved against the base
 * (§8.8.7.1: `base_data_offset`, default-base-is-moof, or the `moof` start / end of the previous track
 * fragment's data) and every sample must lie inside a top-level `mdat`. Work is bounded by the input
 * size and `MAX_TRUN_SAMPLES`. Throws `MediaFormatError` on malformed input.
 */
export function readMediaSegment(bytes: Uint8Array, options: ReadMediaSegmentOptions = {}): MediaSegmentInfo {
  const boxes = readBoxRanges(bytes);
  const styp = findBox(boxes, 'styp');
  const mdats = boxes.filter((b) => b.type === 'mdat');
  const movieFragments = boxes
    .filter((b) => b.type === 'moof')
    .map((moof) => readMoof(bytes, moof, mdats, options.trex ?? []));
  return { brands: styp && parseBrands(bytes, styp), boxes, movieFragments };
}

function readMoof(
  bytes: Uint8Array,
  moof: BoxRange,
  mdats: readonly BoxRange[],
  trex: readonly Trex[],
): MovieFragmentInfo {
  const children = childBoxes(bytes, moof);
  const sequenceNumber = parseMfhd(bytes, requireBox(children, 'mfhd', moof));
  const tracks: TrackFragmentInfo[] = [];
  let previousDataEnd = moof.start;
  for (const traf of children.filter((b) => b.type === 'traf')) {
    const t = readTraf(bytes, traf, mdats, trex, previousDataEnd, moof);
    tracks.push(t.info);
    previousDataEnd = t.dataEnd;
  }
  return { moof, sequenceNumber, tracks };
}

function readTraf(
  bytes: Uint8Array,
  traf: BoxRange,
  mdats: readonly BoxRange[],
  trexes: readonly Trex[],
  previousDataEnd: number,
  moof: BoxRange,
): { info: TrackFragmentInfo; dataEnd: number } {
  const children = childBoxes(bytes, traf);
  const tfhd = parseTfhd(bytes, requireBox(children, 'tfhd', traf));
  const tfdt = findBox(children, 'tfdt');
  const trex = trexes.find((t) => t.trackId === tfhd.trackId);
  const base = tfhd.baseDataOffset ?? (tfhd.defaultBaseIsMoof === true ? moof.start : previousDataEnd);
  const runs: ParsedTrun[] = [];
  const samples: SampleInfo[] = [];
  let pos = base;
  for (const box of children.filter((b) => b.type === 'trun')) {
    const run = parseTrun(bytes, box);
    runs.push(run);
    if (run.dataOffset !== undefined) {
      pos = base + run.dataOffset;
    }
    for (let i = 0; i < run.samples.length; i++) {
      const row = run.samples[i] ?? {};
      const size = row.size ?? tfhd.defaultSampleSize ?? trex?.defaultSampleSize;
      const duration = row.duration ?? tfhd.defaultSampleDuration ?? trex?.defaultSampleDuration;
      const flags =
        (i === 0 ? run.firstSampleFlags : undefined) ??
        row.flags ??
        tfhd.defaultSampleFlags ??
        trex?.defaultSampleFlags;
      if (size === undefined || duration === undefined || flags === undefined) {
        throw new MediaFormatError(
          'fmp4-no-default',
          `trun at offset ${box.start}, sample ${i} of track ${tfhd.trackId}: no ${size === undefined ? 'size' : duration === undefined ? 'duration' : 'flags'} in trun, tfhd or trex`,
          box.start,
        );
      }
      requireInMdat(mdats, pos, size, tfhd.trackId);
      samples.push({
        duration,
        size,
        flags,
        compositionOffset: row.compositionOffset ?? 0,
        offset: pos,
        data: bytes.subarray(pos, pos + size),
      });
      pos += size;
    }
  }
  const baseMediaDecodeTime = tfdt && parseTfdt(bytes, tfdt);
  return { info: { tfhd, baseMediaDecodeTime, runs, samples }, dataEnd: pos };
}

function requireInMdat(mdats: readonly BoxRange[], offset: number, size: number, trackId: number): void {
  for (const m of mdats) {
    if (offset >= m.start + m.headerSize && offset + size <= m.end) {
      return;
    }
  }
  throw new MediaFormatError(
    'fmp4-sample-outside-mdat',
    `track ${trackId}: sample of ${size} bytes at offset ${offset} is not inside an mdat`,
    offset,
  );
}
