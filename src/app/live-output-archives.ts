import type { Logger } from 'pino';
import type { PresentationRoute } from '../http/presentation-handler.js';
import type { LiveEventKey } from '../lib/names/live-event-key.js';
import { parseIsoDuration } from '../lib/time/iso-duration.js';
import type { LiveOutputRecord } from '../live-events/live-event-record.js';
import type { RunningLiveEvent } from '../live/running-live-event.js';
import { archiveEnded, writeAssetManifest } from '../packager/archive-files.js';
import { ArchiveWriter } from '../packager/archive-writer.js';
import { WriteBudget } from '../packager/write-budget.js';
import { archiveRoute, openFinishedArchive, type FinishedArchive } from './archive-route.js';

/** `LiveOutputArchivesOptions` configure {@link LiveOutputArchives}. */
export interface LiveOutputArchivesOptions {
  readonly logger: Logger;
  /** The directory of an asset's archive (its container). */
  readonly assetDir: (assetName: string) => string;
}

interface OutputEntry {
  readonly output: LiveOutputRecord;
  writer: ArchiveWriter | undefined;
  /** The running live event this output's archive is fed from, while it archives. */
  source?: RunningLiveEvent | undefined;
}

/**
 * `LiveOutputArchives` keeps the live outputs of every live event and their archives: an
 * `ArchiveWriter` per live output while its event runs, and the finished archives (VOD) opened for
 * serving. Asset and output names are case-insensitive.
 */
export class LiveOutputArchives implements AssetArchives {
  readonly #o: LiveOutputArchivesOptions;
  readonly #outputs = new Map<LiveEventKey, Map<string, OutputEntry>>();
  readonly #archives = new Map<string, FinishedArchive>();
  /** Every archive of the process queues its writes within this one bound (apart from the previews'). */
  readonly #budget = new WriteBudget();

  constructor(options: LiveOutputArchivesOptions) {
    this.#o = options;
  }

  /**
   * Registers a live output of event `eventKey` and, when the event runs, starts its archive. Refuses an
   * asset holding a finished archive (the VOD of a deleted live output) before the output is registered:
   * otherwise the output of a stopped event would be accepted and every later start of the event would
   * fail when `ArchiveWriter.open` refuses the archive. A missing or unreadable index is left to
   * `ArchiveWriter.open`.
   */
  async add(
    eventKey: LiveEventKey,
    output: LiveOutputRecord,
    running: RunningLiveEvent | undefined,
  ): Promise<void> {
    await this.#assertNotFinished(output.assetName);
    let outputs = this.#outputs.get(eventKey);
    if (outputs === undefined) {
      outputs = new Map();
      this.#outputs.set(eventKey, outputs);
    }
    const entry: OutputEntry = { output, writer: undefined };
    outputs.set(output.name.toLowerCase(), entry);
    this.#archives.delete(output.assetName.toLowerCase());
    if (running !== undefined) {
      await this.#open(running, entry);
    }
  }

  /** Stops a live output's archive and turns it into a VOD presentation. */
  async remove(eventKey: LiveEventKey, outputName: string): Promise<void> {
    const outputs = this.#outputs.get(eventKey);
    const entry = outputs?.get(outputName.toLowerCase());
    outputs?.delete(outputName.toLowerCase());
    if (entry !== undefined) {
      await this.#close(entry, true);
    }
  }

  /** The event started: its live outputs archive from its packager. */
  async eventStarted(running: RunningLiveEvent): Promise<void> {
    for (const entry of this.#outputs.get(running.key)?.values() ?? []) {
      await this.#open(running, entry);
    }
  }

  /** The event stopped: its archives end (unfinished: a later start continues them). */
  async eventStopped(eventKey: LiveEventKey): Promise<void> {
    for (const entry of this.#outputs.get(eventKey)?.values() ?? []) {
      await this.#close(entry, false);
    }
  }

  /** The event is gone: forget its live outputs. */
  eventDeleted(eventKey: LiveEventKey): void {
    this.#outputs.delete(eventKey);
  }

  /** The live output recording into `assetName`, if any. */
  recorderOf(assetName: string): LiveOutputRecord | undefined {
    return this.#recording(assetName)?.output;
  }

