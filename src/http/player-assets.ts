import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContentType, sendBytes } from './http-response.js';

const require = createRequire(import.meta.url);

/**
 * The player libraries the player pages load, served from the installed npm packages (no CDN), as
 * functions resolving their file. dashjs exports no subpaths: its root resolves, under the `require`
 * condition, to the UMD build (`dist/modern/umd/dash.all.min.js`) that a `<script>` tag can load; its
 * Smooth Streaming module (`dash.mss.min.js`, which adds `dashjs.MssHandler`) sits beside it.
 */
const assets: Record<string, () => string> = {
  'hls.min.js': () => require.resolve('hls.js/dist/hls.min.js'),
  'dash.all.min.js': () => require.resolve('dashjs'),
  'dash.mss.min.js': () => join(dirname(require.resolve('dashjs')), 'dash.mss.min.js'),
};

/**
 * `PlayerAssets` serves `/player/hls.min.js`, `/player/dash.all.min.js` and `/player/dash.mss.min.js`. Files are read once, on
 * first use, and kept in memory.
 */
export class PlayerAssets {
  readonly #cache = new Map<string, Uint8Array>();

  handle = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (!url.pathname.startsWith('/player/')) {
      return false;
    }
    const name = url.pathname.slice('/player/'.length);
    const resolve = assets[name];
    if (resolve === undefined) {
      return false;
    }
    let body = this.#cache.get(name);
    if (body === undefined) {
      body = readFileSync(resolve());
      this.#cache.set(name, body);
    }
    sendBytes(req, res, body, ContentType.javascript, 'public, max-age=86400');
    return true;
  };
}
