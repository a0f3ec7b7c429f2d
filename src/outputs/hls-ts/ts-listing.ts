import type {
  PresentationWindow,
  RenditionWindow,
  Segment,
  WallClockAnchor,
} from '../../packager/rendition-window.js';
import { runAnchors, wallClockMs } from '../wall-clock.js';
import { groupSegments } from './ts-groups.js';
import { type TsVariant, tsVariant } from './ts-variants.js';

/** `TsOptions` are the TS output settings of a live output. */
export interface TsOptions {
  /** CMAF segments per TS segment (AMS `hls.fragmentsPerTsSegment`); default 1. */
  readonly fragmentsPerSegment?: number;
}

/** `TsSegmentEntry` is one TS segment a variant lists. */
export interface TsSegmentEntry {
  /** Media sequence number: the block of CMAF sequences its head comes from (see `groupSegments`). */
  readonly sequence: number;
  /** The segment starts a new discontinuity run (RFC 8216bis §4.4.4.3). */
  readonly discontinuity: boolean;
  /** Discontinuity sequence of its first CMAF segment. */
  readonly discontinuitySequence: number;
  /** The primary rendition's CMAF segments it is cut from. */
  readonly segments: readonly Segment[];
  /** Sum of their durations, primary rendition ticks. */
  readonly duration: number;
  /** Wall-clock anchor of their run (maps primary ticks to wall-clock ms). */
  readonly anchor: WallClockAnchor;
  /**
   * Wall-clock span [startWall, endWall) in ms: the start of the first CMAF segment to the end of the
   * last. With video and audio, the audio frames that start in this span are muxed into the segment.
   */
  readonly startWall: number;
  readonly endWall: number;
}

/** `TsListing` is the TS segments of one variant, as its media playlist lists them. */
export interface TsListing {
  readonly variant: TsVariant;
  readonly entries: readonly TsSegmentEntry[];
  /** Whole seconds, ≥ every rounded EXTINF (RFC 8216bis §4.4.3.1). */
  readonly targetDuration: number;
  /** No more segments will be listed: the primary rendition ended and no segment waits for audio. */
  readonly ended: boolean;
}

/** The shortest AAC frame a CMAF audio sample can be: 960 samples (frameLengthFlag 1). */
const MIN_AAC_FRAME_SAMPLES = 960;
/**
 * Audio that lags this many of the primary rendition's CMAF segments behind is taken to have stopped
 * (an encoder that dropped its audio track): segments are then listed without waiting for it.
 */
const AUDIO_STALL_SEGMENTS = 3;

/**
 * `listTsSegments` is what the TS media playlist of variant `variantId` lists: the complete groups of its
 * primary rendition (`groupSegments`), in order, that the default audio rendition has caught up with. A
 * muxed segment takes the audio frames that start in its wall-clock span, so it is listed only once audio
 * segments cover its end (or the audio ended, started a new run after it, or stalled), and only while
 * the audio window still holds its start: later requests for the same sequence then mux the same frames,
 * and consecutive segments neither drop nor repeat one. `undefined` when there is no such variant.
 */
