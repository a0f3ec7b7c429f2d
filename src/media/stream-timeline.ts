import { Timeline } from './timeline.js';
import type {
  Timebase,
  TimebaseCoordinator,
  TimebaseRequest,
  TimelineOptions,
  TimelineVerdict,
} from './timeline-types.js';

/** Finished timebase spans remembered per session: rebases are rare, a few cover any realistic burst. */
const MAX_ARCHIVED_SPANS = 8;

/** `TimebaseSpan` is an input range [lo, hi] that one track mapped with one timebase. */
interface TimebaseSpan extends Timebase {
  readonly owner: Timeline;
  readonly lo: number;
  readonly hi: number;
}

/**
 * `StreamTimeline` keeps the `Timeline`s of one ingest stream (the audio and video tracks of one encoder
 * push) on one shared timebase, so a rebase never breaks A/V sync. Each track maps input to output time
 * with a `Timebase` {offset, epoch}; a span is the input range a track mapped with one timebase (the
 * live span of each track, plus the last 8 finished spans of the session). The algorithm:
 *
 * 1. Start. The first unit of the stream keeps its input time (offset 0, epoch 0). A track that starts
 *    later takes the timebase of the span nearest its first input (its timestamp is first unwrapped
 *    against a sibling), so the encoder's A/V alignment is kept even when the sibling rebased meanwhile.
 * 2. Gap, jump or small step back on track T from input p to x (see `Timeline`). Take the span S of
 *    another track nearest x among those that would not move T's output back by more than |x − p| / 2
 *    (a jump back into time already covered is a new clock). If S is clearly on x's side of the jump,
 *    2·distance(x, S) < |x − p|, T
 *    adopts S's timebase: either a sibling jumped first and T now follows with the same offset (seamless,
 *    but counted as T's own discontinuity), or T alone was silent (an audio stall) and resumes where the
 *    stream already is, keeping the gap. Otherwise T leads: a kept gap keeps T's timebase; a jump opens a
 *    new epoch with offset = max over all tracks of their output end − x, so T continues where the
 *    stream's output ends and the followers land after their own last output; a small step back is
 *    dropped. (A clock jump of about 1 s back is a step back for one track and a jump for the other:
 *    the match makes the track that steps back follow instead of dropping a second of media.)
 * 3. `restart()` (encoder reconnect): every track starts a new session and the spans are forgotten (the
 *    new session's clock is unrelated). The first unit of any track in it opens a new epoch with offset
 *    = max over all tracks of their output end − its input; every other track's first unit in the
 *    session uses the same timebase. The max keeps every track after its own end (the track that ended
 *    earlier gets a small gap).
 * 4. A track raises any offset that would put it before its own output end. This only happens when a
 *    follower's first new input is earlier than the leader's, and shifts it by at most that difference.
 */
export class StreamTimeline implements TimebaseCoordinator {
  readonly #tracks = new Map<string, Timeline>();
  readonly #defaults: Pick<TimelineOptions, 'maxBackwardDropMs' | 'maxKeptGapMs'>;
  readonly #archive: TimebaseSpan[] = [];
  #epoch = 0;
  #sessionBase: Timebase | undefined;

  /** `maxBackwardDropMs`/`maxKeptGapMs` become the defaults of every track (see `TimelineOptions`). */
  constructor(options: Pick<TimelineOptions, 'maxBackwardDropMs' | 'maxKeptGapMs'> = {}) {
    this.#defaults = options;
  }

  /** The highest timebase generation handed out so far. */
  get epoch(): number {
    return this.#epoch;
  }

