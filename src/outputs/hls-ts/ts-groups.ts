import type { Segment } from '../../packager/rendition-window.js';

/**
 * Grouping of CMAF segments into TS segments (`hls.fragmentsPerTsSegment` = N): TS segment `g` is CMAF
 * sequences [gN, gN + N), cut at discontinuities, returned only when complete. Numbering, discontinuities
 * and what is left out: see docs/design/hls.md#ts-segments-from-cmaf-segments.
 */

/** `TsGroup` is the CMAF segments of one TS segment. */
export interface TsGroup {
  /** TS media sequence number. */
  readonly sequence: number;
  /** Members, in order: consecutive CMAF segments of one discontinuity run. */
  readonly segments: readonly Segment[];
}

/** `groupSegments` groups the window `segments` (oldest first, consecutive sequences) N at a time. */
export function groupSegments(segments: readonly Segment[], n: number, ended: boolean): TsGroup[] {
  if (!Number.isInteger(n) || n < 1) {
    throw new RangeError(`fragments per TS segment must be a positive integer, got ${n}`);
  }
  const first = segments[0];
  const last = segments.at(-1);
  if (first === undefined || last === undefined) {
    return [];
  }
  const window: WindowView = { segments, n, oldest: first.sequence, newest: last.sequence, first };
  const groups: TsGroup[] = [];
  const lastBlock = Math.floor(window.newest / n) + (ended ? 1 : 0);
  for (let block = Math.floor(window.oldest / n); block <= lastBlock; block++) {
    const start = block * n;
    const head = start <= window.newest ? headOf(window, block, ended) : [];
    if (head === undefined) {
      continue;
    }
    const tail = segmentAt(window, start)?.discontinuity === true ? [] : tailOf(window, block - 1);
    if (tail === undefined) {
      continue;
    }
    const members = [...tail, ...head];
    if (members.length > 0) {
      groups.push({ sequence: block, segments: members });
    }
  }
  return groups;
}

interface WindowView {
  readonly segments: readonly Segment[];
  readonly n: number;
  readonly oldest: number;
  readonly newest: number;
  readonly first: Segment;
}

function segmentAt(w: WindowView, sequence: number): Segment | undefined {
  const s = sequence < w.oldest || sequence > w.newest ? undefined : w.segments[sequence - w.oldest];
  return s?.sequence === sequence ? s : undefined;
}

/** Segments [from, to) of the window, or undefined when one is missing. */
function range(w: WindowView, from: number, to: number): Segment[] | undefined {
  const out: Segment[] = [];
  for (let sequence = from; sequence < to; sequence++) {
    const s = segmentAt(w, sequence);
    if (s === undefined) {
      return undefined;
    }
    out.push(s);
  }
  return out;
}

/** Sequences in the window flagged `discontinuity` strictly inside block `block`. */
function innerDiscontinuities(w: WindowView, block: number): number[] {
  const out: number[] = [];
  const end = Math.min((block + 1) * w.n, w.newest + 1);
  for (let sequence = Math.max(block * w.n + 1, w.oldest); sequence < end; sequence++) {
    if (segmentAt(w, sequence)?.discontinuity === true) {
      out.push(sequence);
    }
  }
  return out;
}

/** The head of block `block` (its start is in the window), or undefined while it is incomplete. */
function headOf(w: WindowView, block: number, ended: boolean): Segment[] | undefined {
  const start = block * w.n;
  if (start < w.oldest) {
    return undefined;
  }
  const end =
    innerDiscontinuities(w, block)[0] ??
    (w.newest >= start + w.n - 1 ? start + w.n : ended ? w.newest + 1 : undefined);
  return end === undefined ? undefined : range(w, start, end);
}

/** The tail block `block` hands on to the next group: [] for none, undefined when it cannot be known. */
function tailOf(w: WindowView, block: number): Segment[] | undefined {
  const start = block * w.n;
  const end = start + w.n;
  const lastInner = innerDiscontinuities(w, block).at(-1);
  if (lastInner !== undefined) {
    return range(w, lastInner, Math.min(end, w.newest + 1));
  }
  // Inner segments that slid out may have held a discontinuity, unless none came before the window.
  const unseen = Math.min(end, w.oldest) > start + 1;
  const before = w.first.discontinuitySequence - (w.first.discontinuity ? 1 : 0);
  return unseen && before > 0 ? undefined : [];
}
