import type { PresentationWindow, RenditionWindow, Segment } from '../../packager/rendition-window.js';
import { type FallbackBandwidth, renditionBandwidth } from '../rendition-bandwidth.js';
import { smoothBitrate, uniqueBitrate } from './smooth-bitrate.js';
import type { SmoothAudioCodecData, SmoothCodecData, SmoothVideoCodecData } from './smooth-codec-data.js';
import { smoothStreamNames } from './smooth-names.js';
import {
  alignedTimelines,
  commonFragments,
  playableSegments,
  segmentFragments,
  type TimelineFragment,
} from './smooth-timeline.js';

/** `SMOOTH_TIME_SCALE` is the manifest TimeScale: 100 ns units, the [MS-SSTR] §2.2.2.1 default. */
export const SMOOTH_TIME_SCALE = 10_000_000;

/**
 * `LOOKAHEAD_FRAGMENT_COUNT` is how many following fragments a live fragment's `tfrf` announces, and so
 * how many of the newest fragments a live manifest leaves out (`manifestFragments`).
 */
export const LOOKAHEAD_FRAGMENT_COUNT = 2;

/**
 * `manifestFragments` are the fragments of `stream` a client manifest lists. On demand: all. Live: all but
 * the newest `lookAheadFragmentCount`, as IIS and AMS did: [MS-SSTR] §2.2.4.5 requires a live fragment
 * to carry a `tfrf` unless fewer than LookaheadCount fragments follow it, and a live client (dash.js)
 * never reloads the manifest but learns each next fragment from the `tfrf` of the one before. Listing
 * the newest fragment would let a client reach it while nothing follows it yet, and stall there for
 * good; fragments held back are still served, and announced by their predecessors' `tfrf`.
 */
export function manifestFragments(p: SmoothPresentation, stream: SmoothStream): readonly TimelineFragment[] {
  return p.live
    ? stream.fragments.slice(0, Math.max(0, stream.fragments.length - p.lookAheadFragmentCount))
    : stream.fragments;
}

/**
 * `SmoothCodecTable` gives, per rendition id, the codec data read (`readSmoothCodecData`) from the
 * rendition's current init segment, the one of `RenditionWindow.initVersion`. A rendition without an
 * entry is left out of the presentation.
 */
export type SmoothCodecTable = Readonly<Record<string, SmoothCodecData | undefined>>;

/** `SmoothQualityLevel` is one rendition of a stream ([MS-SSTR] §2.2.2.5 QualityLevel). */
export interface SmoothQualityLevel {
  readonly index: number;
  /** Bits per second, unique in the stream: the name of the QualityLevel in fragment URLs. */
  readonly bitrate: number;
  readonly renditionId: string;
  readonly codec: SmoothCodecData;
  /** The rendition's segments the presentation describes (`playableSegments`), oldest first. */
  readonly segments: readonly Segment[];
}

/** `SmoothStream` is one StreamIndex ([MS-SSTR] §2.2.2.3): renditions sharing one fragment timeline. */
export interface SmoothStream {
  readonly type: 'video' | 'audio';
  /** Unique in the presentation; fragment URLs name the stream with it. */
  readonly name: string;
  /** Ticks per second of every time in the stream: the renditions' CMAF timescale. */
  readonly timescale: number;
  readonly language: string | undefined;
  readonly qualityLevels: readonly SmoothQualityLevel[];
  /** Fragments every QualityLevel has, oldest first. */
  readonly fragments: readonly TimelineFragment[];
  /** Largest picture of the stream's QualityLevels (video only, else 0). */
  readonly maxWidth: number;
  readonly maxHeight: number;
}

/** `SmoothPresentation` is everything a client manifest and the fragment resolver need. */
export interface SmoothPresentation {
  /** False once every rendition has ended (an on-demand manifest). */
  readonly live: boolean;
  /** `SMOOTH_TIME_SCALE`, the unit of `duration` and `dvrWindowLength`. */
  readonly timeScale: number;
  /** Ended: the longest stream's span (first fragment start to last fragment end). Live: 0. */
  readonly duration: number;
  /** Live: the longest rendition window (`windowSeconds`). Ended: 0. */
  readonly dvrWindowLength: number;
  readonly lookAheadFragmentCount: number;
  readonly streams: readonly SmoothStream[];
}

/** `SmoothPresentationOptions` tunes `smoothPresentation`. */
export interface SmoothPresentationOptions {
  /** Bits per second per rendition id for renditions without a measured bandwidth yet. */
  readonly fallbackBandwidth?: FallbackBandwidth;
}

interface Member<C extends SmoothCodecData> {
  readonly window: RenditionWindow;
  readonly codec: C;
  readonly bandwidth: number;
  readonly segments: readonly Segment[];
}

interface Group<C extends SmoothCodecData> {
  readonly timescale: number;
  readonly members: Member<C>[];
  fragments: readonly TimelineFragment[];
}

