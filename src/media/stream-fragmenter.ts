import type { AccessUnit } from './access-unit.js';
import type { FragmentTiming } from './fragment.js';
import { FragmentTrackState } from './fragment-track-state.js';
import type {
  FragmentUnitInfo,
  FragmenterTrack,
  StreamFragmenterObserver,
  StreamFragmenterOptions,
} from './stream-fragmenter-types.js';

/** Live event default `keyFrameIntervalDuration` (PT2S), see azure-compat.md §5. */
const DEFAULT_KEY_FRAME_INTERVAL_MS = 2000;
/** 512 fragments: 17 minutes at 2 s, plenty for the live edge; the packager keeps the DVR window. */
const DEFAULT_TIMELINE_LENGTH = 512;

const CONTINUE: FragmentUnitInfo = Object.freeze({ fragmentStart: false, discontinuity: false });
const START: FragmentUnitInfo = Object.freeze({ fragmentStart: true, discontinuity: false });
const START_AFTER_DISCONTINUITY: FragmentUnitInfo = Object.freeze({
  fragmentStart: true,
  discontinuity: true,
});

/**
 * `StreamFragmenter` cuts the accepted units of one ingest stream into per-track fragments (one fragment
 * = one CMAF segment), fed in arrival order. Rules (times are output DTS in ticks, KFI = key frame
 * interval):
 * - Video: a fragment starts on a keyframe; units before the first keyframe are dropped (counted as
 *   `waitingForKeyframe`); the next fragment starts at the first keyframe with dts ≥ start + KFI, so a
 *   GOP longer than KFI makes fragments of one GOP.
 * - Audio follows the lead (first) video track: an audio unit is held until a video unit with dts ≥ its
 *   dts has arrived (no cut at or before it can come any more), and starts a new fragment when a video
 *   cut lies at or before it, so audio boundaries are the first audio dts ≥ each video cut. Without a
 *   video track, or once `videoStallMs` of audio arrived with no video unit, audio is released by its own
 *   clock and cuts at the first unit with dts ≥ start + KFI.
 * - A break (a unit with a new timeline epoch, or `configChanged`) closes every track's fragment and
 *   marks the next ones `discontinuity`; video then waits for a keyframe K. Audio held before the break
 *   still joins the old fragment if below K, post-break audio below K is dropped, and the first audio
 *   dts ≥ K starts the new fragment. An audio configuration change first releases that track's held
 *   units into its old fragment, so configurations never mix. A track's first fragment is never marked.
 *   A kept gap (verdict `discontinuity` with `rebased: false`, same epoch, e.g. one missing frame) is
 *   not a break: closing fragments there would drop up to a GOP of video for one lost frame, so the
 *   fragment goes on and its `d` covers the gap (the health monitor still counts the discontinuity).
 * - A fragment is reported when the next one starts, with d = next t − t, or by `flush` with
 *   d = last dts + frame duration − t; so the `{t, d}` timeline has no holes.
 * Per unit: O(1) work, no allocation beyond the observer calls.
 */
export class StreamFragmenter {
  readonly #observer: StreamFragmenterObserver;
  readonly #keyFrameInterval: number;
  readonly #videoStall: number;
  readonly #timelineLength: number;
  readonly #tracks = new Map<string, FragmentTrackState>();
  readonly #audio: FragmentTrackState[] = [];
  #lead: FragmentTrackState | undefined;
  #videoProgress: number | undefined;
  #epoch: number | undefined;

  constructor(options: StreamFragmenterOptions) {
    const ticksPerMs = (options.timescale ?? 1000) / 1000;
    const kfiMs = options.keyFrameIntervalMs ?? DEFAULT_KEY_FRAME_INTERVAL_MS;
    this.#observer = options.observer;
    this.#keyFrameInterval = Math.round(kfiMs * ticksPerMs);
    this.#videoStall = Math.round((options.videoStallMs ?? kfiMs) * ticksPerMs);
    this.#timelineLength = options.timelineLength ?? DEFAULT_TIMELINE_LENGTH;
  }

