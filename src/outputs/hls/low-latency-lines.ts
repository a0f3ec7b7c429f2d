import type { Part, RenditionWindow } from '../../packager/rendition-window.js';
import { decimalSeconds, decimalText } from '../decimal-seconds.js';
import { attributeList, quotedString } from './attribute-list.js';
import type { DeliveryDirectiveSupport } from './delivery-directive-support.js';

/**
 * Low-latency HLS lines of a media playlist (RFC 8216bis §4.4.3.7, §4.4.3.8, §4.4.4.9, §4.4.5.3,
 * §4.4.5.4) and the two window computations behind them: which segments still list their parts, and how
 * many segments a Playlist Delta Update skips.
 */

/** RFC 8216bis §4.4.3.8: PART-HOLD-BACK "SHOULD be at least three times the Part Target Duration". */
const PART_HOLD_BACK_PART_TARGETS = 3;

/** RFC 8216bis §4.4.3.8: the Skip Boundary (CAN-SKIP-UNTIL) "MUST be at least six times the Target Duration". */
const SKIP_BOUNDARY_TARGET_DURATIONS = 6;

/** RFC 8216bis §6.2.2: EXT-X-PART tags "SHOULD be removed ... after they are greater than three Target
 * Durations from the end of the Playlist". */
const PART_RETENTION_TARGET_DURATIONS = 3;

/** `RenditionReport` is one EXT-X-RENDITION-REPORT (RFC 8216bis §4.4.5.4). */
export interface RenditionReport {
  /** Media playlist of the other rendition, relative to the playlist that carries the report. */
  readonly uri: string;
  /** Media sequence number of its last segment, or of its last part's segment when it has parts. */
  readonly lastMsn: number;
  /** Index of its last part in `lastMsn`, when it has parts. */
  readonly lastPart?: number;
}

/**
 * `serverControlLines` returns EXT-X-SERVER-CONTROL (when anything is advertised) and EXT-X-PART-INF (when
 * the window has parts). `partHoldBack` (seconds) is raised to three part targets when lower.
 */
export function serverControlLines(
  window: RenditionWindow,
  support: DeliveryDirectiveSupport,
  lowLatency: boolean,
  partHoldBack: number | undefined,
): string[] {
  const lines: string[] = [];
  const partTarget = lowLatency ? window.partTarget : undefined;
  if (support.blockingReload || support.deltaUpdates || partTarget !== undefined) {
    const holdBack =
      partTarget === undefined
        ? undefined
        : Math.max(partHoldBack ?? 0, PART_HOLD_BACK_PART_TARGETS * partTarget);
    const attributes = attributeList([
      ['CAN-BLOCK-RELOAD', support.blockingReload ? 'YES' : undefined],
      ['PART-HOLD-BACK', holdBack === undefined ? undefined : decimalText(holdBack)],
      [
        'CAN-SKIP-UNTIL',
        support.deltaUpdates
          ? decimalText(SKIP_BOUNDARY_TARGET_DURATIONS * window.targetDuration)
          : undefined,
      ],
    ]);
    lines.push(`#EXT-X-SERVER-CONTROL:${attributes}`);
  }
  if (partTarget !== undefined) {
    lines.push(`#EXT-X-PART-INF:PART-TARGET=${decimalText(partTarget)}`);
  }
  return lines;
}

/** `partLine` is one EXT-X-PART tag. */
export function partLine(part: Part, timescale: number, uri: string): string {
  const attributes = attributeList([
    ['DURATION', decimalSeconds(part.duration, timescale)],
    ['URI', quotedString(uri)],
    ['INDEPENDENT', part.independent ? 'YES' : undefined],
  ]);
  return `#EXT-X-PART:${attributes}`;
}

/** `preloadHintLine` is the EXT-X-PRELOAD-HINT of the next part to be published. */
export function preloadHintLine(uri: string): string {
  return `#EXT-X-PRELOAD-HINT:TYPE=PART,URI=${quotedString(uri)}`;
}

/** `renditionReportLine` is one EXT-X-RENDITION-REPORT tag. */
export function renditionReportLine(report: RenditionReport): string {
  const attributes = attributeList([
    ['URI', quotedString(report.uri)],
    ['LAST-MSN', report.lastMsn],
    ['LAST-PART', report.lastPart],
  ]);
  return `#EXT-X-RENDITION-REPORT:${attributes}`;
}

/**
 * `firstSegmentWithParts` is the index of the oldest complete segment whose parts are still listed: a
 * segment keeps its EXT-X-PART tags while the media after it (later segments plus the pending parts) is
 * shorter than three target durations.
 */
export function firstSegmentWithParts(window: RenditionWindow): number {
  const limit = PART_RETENTION_TARGET_DURATIONS * window.targetDuration * window.timescale;
  let after = 0;
  for (const part of window.pending?.parts ?? []) {
    after += part.duration;
  }
  let index = window.segments.length;
  while (index > 0 && after < limit) {
    index -= 1;
    after += window.segments[index]?.duration ?? 0;
  }
  return index;
}

/**
 * `skippedSegmentCount` is how many of the oldest segments a Playlist Delta Update replaces with EXT-X-SKIP
 * (RFC 8216bis §6.2.5.1): those that end further than the Skip Boundary from the end of the last complete
 * segment. Durations are summed rather than `startTime`s compared, since timelines restart after
 * discontinuities.
 */
export function skippedSegmentCount(window: RenditionWindow): number {
  const boundary = SKIP_BOUNDARY_TARGET_DURATIONS * window.targetDuration * window.timescale;
  let after = 0;
  for (let i = window.segments.length - 1; i >= 0; i -= 1) {
    if (after > boundary) {
      return i + 1;
    }
    after += window.segments[i]?.duration ?? 0;
  }
  return 0;
}
