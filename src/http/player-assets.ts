import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ContentType, sendBytes } from './http-response.js';

const require = createRequire(import.meta.url);

/**
 * The player libraries the preview page loads, served from the installed npm packages (no CDN). dashjs
 * exports no subpaths: its root resolves, under the `require` condition, to the UMD build
 * (`dist/modern/umd/dash.all.min.js`) that a `<script>` tag can load.
 */
const assets: Record<string, string> = {
  'hls.min.js': 'hls.js/dist/hls.min.js',
  'dash.all.min.js': 'dashjs',
};

/**
 * `PlayerAssets` serves `/player/hls.min.js` and `/player/dash.all.min.js`. Files are read once, on
 * first use, and kept in memory.
 */
export class PlayerAssets {
  readonly #cache = new Map<string, Uint8Array>();

  handle = (req: IncomingMessage, res: ServerResponse, url: URL): boolean => {
    if (!url.pathname.startsWith('/player/')) {
      return false;
    }
    const name = url.pathname.slice('/player/'.length);
    const module = assets[name];
    if (module === undefined) {
      return false;
    }
    let body = this.#cache.get(name);
    if (body === undefined) {
      body = readFileSync(require.resolve(module));
      this.#cache.set(name, body);
    }
    sendBytes(req, res, body, ContentType.javascript, 'public, max-age=86400');
    return true;
  };
}
