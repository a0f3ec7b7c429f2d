import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  buildTsMediaPlaylist,
  buildTsMultivariantPlaylist,
  type TsPlaylistOptions,
} from '../../outputs/hls-ts/ts-playlists.js';
import type { LoadedTrack } from '../../outputs/hls-ts/ts-media-configs.js';
import { muxTsSegment } from '../../outputs/hls-ts/ts-mux.js';
import { parseTsPath, type TsNaming } from '../../outputs/hls-ts/ts-naming.js';
import { planTsSegment, type TsTrackPlan } from '../../outputs/hls-ts/ts-plan.js';
import { tsVariant } from '../../outputs/hls-ts/ts-variants.js';
import { ContentType, sendBytes, sendError, sendText } from '../http-response.js';
import {
  MEDIA_CACHE,
  MISSING_CACHE,
  playlistCache,
  type PresentationReader,
} from '../presentation-handler.js';
import { MadeSegmentCache } from './made-segment-cache.js';
import type { PackagedSource } from './packaged-presentation.js';

/** Made TS segments kept for concurrent and repeated requests (a few live edges of many channels). */
const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;

/** The TS names below a presentation root: one media playlist per HLS version, shared segments. */
function naming(source: PackagedSource, version: 3 | 4): TsNaming {
  return {
    mediaPlaylist: version === 4 ? '{variant}/ts.m3u8' : '{variant}/ts-v3.m3u8',
    segment: `{variant}/${source.segmentTag ?? ''}{sequence}.ts`,
  };
}

async function loadTrack(reader: PresentationReader, plan: TsTrackPlan): Promise<LoadedTrack | undefined> {
  const init = new Map<number, Uint8Array>();
  for (const v of plan.initVersions) {
    const bytes = await reader.init(plan.renditionId, v);
    if (bytes === undefined) {
      return undefined;
    }
    init.set(v, bytes);
  }
  const segments: (readonly Uint8Array[])[] = [];
  for (const s of plan.segments) {
    const chunks = await reader.loadSegment(plan.renditionId, s.sequence);
    if (chunks === undefined) {
      return undefined;
    }
    segments.push(chunks);
  }
  return { init, segments };
}

/**
 * `TsPackager` serves HLS with MPEG-TS segments (AMS `m3u8-aapl`, `m3u8-aapl-v3`) of a packaged source:
 * playlists from `outputs/hls-ts`, segments muxed on request from the stored CMAF segments and kept in
 * a bounded cache.
 */
export class TsPackager {
  readonly #cache: MadeSegmentCache;

  constructor(cacheBytes = DEFAULT_CACHE_BYTES) {
    this.#cache = new MadeSegmentCache(cacheBytes);
  }

  /** Bytes of made segments held. */
  get cachedBytes(): number {
    return this.#cache.bytes;
  }

  #options(source: PackagedSource, version: 3 | 4): TsPlaylistOptions {
    return { version, fragmentsPerSegment: source.fragmentsPerTsSegment, naming: naming(source, version) };
  }

  /** Answers the multivariant playlist; 404 while no variant has a segment. */
  serveMultivariant(req: IncomingMessage, res: ServerResponse, source: PackagedSource, version: 3 | 4): void {
    const presentation = source.route.reader.presentation();
    const text = buildTsMultivariantPlaylist(presentation, this.#options(source, version));
    if (!text.includes('#EXT-X-STREAM-INF')) {
      sendError(
        req,
        res,
        404,
        'no segments yet (or no rendition HLS TS can carry: H.264, HEVC, AAC); retry shortly',
      );
      return;
    }
    sendText(
      req,
      res,
      200,
      text,
      ContentType.hlsPlaylist,
      playlistCache(presentation.renditions[0], false, source.caching),
    );
  }

  /** Answers a TS media playlist or segment; resolves false when `path` names neither. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    source: PackagedSource,
  ): Promise<boolean> {
    for (const version of [4, 3] as const) {
      const options = this.#options(source, version);
      const parsed = parseTsPath(path, options.naming);
      if (parsed === undefined || (parsed.kind === 'media-playlist') !== path.endsWith('.m3u8')) {
        continue;
      }
      const presentation = source.route.reader.presentation();
      if (parsed.kind === 'media-playlist') {
        const text = buildTsMediaPlaylist(presentation, parsed.variantId, options);
        if (text === undefined) {
          sendError(req, res, 404, `no TS variant ${parsed.variantId} in this presentation`);
          return true;
        }
        const window = tsVariant(presentation, parsed.variantId)?.primary;
        sendText(req, res, 200, text, ContentType.hlsPlaylist, playlistCache(window, false, source.caching));
        return true;
      }
      const key = `${source.cacheKey}/${parsed.variantId}/${source.fragmentsPerTsSegment}/${parsed.sequence}`;
      const bytes = await this.#cache.get(key, async () => {
        const plan = planTsSegment(presentation, parsed.variantId, parsed.sequence, options);
        if (plan === undefined) {
          return undefined;
        }
        const reader = source.route.reader;
        const video = plan.video === undefined ? undefined : await loadTrack(reader, plan.video);
        const audio = plan.audio === undefined ? undefined : await loadTrack(reader, plan.audio);
        if (
          (plan.video !== undefined && video === undefined) ||
          (plan.audio !== undefined && audio === undefined)
        ) {
          return undefined;
        }
        return muxTsSegment(plan, {
          ...(video === undefined ? {} : { video }),
          ...(audio === undefined ? {} : { audio }),
        });
      });
      if (bytes === undefined) {
        res.setHeader('Cache-Control', MISSING_CACHE);
        sendError(
          req,
          res,
          404,
          `TS segment ${parsed.sequence} of ${parsed.variantId} is not available (not complete yet, or out of the window)`,
        );
        return true;
      }
      sendBytes(req, res, bytes, ContentType.mpegTs, MEDIA_CACHE);
      return true;
    }
    return false;
  }
}
