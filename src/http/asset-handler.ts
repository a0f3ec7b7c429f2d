import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError, setCorsHeaders } from './http-response.js';
import { servePresentation, type PresentationRoute } from './presentation-handler.js';

/** `AssetDirectory` opens the DVR archive of an asset (live or finished); implemented by the app. */
export interface AssetDirectory {
  asset(assetName: string): Promise<PresentationRoute | undefined>;
}

/** Asset names as live outputs allow them. */
const ASSET_NAME = /^[A-Za-z0-9_.-]{1,260}$/;

/**
 * `createAssetHandler` serves `/assets/<assetName>/<manifestName>.m3u8` and `.mpd` and the media they
 * reference: the sliding archive window while the live output runs, the whole archive (VOD) after.
 */
export function createAssetHandler(directory: AssetDirectory) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<boolean> => {
    if (!url.pathname.startsWith('/assets/')) {
      return false;
    }
    const rest = url.pathname.slice('/assets/'.length);
    const slash = rest.indexOf('/');
    const name = slash < 0 ? rest : rest.slice(0, slash);
    setCorsHeaders(res);
    if (!ASSET_NAME.test(name) || name.startsWith('.')) {
      sendError(req, res, 404, `no asset named "${name.slice(0, 40)}"`);
      return true;
    }
    const route = await directory.asset(name);
    if (route === undefined || slash < 0) {
      sendError(req, res, 404, `no asset named "${name}"`);
      return true;
    }
    await servePresentation(req, res, url, rest.slice(slash + 1), route);
    return true;
  };
}
