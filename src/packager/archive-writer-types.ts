import type { Logger } from 'pino';
import type { PackagerObserver } from './packager-types.js';
import type { RenditionWindow } from './rendition-window.js';
import type { WriteBudget } from './write-budget.js';

/** `ArchiveSource` is what an `ArchiveWriter` reads from a `PresentationPackager`. */
export interface ArchiveSource {
  addObserver(observer: PackagerObserver): () => void;
  rendition(id: string): RenditionWindow | undefined;
  init(id: string, version: number): Uint8Array | undefined;
}

/** `ArchiveWriterOptions` configures `ArchiveWriter.open`. */
export interface ArchiveWriterOptions {
  readonly source: ArchiveSource;
  /** The archive directory, `<dataDir>/assets/<assetName>/`; created when missing. */
  readonly dir: string;
  /** Media kept per rendition, ms (the live output's `archiveWindowLength`). */
  readonly archiveWindowMs: number;
  readonly logger: Logger;
  /** Wall clock, ms since the epoch; default `Date.now`. */
  readonly now?: () => number;
  /** Bound of the write queue (see `DiskSegmentStoreOptions`). */
  readonly maxQueuedBytes?: number;
  /** The bound shared with the process's other archives (see `WriteBudget`). */
  readonly budget?: WriteBudget;
  /**
   * The live output's `outputSnapTime`, seconds of the live event's media timeline (the encoder's
   * timestamps): segments that begin before it are not archived. Default: archive from the first segment.
   */
  readonly snapTimeSeconds?: number;
}

/** `ArchiveWriterStats` are the counters of an `ArchiveWriter`. */
export interface ArchiveWriterStats {
  readonly segments: number;
  readonly lostSegments: number;
  readonly indexWrites: number;
  readonly indexFailures: number;
}
