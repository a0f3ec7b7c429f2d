/**
 * `FragmentTiming` is one entry of a track's fragment timeline: start `t` and duration `d` in track
 * ticks (the `S@t`/`S@d` of a DASH SegmentTimeline, ISO/IEC 23009-1 §5.3.9.6).
 */
export interface FragmentTiming {
  readonly t: number;
  readonly d: number;
}

/**
 * `Fragment` is a closed run of consecutive units of one track: a video fragment starts on a keyframe
 * and ends before the next cut; audio fragments end at the same times. One fragment becomes one CMAF
 * segment (ISO/IEC 23000-19 §7.3.3).
 */
export interface Fragment extends FragmentTiming {
  readonly trackId: string;
  /** Per track, from 0, increasing by one per fragment, across discontinuities. */
  readonly sequence: number;
  /** Number of access units. */
  readonly units: number;
  /** Sum of the units' payload sizes in bytes. */
  readonly bytes: number;
  /** True when the fragment follows a discontinuity (rebase, reconnect, configuration change). */
  readonly discontinuity: boolean;
}