  /** Creates the timeline of a track; a track id can be added once (a config change keeps its timeline). */
  addTrack(trackId: string, options: Omit<TimelineOptions, 'coordinator'> = {}): Timeline {
    if (this.#tracks.has(trackId)) {
      throw new Error(`track ${trackId} already has a timeline: reuse it across configuration changes`);
    }
    const timeline = new Timeline({ ...this.#defaults, ...options, coordinator: this });
    this.#tracks.set(trackId, timeline);
    return timeline;
  }

  /** The timeline of a track, if added. */
  get(trackId: string): Timeline | undefined {
    return this.#tracks.get(trackId);
  }

  /** Pushes one unit of a track (see `Timeline.push`); throws for a track never added. */
  push(trackId: string, rawDts: number, compositionTime: number): TimelineVerdict {
    const timeline = this.#tracks.get(trackId);
    if (timeline === undefined) {
      throw new Error(`no timeline for track ${trackId}: call addTrack first`);
    }
    return timeline.push(rawDts, compositionTime);
  }

  /** Starts a new session on every track (encoder reconnect); see step 3 above. */
  restart(): void {
    this.#sessionBase = undefined;
    this.#archive.length = 0;
    for (const timeline of this.#tracks.values()) {
      timeline.restart();
    }
  }

  /** `TimebaseCoordinator`: the last input of the most advanced sibling in the current session. */
  referenceInput(self: Timeline): number | undefined {
    let best: Timeline | undefined;
    for (const timeline of this.#tracks.values()) {
      if (
        inSession(timeline, self) &&
        (best === undefined || (timeline.lastDts ?? 0) > (best.lastDts ?? 0))
      ) {
        best = timeline;
      }
    }
    return best?.lastTimestamp;
  }

  /** `TimebaseCoordinator`: steps 1–3 above. */
  timebaseFor(self: Timeline, request: TimebaseRequest): Timebase {
    const { reason, input, previousInput } = request;
    if (reason === 'restart') {
      return (this.#sessionBase ??= this.#newSessionBase(input));
    }
    if (reason === 'start') {
      const span = this.#nearestSpan(self, input, Number.NEGATIVE_INFINITY);
      return span === undefined ? (this.#sessionBase ??= this.#newSessionBase(input)) : timebaseOf(span);
    }
    const step = Math.abs(input - (previousInput ?? input));
    // Only a span that keeps T's output from going back more than half the step is a match: a jump back
    // into time the stream already covered is a new clock, not a sibling's timebase.
    const span = this.#nearestSpan(self, input, (self.outputEnd ?? Number.NEGATIVE_INFINITY) - step / 2);
    if (span !== undefined && 2 * distance(input, span.lo, span.hi) < step) {
      if (span.offset !== self.offset || span.epoch !== self.epoch) {
        this.#archiveSpan(self);
      }
      return timebaseOf(span);
    }
    if (reason === 'gap' || reason === 'step-back') {
      return { offset: self.offset, epoch: self.epoch };
    }
    this.#archiveSpan(self);
    this.#epoch++;
    return { offset: (this.#maxOutputEnd() ?? input) - input, epoch: this.#epoch };
  }

  #newSessionBase(input: number): Timebase {
    const end = this.#maxOutputEnd();
    if (end === undefined) {
      return { offset: 0, epoch: this.#epoch };
    }
    this.#epoch++;
    return { offset: end - input, epoch: this.#epoch };
  }

  /** The latest output end over all tracks, `undefined` when none has output yet. */
  #maxOutputEnd(): number | undefined {
    let end: number | undefined;
    for (const timeline of this.#tracks.values()) {
      const trackEnd = timeline.outputEnd;
      if (trackEnd !== undefined && (end === undefined || trackEnd > end)) {
        end = trackEnd;
      }
    }
    return end;
  }

  /** Remembers the span `self` is leaving (it is about to change timebase). */
  #archiveSpan(self: Timeline): void {
    const { timebaseStart: lo, lastTimestamp: hi } = self;
    if (lo === undefined || hi === undefined) {
      return;
    }
    if (this.#archive.length === MAX_ARCHIVED_SPANS) {
      this.#archive.shift();
    }
    this.#archive.push({ owner: self, offset: self.offset, epoch: self.epoch, lo, hi });
  }

  /**
   * The span of another track (live, or finished in this session) nearest `input` among those that
   * map it to an output time of at least `minOutput`. Allocates only the returned span.
   */
  #nearestSpan(self: Timeline, input: number, minOutput: number): TimebaseSpan | undefined {
    let best: TimebaseSpan | Timeline | undefined;
    let bestDistance = Number.POSITIVE_INFINITY;
    for (const span of this.#archive) {
      const d = distance(input, span.lo, span.hi);
      if (span.owner !== self && input + span.offset >= minOutput && d < bestDistance) {
        best = span;
        bestDistance = d;
      }
    }
    for (const timeline of this.#tracks.values()) {
      const { timebaseStart: lo, lastTimestamp: hi } = timeline;
      if (!inSession(timeline, self) || lo === undefined || hi === undefined) {
        continue;
      }
      const d = distance(input, lo, hi);
      if (input + timeline.offset >= minOutput && d < bestDistance) {
        best = timeline;
        bestDistance = d;
      }
    }
    if (best instanceof Timeline) {
      const { offset, epoch, timebaseStart, lastTimestamp } = best;
      return { owner: best, offset, epoch, lo: timebaseStart ?? input, hi: lastTimestamp ?? input };
    }
    return best;
  }
}

/** A sibling of `self` that has accepted a unit in the current session. */
function inSession(timeline: Timeline, self: Timeline): boolean {
  return timeline !== self && !timeline.restartPending && timeline.lastTimestamp !== undefined;
}

/** Distance from `input` to the range [lo, hi]; 0 inside it. */
function distance(input: number, lo: number, hi: number): number {
  return input < lo ? lo - input : input > hi ? input - hi : 0;
}

function timebaseOf(span: TimebaseSpan): Timebase {
  return { offset: span.offset, epoch: span.epoch };
}
