import type { TrackKind } from '../../media/track.js';
import {
  wallClockAnchor,
  type Part,
  type PendingSegment,
  type PresentationWindow,
  type RenditionConfiguration,
  type RenditionWindow,
  type Segment,
  type WallClockAnchor,
} from '../../packager/rendition-window.js';

/**
 * Builders of `RenditionWindow` / `PresentationWindow` snapshots for the manifest tests: a rendition is
 * described by its whole history of segments (durations in ticks, discontinuities, wall-clock gaps) and
 * `keepLast` slides the window, so sequence numbers, discontinuity sequences, anchors and target durations
 * come out as the packager computes them.
 */

/** `T0` is the wall clock of the first sample in every test: 2024-01-01T12:00:00.000Z. */
export const T0 = Date.UTC(2024, 0, 1, 12, 0, 0);

/** `TestSegmentSpec` is one segment of a test rendition's history. */
export interface TestSegmentSpec {
  /** Duration, rendition ticks. */
  readonly duration: number;
  /** Starts a new discontinuity run (encoder reconnect, codec change). */
  readonly discontinuity?: boolean;
  /** Init version; defaults to the previous segment's (or 0). */
  readonly initVersion?: number;
  /** Decode time; defaults to the previous segment's end (a new run may restart the timeline). */
  readonly startTime?: number;
  /** Wall-clock ms between the previous segment's end and this segment's first sample. */
  readonly gapMs?: number;
  /** Composition offset (ticks) of the first sample of a run this segment starts (B-frames). */
  readonly compositionOffset?: number;
  /** Bits per second; defaults to 2 Mb/s (video) or 128 kb/s (audio). */
  readonly bitrate?: number;
  /** Part durations in ticks, or a number of equal parts; defaults to one part. */
  readonly parts?: readonly number[] | number;
}

/** `TestRenditionSpec` describes one test rendition. */
export interface TestRenditionSpec {
  readonly id: string;
  readonly kind: TrackKind;
  readonly codecString?: string;
  readonly timescale?: number;
  readonly width?: number;
  readonly height?: number;
  readonly frameRate?: number;
  readonly sampleRate?: number;
  readonly channelCount?: number;
  readonly language?: string;
  readonly firstSequence?: number;
  readonly startTime?: number;
  readonly programDateTime?: number;
  readonly segments: readonly TestSegmentSpec[];
  /** Parts (durations in ticks) of the segment being built after the last complete one. */
  readonly pending?: Omit<TestSegmentSpec, 'duration' | 'parts' | 'bitrate'> & {
    readonly parts: readonly number[];
  };
  /** Keep only the last N segments in the window (the others slid out). */
  readonly keepLast?: number;
  /** Configured key frame interval, seconds: the floor of the target duration. */
  readonly keyFrameInterval?: number;
  readonly partTarget?: number;
  readonly ended?: boolean;
  /** Set `wallClockAnchor` on every segment (default true). */
  readonly anchored?: boolean;
  /** Configurations of older init versions; the current one is appended (`RenditionWindow.configurations`). */
  readonly previousConfigurations?: readonly RenditionConfiguration[];
}

function partsOf(spec: TestSegmentSpec['parts'], duration: number, kind: TrackKind): Part[] {
  const durations =
    typeof spec === 'number'
      ? Array.from({ length: spec }, (_, i) =>
          i < spec - 1 ? Math.floor(duration / spec) : duration - Math.floor(duration / spec) * (spec - 1),
        )
      : (spec ?? [duration]);
  return durations.map((d, index) => ({
    index,
    duration: d,
    independent: kind === 'audio' || index === 0,
    byteLength: 1000,
  }));
}

