import type { IncomingMessage, ServerResponse } from 'node:http';
import { sendError } from '../http-response.js';
import {
  allowMethod,
  serveCmafManifest,
  serveMedia,
  type ManifestCaching,
  type PresentationRoute,
} from '../presentation-handler.js';
import { applyCors, type CorsPolicy } from './cors-policy.js';
import {
  parseManifestRequest,
  protocolOf,
  type PackagingFormat,
  type PackagingProtocol,
} from './manifest-request.js';
import type { TsPackager } from './ts-packaging.js';
import type { SmoothPackager } from './smooth-packaging.js';

/**
 * `PackagedSource` is one presentation served the AMS way below `<name>.ism/`: a preview, a recording
 * live output's DVR window, or a finished archive. Every format is made on request from the same CMAF
 * segments.
 */
export interface PackagedSource {
  readonly route: PresentationRoute;
  /** CMAF fragments per HLS TS segment (live output `hls.fragmentsPerTsSegment`). */
  readonly fragmentsPerTsSegment: number;
  readonly cors: CorsPolicy;
  readonly caching: ManifestCaching;
  /** The protocols the streaming policy publishes (all for a preview). */
  readonly protocols: ReadonlySet<PackagingProtocol>;
  /** Identifies the source in caches of made segments (changes when the source does). */
  readonly cacheKey: string;
  /** Put before the sequence number in made segment names, so URLs of different runs differ. */
  readonly segmentTag?: string;
}

/** `Packagers` make the formats that are not CMAF as stored. */
export interface Packagers {
  readonly ts: TsPackager;
  readonly smooth: SmoothPackager;
}

function refused(format: PackagingFormat): string {
  const protocol = protocolOf(format);
  const name = protocol === 'smoothStreaming' ? 'Smooth Streaming' : protocol.toUpperCase();
  return `${name} is not published for this content: its streaming policy does not enable ${protocol}`;
}

/**
 * `servePackaged` answers a request for `subPath` below a source's `<name>.ism/`: the manifests of every
 * format (`manifest`, `manifest(format=…)`), and what they reference (CMAF media playlists, init
 * segments, segments and parts; HLS TS playlists and segments; Smooth fragments). CORS follows the
 * source's policy; formats the streaming policy does not enable answer 403.
 */
export async function servePackaged(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  subPath: string,
  source: PackagedSource,
  packagers: Packagers,
): Promise<void> {
  applyCors(req, res, source.cors);
  if (!allowMethod(req, res)) {
    return;
  }
  let path: string;
  try {
    path = decodeURIComponent(subPath);
  } catch {
    sendError(req, res, 400, 'the path is not valid percent-encoding');
    return;
  }
  const manifest = parseManifestRequest(path);
  if (manifest !== undefined) {
    if (!manifest.ok) {
      sendError(req, res, manifest.status, manifest.reason);
      return;
    }
    const { format } = manifest;
    if (!source.protocols.has(protocolOf(format))) {
      sendError(req, res, 403, refused(format));
      return;
    }
    switch (format) {
      case 'hls-cmaf':
        serveCmafManifest(req, res, source.route, 'hls', source.caching);
        return;
      case 'dash':
        serveCmafManifest(req, res, source.route, 'dash', source.caching);
        return;
      case 'hls-ts':
      case 'hls-ts-v3':
        packagers.ts.serveMultivariant(req, res, source, format === 'hls-ts' ? 4 : 3);
        return;
      case 'smooth':
        await packagers.smooth.serveManifest(req, res, source);
        return;
    }
  }
  if (source.protocols.has('hls') && (await packagers.ts.serve(req, res, path, source))) {
    return;
  }
  if (source.protocols.has('smoothStreaming') && (await packagers.smooth.serve(req, res, path, source))) {
    return;
  }
  if (source.protocols.has('hls') || source.protocols.has('dash')) {
    if (await serveMedia(req, res, url, subPath, source.route, source.caching)) {
      return;
    }
  }
  sendError(req, res, 404, `no resource ${path} in this presentation`);
}
