import type { TrackKind } from '../media/track.js';

/**
 * CMAF pieces as the packager publishes them, and `RenditionWindow`: the sliding window of one
 * rendition that is the ONLY input of the HLS and DASH builders (`outputs/hls`, `outputs/dash`).
 *
 * Time: every `startTime`/`duration` is integer ticks in the rendition's `timescale` (video 90 kHz,
 * audio the sample rate). Wall-clock values are milliseconds since the Unix epoch.
 */

/** `InitSegment` is the CMAF header (`ftyp` + `moov`) of one rendition configuration. */
export interface InitSegment {
  /** Increments when the track's decoder configuration changes (new track revision). */
  readonly version: number;
  readonly data: Uint8Array;
}

/**
 * `Part` is one CMAF chunk (`moof` + `mdat`, ISO/IEC 23000-19 §7.3.3) of a segment: its place and byte
 * range in the segment. Every segment is cut into chunks; they are LL-HLS parts (listed, served one by
 * one) only in a window with a `partTarget`.
 */
export interface Part {
  /** Position within its segment, from 0. */
  readonly index: number;
  /** Duration in rendition ticks. */
  readonly duration: number;
  /** True when the part starts with a random access point (always true for audio). */
  readonly independent: boolean;
  readonly byteLength: number;
}

/**
 * `WallClockAnchor` ties the media time of one discontinuity run to the wall clock: the `programDateTime`
 * and `startTime` of the run's first segment. Every segment of the run carries the same anchor, so the
 * mapping `wallMs(t) = anchor.programDateTime + (t - anchor.startTime) * 1000 / timescale` stays the same
 * while the run's first segments slide out of the window (HLS `EXT-X-PROGRAM-DATE-TIME`, DASH
 * `Period@start` and `presentationTimeOffset` must not move between manifest updates).
 */
export interface WallClockAnchor {
  /** Wall-clock ms (since epoch) of the run's first sample. */
  readonly programDateTime: number;
  /** Decode time (`tfdt`) of the run's first sample, rendition ticks. */
  readonly startTime: number;
  /**
   * Composition offset of the run's first sample (presentation minus decode time, rendition ticks): with
   * B-frames the run's first picture is shown this much after `startTime`. Absent means 0 (audio).
   */
  readonly compositionOffset?: number;
}

/** `wallClockAnchor` is the anchor of a run; a composition offset of 0 is left out. */
export function wallClockAnchor(
  programDateTime: number,
  startTime: number,
  compositionOffset = 0,
): WallClockAnchor {
  return { programDateTime, startTime, ...(compositionOffset === 0 ? {} : { compositionOffset }) };
}

/** `scaleAnchor` is `anchor` with its media times passed through `scale` (a timescale change). */
export function scaleAnchor(anchor: WallClockAnchor, scale: (t: number) => number): WallClockAnchor {
  const { compositionOffset } = anchor;
  return {
    ...anchor,
    startTime: scale(anchor.startTime),
    ...(compositionOffset === undefined ? {} : { compositionOffset: scale(compositionOffset) }),
  };
}

/** `Segment` is a complete CMAF segment (`styp` + one or more `moof`/`mdat` pairs). */
export interface Segment {
  /** Media sequence number; strictly increasing for the life of the rendition, never reset. */
  readonly sequence: number;
  /** True when this segment follows a discontinuity (encoder reconnect, timeline rebase, codec change). */
  readonly discontinuity: boolean;
  /** Number of discontinuities before this segment since the rendition began (HLS discontinuity sequence). */
  readonly discontinuitySequence: number;
  /** The `InitSegment.version` this segment decodes with. */
  readonly initVersion: number;
  /** Decode time of the first sample (`tfdt`), rendition ticks. */
  readonly startTime: number;
  /** Sum of sample durations, rendition ticks. */
  readonly duration: number;
  /** Wall-clock time (ms since epoch) the first sample was received (`EXT-X-PROGRAM-DATE-TIME`). */
  readonly programDateTime: number;
  /**
   * Anchor of this segment's discontinuity run (optional). Without it the builders anchor each run at its
   * oldest segment still in the window, so DASH `Period@start` moves by that segment's arrival jitter each
   * time the window slides.
   */
  readonly wallClockAnchor?: WallClockAnchor;
  /**
   * The segment's CMAF chunks, in order (`byteLength`s after the `styp`). LL-HLS parts when the window
   * has a `partTarget`; otherwise they only describe the segment's layout, and no playlist lists them.
   */
  readonly parts: readonly Part[];
  readonly byteLength: number;
  /** Sum of sample payload bits / duration: this segment's bitrate in bits per second. */
  readonly bitrate: number;
}

