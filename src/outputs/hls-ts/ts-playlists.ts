import type { PresentationWindow } from '../../packager/rendition-window.js';
import { decimalSeconds } from '../decimal-seconds.js';
import { attributeList, quotedString } from '../hls/attribute-list.js';
import { relativeUri } from '../hls/relative-uri.js';
import type { FallbackBandwidth } from '../rendition-bandwidth.js';
import { isoDateTime } from '../wall-clock.js';
import { tsVariantBandwidth } from './ts-bandwidth.js';
import { listTsSegments, type TsOptions } from './ts-listing.js';
import { defaultTsNaming, fillTsTemplate, type TsNaming } from './ts-naming.js';
import { tsVariants } from './ts-variants.js';

/**
 * `TsPlaylistOptions` selects the playlist flavour: `version` 4 is AMS `format=m3u8-aapl`
 * (EXT-X-VERSION 4, EXT-X-INDEPENDENT-SEGMENTS, FRAME-RATE), 3 is `format=m3u8-aapl-v3` for the oldest
 * players (EXT-X-VERSION 3: decimal EXTINF, RFC 8216bis §8, and nothing newer).
 */
export interface TsPlaylistOptions extends TsOptions {
  readonly version: 3 | 4;
  /** URI templates (default `defaultTsNaming`). */
  readonly naming?: TsNaming;
  /** Bits per second per rendition id for renditions without a segment yet (multivariant playlist). */
  readonly fallbackBandwidth?: FallbackBandwidth;
}

/**
 * `buildTsMultivariantPlaylist` renders the multivariant playlist of the TS presentation (RFC 8216bis
 * §4.4.6): one EXT-X-STREAM-INF per `tsVariants` variant, BANDWIDTH from `tsVariantBandwidth` (the video
 * and default audio peaks plus the TS overhead), CODECS of the video and the muxed audio, RESOLUTION, and
 * FRAME-RATE in version 4. Variants without a known bandwidth are left out (BANDWIDTH may not be 0).
 */
export function buildTsMultivariantPlaylist(
  presentation: PresentationWindow,
  options: TsPlaylistOptions,
): string {
  const naming = options.naming ?? defaultTsNaming;
  const n = options.fragmentsPerSegment ?? 1;
  const lines = ['#EXTM3U', `#EXT-X-VERSION:${options.version}`];
  if (options.version >= 4) {
    lines.push('#EXT-X-INDEPENDENT-SEGMENTS');
  }
  for (const { id, primary, audio } of tsVariants(presentation)) {
    const video = primary.kind === 'video' ? primary : undefined;
    const muxed = video === undefined ? primary : audio;
    const bandwidth = tsVariantBandwidth(video, muxed, primary.targetDuration * n, options.fallbackBandwidth);
    if (bandwidth === undefined) {
      continue;
    }
    const codecs = [...new Set([primary.codecString, ...(audio === undefined ? [] : [audio.codecString])])];
    const resolution =
      video?.width !== undefined && video.height !== undefined && video.width > 0 && video.height > 0
        ? `${video.width}x${video.height}`
        : undefined;
    const frameRate =
      options.version >= 4 && video?.frameRate !== undefined && video.frameRate > 0
        ? video.frameRate.toFixed(3) // RFC 8216bis §4.4.6.2: "rounded to three decimal places"
        : undefined;
    const attributes = attributeList([
      ['BANDWIDTH', bandwidth],
      ['CODECS', quotedString(codecs.join(','))],
      ['RESOLUTION', resolution],
      ['FRAME-RATE', frameRate],
    ]);
    lines.push(`#EXT-X-STREAM-INF:${attributes}`, fillTsTemplate(naming.mediaPlaylist, id));
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `buildTsMediaPlaylist` renders the media playlist of TS variant `variantId` (RFC 8216bis §4.4.3,
 * §4.4.4) from `listTsSegments`: EXT-X-TARGETDURATION ≥ every rounded EXTINF, EXT-X-MEDIA-SEQUENCE and
 * EXT-X-DISCONTINUITY-SEQUENCE of the first segment (stable as the window slides: numbers come from the
 * CMAF sequences), EXT-X-DISCONTINUITY before each segment that starts a new run but the first,
 * EXT-X-PROGRAM-DATE-TIME on the first segment and after every discontinuity (the run's wall-clock
 * anchor, as the fMP4 playlists give it), EXTINF to the microsecond, and `VOD` + EXT-X-ENDLIST once
 * ended. `undefined` when the presentation has no such variant.
 */
export function buildTsMediaPlaylist(
  presentation: PresentationWindow,
  variantId: string,
  options: TsPlaylistOptions,
): string | undefined {
  const listing = listTsSegments(presentation, variantId, options);
  if (listing === undefined) {
    return undefined;
  }
  const naming = options.naming ?? defaultTsNaming;
  const playlistPath = fillTsTemplate(naming.mediaPlaylist, variantId);
  const { entries } = listing;
  const { timescale } = listing.variant.primary;
  const lines = [
    '#EXTM3U',
    `#EXT-X-VERSION:${options.version}`,
    `#EXT-X-TARGETDURATION:${listing.targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${entries[0]?.sequence ?? 0}`,
    `#EXT-X-DISCONTINUITY-SEQUENCE:${entries[0]?.discontinuitySequence ?? 0}`,
  ];
  if (listing.ended) {
    lines.push('#EXT-X-PLAYLIST-TYPE:VOD');
  }
  entries.forEach((entry, index) => {
    if (entry.discontinuity && index > 0) {
      lines.push('#EXT-X-DISCONTINUITY');
    }
    if (entry.discontinuity || index === 0) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${isoDateTime(entry.startWall)}`);
    }
    lines.push(
      `#EXTINF:${decimalSeconds(entry.duration, timescale)},`,
      relativeUri(playlistPath, fillTsTemplate(naming.segment, variantId, entry.sequence)),
    );
  });
  if (listing.ended) {
    lines.push('#EXT-X-ENDLIST');
  }
  return `${lines.join('\n')}\n`;
}
