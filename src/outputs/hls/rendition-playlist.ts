import type { PresentationWindow } from '../../packager/rendition-window.js';
import { defaultMediaNaming, fillTemplate, type MediaNaming } from '../media-naming.js';
import { deliveryDirectiveSupport } from './delivery-directive-support.js';
import type { RenditionReport } from './low-latency-lines.js';
import { buildMediaPlaylist, type MediaPlaylistOptions } from './media-playlist.js';
import { relativeUri } from './relative-uri.js';

/** RFC 8216bis §4.4.3.8: PART-HOLD-BACK "SHOULD be at least three times the maximum Part Target Duration"
 * when renditions differ. */
const PART_HOLD_BACK_PART_TARGETS = 3;

/** `RenditionPlaylistOptions` tunes `buildRenditionPlaylist`; reports and hold-back come from the presentation. */
export type RenditionPlaylistOptions = Omit<MediaPlaylistOptions, 'renditionReports' | 'partHoldBack'>;

/**
 * `renditionReports` lists EXT-X-RENDITION-REPORT values for every rendition of `presentation` other than
 * `renditionId` (RFC 8216bis §4.4.5.4): LAST-MSN / LAST-PART of its last part (pending segment first), or
 * of its last segment when it has no pending part. Renditions with nothing published yet are left out.
 */
export function renditionReports(
  presentation: PresentationWindow,
  renditionId: string,
  naming: MediaNaming = defaultMediaNaming,
): RenditionReport[] {
  const playlistPath = fillTemplate(naming.mediaPlaylist, { rendition: renditionId });
  return presentation.renditions.flatMap((other) => {
    if (other.id === renditionId) {
      return [];
    }
    const holder =
      other.pending !== undefined && other.pending.parts.length > 0 ? other.pending : other.segments.at(-1);
    if (holder === undefined) {
      return [];
    }
    const uri = relativeUri(playlistPath, fillTemplate(naming.mediaPlaylist, { rendition: other.id }));
    const lastPart = other.partTarget === undefined ? {} : { lastPart: holder.parts.length - 1 };
    return [{ uri, lastMsn: holder.sequence, ...lastPart }];
  });
}

/**
 * `buildRenditionPlaylist` is the media playlist of rendition `renditionId` as the HTTP layer serves it:
 * `buildMediaPlaylist` with the rendition reports of the other renditions (when blocking reload is
 * advertised) and a PART-HOLD-BACK of three times the largest part target of the presentation, so every
 * media playlist carries the same EXT-X-SERVER-CONTROL (RFC 8216bis §6.2.4). `undefined` when the
 * presentation has no such rendition.
 */
export function buildRenditionPlaylist(
  presentation: PresentationWindow,
  renditionId: string,
  options: RenditionPlaylistOptions = {},
): string | undefined {
  const window = presentation.renditions.find((r) => r.id === renditionId);
  if (window === undefined) {
    return undefined;
  }
  const support = deliveryDirectiveSupport(window, options);
  const reports = support.blockingReload ? renditionReports(presentation, renditionId, options.naming) : [];
  const partTarget = presentation.renditions.reduce((max, r) => Math.max(max, r.partTarget ?? 0), 0);
  return buildMediaPlaylist(window, {
    ...options,
    renditionReports: reports,
    partHoldBack: PART_HOLD_BACK_PART_TARGETS * partTarget,
  });
}
