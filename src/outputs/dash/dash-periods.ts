import type {
  PresentationWindow,
  RenditionWindow,
  Segment,
  WallClockAnchor,
} from '../../packager/rendition-window.js';
import { runAnchors, wallClockMs } from '../wall-clock.js';

/**
 * Periods of the MPD (ISO/IEC 23009-1 §5.3.2): one per discontinuity run, runs of different renditions
 * within `joinToleranceMs` share one; each Representation gets the PTO that puts it on the wall clock.
 * Period starts, PTO and which segments go where: see docs/design/dash.md#periods.
 */

/** `PeriodTrack` is one rendition's share of a Period. */
export interface PeriodTrack {
  readonly window: RenditionWindow;
  readonly segments: readonly Segment[];
  readonly presentationTimeOffset: number;
  readonly initVersion: number;
  readonly discontinuitySequence: number;
}

/** `DashPeriod` is one Period: its start in ms after `availabilityStartTime` and its tracks. */
export interface DashPeriod {
  readonly id: string;
  readonly startMs: number;
  readonly tracks: readonly PeriodTrack[];
}

/** Less than three frames at 30 fps between a video segment start and a boundary is arrival jitter. */
const VIDEO_SNAP_MS = 100;
/**
 * dash.js and Shaka Player open each Period's append window 100 ms before `Period@start`, so samples
 * presented up to that much before it are kept; 80 ms leaves room for rounding.
 */
const PLAYER_LEAD_MS = 80;
/** Below one millisecond (the wall-clock resolution) a difference is rounding. */
const ROUNDING_MS = 1;

/**
 * One discontinuity run of one rendition; `period` is the index of the boundary its anchor joined, `shown`
 * the wall clock of its first presentation.
 */
interface Run {
  readonly window: RenditionWindow;
  readonly priority: number;
  readonly anchor: WallClockAnchor;
  readonly shown: number;
  readonly segments: Segment[];
  period: number;
}

/** Media time at which a run's first picture is shown: decode time plus composition offset. */
function firstShownTime(anchor: WallClockAnchor): number {
  return anchor.startTime + (anchor.compositionOffset ?? 0);
}

/** Renditions in boundary priority: video first, then audio, each in presentation order. */
function renditionPriority(presentation: PresentationWindow): RenditionWindow[] {
  const { renditions } = presentation;
  return [...renditions.filter((r) => r.kind === 'video'), ...renditions.filter((r) => r.kind !== 'video')];
}

function runsOf(window: RenditionWindow, priority: number): Run[] {
  const anchors = runAnchors(window.segments);
  const runs: Run[] = [];
  window.segments.forEach((segment, index) => {
    const current = runs.at(-1);
    if (current?.segments[0]?.discontinuitySequence === segment.discontinuitySequence) {
      current.segments.push(segment);
    } else {
      const listed = anchors[index] ?? {
        programDateTime: segment.programDateTime,
        startTime: segment.startTime,
      };
      const anchor = window.ended ? listedAnchor(listed, segment, window.timescale) : listed;
      runs.push({
        window,
        priority,
        anchor,
        shown: wallClockMs(anchor, firstShownTime(anchor), window.timescale),
        segments: [segment],
        period: 0,
      });
    }
  });
  return runs;
}

/**
 * `listedAnchor` is the anchor of an ended run whose start has left the window (an archive that slid
 * before it was finished): the same media-to-wall-clock mapping, anchored at the first listed segment,
 * so the Period and `mediaPresentationDuration` of the static MPD begin where its media begins instead of
 * at media that is no longer listed. Live runs keep their anchor, so a dynamic MPD's Period start does not
 * move as segments slide out.
 */
function listedAnchor(anchor: WallClockAnchor, first: Segment, timescale: number): WallClockAnchor {
  if (first.startTime <= anchor.startTime) {
    return anchor;
  }
  return { programDateTime: wallClockMs(anchor, first.startTime, timescale), startTime: first.startTime };
}

/** A rendition's segments in one Period; `straddler` when the first began in the Period before. */
interface Listing {
  readonly run: Run;
  readonly segments: Segment[];
  readonly straddler: boolean;
}

