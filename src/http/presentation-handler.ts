import type { IncomingMessage, ServerResponse } from 'node:http';
import { buildMpd } from '../outputs/dash/mpd.js';
import { blockingTimeoutMs, isSatisfied, parseBlockingRequest } from '../outputs/hls/blocking-request.js';
import { buildMultivariantPlaylist } from '../outputs/hls/multivariant-playlist.js';
import { buildRenditionPlaylist } from '../outputs/hls/rendition-playlist.js';
import { parseMediaPath, type MediaNaming } from '../outputs/media-naming.js';
import type { PresentationWindow, RenditionWindow } from '../packager/rendition-window.js';
import {
  ContentType,
  mediaEtag,
  notModified,
  sendBytes,
  sendError,
  sendText,
  setCorsHeaders,
} from './http-response.js';

/**
 * `PresentationReader` is what the HTTP layer reads of a presentation: the live preview packager or a
 * DVR archive (live or finished).
 */
export interface PresentationReader {
  presentation(): PresentationWindow;
  init(renditionId: string, version: number): Uint8Array | undefined | Promise<Uint8Array | undefined>;
  loadSegment(renditionId: string, sequence: number): Promise<readonly Uint8Array[] | undefined>;
  loadPart?(renditionId: string, sequence: number, index: number): Promise<Uint8Array | undefined>;
  /** Change notification for LL-HLS blocking playlist reload; absent for finished archives. */
  onChange?(listener: (renditionId: string) => void): () => void;
}

/** `PresentationRoute` names what a presentation serves at its root. */
export interface PresentationRoute {
  readonly reader: PresentationReader;
  readonly naming: MediaNaming;
  /** File names of the multivariant playlist and the MPD at the presentation root. */
  readonly hlsName: string;
  readonly dashName: string;
}

/**
 * Cache lifetimes. Media URLs carry a run id (see the naming), so their content never changes and a
 * CDN may keep them for long. Playlists change every part or segment: they may be cached for about half
 * of one (RFC 8216bis §6.2.5.2 recommends short TTLs; Cache-Control has whole seconds only, so a
 * low-latency playlist is revalidated every time). A blocking request names a future playlist version
 * in its URL, so its answer may be kept as long as a segment.
 */
export const MEDIA_CACHE = 'public, max-age=86400, immutable';
/** `MISSING_CACHE` is the `Cache-Control` of a media 404 (it may exist a moment later). */
export const MISSING_CACHE = 'no-cache';

/** `playlistCache` is the `Cache-Control` of a playlist or manifest of `window`'s presentation. */
export function playlistCache(
  window: RenditionWindow | undefined,
  blocking: boolean,
  caching: ManifestCaching = {},
): string {
  if (window === undefined || window.ended) {
    return window?.ended === true ? `public, max-age=${caching.endedMaxAge ?? 3600}` : 'no-cache';
  }
  if (blocking) {
    return `public, max-age=${Math.max(1, window.targetDuration)}`;
  }
  if (window.partTarget !== undefined) {
    return 'public, max-age=0, must-revalidate';
  }
  return `public, max-age=${Math.max(1, Math.floor(window.targetDuration / 2))}`;
}

/** `sendChunks` answers a body held as several byte runs (a segment's header and sample views). */
export function sendChunks(
  req: IncomingMessage,
  res: ServerResponse,
  chunks: readonly Uint8Array[],
  contentType: string,
): void {
  if (chunks.length === 1 && chunks[0] !== undefined) {
    sendBytes(req, res, chunks[0], contentType, MEDIA_CACHE);
    return;
  }
  if (req.headers.range !== undefined) {
    sendBytes(req, res, Buffer.concat(chunks), contentType, MEDIA_CACHE);
    return;
  }
  let length = 0;
  for (const c of chunks) {
    length += c.byteLength;
  }
  res.setHeader('Content-Type', contentType);
  res.setHeader('Cache-Control', MEDIA_CACHE);
  res.setHeader('Accept-Ranges', 'bytes');
  if (notModified(req, res, mediaEtag(chunks))) {
    return;
  }
  res.statusCode = 200;
  res.setHeader('Content-Length', length);
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (const c of chunks) {
    res.write(c);
  }
  res.end();
}

/** `mediaType` is the content type of a rendition's CMAF media. */
export function mediaType(presentation: PresentationWindow, renditionId: string): string {
  const kind = presentation.renditions.find((r) => r.id === renditionId)?.kind;
  return kind === 'audio' ? ContentType.audioMp4 : ContentType.mp4Segment;
}

