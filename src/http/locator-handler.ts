import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, sendText, ContentType } from './http-response.js';
import { applyCors, type CorsPolicy, type CrossSitePolicies } from './packaging/cors-policy.js';
import { servePackaged, type PackagedSource, type Packagers } from './packaging/packaged-presentation.js';
import { downloadableRenditions, serveRenditionFile } from './packaging/progressive-download.js';

/** `LocatorRequest` is what the directory needs to decide about a locator URL. */
export interface LocatorRequest {
  readonly streamingLocatorId: string;
  /** The `Host` header: it selects the streaming endpoint. */
  readonly host: string | undefined;
  readonly clientIp: string;
}

/** `LocatorLookup` is a published asset, or why the URL is not served (status and reason). */
export type LocatorLookup =
  | {
      readonly kind: 'ok';
      readonly manifestName: string;
      readonly source: PackagedSource;
      /** The streaming policy enables progressive download. */
      readonly download: boolean;
    }
  | { readonly kind: 'refused'; readonly status: number; readonly reason: string; readonly cors: CorsPolicy };

/** `LocatorDirectory` resolves streaming locator URLs (implemented by the app over the delivery resources). */
export interface LocatorDirectory {
  locate(request: LocatorRequest): Promise<LocatorLookup>;
  /** The cross-site access policies of the streaming endpoint a host addresses, if it is running. */
  crossSitePolicies(host: string | undefined): CrossSitePolicies | undefined;
}

/** A streaming locator id: a GUID with or without hyphens. */
const GUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;

/**
 * `createLocatorHandler` serves the streaming URLs of AMS locators on the streaming endpoints:
 * `/<streamingLocatorId>/<manifestName>.ism/manifest[(format=…)]` and what the manifests reference, and
 * `/<streamingLocatorId>/<rendition>.mp4` progressive downloads of finished assets when the policy
 * enables download. Also `/clientaccesspolicy.xml` and `/crossdomain.xml` of the endpoint.
 */
export function createLocatorHandler(directory: LocatorDirectory, packagers: Packagers) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    const path = url.pathname;
    if (path === '/clientaccesspolicy.xml' || path === '/crossdomain.xml') {
      const policies = directory.crossSitePolicies(req.headers.host);
      const text =
        path === '/clientaccesspolicy.xml' ? policies?.clientAccessPolicy : policies?.crossDomainPolicy;
      if (text === null || text === undefined) {
        return false;
      }
      sendText(req, res, 200, text, ContentType.xml, 'public, max-age=3600');
      return true;
    }
    const slash = path.indexOf('/', 1);
    const id = slash < 0 ? path.slice(1) : path.slice(1, slash);
    if (!GUID.test(id)) {
      return false;
    }
    const lookup = await directory.locate({
      streamingLocatorId: id,
      host: req.headers.host,
      clientIp: req.socket.remoteAddress ?? '',
    });
    if (lookup.kind === 'refused') {
      applyCors(req, res, lookup.cors);
      sendError(req, res, lookup.status, lookup.reason);
      return true;
    }
    const rest = slash < 0 ? '' : path.slice(slash + 1);
    const dot = rest.indexOf('/');
    const head = dot < 0 ? rest : rest.slice(0, dot);
    if (head.toLowerCase() === `${lookup.manifestName.toLowerCase()}.ism` && dot > 0) {
      await servePackaged(req, res, url, rest.slice(dot + 1), lookup.source, packagers);
      return true;
    }
    applyCors(req, res, lookup.source.cors);
    if (lookup.download && dot < 0 && head.endsWith('.mp4')) {
      const window = downloadableRenditions(lookup.source.route).find((r) => `${r.id}.mp4` === head);
      if (window !== undefined) {
        await serveRenditionFile(req, res, lookup.source.route, window);
        return true;
      }
    }
    sendError(
      req,
      res,
      404,
      `no resource ${rest === '' ? '(empty path)' : rest} under this locator: its manifest is ${lookup.manifestName}.ism/manifest`,
    );
    return true;
  };
}
