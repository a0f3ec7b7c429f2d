import { StepMedian } from './step-median.js';
import type {
  DiscontinuityReason,
  Timebase,
  TimebaseCoordinator,
  TimelineAccepted,
  TimelineDiscontinuity,
  TimelineOptions,
  TimelineVerdict,
  TimebaseRequest,
} from './timeline-types.js';
import { unwrapTimestamp } from './timestamp-unwrap.js';

/** Steps the frame-duration learner keeps: odd so the median is an observed step (0.3 s at 30 fps). */
const LEARN_WINDOW = 9;
/** Steps seen before the learned median replaces the nominal duration. */
const LEARN_MIN_STEPS = 3;
/** Longest step fed to the learner: a cadence slower than 1 frame per second is not a frame rate. */
const LEARN_MAX_STEP_MS = 1000;
/** Millisecond rounding makes ±1 ms jitter; 2 ms is the smallest tolerance strictly above it. */
const JITTER_MS = 2;
/** Without a known frame duration only a step above 1 s (slower than any frame cadence) is a gap. */
const UNKNOWN_DURATION_GAP_MS = 1000;
/** Defaults of `maxBackwardDropMs` and `maxKeptGapMs` (see `TimelineOptions`). */
const DEFAULT_MAX_BACKWARD_DROP_MS = 1000;
const DEFAULT_MAX_KEPT_GAP_MS = 10_000;

/**
 * `Timeline` turns one track's raw 32-bit FLV/RTMP millisecond timestamps into a strictly increasing
 * 64-bit output timeline and classifies every unit (thresholds in ms, `F` = frame duration, 1000 and
 * 10000 are the defaults of `maxBackwardDropMs` and `maxKeptGapMs`):
 *
 * | step = input DTS − previous accepted input DTS | verdict                                   |
 * |-------------------------------------------------|-------------------------------------------|
 * | −1000 ≤ step ≤ 0                                | `non-increasing`, dropped                 |
 * | step < −1000                                    | `discontinuity`, rebased (encoder restart) |
 * | 0 < step < F − max(2, F/4)                      | `overlap`, dropped                        |
 * | F − max(2, F/4) ≤ step ≤ F + max(2, F/2)        | `ok` (covers ±1 ms rounding jitter)       |
 * | F + max(2, F/2) < step ≤ 10000                  | `discontinuity`, gap kept in output time  |
 * | step > 10000                                    | `discontinuity`, rebased                  |
 *
 * So at 30 fps (F = 33.3) steps of 25–50 ms are ok and one missing frame (66 ms) is a discontinuity.
 * In a `StreamTimeline`, a step back that lands where a sibling track has already rebased follows that
 * sibling (a rebased discontinuity) instead of being dropped: one clock jump of about 1 s back is a
 * step of −990 ms for a 30 fps track and −1004 ms for a 48 kHz AAC track.
 * A rebase moves the output to continue at the expected next DTS (with a `coordinator`, the stream's
 * shared choice). Classification uses DTS only; PTS = output DTS + the signed composition offset and is
 * passed through (a negative offset is legal). Unknown frame duration: no overlap detection, gaps only
 * above 1 s, until 3 steps are learned. Per push: O(1) work and one small verdict object.
 */
export class Timeline {
  /** Ticks per second of input and output times. */
  readonly timescale = 1000;
  readonly #coordinator: TimebaseCoordinator | undefined;
  readonly #maxBackwardDropMs: number;
  readonly #maxKeptGapMs: number;
  readonly #learner: StepMedian | undefined;
  #nominal: number | undefined;
  #lastSeenInput: number | undefined;
  #prevInput: number | undefined;
  #lastDts: number | undefined;
  #timebaseStart: number | undefined;
  #offset = 0;
  #epoch = 0;
  #restartPending = false;
  #overlapCount = 0;
  #discontinuityCount = 0;
  #revisionPending = false;
  #nonincreasingCount = 0;

  constructor(options: TimelineOptions = {}) {
    this.#coordinator = options.coordinator;
    this.#maxBackwardDropMs = options.maxBackwardDropMs ?? DEFAULT_MAX_BACKWARD_DROP_MS;
    this.#maxKeptGapMs = options.maxKeptGapMs ?? DEFAULT_MAX_KEPT_GAP_MS;
    this.#nominal = validDuration(options.nominalFrameDuration);
    const learn = options.learnFrameDuration ?? this.#nominal === undefined;
    this.#learner = learn ? new StepMedian({ capacity: LEARN_WINDOW }) : undefined;
  }

