import { mkdir } from 'node:fs/promises';
import { type ArchiveIndex, readArchiveIndex, writeArchiveIndex } from './archive-files.js';
import { ArchiveRendition } from './archive-rendition.js';
import { DiskSegmentStore } from './disk-segment-store.js';
import type { ArchiveWriterOptions, ArchiveWriterStats } from './archive-writer-types.js';
import type { ChunkPublished } from './packager-types.js';
import type { Part, PresentationWindow, Segment, SegmentHead } from './rendition-window.js';
import { initKey, segmentKey } from './segment-store.js';

export type { ArchiveSource, ArchiveWriterOptions, ArchiveWriterStats } from './archive-writer-types.js';

/** How the packager's numbering of one rendition maps to the archive's (fixed until it goes backwards). */
interface Link {
  readonly sequenceOffset: number;
  readonly discontinuityOffset: number;
  readonly initOffset: number;
  discontinuity: boolean;
  readonly inits: Set<number>;
}

/** A segment being archived: from its first chunk to its `onSegment`. */
interface OpenSegment {
  /** The packager's sequence number. */
  readonly sequence: number;
  /** The archive's numbering of it. */
  readonly numbering: Pick<Segment, 'sequence' | 'discontinuity' | 'discontinuitySequence' | 'initVersion'>;
  readonly key: string;
  readonly rendition: ArchiveRendition;
}

/**
 * `ArchiveWriter` records a live output: it observes a `PresentationPackager` and writes every rendition's
 * init segments (`<rendition>/init-<v>.mp4`) and segments (`<rendition>/<sequence>.m4s`, the preview's
 * naming) under `dir`, plus `index.json` (atomic write) describing them, so `ArchiveReader` can reopen
 * the archive after a restart. It keeps `archiveWindowMs` of media per rendition: older segments leave
 * the index first, then their files are deleted. A segment is written chunk by chunk as the packager
 * hands its CMAF chunks on (`onChunk`), to a temp file renamed when the segment completes, and enters the
 * index only then: the writer holds no whole segment in memory, and a recording that starts inside a
 * segment begins with the next one. `window()` is the archive's presentation (`ended` after
 * `finish()`). An archive reopened for writing continues its numbering (the packager may have restarted
 * at 0) with a discontinuity; a torn index is never overwritten: `open` rejects with `CorruptFileError`.
 * Units still held by the packager are not in the archive: call `endOfStream` on the packager first.
 */
export class ArchiveWriter {
  readonly #o: ArchiveWriterOptions;
  readonly #now: () => number;
  readonly #store: DiskSegmentStore;
  readonly #renditions = new Map<string, ArchiveRendition>();
  readonly #links = new Map<string, Link>();
  readonly #writes = new Set<Promise<void>>();
  /**
   * The last listing queued of each rendition: the store writes several files at once, so a segment
   * may be on disk before the one before it; the index lists them in order all the same.
   */
  readonly #listings = new Map<string, Promise<void>>();
  /** The segment being written of each rendition. */
  readonly #open = new Map<string, OpenSegment>();
  readonly #toDelete: string[] = [];
  readonly #availabilityStartTime: number;
  readonly #unsubscribe: () => void;
  #updated: number;
  #ended = false;
  #stopped = false;
  #window: PresentationWindow | undefined;
  #indexWrite: Promise<void> | undefined;
  #dirty = false;
  #closing: Promise<void> | undefined;
  #finishing: Promise<void> | undefined;
  #segments = 0;
  #lost = 0;
  #indexWrites = 0;
  #indexFailures = 0;

  /**
   * Opens (or creates) the archive in `options.dir` and starts recording. Rejects with `CorruptFileError`
   * when `index.json` is torn, and with an `Error` when the archive was finished (write a new asset).
   */
  static async open(options: ArchiveWriterOptions): Promise<ArchiveWriter> {
    await mkdir(options.dir, { recursive: true });
    let index: ArchiveIndex | undefined;
    try {
      index = await readArchiveIndex(options.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        options.logger.error(
          { err: error, dir: options.dir },
          'archive index unreadable: archive left as it is',
        );
        throw error;
      }
    }
    if (index?.ended === true) {
      throw new Error(`archive ${options.dir} is finished: record into a new asset directory`);
    }
    return new ArchiveWriter(options, index);
  }