/** `PendingSegment` is the segment being built at the live edge: its parts published so far. */
export interface PendingSegment {
  readonly sequence: number;
  readonly discontinuity: boolean;
  readonly discontinuitySequence: number;
  readonly initVersion: number;
  readonly startTime: number;
  readonly programDateTime: number;
  /** Anchor of the segment's discontinuity run, as `Segment.wallClockAnchor` (optional). */
  readonly wallClockAnchor?: WallClockAnchor;
  readonly parts: readonly Part[];
}

/** `SegmentHead` is what a segment is known by from its first sample on: `PendingSegment` without parts. */
export type SegmentHead = Omit<PendingSegment, 'parts'>;

/** `RenditionConfiguration` describes the decoder configuration behind one `InitSegment.version`. */
export interface RenditionConfiguration {
  readonly initVersion: number;
  /** RFC 6381 codec string of this configuration. */
  readonly codecString: string;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  readonly sampleRate?: number;
  readonly channelCount?: number;
}

/** `RenditionWindow` is a read-only snapshot of one rendition's sliding window. */
export interface RenditionWindow {
  /** Path-safe rendition name, unique in its presentation (e.g. `video_2500000`). */
  readonly id: string;
  readonly kind: TrackKind;
  /** RFC 6381 codec string of the current configuration. */
  readonly codecString: string;
  readonly timescale: number;
  /** Peak segment bitrate in the window, bits per second (HLS `BANDWIDTH`). */
  readonly bandwidth: number;
  /** Mean bitrate over the window, bits per second (HLS `AVERAGE-BANDWIDTH`). */
  readonly averageBandwidth: number;
  readonly width?: number;
  readonly height?: number;
  /** Frames per second, when known. */
  readonly frameRate?: number;
  readonly sampleRate?: number;
  readonly channelCount?: number;
  /** BCP-47 language of an audio rendition, when known. */
  readonly language?: string;
  /** Version of the current init segment. */
  readonly initVersion: number;
  /**
   * Decoder configurations of the init versions that segments in the window still use (optional). DASH
   * gives each Period the `codecs`, size and rate of its own init segment; without this list every Period
   * shows the current configuration.
   */
  readonly configurations?: readonly RenditionConfiguration[];
  /** Complete segments in the window, oldest first. */
  readonly segments: readonly Segment[];
  /** The segment being built, when low latency is on and at least one part exists. */
  readonly pending: PendingSegment | undefined;
  /**
   * `EXT-X-TARGETDURATION` in whole seconds: the longest segment duration seen so far rounded to the
   * nearest integer (RFC 8216bis §4.4.3.1 bounds each EXTINF rounded to the nearest integer; rounding up
   * would turn 2.005 s audio segments into a target of 3), never less than the configured key frame
   * interval rounded up. It never decreases.
   */
  readonly targetDuration: number;
  /** CMAF part target duration in seconds when low latency is on (`EXT-X-PART-INF:PART-TARGET`). */
  readonly partTarget: number | undefined;
  /** Length of the window in seconds (DASH `timeShiftBufferDepth`). */
  readonly windowSeconds: number;
  /** True once no more segments will be added (VOD archive, ended event): `EXT-X-ENDLIST`, static MPD. */
  readonly ended: boolean;
}

/**
 * `PresentationWindow` is every rendition of one live event (or one archive): video renditions become
 * HLS variants / a video AdaptationSet, audio renditions an audio group / an audio AdaptationSet.
 */
export interface PresentationWindow {
  readonly renditions: readonly RenditionWindow[];
  /** Wall-clock ms the presentation began (DASH `availabilityStartTime`). */
  readonly availabilityStartTime: number;
  /** True when parts are produced (LL-HLS). */
  readonly lowLatency: boolean;
  /** Wall-clock ms of the latest change (DASH `publishTime`). */
  readonly publishTime: number;
}
