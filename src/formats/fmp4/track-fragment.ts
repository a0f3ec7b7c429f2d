import type { TrunSample } from './boxes/trun.js';

/** `TrackFragmentSample` is one sample of a track fragment: its `trun` row plus its bytes for `mdat`. */
export interface TrackFragmentSample extends TrunSample {
  /** The sample's bytes (AVCC/HVCC length-prefixed NAL units, or one raw AAC frame); referenced, not copied. */
  readonly data: Uint8Array;
}

/**
 * `TrackFragment` is what one `traf` of a movie fragment carries (ISO/IEC 14496-12 §8.8.6): the run of
 * samples of one track.
 */
export interface TrackFragment {
  readonly trackId: number;
  /** Decode time of the first sample in track ticks (`tfdt`); any non-negative safe integer. */
  readonly baseMediaDecodeTime: number;
  /** At least one sample, in decode order. */
  readonly samples: readonly TrackFragmentSample[];
  /**
   * Complete boxes appended to the track's `traf` after its `trun`, in order: extensions such as the
   * Smooth Streaming `tfxd` and `tfrf` ([MS-SSTR] §2.2.4.3). They are copied into the `moof`.
   */
  readonly trafBoxes?: readonly Uint8Array[] | undefined;
}

/**
 * `SampleDefaultsMode` chooses how sample fields are spread between `tfhd` and `trun`:
 * - `compact`: a field whose value is the same for every sample is written once as a `tfhd` default
 *   (flags: also "all but the first", via `first_sample_flags`); composition offsets are left out when
 *   all are 0. Sizes are always per sample.
 * - `explicit`: every sample carries duration, size, flags and composition offset in a version 1 `trun`.
 * Neither depends on `trex` defaults: the ISO/IEC 23000-19 `cmf2` brand asks for sample defaults to be
 * repeated in every track fragment, and a movie fragment then decodes with any init segment of the track.
 */
export type SampleDefaultsMode = 'compact' | 'explicit';
