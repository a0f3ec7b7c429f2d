import type { PresentationWindow } from '../../packager/rendition-window.js';
import { defaultMediaNaming, type MediaNaming } from '../media-naming.js';
import type { FallbackBandwidth } from '../rendition-bandwidth.js';
import { isoDateTime, runAnchors, wallClockMs } from '../wall-clock.js';
import { dashPeriods, type DashPeriod } from './dash-periods.js';
import { isoDuration } from './iso-duration.js';
import { adaptationGroups, periodLines } from './period-xml.js';
import { xmlTag } from './xml-text.js';

/** `MpdOptions` tunes `buildMpd`. Durations are in seconds and default from the target duration (TD). */
export interface MpdOptions {
  /** URI templates (default `defaultMediaNaming`); the MPD sits at the presentation root. */
  readonly naming?: MediaNaming;
  /** Bits per second per rendition id for renditions without a measured bandwidth yet. */
  readonly fallbackBandwidth?: FallbackBandwidth;
  /** `UTCTiming@value` (scheme `urn:mpeg:dash:utc:http-iso:2014`): a URL answering the ISO time. Default `/time`. */
  readonly utcTimingUrl?: string;
  /** `MPD@minimumUpdatePeriod`; default one TD (a new segment per TD). */
  readonly minimumUpdatePeriod?: number;
  /** `MPD@suggestedPresentationDelay`; default three TDs, two for low-latency presentations. */
  readonly suggestedPresentationDelay?: number;
  /** Run starts of different renditions closer than this share a Period; default one TD. */
  readonly periodJoinToleranceMs?: number;
}

/** ISO/IEC 23009-1 §5.3.1.2 profiles: the live profile, and CMAF (the packager writes CMAF segments). */
const PROFILES = 'urn:mpeg:dash:profile:isoff-live:2011,urn:mpeg:dash:profile:cmaf:2019';
/** ISO/IEC 23009-1 §5.8.5.7: UTC timing from an HTTP GET answering an ISO 8601 date-time. */
const UTC_TIMING_SCHEME = 'urn:mpeg:dash:utc:http-iso:2014';
/** DASH-IF live guidelines: start about three segments behind the live edge (two when latency matters). */
const PRESENTATION_DELAY_TARGET_DURATIONS = 3;
const LOW_LATENCY_PRESENTATION_DELAY_TARGET_DURATIONS = 2;

/**
 * `buildMpd` renders the MPD of a presentation (ISO/IEC 23009-1 §5.3, DASH-IF live guidelines): a dynamic
 * MPD while any rendition is live (`availabilityStartTime`, `publishTime`, `minimumUpdatePeriod`,
 * `timeShiftBufferDepth` = the longest window, `suggestedPresentationDelay`, `maxSegmentDuration` and
 * `minBufferTime` = TD, and `UTCTiming`), a static one (`mediaPresentationDuration`, Periods from `PT0S`)
 * once every rendition has ended. Each Period (see `dash-periods.ts`) holds an Adaptation Set for video and
 * one per audio language, one Representation per rendition with its own `SegmentTemplate` (`$Number$`,
 * `startNumber`, `presentationTimeOffset`, the Period's init segment) and `SegmentTimeline`. Renditions
 * without any bandwidth to announce are left out, as in the HLS multivariant playlist.
 */
export function buildMpd(presentation: PresentationWindow, options: MpdOptions = {}): string {
  const { renditions } = presentation;
  const targetDuration = renditions.reduce((max, r) => Math.max(max, r.targetDuration), 1);
  const ended = renditions.length > 0 && renditions.every((r) => r.ended);
  const periods = dashPeriods(presentation, options.periodJoinToleranceMs ?? targetDuration * 1000);
  const originMs = ended ? (periods[0]?.startMs ?? 0) : 0;
  const delay =
    options.suggestedPresentationDelay ??
    targetDuration *
      (presentation.lowLatency
        ? LOW_LATENCY_PRESENTATION_DELAY_TARGET_DURATIONS
        : PRESENTATION_DELAY_TARGET_DURATIONS);
  const timing: [string, string | undefined][] = ended
    ? [['mediaPresentationDuration', isoDuration(presentationEndMs(presentation, periods) - originMs)]]
    : [
        ['availabilityStartTime', isoDateTime(presentation.availabilityStartTime)],
        ['publishTime', isoDateTime(presentation.publishTime)],
        ['minimumUpdatePeriod', isoDuration((options.minimumUpdatePeriod ?? targetDuration) * 1000)],
      ];
  const live: [string, string | undefined][] = ended
    ? []
    : [
        [
          'timeShiftBufferDepth',
          isoDuration(renditions.reduce((max, r) => Math.max(max, r.windowSeconds), 0) * 1000),
        ],
        ['suggestedPresentationDelay', isoDuration(delay * 1000)],
      ];
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    xmlTag('MPD', [
      ['xmlns', 'urn:mpeg:dash:schema:mpd:2011'],
      ['profiles', PROFILES],
      ['type', ended ? 'static' : 'dynamic'],
      ...timing,
      ['minBufferTime', isoDuration(targetDuration * 1000)],
      ...live,
      ['maxSegmentDuration', isoDuration(targetDuration * 1000)],
    ]),
  ];
  const context = {
    naming: options.naming ?? defaultMediaNaming,
    fallbackBandwidth: options.fallbackBandwidth,
    groups: adaptationGroups(renditions),
    originMs,
  };
  periods.forEach((period, index) => {
    lines.push(...periodLines(period, periods[index - 1], context));
  });
  if (!ended) {
    lines.push(
      `  ${xmlTag(
        'UTCTiming',
        [
          ['schemeIdUri', UTC_TIMING_SCHEME],
          ['value', options.utcTimingUrl ?? '/time'],
        ],
        true,
      )}`,
    );
  }
  lines.push('</MPD>');
  return `${lines.join('\n')}\n`;
}

/** The wall-clock end (ms after availabilityStartTime) of the last segment of any listed rendition. */
function presentationEndMs(presentation: PresentationWindow, periods: readonly DashPeriod[]): number {
  let end = periods.at(-1)?.startMs ?? 0;
  for (const window of presentation.renditions) {
    const anchors = runAnchors(window.segments);
    const last = window.segments.at(-1);
    const anchor = anchors.at(-1);
    if (last !== undefined && anchor !== undefined) {
      const wall = wallClockMs(anchor, last.startTime + last.duration, window.timescale);
      end = Math.max(end, Math.round(wall - presentation.availabilityStartTime));
    }
  }
  return end;
}
