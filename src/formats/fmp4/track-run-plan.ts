import type { Tfhd } from './boxes/tfhd.js';
import type { Trun, TrunFields } from './boxes/trun.js';
import type { TrackFragment, SampleDefaultsMode } from './track-fragment.js';

/** `TrackRunPlan` is how one track's samples are laid out in its `traf`. */
export interface TrackRunPlan {
  readonly tfhd: Tfhd;
  /** The run, with a data offset of 0 standing in for the real one, which depends on the whole `moof`. */
  readonly trun: Trun;
  /** Sum of the samples' sizes: the bytes this run contributes to `mdat`. */
  readonly payloadSize: number;
}

const EXPLICIT_FIELDS: TrunFields = { duration: true, size: true, flags: true, compositionOffset: true };

/**
 * `planTrackRun` decides which sample fields go into `tfhd` as defaults and which into `trun` rows
 * (see `SampleDefaultsMode`), and checks that every sample's `size` is its data length.
 */
export function planTrackRun(track: TrackFragment, mode: SampleDefaultsMode): TrackRunPlan {
  const { samples, trackId } = track;
  const first = samples[0];
  if (first === undefined) {
    throw new RangeError(
      `track ${trackId} has no samples: a track run carries at least one sample, so leave the track out of the fragment until it has samples`,
    );
  }
  let payloadSize = 0;
  let sameDuration = true;
  let sameFlagsAfterFirst = true;
  let allOffsetsZero = true;
  const second = samples[1] ?? first;
  for (const s of samples) {
    if (s.size !== s.data.byteLength) {
      throw new RangeError(
        `track ${trackId}: sample size ${s.size} differs from its data length ${s.data.byteLength}`,
      );
    }
    payloadSize += s.size;
    sameDuration &&= s.duration === first.duration;
    sameFlagsAfterFirst &&= s === first || s.flags === second.flags;
    allOffsetsZero &&= s.compositionOffset === 0;
  }
  if (mode === 'explicit') {
    return {
      tfhd: { trackId, defaultBaseIsMoof: true },
      trun: { version: 1, dataOffset: 0, fields: EXPLICIT_FIELDS, samples },
      payloadSize,
    };
  }
  const sameFlags = sameFlagsAfterFirst && first.flags === second.flags;
  const fields: TrunFields = {
    duration: !sameDuration,
    size: true,
    flags: !sameFlagsAfterFirst,
    compositionOffset: !allOffsetsZero,
  };
  return {
    tfhd: {
      trackId,
      defaultBaseIsMoof: true,
      defaultSampleDuration: sameDuration ? first.duration : undefined,
      defaultSampleFlags: sameFlagsAfterFirst ? second.flags : undefined,
    },
    trun: {
      version: 1,
      dataOffset: 0,
      firstSampleFlags: sameFlagsAfterFirst && !sameFlags ? first.flags : undefined,
      fields,
      samples,
    },
    payloadSize,
  };
}