function member(
  window: RenditionWindow,
  codecs: SmoothCodecTable,
  options: SmoothPresentationOptions,
): Member<SmoothCodecData> | undefined {
  const codec = codecs[window.id];
  const bandwidth = renditionBandwidth(window, options.fallbackBandwidth);
  const segments = playableSegments(window);
  if (codec === undefined || codec.kind !== window.kind || bandwidth === undefined || segments.length === 0) {
    return undefined;
  }
  return { window, codec, bandwidth, segments };
}

function isVideo(m: Member<SmoothCodecData>): m is Member<SmoothVideoCodecData> {
  return m.codec.kind === 'video';
}

function isAudio(m: Member<SmoothCodecData>): m is Member<SmoothAudioCodecData> {
  return m.codec.kind === 'audio';
}

/** Video renditions join the first group with their timescale and an aligned timeline, else start one. */
function videoGroups(members: readonly Member<SmoothVideoCodecData>[]): Group<SmoothVideoCodecData>[] {
  const groups: Group<SmoothVideoCodecData>[] = [];
  for (const m of members) {
    const own = segmentFragments(m.segments);
    const group = groups.find(
      (g) => g.timescale === m.window.timescale && alignedTimelines(g.fragments, own),
    );
    if (group === undefined) {
      groups.push({ timescale: m.window.timescale, members: [m], fragments: own });
    } else {
      group.members.push(m);
      group.fragments = commonFragments(group.fragments, own);
    }
  }
  return groups;
}

function qualityLevels(members: readonly Member<SmoothCodecData>[]): SmoothQualityLevel[] {
  const taken = new Set<number>();
  return members.map((m, index) => {
    const bitrate = uniqueBitrate(smoothBitrate(m.bandwidth), taken);
    taken.add(bitrate);
    return { index, bitrate, renditionId: m.window.id, codec: m.codec, segments: m.segments };
  });
}

function span(fragments: readonly TimelineFragment[], timescale: number): number {
  const first = fragments[0];
  const last = fragments.at(-1);
  return first === undefined || last === undefined ? 0 : (last.time + last.duration - first.time) / timescale;
}

/**
 * `smoothPresentation` maps a presentation window onto Smooth Streaming streams ([MS-SSTR] §2.2.2):
 * - renditions need codec data (`codecs`), a bandwidth to announce and playable segments
 *   (`playableSegments`); the others are left out, as in the HLS and DASH manifests;
 * - video renditions share the StreamIndex `video` when they have its timescale and an aligned timeline
 *   (`alignedTimelines`; it then lists only the fragments all of them have); any other video rendition
 *   gets a StreamIndex of its own (`video_2`, ...), since a StreamIndex has one timeline;
 * - every audio rendition is a StreamIndex of its own, named by `smoothStreamNames`;
 * - `Bitrate` is `smoothBitrate` of the rendition's measured peak, made unique within its stream in
 *   window order.
 */
export function smoothPresentation(
  window: PresentationWindow,
  codecs: SmoothCodecTable,
  options: SmoothPresentationOptions = {},
): SmoothPresentation {
  const { renditions } = window;
  const members = renditions.map((r) => member(r, codecs, options)).filter((m) => m !== undefined);
  const names = smoothStreamNames(renditions);
  const streams: SmoothStream[] = [];
  videoGroups(members.filter(isVideo)).forEach((g, i) => {
    const levels = qualityLevels(g.members);
    streams.push({
      type: 'video',
      name: i === 0 ? 'video' : `video_${i + 1}`,
      timescale: g.timescale,
      language: undefined,
      qualityLevels: levels,
      fragments: g.fragments,
      maxWidth: Math.max(...g.members.map((m) => m.codec.width)),
      maxHeight: Math.max(...g.members.map((m) => m.codec.height)),
    });
  });
  for (const m of members.filter(isAudio)) {
    streams.push({
      type: 'audio',
      name: names.get(m.window.id) ?? m.window.id,
      timescale: m.window.timescale,
      language: m.window.language,
      qualityLevels: qualityLevels([m]),
      fragments: segmentFragments(m.segments),
      maxWidth: 0,
      maxHeight: 0,
    });
  }
  const live = !(renditions.length > 0 && renditions.every((r) => r.ended));
  const listed = new Set(members.map((m) => m.window.id));
  const windowSeconds = Math.max(
    0,
    ...renditions.filter((r) => listed.has(r.id)).map((r) => r.windowSeconds),
  );
  const longest = Math.max(0, ...streams.map((s) => span(s.fragments, s.timescale)));
  return {
    live,
    timeScale: SMOOTH_TIME_SCALE,
    duration: live ? 0 : Math.round(longest * SMOOTH_TIME_SCALE),
    dvrWindowLength: live ? Math.round(windowSeconds * SMOOTH_TIME_SCALE) : 0,
    lookAheadFragmentCount: LOOKAHEAD_FRAGMENT_COUNT,
    streams,
  };
}