/** `testRendition` builds a `RenditionWindow` from a spec. */
export function testRendition(spec: TestRenditionSpec): RenditionWindow {
  const video = spec.kind === 'video';
  const timescale = spec.timescale ?? (video ? 90_000 : 48_000);
  const defaultBitrate = video ? 2_000_000 : 128_000;
  const all: Segment[] = [];
  let sequence = spec.firstSequence ?? 0;
  let discontinuitySequence = 0;
  let startTime = spec.startTime ?? 0;
  let wall = spec.programDateTime ?? T0;
  let initVersion = 0;
  let anchor: WallClockAnchor = { programDateTime: wall, startTime };
  let longest = 0;
  const next = (s: Omit<TestSegmentSpec, 'duration'>, first: boolean) => {
    if (s.discontinuity === true && !first) {
      discontinuitySequence += 1;
    }
    startTime = s.startTime ?? startTime;
    wall += s.gapMs ?? 0;
    initVersion = s.initVersion ?? initVersion;
    if (s.discontinuity === true || first) {
      anchor = wallClockAnchor(Math.round(wall), startTime, s.compositionOffset);
    }
    const anchorField = spec.anchored === false ? {} : { wallClockAnchor: anchor };
    return {
      sequence,
      discontinuity: s.discontinuity === true,
      discontinuitySequence,
      initVersion,
      startTime,
      programDateTime: Math.round(wall),
      ...anchorField,
    };
  };
  spec.segments.forEach((s, i) => {
    const head = next(s, i === 0);
    const bitrate = s.bitrate ?? defaultBitrate;
    all.push({
      ...head,
      duration: s.duration,
      parts: partsOf(s.parts, s.duration, spec.kind),
      byteLength: Math.round((bitrate * s.duration) / timescale / 8),
      bitrate,
    });
    longest = Math.max(longest, s.duration);
    sequence += 1;
    startTime += s.duration;
    wall += (s.duration * 1000) / timescale;
  });
  let pending: PendingSegment | undefined;
  if (spec.pending !== undefined) {
    const head = next(spec.pending, all.length === 0);
    pending = { ...head, parts: partsOf(spec.pending.parts, 0, spec.kind) };
  }
  const segments = spec.keepLast === undefined ? all : all.slice(Math.max(0, all.length - spec.keepLast));
  const totalTicks = segments.reduce((sum, s) => sum + s.duration, 0);
  const bits = segments.reduce((sum, s) => sum + (s.bitrate * s.duration) / timescale, 0);
  const configurations = spec.previousConfigurations ?? [];
  const codecString = spec.codecString ?? (video ? 'avc1.64001f' : 'mp4a.40.2');
  const optional = {
    ...(spec.width !== undefined || video ? { width: spec.width ?? 1280 } : {}),
    ...(spec.height !== undefined || video ? { height: spec.height ?? 720 } : {}),
    ...(spec.frameRate !== undefined || video ? { frameRate: spec.frameRate ?? 30 } : {}),
    ...(spec.sampleRate !== undefined || !video ? { sampleRate: spec.sampleRate ?? 48_000 } : {}),
    ...(spec.channelCount !== undefined || !video ? { channelCount: spec.channelCount ?? 2 } : {}),
    ...(spec.language !== undefined ? { language: spec.language } : {}),
    ...(configurations.length > 0
      ? { configurations: [...configurations, { initVersion, codecString }] }
      : {}),
  };
  return {
    id: spec.id,
    kind: spec.kind,
    codecString,
    timescale,
    bandwidth: segments.reduce((max, s) => Math.max(max, s.bitrate), 0),
    averageBandwidth: totalTicks > 0 ? Math.round(bits / (totalTicks / timescale)) : 0,
    ...optional,
    initVersion,
    segments,
    pending,
    targetDuration: Math.max(spec.keyFrameInterval ?? 1, Math.ceil(longest / timescale)),
    partTarget: spec.partTarget,
    windowSeconds: totalTicks / timescale,
    ended: spec.ended === true,
  };
}

/** `testPresentation` wraps renditions into a `PresentationWindow` starting at `T0`. */
export function testPresentation(
  renditions: readonly RenditionWindow[],
  options: {
    readonly lowLatency?: boolean;
    readonly publishTime?: number;
    readonly availabilityStartTime?: number;
  } = {},
): PresentationWindow {
  return {
    renditions,
    availabilityStartTime: options.availabilityStartTime ?? T0,
    lowLatency: options.lowLatency ?? renditions.some((r) => r.partTarget !== undefined),
    publishTime: options.publishTime ?? T0 + 60_000,
  };
}

/** `seconds` converts seconds to ticks for readable specs (`seconds(2)` at 90 kHz is 180000). */
export function seconds(value: number, timescale = 90_000): number {
  return Math.round(value * timescale);
}