  /** Units dropped because they started inside the previous unit (cumulative). */
  get overlapCount(): number {
    return this.#overlapCount;
  }

  /** Discontinuities (gaps, jumps, restarts) seen (cumulative). */
  get discontinuityCount(): number {
    return this.#discontinuityCount;
  }

  /** Units dropped because their DTS was at or before the previous one (cumulative). */
  get nonincreasingCount(): number {
    return this.#nonincreasingCount;
  }

  /** Input time (unwrapped ms) of the last accepted unit, `undefined` before the first. */
  get lastTimestamp(): number | undefined {
    return this.#prevInput;
  }

  /** Output DTS of the last accepted unit, `undefined` before the first. */
  get lastDts(): number | undefined {
    return this.#lastDts;
  }

  /** The earliest output DTS the next unit may have: last DTS + one frame (rounded, at least 1 ms). */
  get outputEnd(): number | undefined {
    const last = this.#lastDts;
    return last === undefined ? undefined : last + Math.max(1, Math.round(this.frameDuration ?? 1));
  }

  /** Input time of the first unit on the current timebase (the span it maps is this..lastTimestamp). */
  get timebaseStart(): number | undefined {
    return this.#timebaseStart;
  }

  /** Current output − input offset, ms. */
  get offset(): number {
    return this.#offset;
  }

  /** Current timebase generation (see `TimelineAccepted.epoch`). */
  get epoch(): number {
    return this.#epoch;
  }

  /** True between `restart()` and the next accepted unit. */
  get restartPending(): boolean {
    return this.#restartPending;
  }

  /** The frame duration in use (learned median, else nominal), ms; `undefined` when unknown. */
  get frameDuration(): number | undefined {
    const learner = this.#learner;
    if (learner !== undefined && learner.count >= LEARN_MIN_STEPS) {
      return learner.median;
    }
    return this.#nominal;
  }

  /** Replaces the nominal frame duration (new metadata or audio configuration), ms. */
  setNominalFrameDuration(duration: number | undefined): void {
    this.#nominal = validDuration(duration);
  }

  /**
   * Starts a new session (encoder reconnect): the next unit is a discontinuity, unwrapped afresh, and
   * its output continues after the last output (with a coordinator: after every track's last output).
   */
  restart(): void {
    this.#restartPending = true;
    this.#lastSeenInput = undefined;
  }

  /**
   * The track's decoder configuration changed (a new track revision): the next accepted unit is a
   * discontinuity with reason `revision`, on the same timebase, unless it is a discontinuity anyway.
   */
  revise(): void {
    this.#revisionPending = true;
  }

