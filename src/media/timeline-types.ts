import type { Timeline } from './timeline.js';

/**
 * Public contract of `Timeline` and `StreamTimeline`. Three time axes appear here, all integer
 * milliseconds (timescale 1000, the RTMP unit):
 * - raw: the 32-bit timestamp of the FLV tag / RTMP message;
 * - input: the raw value unwrapped to 64 bits (RTMP specification §4), still the encoder's clock. Event
 *   fields (`previousTimestamp`, `newTimestamp`, `lastTimestamp`) use this axis, as Azure's
 *   `LiveEventTrackDiscontinuityDetected` and `LiveEventIngestHeartbeat` do;
 * - output: input + the track's rebase offset, strictly increasing per track for the life of the stream,
 *   even across encoder restarts and reconnects. `AccessUnit.dts`/`pts` are on this axis.
 */

/** `TimelineAccepted` is the verdict for a unit that is kept and continues the output timeline. */
export interface TimelineAccepted {
  readonly kind: 'ok';
  /** Input decode time (the raw timestamp unwrapped), ms. */
  readonly input: number;
  /** Output − input of the track from this unit on, ms. */
  readonly offset: number;
  /** Output decode time, ms. */
  readonly dts: number;
  /** Output presentation time, ms: `dts` + the signed composition offset (may be below `dts`). */
  readonly pts: number;
  /**
   * Timebase generation: increases every time a track of the stream rebases (encoder restart, large
   * jump, reconnect). Tracks of one `StreamTimeline` that follow the same rebase share the number, so a
   * fragmenter breaks once per event, not once per track.
   */
  readonly epoch: number;
}

/** `TimelineDiscontinuity` is the verdict for a unit that is kept after a gap, a jump or a restart. */
export interface TimelineDiscontinuity {
  readonly kind: 'discontinuity';
  /**
   * Why the timeline broke: the encoder restarted (`restart`), its clock left a gap (`gap`) or jumped
   * (`jump`, or `step-back` when a sibling track already jumped back to this time), or the track's
   * decoder configuration changed while its timestamps ran on (`revision`, see `Timeline.revise`).
   */
  readonly reason: DiscontinuityReason;
  /** Input decode time, ms (the same as `newTimestamp`). */
  readonly input: number;
  /** Output − input of the track from this unit on, ms. */
  readonly offset: number;
  readonly dts: number;
  readonly pts: number;
  readonly epoch: number;
  /** Input time of the previous accepted unit (before a restart: of the previous session). */
  readonly previousTimestamp: number;
  /** Input time of this unit. */
  readonly newTimestamp: number;
  /** `newTimestamp - previousTimestamp` (Azure `discontinuityGap`); negative for a jump backwards. */
  readonly gap: number;
  /** True when the output offset changed (output continues instead of keeping the input gap). */
  readonly rebased: boolean;
}

/** `DiscontinuityReason` is what broke a track's timeline (see `TimelineDiscontinuity.reason`). */
export type DiscontinuityReason = 'restart' | 'gap' | 'jump' | 'step-back' | 'revision';

/** `TimelineDrop` is the verdict for a unit that must be dropped (Azure `FragmentDrop_*`). */
export interface TimelineDrop {
  /** `overlap`: starts inside the previous unit; `non-increasing`: at or before the previous DTS. */
  readonly kind: 'overlap' | 'non-increasing';
  /** The raw 32-bit timestamp as received. */
  readonly rawDts: number;
  /** The unit's input time (unwrapped). */
  readonly timestamp: number;
  /** Input time of the previous accepted unit. */
  readonly previousTimestamp: number;
}

/** `TimelineVerdict` classifies one pushed unit. */
export type TimelineVerdict = TimelineAccepted | TimelineDiscontinuity | TimelineDrop;

/** `AcceptedVerdict` is a verdict whose unit is kept (what a fragmenter is fed). */
export type AcceptedVerdict = TimelineAccepted | TimelineDiscontinuity;

/** `Timebase` maps input to output time: output = input + `offset`, in generation `epoch`. */
export interface Timebase {
  readonly offset: number;
  readonly epoch: number;
}

/**
 * `TimebaseRequest` asks for the timebase of a unit that cannot simply keep its track's own:
 * - `start`: the first unit of a track;
 * - `restart`: the first unit after `restart()` (new ingest session);
 * - `gap`: a forward gap small enough to keep in output time (the track's own timebase is the default);
 * - `jump`: a jump backwards, or forwards beyond the kept-gap bound, which needs a rebase;
 * - `step-back`: a small step back, normally dropped; a different timebase in the answer means a
 *   sibling already jumped back to this input (the step is the same clock jump seen one frame later).
 */
export interface TimebaseRequest {
  readonly reason: 'start' | 'restart' | 'gap' | 'jump' | 'step-back';
  /** Input time of the unit. */
  readonly input: number;
  /** Input time of the track's previous accepted unit, when there is one in this session. */
  readonly previousInput: number | undefined;
}

/**
 * `TimebaseCoordinator` lets the tracks of one ingest stream share timebases so that a rebase moves
 * audio and video by the same offset (implemented by `StreamTimeline`). The `Timeline` still keeps its
 * own output strictly increasing: it raises a returned offset that would put the unit before its own
 * expected next DTS.
 */
export interface TimebaseCoordinator {
  /** An input time to unwrap a track's first unit of a session against, from a sibling track. */
  referenceInput(self: Timeline): number | undefined;
  /** The timebase for a unit that starts, restarts or follows a gap or jump. */
  timebaseFor(self: Timeline, request: TimebaseRequest): Timebase;
}

/** `TimelineOptions` configures one track's `Timeline`. */
export interface TimelineOptions {
  /** Ticks per second of input and output: RTMP milliseconds, the only timescale supported. */
  readonly timescale?: 1000;
  /**
   * Nominal duration of one access unit in ms: video 1000 / frame rate from the metadata, audio
   * samplesPerFrame * 1000 / sampleRate (see `nominalFrameDuration`). May be fractional.
   */
  readonly nominalFrameDuration?: number;
  /**
   * Learn the frame duration from observed DTS steps (median of the last 9), replacing the nominal
   * value once 3 steps are seen. Default: true when `nominalFrameDuration` is absent. Use true for video
   * (metadata frame rates are often missing or wrong), false for audio (the frame duration is exact).
   */
  readonly learnFrameDuration?: boolean;
  /** A step back of at most this many ms is dropped as non-increasing; a larger one rebases. Default 1000. */
  readonly maxBackwardDropMs?: number;
  /** A forward gap of at most this many ms is kept in output time; a larger one rebases. Default 10000. */
  readonly maxKeptGapMs?: number;
  /** Shares timebases with the other tracks of the stream; absent for a standalone track. */
  readonly coordinator?: TimebaseCoordinator;
}
