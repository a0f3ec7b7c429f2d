import type { RenditionWindow, Segment } from '../../packager/rendition-window.js';

/**
 * The fragment timeline of a Smooth stream. [MS-SSTR] names a fragment by its start time
 * (`Fragments(video=<t>)`, §2.2.6), so within one StreamIndex times must strictly increase and every
 * QualityLevel must have a fragment at every listed time. Times are the CMAF `tfdt` values in the
 * rendition's timescale, never rescaled.
 */

/** `SmoothChunk` is one fragment of a stream: start time and duration in the stream's timescale. */
export interface SmoothChunk {
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

/** `segmentChunks` is the timeline of a list of segments. */
export function segmentChunks(segments: readonly Segment[]): SmoothChunk[] {
  return segments.map((s) => ({ time: s.startTime, duration: s.duration }));
}

function end(chunk: SmoothChunk): number {
  return chunk.time + chunk.duration;
}

/** The chunks of `chunks` that overlap [lo, hi). */
function within(chunks: readonly SmoothChunk[], lo: number, hi: number): SmoothChunk[] {
  return chunks.filter((c) => end(c) > lo && c.time < hi);
}

/**
 * `alignedTimelines` tells whether two timelines can share one StreamIndex: they overlap, and in the
 * time range both cover they have the same fragments (same start times, same durations). Renditions of
 * one encoder with aligned key frames are; a rendition cut at other times is not.
 */
export function alignedTimelines(a: readonly SmoothChunk[], b: readonly SmoothChunk[]): boolean {
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
  return x.length === y.length && x.every((c, i) => c.time === y[i]?.time && c.duration === y[i]?.duration);
}

/** `commonChunks` is the fragments present in both timelines (same time and duration), in order. */
export function commonChunks(a: readonly SmoothChunk[], b: readonly SmoothChunk[]): SmoothChunk[] {
  const out: SmoothChunk[] = [];
  let j = 0;
  for (const c of a) {
    while (j < b.length && (b[j] as SmoothChunk).time < c.time) {
      j += 1;
    }
    const other = b[j];
    if (other !== undefined && other.time === c.time && other.duration === c.duration) {
      out.push(c);
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

/** `ChunkRun` is one `c` element: `time` only where the timeline needs it, `count` fragments of `duration`. */
export interface ChunkRun {
  readonly time: number | undefined;
  readonly duration: number;
  readonly count: number;
}

/**
 * `chunkRuns` compresses a timeline into `c` elements ([MS-SSTR] §2.2.2.6 StreamFragmentElement, duration
 * coding): `t` on the first and after every gap, `d` always, and runs of equal durations without a gap
 * as one element with `r` = the number of fragments (MinorVersion 2; dash.js and IIS read `r` as the
 * whole count, unlike DASH's `S@r`).
 */
export function chunkRuns(chunks: readonly SmoothChunk[]): ChunkRun[] {
  const runs: ChunkRun[] = [];
  let index = 0;
  let previousEnd: number | undefined;
  while (index < chunks.length) {
    const first = chunks[index] as SmoothChunk;
    let count = 1;
    for (;;) {
      const next = chunks[index + count];
      if (
        next === undefined ||
        next.duration !== first.duration ||
        next.time !== first.time + count * first.duration
      ) {
        break;
      }
      count += 1;
    }
    runs.push({ time: first.time === previousEnd ? undefined : first.time, duration: first.duration, count });
    index += count;
    previousEnd = first.time + count * first.duration;
  }
  return runs;
}
