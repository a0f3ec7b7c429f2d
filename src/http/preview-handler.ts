import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendText, ContentType, setCorsHeaders } from './http-response.js';
import { servePresentation, type PresentationRoute } from './presentation-handler.js';
import { previewPage } from './preview-page.js';

/** `PreviewLookup` is the answer for one live event name. */
export type PreviewLookup =
  | { readonly kind: 'ok'; readonly route: PresentationRoute; readonly allows: (ip: string) => boolean }
  | { readonly kind: 'missing'; readonly reason: string };

/** `PreviewDirectory` finds the preview of a running live event (implemented by the app). */
export interface PreviewDirectory {
  preview(liveEventName: string): PreviewLookup;
}

/** Live event names (AMS rule): checked before anything else is looked up. */
const LIVE_EVENT_NAME = /^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$/;

/**
 * `createPreviewHandler` serves `/preview/<liveEventName>/`: the player page, `index.m3u8`, `index.mpd`
 * and the media they reference, for running live events, to clients in the event's preview allow list.
 */
export function createPreviewHandler(directory: PreviewDirectory) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    if (!path.startsWith('/preview/')) {
      return false;
    }
    const rest = path.slice('/preview/'.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    if (name.length === 0 || name.length > 32 || !LIVE_EVENT_NAME.test(name)) {
      setCorsHeaders(res);
      sendError(req, res, 404, `no live event named "${name.slice(0, 40)}"`);
      return true;
    }
    const lookup = directory.preview(name);
    if (lookup.kind === 'missing') {
      setCorsHeaders(res);
      sendError(req, res, 404, lookup.reason);
      return true;
    }
    const remote = req.socket.remoteAddress ?? '';
    if (!lookup.allows(remote)) {
      setCorsHeaders(res);
      sendError(req, res, 403, `address ${remote} is not in the preview IP allow list of live event ${name}`);
      return true;
    }
    if (slash < 0) {
      res.statusCode = 301;
      res.setHeader('Location', `/preview/${name}/${url.search}`);
      res.end();
      return true;
    }
    const subPath = rest.slice(slash + 1);
    if (subPath === '' || subPath === 'index.html') {
      sendText(req, res, 200, previewPage(name), ContentType.html, 'no-cache');
      return true;
    }
    await servePresentation(req, res, url, subPath, lookup.route);
    return true;
  };
}
