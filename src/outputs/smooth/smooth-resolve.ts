import type { Segment } from '../../packager/rendition-window.js';
import { nearestBitrateIndex } from './smooth-bitrate.js';
import type { SmoothPresentation, SmoothQualityLevel, SmoothStream } from './smooth-presentation.js';
import { firstIndexAfter, type TimelineFragment } from './smooth-timeline.js';

/** `SmoothFragmentRequest` is the part of a parsed fragment path the resolver reads. */
export interface SmoothFragmentRequest {
  readonly streamName: string;
  readonly bitrate: number;
  readonly time: number;
}

/** `SmoothFragmentTarget` is the CMAF segment that answers a fragment request, and what its fragment needs. */
export interface SmoothFragmentTarget {
  readonly stream: SmoothStream;
  readonly qualityLevel: SmoothQualityLevel;
  readonly renditionId: string;
  /** The segment to load (`sequence`) and convert; its `startTime` is the requested time. */
  readonly segment: Segment;
  /** The stream's fragments after this one, at most `lookAheadFragmentCount`: the `tfrf` entries. */
  readonly lookahead: readonly TimelineFragment[];
}

function findSegment(segments: readonly Segment[], time: number): Segment | undefined {
  const after = firstIndexAfter(segments, time, (s) => s.startTime);
  const s = segments[after - 1];
  return s?.startTime === time ? s : undefined;
}

/**
 * `resolveSmoothFragment` maps a fragment request onto a rendition and one of its CMAF segments:
 * - the stream by name, case-insensitively;
 * - the QualityLevel by exact Bitrate, else the one with the nearest Bitrate in that stream: a player
 *   keeps the URLs of the manifest it loaded (dash.js never reloads a live Smooth manifest) while the
 *   measured bitrates, and so the announced ones, may have moved since;
 * - the segment whose `startTime` is exactly the requested time, among the QualityLevel's playable
 *   segments (those of the current init segment, see `playableSegments`).
 * Returns `undefined` when any of them is missing (a 404: the fragment slid out of the window, is not
 * there yet, or never was).
 */
export function resolveSmoothFragment(
  presentation: SmoothPresentation,
  request: SmoothFragmentRequest,
): SmoothFragmentTarget | undefined {
  const name = request.streamName.toLowerCase();
  const stream = presentation.streams.find((s) => s.name.toLowerCase() === name);
  if (stream === undefined) {
    return undefined;
  }
  const index = nearestBitrateIndex(
    stream.qualityLevels.map((q) => q.bitrate),
    request.bitrate,
  );
  const qualityLevel = stream.qualityLevels[index];
  const segment = qualityLevel && findSegment(qualityLevel.segments, request.time);
  if (qualityLevel === undefined || segment === undefined) {
    return undefined;
  }
  const next = firstIndexAfter(stream.fragments, request.time, (f) => f.time);
  return {
    stream,
    qualityLevel,
    renditionId: qualityLevel.renditionId,
    segment,
    lookahead: stream.fragments.slice(next, next + presentation.lookAheadFragmentCount),
  };
}
