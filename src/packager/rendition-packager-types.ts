import type { Logger } from 'pino';
import type { Track } from '../media/track.js';
import type { InitFacts } from './init-version.js';
import type { ChunkPublished, PartPublished, SegmentPublished } from './packager-types.js';
import type { InitSegment, Part, Segment } from './rendition-window.js';
import type { SegmentStore } from './segment-store.js';
import type { WallClockGroup } from './wall-clock-group.js';

/** `RenditionEvents` is how a rendition reports to its presentation. */
export interface RenditionEvents {
  init(renditionId: string, init: InitSegment): void;
  chunk(renditionId: string, chunk: Part, info: ChunkPublished): void;
  part(renditionId: string, part: Part, info: PartPublished): void;
  segment(renditionId: string, segment: Segment, info: SegmentPublished): void;
  ended(renditionId: string): void;
  /** The rendition's window changed (any of the above). */
  changed(renditionId: string): void;
}

/** `RenditionCounters` carry a rendition's numbering over a `remove` and a new `addRendition`. */
export interface RenditionCounters {
  readonly nextSequence: number;
  readonly discontinuitySequence: number;
  readonly nextInitVersion: number;
  readonly nextSequenceNumber: number;
}

/** `RenditionPackagerOptions` configures a `RenditionPackager`. */
export interface RenditionPackagerOptions {
  readonly id: string;
  readonly track: Track;
  readonly facts: InitFacts;
  /** Part target, ms; `undefined` without low latency. */
  readonly partDurationMs: number | undefined;
  /** Chunk target without low latency, ms (with low latency chunks are parts of `partDurationMs`). */
  readonly chunkDurationMs: number;
  readonly windowMs: number;
  readonly keyFrameIntervalMs: number;
  readonly graceSegments: number;
  readonly liveEdgeSegments: number;
  readonly store: SegmentStore | undefined;
  readonly wallClock: WallClockGroup;
  readonly now: () => number;
  readonly logger: Logger;
  readonly events: RenditionEvents;
  readonly counters: RenditionCounters | undefined;
}