  private constructor(options: ArchiveWriterOptions, index: ArchiveIndex | undefined) {
    this.#o = options;
    this.#now = options.now ?? Date.now;
    this.#store = new DiskSegmentStore({
      dir: options.dir,
      logger: options.logger,
      ...(options.maxQueuedBytes === undefined ? {} : { maxQueuedBytes: options.maxQueuedBytes }),
      ...(options.budget === undefined ? {} : { budget: options.budget }),
    });
    this.#availabilityStartTime = index?.availabilityStartTime ?? this.#now();
    this.#updated = index?.updated ?? this.#availabilityStartTime;
    for (const record of index?.renditions ?? []) {
      this.#renditions.set(record.id, new ArchiveRendition(record));
    }
    this.#unsubscribe = options.source.addObserver({
      onChunk: (id, chunk, info) => this.#onChunk(id, chunk, info),
      onSegment: (id, segment) => this.#onSegment(id, segment),
    });
  }

  /** The archive directory. */
  get dir(): string {
    return this.#o.dir;
  }

  stats(): ArchiveWriterStats {
    return {
      segments: this.#segments,
      lostSegments: this.#lost,
      indexWrites: this.#indexWrites,
      indexFailures: this.#indexFailures,
    };
  }

  /** The archive's presentation: renditions with stored segments; `ended` after `finish()`. */
  window(): PresentationWindow {
    const windowSeconds = this.#o.archiveWindowMs / 1000;
    this.#window ??= {
      renditions: [...this.#renditions.values()]
        .filter((r) => r.segments.length > 0)
        .map((r) => r.window(windowSeconds, this.#ended)),
      availabilityStartTime: this.#availabilityStartTime,
      lowLatency: false,
      publishTime: this.#updated,
    };
    return this.#window;
  }

  /** Init segment `version` of rendition `id`, from disk. */
  async init(id: string, version: number): Promise<Uint8Array | undefined> {
    const known = this.#renditions.get(id)?.facts.configurations.some((c) => c.initVersion === version);
    return known === true ? (await this.#store.get(initKey(id, version)))?.[0] : undefined;
  }

  /** Segment `sequence` of rendition `id`, from disk (or the write queue). */
  async segment(id: string, sequence: number): Promise<readonly Uint8Array[] | undefined> {
    const listed = this.#renditions.get(id)?.has(sequence);
    return listed === true ? this.#store.get(segmentKey(id, sequence)) : undefined;
  }

  /** Resolves once every segment received so far is on disk, in the index, and what left it is deleted. */
  async idle(): Promise<void> {
    await Promise.all(this.#writes);
    await this.#indexWrite;
    await this.#store.idle();
  }

  /** Stops recording and marks the archive ended: a VOD presentation that stays on disk. Idempotent. */
  finish(): Promise<void> {
    this.#ended = true;
    this.#window = undefined;
    this.#finishing ??= this.close().then(() => this.#flushIndex());
    return this.#finishing;
  }

  /** Stops recording, waits for queued writes and writes the index (an unfinished archive). Idempotent. */
  close(): Promise<void> {
    this.#closing ??= this.#stop();
    return this.#closing;
  }

  async #stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe();
    // Segments still being built are not complete: never in the archive.
    for (const open of this.#open.values()) {
      this.#store.delete(open.key);
    }
    this.#open.clear();
    await Promise.all(this.#writes);
    this.#updated = this.#now();
    this.#window = undefined;
    await this.#flushIndex();
    await this.#store.close();
  }

  async #flushIndex(): Promise<void> {
    await this.#indexWrite;
    this.#scheduleIndex();
    await this.#indexWrite;
  }

  /** A chunk of a segment: the first one decides whether (and as what) the segment is archived. */
  #onChunk(id: string, chunk: Part, info: ChunkPublished): void {
    if (this.#stopped) {
      return;
    }
    const head = info.segment;
    let open = this.#open.get(id);
    if (open !== undefined && open.sequence !== head.sequence) {
      // The packager moved on without completing it (the rendition was removed): never archived.
      this.#store.delete(open.key);
      this.#open.delete(id);
      open = undefined;
    }
    if (open === undefined) {
      open = chunk.index === 0 ? this.#openSegment(id, head) : undefined;
      if (open === undefined) {
        return;
      }
      this.#open.set(id, open);
    }
    this.#store.append(open.key, info.data);
  }

  /** The segment is complete: finished in the store, then listed in the index. */
  #onSegment(id: string, segment: Segment): void {
    const open = this.#open.get(id);
    if (this.#stopped || open === undefined || open.sequence !== segment.sequence) {
      return;
    }
    this.#open.delete(id);
    const { rendition, numbering } = open;
    const archived: Segment = {
      ...segment,
      ...numbering,
      parts: [{ index: 0, duration: segment.duration, independent: true, byteLength: segment.byteLength }],
    };
    const stored = this.#store.finish(open.key);
    const write = (this.#listings.get(id) ?? Promise.resolve()).then(async () => {
      const ok = await stored;
      this.#writes.delete(write);
      if (!ok) {
        this.#lost++;
        return;
      }
      this.#stored(rendition, archived);
    });
    this.#writes.add(write);
    this.#listings.set(id, write);
  }

  /** Opens segment `head` for the archive, or `undefined` when it is not archived (snap time, no init). */
  #openSegment(id: string, head: SegmentHead): OpenSegment | undefined {
    if (this.#beforeSnap(id, head.startTime)) {
      return undefined;
    }
    const link = this.#link(id, head);
    const rendition = link === undefined ? undefined : this.#renditions.get(id);
    if (link === undefined || rendition === undefined) {
      return undefined;
    }
    const numbering = {
      sequence: head.sequence + link.sequenceOffset,
      discontinuity: head.discontinuity || link.discontinuity,
      discontinuitySequence: head.discontinuitySequence + link.discontinuityOffset,
      initVersion: head.initVersion + link.initOffset,
    };
    link.discontinuity = false;
    if (!this.#storeInit(id, link, rendition, head.initVersion)) {
      this.#lost++;
      return undefined;
    }
    return { sequence: head.sequence, numbering, key: segmentKey(id, numbering.sequence), rendition };
  }

  /** True for a segment that begins before the output's snap time (see `snapTimeSeconds`). */
  #beforeSnap(id: string, startTime: number): boolean {
    const snap = this.#o.snapTimeSeconds;
    if (snap === undefined || snap <= 0) {
      return false;
    }
    const timescale = this.#o.source.rendition(id)?.timescale;
    return timescale !== undefined && startTime < snap * timescale;
  }

  /** The numbering link of rendition `id`, made at its first segment (or when the numbering went back). */
  #link(id: string, segment: SegmentHead): Link | undefined {
    const existing = this.#links.get(id);
    const rendition = this.#renditions.get(id);
    const last = rendition?.last;
    if (
      existing !== undefined &&
      (last === undefined || segment.sequence + existing.sequenceOffset > last.sequence)
    ) {
      return existing;
    }
    const window = this.#o.source.rendition(id);
    if (window === undefined) {
      return undefined;
    }
    const maxInit = Math.max(-1, ...(rendition?.facts.configurations.map((c) => c.initVersion) ?? []));
    const link: Link = {
      sequenceOffset: last === undefined ? 0 : last.sequence + 1 - segment.sequence,
      discontinuityOffset:
        last === undefined ? 0 : last.discontinuitySequence + 1 - segment.discontinuitySequence,
      initOffset: maxInit < 0 ? 0 : maxInit + 1 - segment.initVersion,
      discontinuity: last !== undefined,
      inits: new Set(),
    };
    this.#links.set(id, link);
    if (rendition === undefined) {
      this.#renditions.set(
        id,
        new ArchiveRendition({
          id,
          kind: window.kind,
          timescale: window.timescale,
          codecString: window.codecString,
          initVersion: segment.initVersion + link.initOffset,
          targetDuration: window.targetDuration,
          configurations: [],
          segments: [],
        }),
      );
    }
    return link;
  }

  /** Queues the init segment of packager version `version` once; false when the packager no longer has it. */
  #storeInit(id: string, link: Link, rendition: ArchiveRendition, version: number): boolean {
    const archived = version + link.initOffset;
    if (link.inits.has(archived)) {
      return true;
    }
    const data = this.#o.source.init(id, version);
    const window = this.#o.source.rendition(id);
    if (data === undefined || window === undefined) {
      this.#o.logger.warn(
        { rendition: id, initVersion: version },
        'init segment gone before it was archived',
      );
      return false;
    }
    link.inits.add(archived);
    void this.#store.put(initKey(id, archived), [data]);
    const configuration = window.configurations?.find((c) => c.initVersion === version) ?? {
      initVersion: version,
      codecString: window.codecString,
    };
    rendition.rescale(window.timescale);
    const { initVersion: _v, ...facts } = configuration;
    rendition.configure(
      { ...configuration, initVersion: archived },
      {
        ...facts,
        timescale: window.timescale,
        initVersion: archived,
        ...(window.language === undefined ? {} : { language: window.language }),
      },
    );
    return true;
  }

  #stored(rendition: ArchiveRendition, segment: Segment): void {
    this.#segments++;
    rendition.add(segment);
    const removed = rendition.slide(this.#o.archiveWindowMs);
    const { id } = rendition.facts;
    for (const s of removed.segments) {
      this.#toDelete.push(segmentKey(id, s.sequence));
    }
    for (const v of removed.initVersions) {
      this.#toDelete.push(initKey(id, v));
    }
    this.#updated = this.#now();
    this.#window = undefined;
    this.#scheduleIndex();
  }

  #scheduleIndex(): void {
    if (this.#indexWrite !== undefined) {
      this.#dirty = true;
      return;
    }
    this.#indexWrite = this.#writeIndex().finally(() => {
      this.#indexWrite = undefined;
    });
  }

  /** Writes the index until it is current; files that left it are deleted only once it is on disk. */
  async #writeIndex(): Promise<void> {
    do {
      this.#dirty = false;
      const deletions = this.#toDelete.splice(0);
      const index: ArchiveIndex = {
        ended: this.#ended,
        availabilityStartTime: this.#availabilityStartTime,
        updated: this.#updated,
        windowMs: this.#o.archiveWindowMs,
        renditions: [...this.#renditions.values()].map((r) => r.record()),
      };
      try {
        await writeArchiveIndex(this.#o.dir, index);
        this.#indexWrites++;
        for (const key of deletions) {
          this.#store.delete(key);
        }
      } catch (error) {
        this.#indexFailures++;
        this.#toDelete.unshift(...deletions);
        this.#o.logger.error({ err: error, dir: this.#o.dir }, 'archive index could not be written');
        return;
      }
    } while (this.#dirty);
  }
}
