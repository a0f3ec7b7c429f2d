import type { AccessUnit } from './access-unit.js';
import type { Fragment } from './fragment.js';

/** `FragmentUnitInfo` tells where a released unit sits in its track's fragments. */
export interface FragmentUnitInfo {
  /** The unit is the first of a new fragment (the previous one, if any, was reported just before). */
  readonly fragmentStart: boolean;
  /** The new fragment follows a discontinuity (only with `fragmentStart`). */
  readonly discontinuity: boolean;
}

/** `StreamFragmenterObserver` receives a stream's released units and closed fragments, in order. */
export interface StreamFragmenterObserver {
  /** Every released unit, in DTS order per track. */
  onUnit(trackId: string, au: AccessUnit, info: FragmentUnitInfo): void;
  /** A fragment closed: called before the `onUnit` of the next fragment's first unit, or from `flush`. */
  onFragment(trackId: string, fragment: Fragment): void;
}

/**
 * `FragmenterTrack` declares one track of the stream. `frameDuration` (ticks) sizes the last fragment at
 * `flush` and measures audio time while video is missing: required for audio (samplesPerFrame *
 * timescale / sampleRate), optional for video (the last observed DTS step is used instead).
 */
export type FragmenterTrack =
  | { readonly id: string; readonly kind: 'video'; readonly frameDuration?: number }
  | { readonly id: string; readonly kind: 'audio'; readonly frameDuration: number };

/** `StreamFragmenterOptions` configures a `StreamFragmenter`. */
export interface StreamFragmenterOptions {
  readonly observer: StreamFragmenterObserver;
  /** The live event's `keyFrameIntervalDuration` in ms: the shortest video fragment. Default 2000 (PT2S). */
  readonly keyFrameIntervalMs?: number;
  /** Ticks per second of every track's DTS (one stream shares one timescale). Default 1000. */
  readonly timescale?: number;
  /**
   * Audio time in ms after which video counts as stalled when no video unit arrives: held audio is then
   * released by its own clock. Default `keyFrameIntervalMs`.
   */
  readonly videoStallMs?: number;
  /** Entries kept per track in `fragmentTimeline` (the newest). Default 512. */
  readonly timelineLength?: number;
}
