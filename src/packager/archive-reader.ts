import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type ArchiveIndex, readArchiveIndex } from './archive-files.js';
import { ArchiveRendition } from './archive-rendition.js';
import type { PresentationWindow, RenditionWindow } from './rendition-window.js';
import { initKey, segmentKey } from './segment-store.js';

/**
 * `ArchiveReader` serves an archive written by `ArchiveWriter` from disk: a finished one, or one whose
 * writer stopped without `finish()` (a restart), `interrupted`. Either way its presentation is static:
 * every rendition `ended` (HLS `EXT-X-ENDLIST`, static MPD).
 */
export class ArchiveReader {
  readonly #dir: string;
  readonly #index: ArchiveIndex;
  readonly #renditions: ReadonlyMap<string, ArchiveRendition>;
  readonly #presentation: PresentationWindow;

  /**
   * Loads `<dir>/index.json`. Rejects with the `ENOENT` error when there is no index, and with
   * `CorruptFileError` when it is torn or not an archive index (the file is left as it is).
   */
  static async open(dir: string): Promise<ArchiveReader> {
    return new ArchiveReader(dir, await readArchiveIndex(dir));
  }

  private constructor(dir: string, index: ArchiveIndex) {
    this.#dir = dir;
    this.#index = index;
    this.#renditions = new Map(index.renditions.map((r) => [r.id, new ArchiveRendition(r)]));
    const windowSeconds = index.windowMs / 1000;
    this.#presentation = {
      renditions: [...this.#renditions.values()]
        .filter((r) => r.segments.length > 0)
        .map((r) => r.window(windowSeconds, true)),
      availabilityStartTime: index.availabilityStartTime,
      lowLatency: false,
      publishTime: index.updated,
    };
  }

  /** The writer finished the archive. */
  get finished(): boolean {
    return this.#index.ended;
  }

  /** The writer stopped without finishing (the process ended while recording). */
  get interrupted(): boolean {
    return !this.#index.ended;
  }

  presentation(): PresentationWindow {
    return this.#presentation;
  }

  rendition(id: string): RenditionWindow | undefined {
    return this.#presentation.renditions.find((r) => r.id === id);
  }

  /** Init segment `version` of rendition `id`, or `undefined` when the index or the disk lacks it. */
  async init(id: string, version: number): Promise<Uint8Array | undefined> {
    const known = this.#renditions.get(id)?.facts.configurations.some((c) => c.initVersion === version);
    return known === true ? this.#read(initKey(id, version)) : undefined;
  }

  /** Segment `sequence` of rendition `id` as chunks, or `undefined` when the index or the disk lacks it. */
  async segment(id: string, sequence: number): Promise<readonly Uint8Array[] | undefined> {
    const listed = this.#renditions.get(id)?.has(sequence);
    const bytes = listed === true ? await this.#read(segmentKey(id, sequence)) : undefined;
    return bytes === undefined ? undefined : [bytes];
  }

  async #read(key: string): Promise<Uint8Array | undefined> {
    try {
      return await readFile(join(this.#dir, key));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        return undefined;
      }
      throw error;
    }
  }
}
