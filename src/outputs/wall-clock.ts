import type { WallClockAnchor } from '../packager/rendition-window.js';

/**
 * Wall-clock mapping shared by the HLS and DASH builders, so that `EXT-X-PROGRAM-DATE-TIME` and the DASH
 * timeline (`availabilityStartTime + Period@start + (t - presentationTimeOffset) / timescale`) name the same
 * instant for the same sample.
 *
 * Within one discontinuity run media time is continuous, so one anchor per run maps every sample:
 * `wallMs(t) = anchor.programDateTime + (t - anchor.startTime) * 1000 / timescale`. The anchor is the
 * segment's `wallClockAnchor` when the packager provides it (stable across window slides), else the oldest
 * segment of the run still in the window.
 */

/** `AnchoredSegment` is the part of a `Segment` / `PendingSegment` the wall-clock mapping reads. */
export interface AnchoredSegment {
  readonly discontinuitySequence: number;
  readonly startTime: number;
  readonly programDateTime: number;
  readonly wallClockAnchor?: WallClockAnchor;
}

/**
 * `runAnchors` returns the anchor of every segment of `segments` (oldest first): a run is a stretch of
 * segments with the same `discontinuitySequence`.
 */
export function runAnchors(segments: readonly AnchoredSegment[]): WallClockAnchor[] {
  const anchors: WallClockAnchor[] = [];
  let fallback: WallClockAnchor | undefined;
  let previous: AnchoredSegment | undefined;
  for (const segment of segments) {
    if (fallback === undefined || previous?.discontinuitySequence !== segment.discontinuitySequence) {
      fallback = { programDateTime: segment.programDateTime, startTime: segment.startTime };
    }
    anchors.push(segment.wallClockAnchor ?? fallback);
    previous = segment;
  }
  return anchors;
}

/** `wallClockMs` maps media time `t` (rendition ticks) of a run to wall-clock ms (not rounded). */
export function wallClockMs(anchor: WallClockAnchor, t: number, timescale: number): number {
  return anchor.programDateTime + ((t - anchor.startTime) * 1000) / timescale;
}

/** `isoDateTime` prints wall-clock ms as ISO 8601 UTC with milliseconds (`2024-01-01T12:00:00.000Z`). */
export function isoDateTime(ms: number): string {
  return new Date(Math.round(ms)).toISOString();
}