/** `dashPeriods` splits the presentation into Periods, oldest first. */
export function dashPeriods(presentation: PresentationWindow, joinToleranceMs: number): DashPeriod[] {
  const ordered = renditionPriority(presentation);
  const runsByWindow = ordered.map((window, priority) => runsOf(window, priority));
  const all = runsByWindow
    .flat()
    .sort((a, b) => a.anchor.programDateTime - b.anchor.programDateTime || a.priority - b.priority);
  const boundaries: number[] = [];
  let clusterFirst = Number.NEGATIVE_INFINITY;
  let best: Run | undefined;
  let latestShown = Number.NEGATIVE_INFINITY;
  let floor = Number.NEGATIVE_INFINITY;
  const members = new Set<RenditionWindow>();
  for (const run of all) {
    const at = run.anchor.programDateTime;
    if (best === undefined || at - clusterFirst > joinToleranceMs || members.has(run.window)) {
      floor = (boundaries.at(-1) ?? Number.NEGATIVE_INFINITY) + ROUNDING_MS;
      clusterFirst = at;
      best = run;
      latestShown = run.shown;
      members.clear();
      boundaries.push(0);
    } else if (run.priority < best.priority) {
      best = run;
    }
    latestShown = Math.max(latestShown, run.shown);
    // Boundaries stay increasing even when a rendition restarts twice within one cluster.
    boundaries[boundaries.length - 1] = Math.max(Math.min(latestShown, best.shown + PLAYER_LEAD_MS), floor);
    members.add(run.window);
    run.period = boundaries.length - 1;
  }
  const listed = boundaries.map(() => new Map<RenditionWindow, Listing>());
  for (const runs of runsByWindow) {
    runs.forEach((run, j) => {
      const last = (runs[j + 1]?.period ?? boundaries.length) - 1;
      assignRun(run, run.period, last, boundaries, listed);
    });
  }
  const reference = ordered[0];
  const periods: DashPeriod[] = [];
  boundaries.forEach((boundary, k) => {
    const entries = listed[k];
    const leading = periods.length === 0 && (reference === undefined || !entries?.has(reference));
    if (entries === undefined || entries.size === 0 || leading) {
      return;
    }
    const startMs = Math.max(0, Math.round(boundary - presentation.availabilityStartTime));
    const tracks = ordered.flatMap((window) => {
      const entry = entries.get(window);
      return entry === undefined ? [] : [track(window, entry, presentation.availabilityStartTime + startMs)];
    });
    periods.push({ id: `p${startMs}`, startMs, tracks });
  });
  return periods;
}

function assignRun(
  run: Run,
  firstPeriod: number,
  lastPeriod: number,
  boundaries: readonly number[],
  listed: Map<RenditionWindow, Listing>[],
): void {
  const { window, anchor } = run;
  const snap = window.kind === 'video' ? VIDEO_SNAP_MS : ROUNDING_MS;
  for (const segment of run.segments) {
    const start = wallClockMs(anchor, segment.startTime, window.timescale);
    let k = lastPeriod;
    while (k > firstPeriod && (boundaries[k] ?? 0) > start + snap) {
      k -= 1;
    }
    const add = (period: number, straddler: boolean): void => {
      const map = listed[period];
      const entry = map?.get(window);
      if (entry === undefined) {
        map?.set(window, { run, segments: [segment], straddler });
      } else {
        entry.segments.push(segment);
      }
    };
    add(k, false);
    const end = wallClockMs(anchor, segment.startTime + segment.duration, window.timescale);
    const nextBoundary = boundaries[k + 1];
    if (k < lastPeriod && nextBoundary !== undefined && end > nextBoundary + ROUNDING_MS) {
      add(k + 1, true);
    }
  }
}

function track(window: RenditionWindow, entry: Listing, periodWallMs: number): PeriodTrack {
  const { anchor } = entry.run;
  const first = entry.segments[0];
  let pto =
    anchor.startTime + Math.round(((periodWallMs - anchor.programDateTime) * window.timescale) / 1000);
  if (window.kind === 'video' && !entry.straddler && first !== undefined) {
    const shown = first.startTime === anchor.startTime ? firstShownTime(anchor) : first.startTime;
    const lead = Math.round((PLAYER_LEAD_MS * window.timescale) / 1000);
    if (shown < pto - lead) {
      pto = shown + lead;
    }
  }
  return {
    window,
    segments: entry.segments,
    presentationTimeOffset: Math.max(0, pto),
    initVersion: first?.initVersion ?? window.initVersion,
    discontinuitySequence: first?.discontinuitySequence ?? 0,
  };
}
