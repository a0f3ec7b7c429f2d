import type { IncomingMessage, ServerResponse } from 'node:http';
import { forwardRequest, type ForwardTarget } from './forward-request.js';
import { sendError, sendText, ContentType, setCorsHeaders } from './http-response.js';
import type { CorsPolicy } from './packaging/cors-policy.js';
import type { PackagingProtocol } from './packaging/manifest-request.js';
import { servePackaged, type Packagers } from './packaging/packaged-presentation.js';
import { servePresentation, type PresentationRoute } from './presentation-handler.js';
import { previewPage } from './preview-page.js';

/** `PreviewLookup` is the answer for one live event name. */
export type PreviewLookup =
  | {
      readonly kind: 'ok';
      readonly route: PresentationRoute;
      readonly allows: (ip: string) => boolean;
      /** How `preview.ism/manifest(format=…)` packages it. */
      readonly packaging: PreviewPackaging;
    }
  /** Served by another process (the media worker running the live event) after the allow list here. */
  | { readonly kind: 'forward'; readonly target: ForwardTarget; readonly allows: (ip: string) => boolean }
  | { readonly kind: 'missing'; readonly reason: string };

/** `PreviewPackaging` is what dynamic packaging of a preview needs besides its presentation. */
export interface PreviewPackaging {
  readonly fragmentsPerTsSegment: number;
  readonly cors: CorsPolicy;
  /** Identifies the preview run in caches of made segments. */
  readonly cacheKey: string;
  /** Put before the sequence number in made segment names (the run id). */
  readonly segmentTag: string;
}

/** The protocols of a preview: every one (a preview has no streaming policy). */
const ALL_PROTOCOLS: ReadonlySet<PackagingProtocol> = new Set(['hls', 'dash', 'smoothStreaming']);
/** The AMS name of the preview's server manifest: `…/preview.ism/manifest`. */
const PREVIEW_ISM = 'preview.ism/';

/** `PreviewDirectory` finds the preview of a running live event (implemented by the app). */
export interface PreviewDirectory {
  preview(liveEventName: string): PreviewLookup;
}

/** Live event names (AMS rule): checked before anything else is looked up. */
const LIVE_EVENT_NAME = /^[a-zA-Z0-9]+(-*[a-zA-Z0-9])*$/;

/**
 * `createPreviewHandler` serves `/preview/<liveEventName>/`: the player page, `index.m3u8`, `index.mpd`
 * and the media they reference, and the AMS preview URL `preview.ism/manifest[(format=…)]` in every
 * dynamic packaging format, for running live events, to clients in the event's preview allow list.
 */
export function createPreviewHandler(directory: PreviewDirectory, packagers: Packagers) {
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
    if (lookup.kind === 'forward') {
      await forwardRequest(req, res, lookup.target);
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
    if (subPath.toLowerCase().startsWith(PREVIEW_ISM)) {
      const { packaging } = lookup;
      await servePackaged(
        req,
        res,
        url,
        subPath.slice(PREVIEW_ISM.length),
        { ...packaging, route: lookup.route, caching: {}, protocols: ALL_PROTOCOLS },
        packagers,
      );
      return true;
    }
    await servePresentation(req, res, url, subPath, lookup.route);
    return true;
  };
}
