import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContentType, sendError, sendText } from './http-response.js';
import { playerPage } from './preview-page.js';

/** `isHlsUrl` tells whether a manifest URL is HLS (`.m3u8`, `format=m3u8-…`); else DASH or Smooth. */
export function isHlsUrl(url: string): boolean {
  return /format=m3u8|\.m3u8(\?|$)/i.test(url);
}

/**
 * `playHandler` serves `/play?url=<manifest URL>`: the player page for any manifest this server (or
 * another) serves, e.g. the streaming URLs `listPaths` returns: HLS in hls.js, DASH and Smooth
 * Streaming in dash.js.
 */
export function playHandler(req: IncomingMessage, res: ServerResponse, url: URL): boolean {
  if (url.pathname !== '/play') {
    return false;
  }
  const src = url.searchParams.get('url');
  if (src === null || src === '') {
    sendError(req, res, 400, 'give the manifest to play: /play?url=<manifest URL>');
    return true;
  }
  const hls = isHlsUrl(src);
  sendText(
    req,
    res,
    200,
    playerPage(src, { hls: hls ? src : undefined, dash: hls ? undefined : src }),
    ContentType.html,
    'no-cache',
  );
  return true;
}
