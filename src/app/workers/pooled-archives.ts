import type { Logger } from 'pino';
import type { PresentationWindow } from '../../packager/rendition-window.js';
import { archiveRoute } from '../archive-route.js';
import type { ArchiveAccess, AssetArchives, LiveOutputArchives } from '../live-output-archives.js';
import type { ArchiveAnswer, ArchiveRead } from './worker-messages.js';

/** `PooledArchivesOptions` configures {@link PooledArchives}. */
export interface PooledArchivesOptions {
  /** Reads an archive a worker records (`WorkerPool.readArchive`). */
  readonly read: (worker: number, assetName: string, read: ArchiveRead) => Promise<ArchiveAnswer>;
  /** The worker whose running live event has a live output recording into `assetName`, if any. */
  readonly recorderOf: (assetName: string) => number | undefined;
  /** The archives on disk (finished, or interrupted), read in this process. */
  readonly local: LiveOutputArchives;
  readonly logger: Logger;
}

interface KnownWindow {
  readonly publishTime: number;
  readonly window: PresentationWindow;
}

/**
 * `PooledArchives` are the asset archives of a main process whose live events run in media workers. The
 * archive a live output is recording lives in its event's worker: each request asks that worker for the
 * current DVR window (sent again only when it changed since the one kept here) and reads its init
 * segments and segments through it, so players see the live window exactly as in one process. Any other
 * archive, or one whose worker is restarting, is read from disk here.
 */
export class PooledArchives implements AssetArchives {
  readonly #o: PooledArchivesOptions;
  readonly #windows = new Map<string, KnownWindow>();

  constructor(options: PooledArchivesOptions) {
    this.#o = options;
  }

  async archive(assetName: string): Promise<ArchiveAccess | undefined> {
    const worker = this.#o.recorderOf(assetName);
    if (worker !== undefined) {
      const recording = await this.#recording(worker, assetName);
      if (recording !== undefined) {
        return recording;
      }
    }
    return this.#o.local.archive(assetName);
  }

  forget(assetName: string): void {
    this.#windows.delete(assetName.toLowerCase());
    this.#o.local.forget(assetName);
  }

  async #recording(worker: number, assetName: string): Promise<ArchiveAccess | undefined> {
    const key = assetName.toLowerCase();
    const known = this.#windows.get(key);
    let answer: ArchiveAnswer;
    try {
      answer = await this.#o.read(worker, assetName, { kind: 'window', since: known?.publishTime ?? -1 });
    } catch (err) {
      this.#o.logger.warn(
        { err, asset: assetName, worker },
        `live archive of asset ${assetName} not readable from media worker ${worker}: serving it from disk`,
      );
      return undefined;
    }
    const window = answer.recording ? (answer.window ?? known?.window) : undefined;
    if (!answer.recording || window === undefined) {
      this.#windows.delete(key);
      return undefined;
    }
    this.#windows.set(key, { publishTime: answer.publishTime, window });
    const media = async (read: ArchiveRead): Promise<readonly Uint8Array[] | undefined> => {
      const got = await this.#o.read(worker, assetName, read);
      return got.recording ? got.data : undefined;
    };
    return {
      route: archiveRoute(
        () => window,
        {
          init: async (rendition, version) => (await media({ kind: 'init', rendition, version }))?.[0],
          segment: (rendition, sequence) => media({ kind: 'segment', rendition, sequence }),
        },
        answer.manifestName,
      ),
      manifestName: answer.manifestName,
      fragmentsPerTsSegment: answer.fragmentsPerTsSegment,
      recording: true,
    };
  }
}
