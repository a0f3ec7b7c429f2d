import type { CodecConfig } from '../codecs/codec-config.js';
import type { StreamMetadata } from '../formats/flv/stream-metadata.js';
import type { AccessUnit } from '../media/access-unit.js';
import { DROP_REASONS, DropAggregator, type DropReport } from '../media/drop-aggregator.js';
import type { Fragment } from '../media/fragment.js';
import { nominalFrameDuration } from '../media/frame-duration.js';
import { StreamFragmenter } from '../media/stream-fragmenter.js';
import { StreamTimeline } from '../media/stream-timeline.js';
import type { Track, TrackKind } from '../media/track.js';
import type { SessionInfo, StreamSink } from './ingest-types.js';

/** `StreamFeeder` is an ingest session as its stream sees it. */
export interface StreamFeeder {
  readonly id: string;
  readonly info: SessionInfo | undefined;
  readonly endpointId: string;
  /** Current decoder configurations of the session (to adopt on fail-over). */
  currentConfigs(): readonly CodecConfig[];
  /** Declared bitrates (bits/s) from the ingest URL query or the stream metadata. */
  declaredBitrate(kind: TrackKind): number | undefined;
  metadata(): StreamMetadata | undefined;
}

/** `IngestStreamOptions` configures one ingest stream. */
export interface IngestStreamOptions {
  readonly liveEventName: string;
  readonly streamName: string;
  readonly keyFrameIntervalMs: number;
  readonly sink: StreamSink;
  /** Makes `<kind>_<bitrate>` unique within the live event. */
  readonly claimTrackName: (base: string) => string;
  /** Wall clock, ms. */
  readonly now: () => number;
  /** Receives aggregated drop reports (at most one per track and reason per second). */
  readonly onDropReport: (report: DropReport, track: Track) => void;
}

interface TrackEntry {
  track: Track;
  named: boolean;
  frameRate: number | undefined;
  /** A configuration change is reported as a discontinuity with the next accepted unit. */
  revisionPending: boolean;
}

/**
 * `IngestStream` is one stream of a live event (one stream name), fed by the sessions that publish it:
 * it owns the stream's `StreamTimeline` and `StreamFragmenter` and its `Track`s, so timelines and
 * segment numbering continue across reconnects. One session is active at a time:
 * - a reconnect on the same endpoint replaces the old session (the server closes the stale one) and
 *   restarts the timeline (a new encoder session has a new clock);
 * - a second session on the other endpoint (redundant ingest: primary and secondary) waits as standby
 *   and takes over when the active one ends. Redundant encoders share their clock, so the timeline is
 *   not restarted: aligned timestamps continue seamlessly and misaligned ones are handled as a jump.
 *   The new session's media is taken from its next video keyframe on.
 */
export class IngestStream {
  readonly #o: IngestStreamOptions;
  readonly #timeline = new StreamTimeline();
  readonly #fragmenter: StreamFragmenter;
  readonly #drops: DropAggregator;
  readonly #tracks = new Map<TrackKind, TrackEntry>();
  readonly #byId = new Map<string, TrackEntry>();
  readonly #feeders: StreamFeeder[] = [];
  #active: StreamFeeder | undefined;
  #restartPending = false;
  #awaitKeyframe = false;
  #closed = false;

