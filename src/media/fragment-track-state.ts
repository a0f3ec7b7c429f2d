import type { AccessUnit } from './access-unit.js';
import type { FragmentTiming } from './fragment.js';
import type { FragmenterTrack } from './stream-fragmenter-types.js';

/** Pending cut times kept per audio track: a handful is plenty, audio trails video by under a fragment. */
const MAX_PENDING_CUTS = 64;
/** Head index past which a deque compacts its backing array (amortised O(1) shift, no per-unit alloc). */
const COMPACT_AFTER = 256;

/** `CutMatch` is what `takeCutsUpTo` found: no cut, a cut, or a cut that starts after a discontinuity. */
export type CutMatch = 'none' | 'cut' | 'discontinuity';

/**
 * `FragmentTrackState` is the mutable state of one track inside `StreamFragmenter`: the open fragment,
 * the bounded `{t, d}` history, and for audio the held-back units and the pending video cut times.
 */
export class FragmentTrackState {
  readonly id: string;
  readonly kind: 'video' | 'audio';
  /** Ticks per unit, when known (see `FragmenterTrack`). */
  frameDuration: number | undefined;
  /** Next fragment sequence number. */
  sequence = 0;
  /** A fragment exists that has not been reported yet (it is reported when the next one starts). */
  hasFragment = false;
  /** The current fragment accepts units (video: false while waiting for a keyframe). */
  open = false;
  t = 0;
  units = 0;
  bytes = 0;
  discontinuity = false;
  /** The next fragment follows a discontinuity; for audio, post-break units may not join the old one. */
  nextDiscontinuity = false;
  lastDts: number | undefined;
  lastStep: number | undefined;
  /** Units dropped while waiting for a keyframe (video) or for the video's first cut (audio). */
  waitingForKeyframe = 0;
  /** Audio: audio ticks received since the last video unit arrived. */
  sinceVideo = 0;
  /** Audio: how many of the held units arrived before the last break. */
  preBreak = 0;

  readonly #timings: FragmentTiming[] = [];
  readonly #timelineLength: number;
  #timingsHead = 0;
  readonly #queue: AccessUnit[] = [];
  #queueHead = 0;
  readonly #cutTimes: number[] = [];
  readonly #cutFlags: boolean[] = [];
  #cutHead = 0;

  constructor(track: FragmenterTrack, timelineLength: number) {
    this.id = track.id;
    this.kind = track.kind;
    this.frameDuration = track.frameDuration;
    this.#timelineLength = Math.max(1, timelineLength);
  }

  /** Records the DTS of a unit added to the current fragment. */
  noteDts(dts: number): void {
    if (this.lastDts !== undefined && dts > this.lastDts) {
      this.lastStep = dts - this.lastDts;
    }
    this.lastDts = dts;
  }

  /** Appends a fragment's timing, keeping the newest `timelineLength`. */
  addTiming(timing: FragmentTiming): void {
    if (this.#timings.length < this.#timelineLength) {
      this.#timings.push(timing);
      return;
    }
    this.#timings[this.#timingsHead] = timing;
    this.#timingsHead = (this.#timingsHead + 1) % this.#timelineLength;
  }

  /** The kept timings, oldest first (a copy). */
  timings(): FragmentTiming[] {
    const head = this.#timingsHead;
    return [...this.#timings.slice(head), ...this.#timings.slice(0, head)];
  }

  /** Number of held audio units. */
  get queued(): number {
    return this.#queue.length - this.#queueHead;
  }

  enqueue(au: AccessUnit): void {
    this.#queue.push(au);
  }

  peek(): AccessUnit | undefined {
    return this.#queue[this.#queueHead];
  }

  shift(): AccessUnit | undefined {
    const au = this.#queue[this.#queueHead];
    this.#queueHead++;
    if (this.#queueHead === this.#queue.length) {
      this.#queue.length = 0;
      this.#queueHead = 0;
    } else if (this.#queueHead > COMPACT_AFTER) {
      this.#queue.splice(0, this.#queueHead);
      this.#queueHead = 0;
    }
    return au;
  }

  /** Remembers a video cut at `t` (flagged when it starts a fragment after a discontinuity). */
  pushCut(t: number, discontinuity: boolean): void {
    if (this.#cutTimes.length - this.#cutHead >= MAX_PENDING_CUTS) {
      this.#cutHead++;
    }
    this.#cutTimes.push(t);
    this.#cutFlags.push(discontinuity);
    this.#compactCuts();
  }

  /** Consumes every pending cut at or before `dts`. */
  takeCutsUpTo(dts: number): CutMatch {
    let found = false;
    let discontinuity = false;
    while (this.#cutHead < this.#cutTimes.length && (this.#cutTimes[this.#cutHead] ?? 0) <= dts) {
      found = true;
      discontinuity ||= this.#cutFlags[this.#cutHead] === true;
      this.#cutHead++;
    }
    this.#compactCuts();
    return discontinuity ? 'discontinuity' : found ? 'cut' : 'none';
  }

  #compactCuts(): void {
    if (this.#cutHead === this.#cutTimes.length) {
      this.#cutTimes.length = 0;
      this.#cutFlags.length = 0;
      this.#cutHead = 0;
    } else if (this.#cutHead > COMPACT_AFTER) {
      this.#cutTimes.splice(0, this.#cutHead);
      this.#cutFlags.splice(0, this.#cutHead);
      this.#cutHead = 0;
    }
  }
}
