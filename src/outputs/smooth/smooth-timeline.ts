import type { RenditionWindow, Segment } from '../../packager/rendition-window.js';

/**
 * The fragment timeline of a Smooth stream. [MS-SSTR] names a fragment by its start time
 * (`Fragments(video=<t>)`, §2.2.6), so within one StreamIndex times must strictly increase and every
 * QualityLevel must have a fragment at every listed time. Times are the CMAF `tfdt` values in the
 * rendition's timescale, never rescaled.
 */

/** `TimelineFragment` is one fragment of a stream's timeline: start time and duration in the stream's timescale. */
export interface TimelineFragment {
  readonly time: number;
  readonly duration: number;
}

/**
 * `playableSegments` is the part of a rendition's window that a Smooth manifest can describe: the newest
 * stretch of segments that
 * - decode with the current init segment (`initVersion`): a Smooth client builds its one decoder
 *   configuration from the manifest's CodecPrivateData, which comes from that init segment;
 * - move forward in time: a discontinuity run that starts before the previous segment ended (a timeline
 *   that restarts) cannot share a timeline whose times name fragments, so what came before it is left
 *   out. A run that continues, or jumps forward (a gap), stays: the gap becomes an explicit `t`.
 */
export function playableSegments(window: RenditionWindow): readonly Segment[] {
  const { segments, initVersion } = window;
  let start = segments.length;
  for (let i = segments.length - 1; i >= 0; i--) {
    const s = segments[i] as Segment;
    const next = segments[i + 1];
    if (
      s.initVersion !== initVersion ||
      s.duration <= 0 ||
      (next !== undefined && next.startTime < s.startTime + s.duration)
    ) {
      break;
    }
    start = i;
  }
  return segments.slice(start);
}

/** `segmentFragments` is the timeline of a list of segments. */
export function segmentFragments(segments: readonly Segment[]): TimelineFragment[] {
  return segments.map((s) => ({ time: s.startTime, duration: s.duration }));
}

function end(fragment: TimelineFragment): number {
  return fragment.time + fragment.duration;
}

/** The fragments of `fragments` that overlap [lo, hi). */
function within(fragments: readonly TimelineFragment[], lo: number, hi: number): TimelineFragment[] {
  return fragments.filter((f) => end(f) > lo && f.time < hi);
}

/**
 * `alignedTimelines` tells whether two timelines can share one StreamIndex: they overlap, and in the
 * time range both cover they have the same fragments (same start times, same durations). Renditions of
 * one encoder with aligned key frames are; a rendition cut at other times is not.
 */
export function alignedTimelines(a: readonly TimelineFragment[], b: readonly TimelineFragment[]): boolean {
  const a0 = a[0];
  const b0 = b[0];
  const aLast = a.at(-1);
  const bLast = b.at(-1);
  if (a0 === undefined || b0 === undefined || aLast === undefined || bLast === undefined) {
    return false;
  }
  const lo = Math.max(a0.time, b0.time);
  const hi = Math.min(end(aLast), end(bLast));
  if (lo >= hi) {
    return false;
  }
  const x = within(a, lo, hi);
  const y = within(b, lo, hi);
  return x.length === y.length && x.every((f, i) => f.time === y[i]?.time && f.duration === y[i]?.duration);
}

/** `commonFragments` is the fragments present in both timelines (same time and duration), in order. */
export function commonFragments(
  a: readonly TimelineFragment[],
  b: readonly TimelineFragment[],
): TimelineFragment[] {
  const out: TimelineFragment[] = [];
  let j = 0;
  for (const f of a) {
    while (j < b.length && (b[j] as TimelineFragment).time < f.time) {
      j += 1;
    }
    const other = b[j];
    if (other !== undefined && other.time === f.time && other.duration === f.duration) {
      out.push(f);
    }
  }
  return out;
}

/** `firstIndexAfter` is the index of the first item starting after `time` (binary search), or the length. */
export function firstIndexAfter<T>(items: readonly T[], time: number, timeOf: (item: T) => number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (timeOf(items[mid] as T) <= time) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo;
}

/**
 * `StreamFragmentElement` is one `c` element ([MS-SSTR] §2.2.2.6): `time` only where the timeline needs it,
 * `count` fragments of `duration`.
 */
export interface StreamFragmentElement {
  readonly time: number | undefined;
  readonly duration: number;
  readonly count: number;
}

/**
 * `streamFragmentElements` compresses a timeline into `c` elements (duration coding): `t` on the first and
 * after every gap, `d` always, and runs of equal durations without a gap as one element with `r` = the
 * number of fragments (MinorVersion 2; dash.js and IIS read `r` as the whole count, unlike DASH's `S@r`).
 */
export function streamFragmentElements(fragments: readonly TimelineFragment[]): StreamFragmentElement[] {
  const elements: StreamFragmentElement[] = [];
  let index = 0;
  let previousEnd: number | undefined;
  while (index < fragments.length) {
    const first = fragments[index] as TimelineFragment;
    let count = 1;
    for (;;) {
      const next = fragments[index + count];
      if (
        next === undefined ||
        next.duration !== first.duration ||
        next.time !== first.time + count * first.duration
      ) {
        break;
      }
      count += 1;
    }
    elements.push({
      time: first.time === previousEnd ? undefined : first.time,
      duration: first.duration,
      count,
    });
    index += count;
    previousEnd = first.time + count * first.duration;
  }
  return elements;
}
