import type { ArchiveRenditionRecord } from './archive-files.js';
import {
  scaleAnchor,
  type RenditionConfiguration,
  type RenditionWindow,
  type Segment,
} from './rendition-window.js';
import { windowBandwidth } from './window-bandwidth.js';

/** `ArchiveRenditionFacts` are a rendition's facts without its segments. */
export type ArchiveRenditionFacts = Omit<ArchiveRenditionRecord, 'segments'>;

/**
 * `ArchiveRendition` is one rendition of an archive: its facts, its stored segments (oldest first) and the
 * sliding window the writer keeps. It renders the `RenditionWindow` of the archive's manifests: no parts,
 * no pending segment (an archive is not low latency), `ended` once the archive is finished.
 */
export class ArchiveRendition {
  facts: ArchiveRenditionFacts;
  readonly segments: Segment[];
  #window: RenditionWindow | undefined;

  constructor(record: ArchiveRenditionRecord) {
    const { segments, ...facts } = record;
    this.facts = facts;
    this.segments = [...segments];
  }

  /** The index record. */
  record(): ArchiveRenditionRecord {
    return { ...this.facts, segments: this.segments };
  }

  /** Segment `sequence` is stored (sequences of an archive rendition are consecutive). */
  has(sequence: number): boolean {
    const first = this.segments[0];
    return first !== undefined && this.segments[sequence - first.sequence]?.sequence === sequence;
  }

  /** The newest stored segment. */
  get last(): Segment | undefined {
    return this.segments.at(-1);
  }

  /** Appends a stored segment; the target duration follows it (RFC 8216bis §4.4.3.1: rounded EXTINF). */
  add(segment: Segment): void {
    this.segments.push(segment);
    const seconds = Math.round(segment.duration / this.facts.timescale);
    if (seconds > this.facts.targetDuration) {
      this.facts = { ...this.facts, targetDuration: seconds };
    }
    this.#window = undefined;
  }

  /** Records a configuration (a new init version) and makes it current. */
  configure(configuration: RenditionConfiguration, facts: Partial<ArchiveRenditionFacts>): void {
    const configurations = this.facts.configurations.filter(
      (c) => c.initVersion !== configuration.initVersion,
    );
    configurations.push(configuration);
    configurations.sort((a, b) => a.initVersion - b.initVersion);
    this.facts = { ...this.facts, ...facts, configurations };
    this.#window = undefined;
  }

  /** Moves every segment time to timescale `to` (an audio sample rate change); bytes keep their own. */
  rescale(to: number): void {
    const from = this.facts.timescale;
    if (from === to) {
      return;
    }
    const scale = (t: number): number => Math.round((t * to) / from);
    for (let i = 0; i < this.segments.length; i++) {
      const s = this.segments[i] as Segment;
      const anchor = s.wallClockAnchor;
      this.segments[i] = {
        ...s,
        startTime: scale(s.startTime),
        duration: scale(s.duration),
        parts: s.parts.map((p) => ({ ...p, duration: scale(p.duration) })),
        ...(anchor === undefined ? {} : { wallClockAnchor: scaleAnchor(anchor, scale) }),
      };
    }
    this.facts = { ...this.facts, timescale: to };
    this.#window = undefined;
  }

  /**
   * Drops the oldest segments while the media after them lasts at least `windowMs` (the window keeps
   * `windowMs` of media, as the preview does); returns them. Init versions no segment uses any more are
   * dropped from the configurations, except the current one.
   */
  slide(windowMs: number): { segments: Segment[]; initVersions: number[] } {
    const windowTicks = (windowMs * this.facts.timescale) / 1000;
    let after = 0;
    let keep = this.segments.length;
    while (keep > 0 && after < windowTicks) {
      keep--;
      after += this.segments[keep]?.duration ?? 0;
    }
    const removed = this.segments.splice(0, keep);
    if (removed.length === 0) {
      return { segments: removed, initVersions: [] };
    }
    const used = new Set(this.segments.map((s) => s.initVersion));
    used.add(this.facts.initVersion);
    const initVersions = this.facts.configurations
      .filter((c) => !used.has(c.initVersion))
      .map((c) => c.initVersion);
    if (initVersions.length > 0) {
      this.facts = {
        ...this.facts,
        configurations: this.facts.configurations.filter((c) => used.has(c.initVersion)),
      };
    }
    this.#window = undefined;
    return { segments: removed, initVersions };
  }

  /** The window of the archive's manifests. */
  window(windowSeconds: number, ended: boolean): RenditionWindow {
    if (this.#window?.ended === ended && this.#window.windowSeconds === windowSeconds) {
      return this.#window;
    }
    const { facts } = this;
    const segments = this.segments.slice();
    const { peak, average } = windowBandwidth(segments, facts.timescale, facts.targetDuration);
    this.#window = {
      id: facts.id,
      kind: facts.kind,
      codecString: facts.codecString,
      timescale: facts.timescale,
      bandwidth: peak,
      averageBandwidth: average,
      ...(facts.width === undefined ? {} : { width: facts.width }),
      ...(facts.height === undefined ? {} : { height: facts.height }),
      ...(facts.frameRate === undefined ? {} : { frameRate: facts.frameRate }),
      ...(facts.sampleRate === undefined ? {} : { sampleRate: facts.sampleRate }),
      ...(facts.channelCount === undefined ? {} : { channelCount: facts.channelCount }),
      ...(facts.language === undefined ? {} : { language: facts.language }),
      initVersion: facts.initVersion,
      configurations: facts.configurations,
      segments,
      pending: undefined,
      targetDuration: facts.targetDuration,
      partTarget: undefined,
      windowSeconds,
      ended,
    };
    return this.#window;
  }
}