  /** Declares a track; the first video track leads the audio cuts. Throws for a duplicate id. */
  addTrack(track: FragmenterTrack): void {
    if (this.#tracks.has(track.id)) {
      throw new Error(`track ${track.id} is already fragmented: use configChanged for a new configuration`);
    }
    const state = new FragmentTrackState(track, this.#timelineLength);
    this.#tracks.set(track.id, state);
    if (state.kind === 'audio') {
      this.#audio.push(state);
    } else {
      this.#lead ??= state;
    }
  }

  /**
   * Feeds one accepted unit (timeline verdict `ok` or `discontinuity`) with the verdict's `epoch`, in
   * arrival order across the stream's tracks. Throws for a track never added.
   */
  push(au: AccessUnit, epoch: number): void {
    const state = this.#tracks.get(au.trackId);
    if (state === undefined) {
      throw new Error(`no fragmenter track ${au.trackId}: call addTrack first`);
    }
    if (this.#epoch === undefined) {
      this.#epoch = epoch;
    } else if (epoch > this.#epoch) {
      this.#epoch = epoch;
      this.#break(undefined);
    }
    if (state.kind === 'video') {
      this.#pushVideo(state, au);
    } else {
      this.#pushAudio(state, au);
    }
  }

  /** A track's decoder configuration changed (new revision): break every track (see above). */
  configChanged(trackId: string, frameDuration?: number): void {
    const state = this.#tracks.get(trackId);
    if (state === undefined) {
      return;
    }
    if (frameDuration !== undefined) {
      state.frameDuration = frameDuration;
    }
    this.#break(state.kind === 'audio' ? state : undefined);
  }

  /** End of stream: releases held audio and reports every open fragment. */
  flush(): void {
    for (const audio of this.#audio) {
      this.#release(audio, true);
    }
    for (const state of this.#tracks.values()) {
      if (state.hasFragment) {
        const last = state.lastDts ?? state.t;
        const frame = Math.round(state.frameDuration ?? state.lastStep ?? 0);
        this.#report(state, Math.max(0, last + frame - state.t));
      }
      state.open = false;
    }
  }

  /** The newest fragment timings of a track (`timelineLength` at most), oldest first. */
  fragmentTimeline(trackId: string): FragmentTiming[] {
    return this.#tracks.get(trackId)?.timings() ?? [];
  }

  /** Units of a track dropped while waiting for a keyframe (audio: for the video's first cut). */
  waitingForKeyframeCount(trackId: string): number {
    return this.#tracks.get(trackId)?.waitingForKeyframe ?? 0;
  }

  #pushVideo(video: FragmentTrackState, au: AccessUnit): void {
    const lead = video === this.#lead;
    if (lead) {
      this.#videoProgress = au.dts;
      for (const audio of this.#audio) {
        audio.sinceVideo = 0;
      }
    }
    if (!video.open) {
      if (au.keyframe) {
        this.#cutVideo(video, au, lead);
      } else {
        video.waitingForKeyframe++;
      }
    } else if (au.keyframe && au.dts >= video.t + this.#keyFrameInterval) {
      this.#cutVideo(video, au, lead);
    } else {
      this.#append(video, au, CONTINUE);
    }
    if (lead) {
      for (const audio of this.#audio) {
        this.#release(audio, false);
      }
    }
  }

  #cutVideo(video: FragmentTrackState, au: AccessUnit, lead: boolean): void {
    const discontinuity = video.nextDiscontinuity;
    this.#start(video, au, discontinuity);
    if (lead) {
      for (const audio of this.#audio) {
        audio.pushCut(au.dts, discontinuity);
      }
    }
  }

  #pushAudio(audio: FragmentTrackState, au: AccessUnit): void {
    if (this.#lead !== undefined) {
      audio.sinceVideo += audio.frameDuration ?? 0;
    }
    audio.enqueue(au);
    this.#release(audio, false);
  }

  /**
   * Releases held audio whose cut decision is known; `force` releases all of it as if video had passed
   * it (no cut is coming: end of stream, or an audio configuration change).
   */
  #release(audio: FragmentTrackState, force: boolean): void {
    for (let au = audio.peek(); au !== undefined; au = audio.peek()) {
      let ownClock: boolean;
      if (this.#lead === undefined) {
        ownClock = true;
      } else if (force || (this.#videoProgress !== undefined && this.#videoProgress >= au.dts)) {
        ownClock = false;
      } else if (audio.sinceVideo > this.#videoStall) {
        ownClock = true;
      } else {
        return;
      }
      audio.shift();
      this.#placeAudio(audio, au, ownClock);
    }
  }

  #placeAudio(audio: FragmentTrackState, au: AccessUnit, ownClock: boolean): void {
    const preBreak = audio.preBreak > 0;
    if (preBreak) {
      audio.preBreak--;
    }
    const postBreakStart = !preBreak && audio.nextDiscontinuity;
    const cut = audio.takeCutsUpTo(au.dts);
    if (cut !== 'none') {
      this.#start(audio, au, cut === 'discontinuity' || postBreakStart);
    } else if (audio.open && (preBreak || !audio.nextDiscontinuity)) {
      if (ownClock && !preBreak && au.dts >= audio.t + this.#keyFrameInterval) {
        this.#start(audio, au, false);
      } else {
        this.#append(audio, au, CONTINUE);
      }
    } else if (ownClock) {
      this.#start(audio, au, postBreakStart);
    } else {
      audio.waitingForKeyframe++;
    }
  }

  #break(configChangedAudio: FragmentTrackState | undefined): void {
    if (configChangedAudio !== undefined) {
      this.#release(configChangedAudio, true);
    }
    for (const state of this.#tracks.values()) {
      // A track's first fragment follows nothing: it is not marked as a discontinuity.
      state.nextDiscontinuity = state.hasFragment || state.sequence > 0;
      if (state.kind === 'video') {
        state.open = false;
      } else {
        state.preBreak = state.queued;
      }
    }
  }

  #start(state: FragmentTrackState, au: AccessUnit, discontinuity: boolean): void {
    if (state.hasFragment) {
      this.#report(state, au.dts - state.t);
    }
    state.hasFragment = true;
    state.open = true;
    state.t = au.dts;
    state.units = 0;
    state.bytes = 0;
    state.discontinuity = discontinuity;
    if (discontinuity) {
      state.nextDiscontinuity = false;
    }
    this.#append(state, au, discontinuity ? START_AFTER_DISCONTINUITY : START);
  }

  #append(state: FragmentTrackState, au: AccessUnit, info: FragmentUnitInfo): void {
    state.units++;
    state.bytes += au.data.byteLength;
    state.noteDts(au.dts);
    this.#observer.onUnit(state.id, au, info);
  }

  #report(state: FragmentTrackState, d: number): void {
    const { t } = state;
    state.addTiming({ t, d });
    state.hasFragment = false;
    this.#observer.onFragment(state.id, {
      trackId: state.id,
      sequence: state.sequence++,
      t,
      d,
      units: state.units,
      bytes: state.bytes,
      discontinuity: state.discontinuity,
    });
  }
}