  constructor(options: IngestStreamOptions) {
    this.#o = options;
    this.#fragmenter = new StreamFragmenter({
      keyFrameIntervalMs: options.keyFrameIntervalMs,
      observer: {
        onUnit: (trackId, au, info) => options.sink.unit(trackId, au, info),
        onFragment: (trackId, fragment) => this.#onFragment(trackId, fragment),
      },
    });
    this.#drops = new DropAggregator({
      onReport: (report) => {
        const entry = this.#byId.get(report.trackId);
        if (entry !== undefined) {
          options.onDropReport(report, entry.track);
        }
      },
    });
  }

  get streamName(): string {
    return this.#o.streamName;
  }

  get tracks(): Track[] {
    return [...this.#tracks.values()].map((e) => e.track);
  }

  /** True while a session feeds the stream. */
  get active(): boolean {
    return this.#active !== undefined;
  }

  /** Adds a session; it becomes active unless another session is active (then it waits as standby). */
  attach(feeder: StreamFeeder): void {
    this.#feeders.push(feeder);
    if (this.#active === undefined) {
      this.#activate(feeder, this.#restartPending);
    }
  }

  /** Removes a session; a standby takes over, or the stream goes idle until the next publish. */
  detach(feeder: StreamFeeder): void {
    const i = this.#feeders.indexOf(feeder);
    if (i < 0) {
      return;
    }
    this.#feeders.splice(i, 1);
    if (this.#active !== feeder) {
      return;
    }
    this.#active = undefined;
    const next = this.#feeders[0];
    if (next !== undefined) {
      this.#activate(next, false);
      this.#awaitKeyframe = this.#tracks.has('video');
      return;
    }
    this.#fragmenter.flush();
    this.#drops.flush(Infinity);
    this.#restartPending = true;
    this.#o.sink.idle();
  }

  #activate(feeder: StreamFeeder, restart: boolean): void {
    this.#active = feeder;
    if (restart) {
      this.#timeline.restart();
      this.#restartPending = false;
    }
    for (const config of feeder.currentConfigs()) {
      this.#applyConfig(config);
    }
  }

  /** A session's new decoder configuration. */
  config(feeder: StreamFeeder, config: CodecConfig): void {
    if (feeder === this.#active && !this.#closed) {
      this.#applyConfig(config);
    }
  }

  /** The active session's metadata changed (frame rate feeds the video timeline's nominal duration). */
  metadata(feeder: StreamFeeder, metadata: StreamMetadata): void {
    const video = this.#tracks.get('video');
    if (feeder !== this.#active || video === undefined || metadata.frameRate === undefined) {
      return;
    }
    video.frameRate = metadata.frameRate;
    this.#timeline
      .get(video.track.id)
      ?.setNominalFrameDuration(nominalFrameDuration(video.track, metadata.frameRate));
  }

  #applyConfig(config: CodecConfig): void {
    const existing = this.#tracks.get(config.kind);
    const feeder = this.#active;
    const declaredBitrate = feeder?.declaredBitrate(config.kind);
    if (existing === undefined) {
      const id = `${this.#o.streamName}-${config.kind}`;
      const track: Track = {
        id,
        kind: config.kind,
        name: `${config.kind}_${declaredBitrate ?? 0}`,
        timescale: 1000,
        config,
        declaredBitrate,
        revision: 0,
      };
      const frameRate = feeder?.metadata()?.frameRate;
      const duration = nominalFrameDuration(track, frameRate);
      this.#timeline.addTrack(id, {
        ...(duration === undefined ? {} : { nominalFrameDuration: duration }),
        learnFrameDuration: config.kind === 'video',
      });
      if (config.kind === 'audio') {
        this.#fragmenter.addTrack({ id, kind: 'audio', frameDuration: duration ?? 1024 / 48 });
      } else {
        this.#fragmenter.addTrack({
          id,
          kind: 'video',
          ...(duration === undefined ? {} : { frameDuration: duration }),
        });
      }
      const entry: TrackEntry = { track, named: false, frameRate, revisionPending: false };
      this.#tracks.set(config.kind, entry);
      this.#byId.set(id, entry);
      this.#o.sink.trackAdded(track, { frameRate: config.kind === 'video' ? frameRate : undefined });
      return;
    }
    if (existing.track.config === config) {
      return;
    }
    const track: Track = { ...existing.track, config, revision: existing.track.revision + 1 };
    existing.track = track;
    existing.revisionPending = true;
    const duration = nominalFrameDuration(track, existing.frameRate);
    if (config.kind === 'audio') {
      this.#timeline.get(track.id)?.setNominalFrameDuration(duration);
    }
    this.#fragmenter.configChanged(track.id, duration);
    this.#o.sink.trackRevised(track);
  }

  /**
   * One access unit of a session. Units of standby sessions are ignored; after a fail-over, units are
   * taken from the new session's first video keyframe on.
   */
  unit(
    feeder: StreamFeeder,
    kind: TrackKind,
    rawTimestamp: number,
    compositionTime: number,
    keyframe: boolean,
    data: Uint8Array,
  ): boolean {
    if (feeder !== this.#active || this.#closed) {
      return false;
    }
    if (this.#awaitKeyframe) {
      if (kind !== 'video' || !keyframe) {
        return false;
      }
      this.#awaitKeyframe = false;
    }
    const entry = this.#tracks.get(kind);
    if (entry === undefined) {
      return false;
    }
    const trackId = entry.track.id;
    const timeline = this.#timeline.get(trackId);
    const previousInput = timeline?.lastTimestamp;
    const verdict = this.#timeline.push(trackId, rawTimestamp, compositionTime);
    const now = this.#o.now();
    switch (verdict.kind) {
      case 'overlap':
      case 'non-increasing':
        this.#o.sink.dropped(trackId, verdict);
        this.#drops.add(trackId, DROP_REASONS[verdict.kind], verdict.timestamp, now);
        return false;
      case 'discontinuity':
        entry.revisionPending = false;
        this.#o.sink.discontinuity(trackId, entry.track, verdict);
        break;
      case 'ok':
        if (entry.revisionPending) {
          // A new sequence header with other parameters: a new track revision and a discontinuity
          // (the fragmenter already broke the fragments), even though the timestamps run on.
          entry.revisionPending = false;
          const input = timeline?.lastTimestamp ?? rawTimestamp;
          const previous = previousInput ?? input;
          this.#o.sink.discontinuity(trackId, entry.track, {
            ...verdict,
            kind: 'discontinuity',
            previousTimestamp: previous,
            newTimestamp: input,
            gap: input - previous,
            rebased: false,
          });
        }
        break;
    }
    this.#drops.flush(now);
    const input = timeline?.lastTimestamp ?? rawTimestamp;
    this.#o.sink.received(trackId, input, data.byteLength, now);
    const au: AccessUnit = { trackId, dts: verdict.dts, pts: verdict.pts, keyframe, data };
    this.#fragmenter.push(au, verdict.epoch);
    return true;
  }

  #onFragment(trackId: string, fragment: Fragment): void {
    const entry = this.#byId.get(trackId);
    if (entry !== undefined && !entry.named) {
      entry.named = true;
      const measured =
        fragment.d > 0 ? Math.round((fragment.bytes * 8 * 1000) / fragment.d / 1000) * 1000 : 0;
      const bitrate = entry.track.declaredBitrate ?? measured;
      entry.track = { ...entry.track, name: this.#o.claimTrackName(`${entry.track.kind}_${bitrate}`) };
      this.#o.sink.trackReady(entry.track, { fragment, bitrate }, this.#active?.info);
    }
    this.#o.sink.fragment(trackId, fragment, this.#timeline.get(trackId)?.offset ?? 0);
  }

  /** Discards the stream (live event stopped or reset); idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#fragmenter.flush();
    this.#drops.flush(Infinity);
    this.#o.sink.close();
  }
}