/** Waits until `ready()` holds after a change of `renditionId`, or `timeoutMs` passes. */
function waitFor(
  reader: PresentationReader,
  renditionId: string,
  ready: () => boolean,
  timeoutMs: number,
  req: IncomingMessage,
): Promise<boolean> {
  if (ready()) {
    return Promise.resolve(true);
  }
  const subscribe = reader.onChange;
  if (subscribe === undefined) {
    return Promise.resolve(false);
  }
  return new Promise((resolve) => {
    let done = false;
    const finish = (ok: boolean): void => {
      if (!done) {
        done = true;
        clearTimeout(timer);
        unsubscribe();
        req.off('close', onClose);
        resolve(ok);
      }
    };
    const onClose = (): void => finish(false);
    const timer = setTimeout(() => finish(ready()), timeoutMs);
    const unsubscribe = subscribe.call(reader, (id) => {
      if (id === renditionId && ready()) {
        finish(true);
      }
    });
    req.once('close', onClose);
  });
}

/**
 * `listedPresentation` is what the multivariant playlist and the MPD list. Just after a stream starts,
 * the audio rendition's first segment closes a frame or two after the video's: listing a rendition
 * before that points clients at an empty media playlist without `EXT-X-MAP` (ffmpeg then drops the
 * track for good) and leaves an MPD `SegmentTimeline` without any `S` (ISO/IEC 23009-1 §5.3.9.6), so
 * while the presentation is that young the answer is "not yet". Later, a rendition without segments (a
 * stream that stopped and slid out of the window) is left out, so the others stay watchable. Returns
 * the presentation to list, or why not yet.
 */
export function listedPresentation(
  presentation: PresentationWindow,
  now: number,
): PresentationWindow | string {
  const listed = presentation.renditions.filter((r) => r.segments.length > 0);
  if (listed.length === 0) {
    return 'no segments yet: the stream has not produced its first segment; retry shortly';
  }
  if (listed.length === presentation.renditions.length) {
    return presentation;
  }
  const firstListed = Math.min(...listed.map((r) => r.segments[0]?.programDateTime ?? now));
  const young = listed.every((r) => now - firstListed < 2 * r.targetDuration * 1000);
  const empty = presentation.renditions.find((r) => r.segments.length === 0);
  if (young && empty !== undefined) {
    return `no segments yet for ${empty.id}: it has not produced its first segment; retry shortly`;
  }
  return { ...presentation, renditions: listed };
}

/** `ManifestCaching` tunes the `Cache-Control` of manifests: on-demand lifetime (streaming endpoint `maxCacheAge`). */
export interface ManifestCaching {
  /** Seconds an ended (on-demand) manifest may be cached; default an hour. */
  readonly endedMaxAge?: number;
}

/**
 * `serveCmafManifest` answers the multivariant playlist (HLS with CMAF segments) or the MPD of a
 * presentation, with URIs relative to the presentation root; 404 while no rendition has a segment.
 */
export function serveCmafManifest(
  req: IncomingMessage,
  res: ServerResponse,
  route: PresentationRoute,
  kind: 'hls' | 'dash',
  caching: ManifestCaching = {},
): void {
  const presentation = route.reader.presentation();
  const listed = listedPresentation(presentation, Date.now());
  if (typeof listed === 'string') {
    sendError(req, res, 404, listed);
    return;
  }
  const cache = playlistCache(presentation.renditions[0], false, caching);
  if (kind === 'dash') {
    const text = buildMpd(listed, { naming: route.naming, utcTimingUrl: '/time' });
    const ended = presentation.renditions[0]?.ended === true;
    sendText(req, res, 200, text, ContentType.dashManifest, ended ? cache : 'public, max-age=1');
    return;
  }
  sendText(
    req,
    res,
    200,
    buildMultivariantPlaylist(listed, { naming: route.naming }),
    ContentType.hlsPlaylist,
    cache,
  );
}

/**
 * `servePresentation` answers a request for `subPath` (the part of the URL below the presentation root):
 * the multivariant playlist, media playlists (with LL-HLS blocking reload and delta updates), the MPD,
 * init segments, segments and parts. A segment not yet written answers 404 at once; a part of the
 * pending segment may be requested ahead (blocking, as the preload hint announces).
 */
export async function servePresentation(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  subPath: string,
  route: PresentationRoute,
): Promise<void> {
  setCorsHeaders(res);
  if (!allowMethod(req, res)) {
    return;
  }
  if (subPath === route.hlsName || subPath === route.dashName) {
    serveCmafManifest(req, res, route, subPath === route.dashName ? 'dash' : 'hls');
    return;
  }
  if (!(await serveMedia(req, res, url, subPath, route))) {
    sendError(req, res, 404, `no resource ${subPath} in this presentation`);
  }
}

