import type { Part, RenditionWindow, Segment, WallClockAnchor } from '../../packager/rendition-window.js';
import { decimalSeconds } from '../decimal-seconds.js';
import { defaultMediaNaming, fillTemplate, type MediaNaming } from '../media-naming.js';
import { isoDateTime, runAnchors, wallClockMs } from '../wall-clock.js';
import { quotedString } from './attribute-list.js';
import type { SkipDirective } from './blocking-request.js';
import { deliveryDirectiveSupport, type DeliveryDirectiveOptions } from './delivery-directive-support.js';
import {
  firstSegmentWithParts,
  partLine,
  preloadHintLine,
  renditionReportLine,
  serverControlLines,
  skippedSegmentCount,
  type RenditionReport,
} from './low-latency-lines.js';
import { relativeUri } from './relative-uri.js';

/** `MediaPlaylistOptions` tunes `buildMediaPlaylist`. */
export interface MediaPlaylistOptions extends DeliveryDirectiveOptions {
  /** URI templates (default `defaultMediaNaming`); URIs are written relative to the media playlist. */
  readonly naming?: MediaNaming;
  /** `EVENT` for archives that only ever grow (never slide). Ended windows are always `VOD`. */
  readonly playlistType?: 'EVENT';
  /** `_HLS_skip` of the request: answer with a Playlist Delta Update when delta updates are advertised. */
  readonly skip?: SkipDirective;
  /** EXT-X-RENDITION-REPORT tags for the other renditions (low latency only); see `renditionReports`. */
  readonly renditionReports?: readonly RenditionReport[];
  /** PART-HOLD-BACK in seconds; default and minimum three part targets. Pass three times the largest part
   * target of the presentation when renditions differ (RFC 8216bis §4.4.3.8). */
  readonly partHoldBack?: number;
}

/** RFC 8216bis §8: EXT-X-MAP needs version 6; 7 is the fMP4 baseline players expect. */
const FMP4_VERSION = 7;
/** RFC 8216bis §8: a playlist with EXT-X-SKIP needs version 9; LL playlists use it throughout so that full
 * and delta playlists of one rendition declare the same version. */
const LOW_LATENCY_VERSION = 9;

/** The tags a (parent) segment needs before its first EXT-X-PART / EXTINF, RFC 8216bis §4.4.4.9. */
interface SegmentHead {
  readonly discontinuity: boolean;
  readonly initVersion: number;
  readonly startTime: number;
}

/**
 * `buildMediaPlaylist` renders the media playlist of one rendition (RFC 8216bis §4.4.3, §4.4.4): media
 * sequence and discontinuity sequence of the first segment, EXT-X-MAP at the start and on every init
 * change, EXT-X-PROGRAM-DATE-TIME on the first segment and after every discontinuity (from the run's
 * wall-clock anchor, so it agrees with the DASH timeline), EXT-X-DISCONTINUITY before flagged segments but
 * the first, EXTINF to the microsecond, EXT-X-ENDLIST + `VOD` once ended. With parts (LL-HLS):
 * EXT-X-SERVER-CONTROL, EXT-X-PART-INF, the parts of the last three target durations and of the pending
 * segment, EXT-X-PRELOAD-HINT for the next part and the rendition reports; with `skip`, older segments
 * become EXT-X-SKIP (EXT-X-MAP and EXT-X-PROGRAM-DATE-TIME are restated on the first segment kept).
 */
export function buildMediaPlaylist(window: RenditionWindow, options: MediaPlaylistOptions = {}): string {
  const naming = options.naming ?? defaultMediaNaming;
  const { segments, pending, timescale } = window;
  const lowLatency = window.partTarget !== undefined && !window.ended;
  const support = deliveryDirectiveSupport(window, options);
  const playlistPath = fillTemplate(naming.mediaPlaylist, { rendition: window.id });
  const uri = (template: string, sequence: number, part?: number): string =>
    relativeUri(
      playlistPath,
      fillTemplate(template, { rendition: window.id, sequence, ...(part === undefined ? {} : { part }) }),
    );
  const first = segments[0] ?? pending;
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${lowLatency || support.deltaUpdates ? LOW_LATENCY_VERSION : FMP4_VERSION}`,
    `#EXT-X-TARGETDURATION:${window.targetDuration}`,
    ...serverControlLines(window, support, lowLatency, options.partHoldBack),
    `#EXT-X-MEDIA-SEQUENCE:${first?.sequence ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${first?.discontinuitySequence ?? 0}`,
  ];
  if (window.ended || options.playlistType === 'EVENT') {
    lines.push(`#EXT-X-PLAYLIST-TYPE:${window.ended ? 'VOD' : 'EVENT'}`);
  }
  const skipped = options.skip !== undefined && support.deltaUpdates ? skippedSegmentCount(window) : 0;
  if (skipped > 0) {
    const dateRanges = options.skip === 'v2' ? ',RECENTLY-REMOVED-DATERANGES=""' : '';
    lines.push(`#EXT-X-SKIP:SKIPPED-SEGMENTS=${skipped}${dateRanges}`);
  }
  const anchors = runAnchors(pending === undefined ? segments : [...segments, pending]);
  const headLines = (head: SegmentHead, index: number, anchor: WallClockAnchor | undefined): void => {
    const previous: SegmentHead | undefined = segments[index - 1];
    if (head.discontinuity && previous !== undefined) {
      lines.push('#EXT-X-DISCONTINUITY');
    }
    if (index === skipped || previous?.initVersion !== head.initVersion) {
      const init = fillTemplate(naming.init, { rendition: window.id, init: head.initVersion });
      lines.push(`#EXT-X-MAP:URI=${quotedString(relativeUri(playlistPath, init))}`);
    }
    if ((index === skipped || head.discontinuity) && anchor !== undefined) {
      const wall = wallClockMs(anchor, head.startTime, timescale);
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${isoDateTime(wall)}`);
    }
  };
  const partLines = (sequence: number, parts: readonly Part[]): void => {
    for (const part of parts) {
      lines.push(partLine(part, timescale, uri(naming.part, sequence, part.index)));
    }
  };
  const withParts = lowLatency ? firstSegmentWithParts(window) : segments.length;
  segments.forEach((segment: Segment, index) => {
    if (index < skipped) {
      return;
    }
    headLines(segment, index, anchors[index]);
    if (index >= withParts) {
      partLines(segment.sequence, segment.parts);
    }
    lines.push(
      `#EXTINF:${decimalSeconds(segment.duration, timescale)},`,
      uri(naming.segment, segment.sequence),
    );
  });
  if (lowLatency) {
    // The pending segment's tags and parts, then the hint of the next part (RFC 8216bis §4.4.5.3).
    const last = segments.at(-1);
    if (pending !== undefined && pending.parts.length > 0) {
      headLines(pending, segments.length, anchors.at(-1));
      partLines(pending.sequence, pending.parts);
      lines.push(preloadHintLine(uri(naming.part, pending.sequence, pending.parts.length)));
    } else if (last !== undefined) {
      lines.push(preloadHintLine(uri(naming.part, last.sequence + 1, 0)));
    }
    for (const report of options.renditionReports ?? []) {
      lines.push(renditionReportLine(report));
    }
  }
  if (window.ended) {
    lines.push('#EXT-X-ENDLIST');
  }
  return `${lines.join('\n')}\n`;
}
