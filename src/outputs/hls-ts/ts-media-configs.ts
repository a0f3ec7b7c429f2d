import type { AacConfig, VideoCodecConfig } from '../../codecs/codec-config.js';
import type { Trex } from '../../formats/fmp4/boxes/trex.js';
import { MediaFormatError } from '../../lib/media-format-error.js';
import type { CmafSegmentBytes } from './cmaf-samples.js';
import type { TsTrackPlan } from './ts-plan.js';
import { readTrackConfig } from './track-config.js';

/** `LoadedTrack` is the bytes the caller loaded for one `TsTrackPlan`. */
export interface LoadedTrack {
  /** Init segment bytes by `InitSegment.version`; every version of the plan must be present. */
  readonly init: ReadonlyMap<number, Uint8Array>;
  /** The plan's CMAF segments, in the plan's order. */
  readonly segments: readonly CmafSegmentBytes[];
}

/** `TrackMedia` is one CMAF segment ready to read: its bytes with the config of its init segment. */
export interface TrackMedia<C> {
  readonly bytes: CmafSegmentBytes;
  readonly config: C;
  readonly timescale: number;
  readonly trex: readonly Trex[];
  /** `Segment.startTime` of the window, to check the bytes are the segment the plan named. */
  readonly startTime: number;
}

/**
 * `trackMedia` pairs every segment of `plan` with the decoder config of its init segment, checking the
 * codec kind with `accept` (which returns the config, or undefined for the wrong codec). Throws `Error`
 * when the caller left out a segment or init version, `MediaFormatError` for malformed init segments or
 * a codec the track cannot carry.
 */
export function trackMedia<C>(
  plan: TsTrackPlan,
  loaded: LoadedTrack | undefined,
  accept: (config: VideoCodecConfig | AacConfig) => C | undefined,
): TrackMedia<C>[] {
  if (loaded === undefined || loaded.segments.length !== plan.segments.length) {
    throw new Error(
      `rendition ${plan.renditionId}: ${plan.segments.length} cmaf segments planned, ${loaded?.segments.length ?? 0} loaded`,
    );
  }
  const configs = new Map<number, { config: C; timescale: number; trex: readonly Trex[] }>();
  for (const version of plan.initVersions) {
    const init = loaded.init.get(version);
    if (init === undefined) {
      throw new Error(`rendition ${plan.renditionId}: init segment ${version} was not loaded`);
    }
    const track = readTrackConfig(init);
    const config = accept(track.config);
    if (config === undefined) {
      throw new MediaFormatError(
        'ts-unsupported-codec',
        `rendition ${plan.renditionId}: init segment ${version} holds ${track.config.codec}, which this track cannot carry`,
        0,
      );
    }
    configs.set(version, { config, timescale: track.timescale, trex: track.trex });
  }
  return plan.segments.map((segment, i) => {
    const c = configs.get(segment.initVersion);
    const bytes = loaded.segments[i];
    if (c === undefined || bytes === undefined) {
      throw new Error(
        `rendition ${plan.renditionId}: segment ${segment.sequence} has no init segment or bytes`,
      );
    }
    return { bytes, ...c, startTime: segment.startTime };
  });
}