  /** Classifies one unit: `rawDts` is the 32-bit ms timestamp, `compositionTime` the signed CTS in ms. */
  push(rawDts: number, compositionTime: number): TimelineVerdict {
    const previous = this.#prevInput;
    if (previous === undefined || this.#restartPending) {
      return this.#startSession(rawDts, compositionTime);
    }
    const input = unwrapTimestamp(rawDts, previous);
    this.#learn(input);
    const step = input - previous;
    if (step <= 0) {
      if (-step <= this.#maxBackwardDropMs) {
        const follow = this.#coordinator?.timebaseFor(this, {
          reason: 'step-back',
          input,
          previousInput: previous,
        });
        if (follow !== undefined && (follow.offset !== this.#offset || follow.epoch !== this.#epoch)) {
          return this.#discontinuity('step-back', input, compositionTime, previous, follow);
        }
        this.#nonincreasingCount++;
        return {
          kind: 'non-increasing',
          rawDts: rawDts >>> 0,
          timestamp: input,
          previousTimestamp: previous,
        };
      }
      return this.#discontinuity(
        'jump',
        input,
        compositionTime,
        previous,
        this.#timebaseFor('jump', input, previous),
      );
    }
    const frame = this.frameDuration;
    if (frame !== undefined && step < frame - Math.max(JITTER_MS, frame / 4)) {
      this.#overlapCount++;
      return { kind: 'overlap', rawDts: rawDts >>> 0, timestamp: input, previousTimestamp: previous };
    }
    const gapAbove = frame === undefined ? UNKNOWN_DURATION_GAP_MS : frame + Math.max(JITTER_MS, frame / 2);
    if (step <= gapAbove) {
      return this.#accept(input, compositionTime, previous);
    }
    const reason = step <= this.#maxKeptGapMs ? 'gap' : 'jump';
    return this.#discontinuity(
      reason,
      input,
      compositionTime,
      previous,
      this.#timebaseFor(reason, input, previous),
    );
  }

  #startSession(rawDts: number, compositionTime: number): TimelineVerdict {
    const reference = this.#coordinator?.referenceInput(this);
    const input = reference === undefined ? rawDts >>> 0 : unwrapTimestamp(rawDts, reference);
    this.#restartPending = false;
    this.#lastSeenInput = input;
    const previous = this.#prevInput;
    if (previous === undefined) {
      const timebase = this.#timebaseFor('start', input, undefined);
      this.#offset = timebase.offset;
      this.#epoch = timebase.epoch;
      this.#timebaseStart = input;
      return this.#accept(input, compositionTime, undefined);
    }
    return this.#discontinuity(
      'restart',
      input,
      compositionTime,
      previous,
      this.#timebaseFor('restart', input, undefined),
    );
  }

  #accept(
    input: number,
    compositionTime: number,
    previous: number | undefined,
  ): TimelineAccepted | TimelineDiscontinuity {
    if (this.#revisionPending) {
      // Same timebase: only the report is a discontinuity (the fragmenter broke at the revision).
      return this.#discontinuity('revision', input, compositionTime, previous ?? input, {
        offset: this.#offset,
        epoch: this.#epoch,
      });
    }
    const offset = this.#offset;
    const dts = input + offset;
    this.#prevInput = input;
    this.#lastDts = dts;
    return { kind: 'ok', input, offset, dts, pts: dts + compositionTime, epoch: this.#epoch };
  }

  #discontinuity(
    reason: DiscontinuityReason,
    input: number,
    compositionTime: number,
    previous: number,
    timebase: Timebase,
  ): TimelineDiscontinuity {
    let offset = timebase.offset;
    const end = this.outputEnd ?? Number.NEGATIVE_INFINITY;
    if (input + offset < end) {
      offset = end - input;
    }
    const rebased = offset !== this.#offset || timebase.epoch !== this.#epoch;
    if (rebased) {
      this.#timebaseStart = input;
    }
    this.#offset = offset;
    this.#epoch = timebase.epoch;
    this.#revisionPending = false;
    if (reason !== 'revision') {
      this.#discontinuityCount++;
    }
    const dts = input + offset;
    this.#prevInput = input;
    this.#lastDts = dts;
    return {
      kind: 'discontinuity',
      reason,
      input,
      offset,
      dts,
      pts: dts + compositionTime,
      epoch: timebase.epoch,
      previousTimestamp: previous,
      newTimestamp: input,
      gap: input - previous,
      rebased,
    };
  }

  #timebaseFor(
    reason: TimebaseRequest['reason'],
    input: number,
    previousInput: number | undefined,
  ): Timebase {
    if (this.#coordinator !== undefined) {
      return this.#coordinator.timebaseFor(this, { reason, input, previousInput });
    }
    switch (reason) {
      case 'start':
        return { offset: 0, epoch: 0 };
      case 'gap':
      case 'step-back':
        return { offset: this.#offset, epoch: this.#epoch };
      default:
        return { offset: (this.outputEnd ?? 0) - input, epoch: this.#epoch + 1 };
    }
  }

  #learn(input: number): void {
    const learner = this.#learner;
    const seen = this.#lastSeenInput;
    this.#lastSeenInput = input;
    if (learner === undefined || seen === undefined) {
      return;
    }
    const step = input - seen;
    if (step > 0 && step <= LEARN_MAX_STEP_MS) {
      learner.push(step);
    }
  }
}

function validDuration(duration: number | undefined): number | undefined {
  return duration !== undefined && Number.isFinite(duration) && duration > 0 ? duration : undefined;
}
