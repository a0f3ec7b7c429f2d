import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PresentationWindow } from '../../packager/rendition-window.js';
import { readSmoothCodecData, type SmoothCodecData } from '../../outputs/smooth/smooth-codec-data.js';
import { buildSmoothFragment } from '../../outputs/smooth/smooth-fragment.js';
import { smoothManifestText } from '../../outputs/smooth/smooth-manifest.js';
import { parseSmoothFragmentPath } from '../../outputs/smooth/smooth-path.js';
import {
  manifestFragments,
  smoothPresentation,
  type SmoothCodecTable,
  type SmoothPresentation,
} from '../../outputs/smooth/smooth-presentation.js';
import { resolveSmoothFragment } from '../../outputs/smooth/smooth-resolve.js';
import { ContentType, sendError, sendText } from '../http-response.js';
import { MISSING_CACHE, mediaType, playlistCache, sendChunks } from '../presentation-handler.js';
import type { PackagedSource } from './packaged-presentation.js';

/** Codec data kept per init segment (one per rendition configuration; they change rarely). */
const MAX_CODEC_ENTRIES = 4096;

/**
 * `SmoothPackager` serves Smooth Streaming ([MS-SSTR]) of a packaged source: the client manifest at
 * `manifest` and `QualityLevels(…)/Fragments(…)` fragments rewritten on request from the stored CMAF
 * segments (`outputs/smooth`). The codec data of each init segment is read once.
 */
export class SmoothPackager {
  readonly #codecs = new Map<string, SmoothCodecData | undefined>();

  async #presentation(source: PackagedSource): Promise<SmoothPresentation> {
    const window: PresentationWindow = source.route.reader.presentation();
    const table: Record<string, SmoothCodecData | undefined> = {};
    for (const r of window.renditions) {
      const key = `${source.cacheKey}/${r.id}/${r.initVersion}`;
      if (!this.#codecs.has(key)) {
        const init = await source.route.reader.init(r.id, r.initVersion);
        if (init === undefined) {
          continue;
        }
        if (this.#codecs.size >= MAX_CODEC_ENTRIES) {
          this.#codecs.clear();
        }
        this.#codecs.set(key, readSmoothCodecData(init));
      }
      table[r.id] = this.#codecs.get(key);
    }
    return smoothPresentation(window, table as SmoothCodecTable);
  }

  /**
   * Answers the client manifest; 404 while a stream has no fragment to list yet (a live stream lists
   * none of its newest `lookAheadFragmentCount`, see `manifestFragments`).
   */
  async serveManifest(req: IncomingMessage, res: ServerResponse, source: PackagedSource): Promise<void> {
    const p = await this.#presentation(source);
    if (p.streams.length === 0 || p.streams.some((s) => manifestFragments(p, s).length === 0)) {
      res.setHeader('Cache-Control', MISSING_CACHE);
      sendError(
        req,
        res,
        404,
        'not enough fragments yet (or no rendition Smooth Streaming can carry: H.264, AAC); retry shortly',
      );
      return;
    }
    const first = source.route.reader.presentation().renditions[0];
    sendText(
      req,
      res,
      200,
      smoothManifestText(p),
      ContentType.smoothManifest,
      playlistCache(first, false, source.caching),
    );
  }

  /** Answers a fragment (or `FragmentInfo`); resolves false when `path` names none. */
  async serve(
    req: IncomingMessage,
    res: ServerResponse,
    path: string,
    source: PackagedSource,
  ): Promise<boolean> {
    const parsed = parseSmoothFragmentPath(path);
    if (parsed === undefined) {
      return false;
    }
    const p = await this.#presentation(source);
    const target = resolveSmoothFragment(p, parsed);
    const missing = (): true => {
      res.setHeader('Cache-Control', MISSING_CACHE);
      sendError(
        req,
        res,
        404,
        `fragment ${parsed.streamName}=${parsed.time} is not available (not yet written, or out of the window)`,
      );
      return true;
    };
    if (target === undefined) {
      return missing();
    }
    const reader = source.route.reader;
    const segment = await reader.loadSegment(target.renditionId, target.segment.sequence);
    if (segment === undefined) {
      return missing();
    }
    const fragment = buildSmoothFragment({
      segment,
      init: await reader.init(target.renditionId, target.segment.initVersion),
      lookahead: p.live ? target.lookahead : undefined,
      startTime: target.segment.startTime,
      headerOnly: parsed.kind === 'fragment-info',
    });
    sendChunks(req, res, fragment.chunks, mediaType(reader.presentation(), target.renditionId));
    return true;
  }
}