/** `allowMethod` answers 405 for anything but GET and HEAD and returns false. */
export function allowMethod(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method === 'GET' || req.method === 'HEAD') {
    return true;
  }
  res.setHeader('Allow', 'GET, HEAD, OPTIONS');
  sendError(req, res, 405, `method ${req.method ?? ''} is not allowed here; use GET`);
  return false;
}

/**
 * `serveMedia` answers a CMAF resource of the presentation named by the route's naming: a media
 * playlist (HLS with CMAF segments), an init segment, a segment or a part. Resolves false, without
 * answering, when `subPath` names none of them.
 */
export async function serveMedia(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  subPath: string,
  route: PresentationRoute,
  caching: ManifestCaching = {},
): Promise<boolean> {
  const { reader, naming } = route;
  const presentation = reader.presentation();
  const media = parseMediaPath(subPath, naming);
  if (media === undefined) {
    return false;
  }
  const window = presentation.renditions.find((r) => r.id === media.renditionId);
  if (window === undefined) {
    sendError(req, res, 404, `no rendition ${media.renditionId} in this presentation`);
    return true;
  }
  switch (media.kind) {
    case 'media-playlist': {
      const parsed = parseBlockingRequest(url.searchParams, window);
      if (!parsed.ok) {
        sendError(req, res, parsed.status, parsed.reason);
        return true;
      }
      const { msn, part, skip } = parsed.directives;
      if (msn !== undefined) {
        const target = part === undefined ? { msn } : { msn, part };
        const current = (): RenditionWindow | undefined =>
          reader.presentation().renditions.find((r) => r.id === media.renditionId);
        const ok = await waitFor(
          reader,
          media.renditionId,
          () => {
            const w = current();
            return w !== undefined && isSatisfied(w, target);
          },
          blockingTimeoutMs(window),
          req,
        );
        if (!ok) {
          if (!res.destroyed) {
            sendError(
              req,
              res,
              503,
              `segment ${msn}${part === undefined ? '' : ` part ${part}`} did not appear in time`,
            );
          }
          return true;
        }
      }
      const now = reader.presentation();
      const text = buildRenditionPlaylist(now, media.renditionId, {
        naming,
        ...(skip === undefined ? {} : { skip }),
      });
      if (text === undefined) {
        sendError(req, res, 404, `no rendition ${media.renditionId} in this presentation`);
        return true;
      }
      const w = now.renditions.find((r) => r.id === media.renditionId);
      sendText(req, res, 200, text, ContentType.hlsPlaylist, playlistCache(w, msn !== undefined, caching));
      return true;
    }
    case 'init': {
      const init = await reader.init(media.renditionId, media.initVersion);
      if (init === undefined) {
        sendError(req, res, 404, `no init segment ${media.initVersion} for ${media.renditionId}`);
        return true;
      }
      sendBytes(req, res, init, mediaType(presentation, media.renditionId), MEDIA_CACHE);
      return true;
    }
    case 'segment': {
      const chunks = await reader.loadSegment(media.renditionId, media.sequence);
      if (chunks === undefined) {
        res.setHeader('Cache-Control', MISSING_CACHE);
        sendError(
          req,
          res,
          404,
          `segment ${media.sequence} of ${media.renditionId} is not available (not yet written, or out of the window)`,
        );
        return true;
      }
      sendChunks(req, res, chunks, mediaType(presentation, media.renditionId));
      return true;
    }
    case 'part': {
      const load = reader.loadPart;
      if (load === undefined) {
        sendError(req, res, 404, 'this presentation has no parts');
        return true;
      }
      let data = await load.call(reader, media.renditionId, media.sequence, media.part);
      if (data === undefined && window.partTarget !== undefined) {
        // A part announced by EXT-X-PRELOAD-HINT is requested before it exists: hold the request
        // until it is published (RFC 8216bis §6.2.6), at most three target durations.
        const target = { msn: media.sequence, part: media.part };
        const published = await waitFor(
          reader,
          media.renditionId,
          () => {
            const w = reader.presentation().renditions.find((r) => r.id === media.renditionId);
            return w !== undefined && isSatisfied(w, target);
          },
          blockingTimeoutMs(window),
          req,
        );
        if (published) {
          data = await load.call(reader, media.renditionId, media.sequence, media.part);
        }
      }
      if (data === undefined) {
        if (!res.destroyed) {
          sendError(
            req,
            res,
            404,
            `part ${media.part} of segment ${media.sequence} of ${media.renditionId} is not available`,
          );
        }
        return true;
      }
      sendBytes(req, res, data, mediaType(presentation, media.renditionId), MEDIA_CACHE);
      return true;
    }
  }
}
