import { concatChunks } from '../../formats/fmp4/box.js';
import type { Trex } from '../../formats/fmp4/boxes/trex.js';
import { readMediaSegment } from '../../formats/fmp4/reader/read-media-segment.js';
import { isSyncSampleFlags } from '../../formats/fmp4/sample-flags.js';
import { MediaFormatError } from '../../lib/media-format-error.js';

/** `CmafSegmentBytes` is a CMAF segment as the store returns it: one buffer, or its chunks in order. */
export type CmafSegmentBytes = Uint8Array | readonly Uint8Array[];

/** `CmafSample` is one sample of a CMAF segment with its decode time resolved. */
export interface CmafSample {
  /** Decode time, track timescale ticks. */
  readonly dts: number;
  readonly duration: number;
  /** Presentation minus decode time, ticks. */
  readonly compositionOffset: number;
  readonly keyframe: boolean;
  /** A view of the sample's bytes in the segment. */
  readonly data: Uint8Array;
}

/**
 * `readCmafSamples` lists the samples of a single-track CMAF segment (`styp` + `moof`/`mdat` pairs)
 * in decode order: each CMAF chunk's samples start at its `tfdt` (or where the previous chunk ended),
 * then advance by their durations. A segment given as byte runs (box headers and sample data as the packager
 * holds them, boundaries anywhere) is joined once; a single buffer is read in place, and the samples are
 * views of it. Throws `MediaFormatError` on malformed input or a chunk with no start time.
 */
export function readCmafSamples(segment: CmafSegmentBytes, trex: readonly Trex[]): CmafSample[] {
  const bytes =
    segment instanceof Uint8Array
      ? segment
      : segment.length === 1
        ? (segment[0] ?? new Uint8Array(0))
        : concatChunks(segment);
  const out: CmafSample[] = [];
  let next: number | undefined;
  for (const chunk of readMediaSegment(bytes, { trex }).movieFragments) {
    for (const track of chunk.tracks) {
      let dts = track.baseMediaDecodeTime ?? next;
      if (dts === undefined) {
        throw new MediaFormatError(
          'fmp4-missing-box',
          `fragment ${chunk.sequenceNumber} has no tfdt and follows no other fragment`,
          chunk.moof.start,
        );
      }
      for (const s of track.samples) {
        out.push({
          dts,
          duration: s.duration,
          compositionOffset: s.compositionOffset,
          keyframe: isSyncSampleFlags(s.flags),
          data: s.data,
        });
        dts += s.duration;
      }
      next = dts;
    }
  }
  return out;
}