export function listTsSegments(
  presentation: PresentationWindow,
  variantId: string,
  options: TsOptions = {},
): TsListing | undefined {
  const variant = tsVariant(presentation, variantId);
  if (variant === undefined) {
    return undefined;
  }
  const n = options.fragmentsPerSegment ?? 1;
  const { primary } = variant;
  const anchors = new Map<number, WallClockAnchor>();
  const runs = runAnchors(primary.segments);
  primary.segments.forEach((s, i) => {
    const anchor = runs[i];
    if (anchor !== undefined) {
      anchors.set(s.sequence, anchor);
    }
  });
  const complete = groupSegments(primary.segments, n, primary.ended).flatMap((group): TsSegmentEntry[] => {
    const first = group.segments[0];
    const last = group.segments.at(-1);
    const anchor = first && anchors.get(first.sequence);
    if (first === undefined || last === undefined || anchor === undefined) {
      return [];
    }
    const duration = group.segments.reduce((sum, s) => sum + s.duration, 0);
    return [
      {
        sequence: group.sequence,
        discontinuity: first.discontinuity,
        discontinuitySequence: first.discontinuitySequence,
        segments: group.segments,
        duration,
        anchor,
        startWall: wallClockMs(anchor, first.startTime, primary.timescale),
        endWall: wallClockMs(anchor, last.startTime + last.duration, primary.timescale),
      },
    ];
  });
  const consecutive = lastConsecutiveRun(complete);
  const audio = variant.audio === undefined ? undefined : audioCoverage(variant.audio, primary);
  const { entries, waiting } =
    audio === undefined ? { entries: consecutive, waiting: false } : readyEntries(consecutive, audio);
  const longest = entries.reduce((max, e) => Math.max(max, Math.round(e.duration / primary.timescale)), 0);
  return {
    variant,
    entries,
    targetDuration: Math.max(1, primary.targetDuration * n, longest),
    ended: primary.ended && !waiting,
  };
}

/** The entries from the last gap in their sequence numbers on (a window is consecutive, so normally all). */
function lastConsecutiveRun(entries: readonly TsSegmentEntry[]): TsSegmentEntry[] {
  let from = 0;
  for (let i = 1; i < entries.length; i++) {
    if ((entries[i]?.sequence ?? 0) !== (entries[i - 1]?.sequence ?? 0) + 1) {
      from = i;
    }
  }
  return entries.slice(from);
}

/** What the audio window holds, on the wall clock. */
interface AudioCoverage {
  /** Wall-clock ms up to which every audio frame is published (Infinity once ended or stalled). */
  readonly until: number;
  /** Audio frames that start at or after this are in the window (−Infinity when nothing slid out before). */
  readonly from: number;
}

function audioCoverage(audio: RenditionWindow, primary: RenditionWindow): AudioCoverage {
  const anchors = runAnchors(audio.segments);
  let until = Number.NEGATIVE_INFINITY;
  audio.segments.forEach((s, i) => {
    const anchor = anchors[i];
    if (anchor !== undefined) {
      until = Math.max(until, wallClockMs(anchor, s.startTime + s.duration, audio.timescale));
    }
  });
  const primaryAnchors = runAnchors(primary.segments);
  const behind = primary.segments.filter(
    (s, i) => wallClockMs(primaryAnchors[i] ?? s, s.startTime, primary.timescale) >= until,
  ).length;
  const first = audio.segments[0];
  const firstAnchor = anchors[0];
  let from = Number.NEGATIVE_INFINITY;
  if (first !== undefined && firstAnchor !== undefined) {
    const runStart = first.discontinuity || first.wallClockAnchor?.startTime === first.startTime;
    // The frame before the window's first one started at least one frame earlier: starts later than
    // that are all in the window.
    const frameMs = (MIN_AAC_FRAME_SAMPLES * 1000) / audio.timescale;
    from = runStart ? from : wallClockMs(firstAnchor, first.startTime, audio.timescale) - frameMs;
  }
  return {
    until: audio.ended || behind >= AUDIO_STALL_SEGMENTS ? Number.POSITIVE_INFINITY : until,
    from,
  };
}

/**
 * Entries whose audio the window holds: leading ones whose audio start slid out are dropped, and the
 * list ends before the first one still waiting for audio (`waiting`).
 */
function readyEntries(
  entries: readonly TsSegmentEntry[],
  audio: AudioCoverage,
): { entries: TsSegmentEntry[]; waiting: boolean } {
  const out: TsSegmentEntry[] = [];
  for (const e of entries) {
    if (out.length === 0 && e.startWall <= audio.from) {
      continue;
    }
    if (e.endWall > audio.until) {
      return { entries: out, waiting: true };
    }
    out.push(e);
  }
  return { entries: out, waiting: false };
}
