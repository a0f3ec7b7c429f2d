import type { PresentationWindow, Segment, WallClockAnchor } from '../../packager/rendition-window.js';
import { runAnchors, wallClockMs } from '../wall-clock.js';
import { listTsSegments, type TsOptions } from './ts-listing.js';

/** `TsTrackPlan` is the CMAF media of one rendition a TS segment is muxed from. */
export interface TsTrackPlan {
  readonly renditionId: string;
  readonly timescale: number;
  /** The CMAF segments to load, in order. */
  readonly segments: readonly Segment[];
  /** The init versions they decode with, each once: the init segments to load. */
  readonly initVersions: readonly number[];
}

/** `TsAudioAlignment` puts audio on the video clock of a muxed segment. */
export interface TsAudioAlignment {
  /** Frames that start in [from, until), wall-clock ms, are muxed. */
  readonly from: number;
  readonly until: number;
  /** Anchor and timescale of the video run: wall-clock ms → video ticks → 90 kHz. */
  readonly videoAnchor: WallClockAnchor;
  readonly videoTimescale: number;
}

/** `TsAudioPlan` is the audio of a TS segment. */
export interface TsAudioPlan extends TsTrackPlan {
  /** Wall-clock anchor of each of `segments`. */
  readonly anchors: readonly WallClockAnchor[];
  /**
   * With video: which frames to take and how to time them. Undefined for an audio-only variant: every
   * frame of `segments`, PTS = ticks × 90000 / timescale.
   */
  readonly alignment: TsAudioAlignment | undefined;
}

/**
 * `TsSegmentPlan` is everything `muxTsSegment` needs besides bytes: the caller loads the init
 * segments and CMAF segments it names (from memory or the store) and hands them over.
 */
export interface TsSegmentPlan {
  readonly variantId: string;
  readonly sequence: number;
  readonly video: TsTrackPlan | undefined;
  readonly audio: TsAudioPlan | undefined;
}

function initVersions(segments: readonly Segment[]): number[] {
  return [...new Set(segments.map((s) => s.initVersion))];
}

/**
 * `planTsSegment` plans TS segment `sequence` of variant `variantId`: the CMAF segments of its primary
 * rendition, and for a video variant with audio the default audio rendition's segments that overlap its
 * wall-clock span (the frames starting in the span are muxed). `undefined` when the variant does not list
 * that sequence (not complete yet, slid out, or no such variant): answer 404.
 */
export function planTsSegment(
  presentation: PresentationWindow,
  variantId: string,
  sequence: number,
  options: TsOptions = {},
): TsSegmentPlan | undefined {
  const listing = listTsSegments(presentation, variantId, options);
  const entry = listing?.entries.find((e) => e.sequence === sequence);
  if (listing === undefined || entry === undefined) {
    return undefined;
  }
  const { primary, audio } = listing.variant;
  const track: TsTrackPlan = {
    renditionId: primary.id,
    timescale: primary.timescale,
    segments: entry.segments,
    initVersions: initVersions(entry.segments),
  };
  if (primary.kind === 'audio') {
    const anchors = runAnchors(primary.segments);
    const first = primary.segments.findIndex((s) => s.sequence === entry.segments[0]?.sequence);
    const own = anchors.slice(first, first + entry.segments.length);
    return { variantId, sequence, video: undefined, audio: { ...track, anchors: own, alignment: undefined } };
  }
  if (audio === undefined) {
    return { variantId, sequence, video: track, audio: undefined };
  }
  const audioAnchors = runAnchors(audio.segments);
  const segments: Segment[] = [];
  const anchors: WallClockAnchor[] = [];
  audio.segments.forEach((s, i) => {
    const anchor = audioAnchors[i];
    if (
      anchor !== undefined &&
      wallClockMs(anchor, s.startTime, audio.timescale) < entry.endWall &&
      wallClockMs(anchor, s.startTime + s.duration, audio.timescale) > entry.startWall
    ) {
      segments.push(s);
      anchors.push(anchor);
    }
  });
  const alignment: TsAudioAlignment = {
    from: entry.startWall,
    until: entry.endWall,
    videoAnchor: entry.anchor,
    videoTimescale: primary.timescale,
  };
  return {
    variantId,
    sequence,
    video: track,
    audio: {
      renditionId: audio.id,
      timescale: audio.timescale,
      segments,
      initVersions: initVersions(segments),
      anchors,
      alignment,
    },
  };
}