  /**
   * The presentation of asset `assetName`: the DVR window of the live output recording into it, or the
   * finished (or interrupted) archive in its directory; `undefined` when it holds none.
   */
  async archive(assetName: string): Promise<ArchiveAccess | undefined> {
    const recording = this.#recording(assetName);
    const writer = recording?.writer;
    if (recording !== undefined && writer !== undefined) {
      const { manifestName } = recording.output;
      return {
        route: archiveRoute(() => writer.window(), writer, manifestName),
        manifestName,
        fragmentsPerTsSegment: recording.output.hls?.fragmentsPerTsSegment ?? null,
        recording: true,
      };
    }
    const key = assetName.toLowerCase();
    let finished = this.#archives.get(key);
    if (finished === undefined) {
      finished = await openFinishedArchive(this.#o.assetDir(assetName));
      if (finished !== undefined) {
        this.#archives.set(key, finished);
      }
    }
    return finished === undefined
      ? undefined
      : {
          route: finished.route,
          manifestName: finished.manifestName,
          fragmentsPerTsSegment: finished.fragmentsPerTsSegment,
          recording: false,
        };
  }

  /** Drops what is cached of an asset's archive (the asset was deleted). */
  forget(assetName: string): void {
    this.#archives.delete(assetName.toLowerCase());
  }

  /** Ends every archive (server shutdown; they continue after a restart). */
  async close(): Promise<void> {
    for (const outputs of this.#outputs.values()) {
      for (const entry of outputs.values()) {
        await this.#close(entry, false);
      }
    }
  }

  #recording(assetName: string): OutputEntry | undefined {
    const key = assetName.toLowerCase();
    for (const outputs of this.#outputs.values()) {
      for (const entry of outputs.values()) {
        if (entry.output.assetName.toLowerCase() === key && entry.writer !== undefined) {
          return entry;
        }
      }
    }
    return undefined;
  }

  async #assertNotFinished(assetName: string): Promise<void> {
    if (await archiveEnded(this.#o.assetDir(assetName))) {
      throw new Error(
        `asset '${assetName}' holds the finished archive of an earlier live output; record into another asset name`,
      );
    }
  }

  async #open(running: RunningLiveEvent, entry: OutputEntry): Promise<void> {
    const { output } = entry;
    const dir = this.#o.assetDir(output.assetName);
    await writeAssetManifest(dir, {
      manifestName: output.manifestName,
      fragmentsPerTsSegment: output.hls?.fragmentsPerTsSegment ?? null,
    });
    entry.writer = await ArchiveWriter.open({
      source: running.packager,
      dir,
      archiveWindowMs: parseIsoDuration(output.archiveWindowLength),
      logger: this.#o.logger.child({ asset: output.assetName }),
      budget: this.#budget,
      ...(output.outputSnapTime === null ? {} : { snapTimeSeconds: output.outputSnapTime }),
    });
    entry.source = running;
    running.archiveStarted();
    this.#o.logger.info(
      { asset: output.assetName, liveOutput: output.name },
      `archiving to asset ${output.assetName}`,
    );
  }

  /** Ends an archive: `finish` turns it into a VOD presentation; otherwise it can be resumed later. */
  async #close(entry: OutputEntry, finish: boolean): Promise<void> {
    const writer = entry.writer;
    entry.writer = undefined;
    entry.source?.archiveStopped();
    entry.source = undefined;
    if (writer === undefined) {
      return;
    }
    await (finish ? writer.finish() : writer.close());
    this.#archives.delete(entry.output.assetName.toLowerCase());
  }
}

/**
 * `AssetArchives` finds the archive in an asset: what delivery (asset media, streaming locators) reads.
 * `LiveOutputArchives` in one process; with media workers, the main process's `PooledArchives`.
 */
export interface AssetArchives {
  /** The presentation of asset `assetName` (see `LiveOutputArchives.archive`). */
  archive(assetName: string): Promise<ArchiveAccess | undefined>;
  /** Drops what is cached of an asset's archive (the asset was deleted). */
  forget(assetName: string): void;
}

/** `ArchiveAccess` is an asset's presentation and how it was recorded. */
export interface ArchiveAccess {
  readonly route: PresentationRoute;
  readonly manifestName: string;
  /** The live output's `hls.fragmentsPerTsSegment`, or `null` when it set none. */
  readonly fragmentsPerTsSegment: number | null;
  /** A live output records into it now (live DVR window); otherwise it is finished or interrupted. */
  readonly recording: boolean;
}
