/** Fragments kept per track: the other tracks' matching fragment closes within a GOP or two of this one. */
const RECENT_FRAGMENTS = 8;
/** RTMP timestamps are integer ms: one instant rounded independently by two renditions may differ by 1 ms. */
const DEFAULT_TOLERANCE_MS = 1;

/** `AlignedVideoTrack` declares one video track of a live event to `VideoAlignment`. */
export interface AlignedVideoTrack {
  readonly trackId: string;
  readonly streamName: string;
  /** Ticks per second of the track's fragment times. */
  readonly timescale: number;
}

/** `AlignedFragment` is one fragment of a misaligned pair: its track and `{t, d}` in the report's timescale. */
export interface AlignedFragment {
  readonly trackId: string;
  readonly streamName: string;
  readonly t: number;
  readonly d: number;
}

/** `VideoAlignmentReport` is one misalignment episode of two video tracks. */
export interface VideoAlignmentReport {
  readonly at: number;
  /** The fragment of the track added first of the two. */
  readonly first: AlignedFragment;
  readonly second: AlignedFragment;
  /** Timescale of both fragments' times: the first track's (the second's are rescaled if they differ). */
  readonly timescale: number;
}

/** `VideoAlignmentOptions` configures a `VideoAlignment`. */
export interface VideoAlignmentOptions {
  /** Largest start difference, ms, of matching fragments that still counts as aligned. Default 1. */
  readonly toleranceMs?: number;
  /** Called once per misalignment episode of a pair of tracks, synchronously from `fragmentClosed`. */
  readonly onMisaligned: (report: VideoAlignmentReport) => void;
}

interface Entry {
  readonly slot: number;
  readonly track: AlignedVideoTrack;
  readonly msPerTick: number;
  readonly t: Float64Array;
  readonly d: Float64Array;
  count: number;
  next: number;
  /** Tracks this one is currently misaligned with (reported). */
  readonly misaligned: Set<Entry>;
}

/**
 * `VideoAlignment` checks that the video tracks of one live event (the renditions of a multi-bitrate
 * encoder, pushed as several stream names) cut their fragments at the same times, for Azure's
 * `LiveEventIncomingVideoStreamsOutOfSync`. Keyframes of one encoder's renditions should carry identical
 * timestamps, so a player can switch renditions at every segment boundary.
 *
 * When a fragment closes it is matched, per other track, with that track's recent fragment whose start is
 * nearest; they are "the same fragment" when the starts are less than half the shorter duration apart
 * (further apart, the tracks simply use different GOP lengths, e.g. 2 s and 4 s, and this fragment has
 * no counterpart there). Matching fragments whose starts differ by more than `toleranceMs` are
 * misaligned: reported once per episode for the pair, until a later pair of matching fragments is aligned
 * again. Times are compared in ms, so tracks may use different timescales.
 */
export class VideoAlignment {
  readonly #toleranceMs: number;
  readonly #onMisaligned: (report: VideoAlignmentReport) => void;
  readonly #entries: Entry[] = [];

  constructor(options: VideoAlignmentOptions) {
    this.#toleranceMs = options.toleranceMs ?? DEFAULT_TOLERANCE_MS;
    this.#onMisaligned = options.onMisaligned;
  }

  /** Adds a video track; returns its slot for `fragmentClosed` and `resetTrack`. */
  addTrack(track: AlignedVideoTrack): number {
    const slot = this.#entries.length;
    this.#entries.push({
      slot,
      track,
      msPerTick: 1000 / track.timescale,
      t: new Float64Array(RECENT_FRAGMENTS),
      d: new Float64Array(RECENT_FRAGMENTS),
      count: 0,
      next: 0,
      misaligned: new Set(),
    });
    return slot;
  }

  /** Records a closed fragment `{t, d}` (track ticks) of the track in `slot` and compares it with the other tracks. */
  fragmentClosed(slot: number, t: number, d: number, nowMs: number): void {
    const entry = this.#entries[slot];
    if (entry === undefined) {
      return;
    }
    entry.t[entry.next] = t;
    entry.d[entry.next] = d;
    entry.next = (entry.next + 1) % RECENT_FRAGMENTS;
    entry.count = Math.min(entry.count + 1, RECENT_FRAGMENTS);
    for (const other of this.#entries) {
      if (other !== entry) {
        this.#compare(entry, t, d, other, nowMs);
      }
    }
  }

  /** Forgets the track's fragments and its episodes (its encoder disconnected; the next session starts afresh). */
  resetTrack(slot: number): void {
    const entry = this.#entries[slot];
    if (entry === undefined) {
      return;
    }
    entry.count = 0;
    entry.next = 0;
    for (const other of entry.misaligned) {
      other.misaligned.delete(entry);
    }
    entry.misaligned.clear();
  }

  #compare(entry: Entry, t: number, d: number, other: Entry, nowMs: number): void {
    const startMs = t * entry.msPerTick;
    let nearest = -1;
    let nearestDistance = Number.POSITIVE_INFINITY;
    for (let i = 0; i < other.count; i++) {
      const distance = Math.abs((other.t[i] ?? 0) * other.msPerTick - startMs);
      if (distance < nearestDistance) {
        nearest = i;
        nearestDistance = distance;
      }
    }
    if (nearest < 0) {
      return;
    }
    const otherT = other.t[nearest] ?? 0;
    const otherD = other.d[nearest] ?? 0;
    const shorterMs = Math.min(d * entry.msPerTick, otherD * other.msPerTick);
    if (nearestDistance >= shorterMs / 2) {
      return;
    }
    if (nearestDistance <= this.#toleranceMs) {
      entry.misaligned.delete(other);
      other.misaligned.delete(entry);
      return;
    }
    if (entry.misaligned.has(other)) {
      return;
    }
    entry.misaligned.add(other);
    other.misaligned.add(entry);
    const [first, firstT, firstD, second, secondT, secondD] =
      entry.slot < other.slot ? [entry, t, d, other, otherT, otherD] : [other, otherT, otherD, entry, t, d];
    const scale = first.track.timescale / second.track.timescale;
    this.#onMisaligned({
      at: nowMs,
      first: { trackId: first.track.trackId, streamName: first.track.streamName, t: firstT, d: firstD },
      second: {
        trackId: second.track.trackId,
        streamName: second.track.streamName,
        t: Math.round(secondT * scale),
        d: Math.round(secondD * scale),
      },
      timescale: first.track.timescale,
    });
  }
}
