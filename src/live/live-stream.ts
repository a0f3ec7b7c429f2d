import type { CodecConfig } from '../codecs/codec-config.js';
import type { TrackHealthHandle } from '../health/health-types.js';
import type { AccessUnit } from '../media/access-unit.js';
import { DROP_REASONS, DropAggregator, type DropReport } from '../media/drop-aggregator.js';
import type { Fragment } from '../media/fragment.js';
import { nominalFrameDuration } from '../media/frame-duration.js';
import type { IngestFrame } from '../media/ingest-frame.js';
import { StreamFragmenter } from '../media/stream-fragmenter.js';
import type { FragmentUnitInfo } from '../media/stream-fragmenter-types.js';
import { StreamTimeline } from '../media/stream-timeline.js';
import type { TimelineDiscontinuity } from '../media/timeline-types.js';
import type { Track, TrackKind } from '../media/track.js';
import type { Publisher } from './publisher.js';
import { ResultCode, type ResultCodeValue } from './result-codes.js';
import type { RunningLiveEvent } from './running-live-event.js';
import { dataChunkDroppedData, discontinuityData, incomingStreamReceivedData } from './stream-event-data.js';

/** `StreamTrack` is one track of a live stream and everything that follows it downstream. */
interface StreamTrack {
  /** The current track: its name is final once `named` (the first fragment closed). */
  track: Track;
  named: boolean;
  frameRate: number | undefined;
  /** Declared bitrate, else measured on the first fragment (events report it). */
  bitrate: number;
  readonly health: TrackHealthHandle;
  /** Units go to the packager: from a fragment start on, while the live event packages. */
  forwarding: boolean;
  /** The packager has seen this track; when its feed resumes, the packager is told of the gap. */
  fedBefore: boolean;
}

/**
 * `LiveStream` is one stream name of a running live event, fed by the publishers that push it. It owns
 * the stream's `StreamTimeline`, `StreamFragmenter`, tracks and track names, so timelines and segment
 * numbering continue across reconnects, and it is the one place that turns a timeline verdict into
 * what follows downstream: packager units and fragments, health counters, and the
 * `IncomingStreamReceived`, `TrackDiscontinuityDetected` and `IncomingDataChunkDropped` events.
 *
 * One publisher is active at a time:
 * - a newer publisher on the same endpoint replaces the old one (which is ended) and restarts the
 *   timeline (a new encoder session has a new clock);
 * - a publisher on the other endpoint (redundant ingest: primary and secondary) waits as standby and
 *   takes over when the active one ends. Redundant encoders share their clock, so the timeline is not
 *   restarted: aligned timestamps continue seamlessly and misaligned ones are handled as a jump. The
 *   new publisher's media is taken from its next video keyframe on.
 */
export class LiveStream {
  readonly name: string;
  readonly #event: RunningLiveEvent;
  readonly #timeline = new StreamTimeline();
  readonly #fragmenter: StreamFragmenter;
  readonly #drops: DropAggregator;
  readonly #tracks = new Map<TrackKind, StreamTrack>();
  readonly #byId = new Map<string, StreamTrack>();
  readonly #publishers: Publisher[] = [];
  #active: Publisher | undefined;
  #restartPending = false;
  #awaitKeyframe = false;
  #closed = false;

  constructor(event: RunningLiveEvent, name: string) {
    this.#event = event;
    this.name = name;
    this.#fragmenter = new StreamFragmenter({
      keyFrameIntervalMs: event.keyFrameIntervalMs,
      observer: {
        onUnit: (trackId, au, info) => this.#onUnit(trackId, au, info),
        onFragment: (trackId, fragment) => this.#onFragment(trackId, fragment),
      },
    });
    this.#drops = new DropAggregator({ onReport: (report) => this.#onDropReport(report) });
  }

  /** The stream's current tracks. */
  get tracks(): Track[] {
    return [...this.#tracks.values()].map((t) => t.track);
  }

  /** True while a publisher feeds the stream. */
  get active(): boolean {
    return this.#active !== undefined;
  }

  /**
   * Adds a publisher. A publisher already on the same endpoint is stale (its encoder reconnected) and
   * is ended first; the new one becomes active unless another endpoint's publisher is active (then it
   * waits as standby).
   */
  attach(publisher: Publisher): void {
    const { info } = publisher;
    const stale = this.#publishers.find((p) => p !== publisher && p.info.endpoint.id === info.endpoint.id);
    if (stale !== undefined) {
      this.#event.logger.info(
        { stream: this.name, stale: stale.info.id, newer: info.id },
        `newer connection ${info.id} replaces ${stale.info.id} for ${info.liveEventName}/${this.name} on ${info.endpoint.id}`,
      );
      stale.end(ResultCode.replacedByNewerConnection, `replaced by newer connection ${info.id}`);
      this.detach(stale);
    }
    this.#publishers.push(publisher);
    if (this.#active === undefined) {
      this.#activate(publisher, this.#restartPending);
    }
  }

  /** Removes a publisher; a standby takes over, or the stream goes idle until the next publish. */
  detach(publisher: Publisher): void {
    const i = this.#publishers.indexOf(publisher);
    if (i < 0) {
      return;
    }
    this.#publishers.splice(i, 1);
    if (this.#active !== publisher) {
      return;
    }
    this.#active = undefined;
    const next = this.#publishers[0];
    if (next !== undefined) {
      this.#activate(next, false);
      this.#awaitKeyframe = this.#tracks.has('video');
      return;
    }
    this.#fragmenter.flush();
    this.#drops.flush(Infinity);
    this.#restartPending = true;
    this.#stopPackaging();
    this.#event.health.sessionEnded(this.name);
  }

  #activate(publisher: Publisher, restart: boolean): void {
    this.#active = publisher;
    if (restart) {
      this.#timeline.restart();
      this.#restartPending = false;
    }
    for (const config of publisher.configs()) {
      this.#applyConfig(config);
    }
  }

  /** A publisher's new decoder configuration. */
  config(publisher: Publisher, config: CodecConfig): void {
    if (publisher === this.#active && !this.#closed) {
      this.#applyConfig(config);
    }
  }

  /** The active publisher's metadata changed: its frame rate sets the video timeline's nominal duration. */
  frameRate(publisher: Publisher, frameRate: number): void {
    const video = this.#tracks.get('video');
    if (publisher !== this.#active || video === undefined) {
      return;
    }
    video.frameRate = frameRate;
    this.#timeline.get(video.track.id)?.setNominalFrameDuration(nominalFrameDuration(video.track, frameRate));
  }

  #applyConfig(config: CodecConfig): void {
    const existing = this.#tracks.get(config.kind);
    if (existing === undefined) {
      this.#addTrack(config);
      return;
    }
    if (existing.track.config === config) {
      return;
    }
    const track: Track = { ...existing.track, config, revision: existing.track.revision + 1 };
    existing.track = track;
    const duration = nominalFrameDuration(track, existing.frameRate);
    const timeline = this.#timeline.get(track.id);
    if (config.kind === 'audio') {
      timeline?.setNominalFrameDuration(duration);
    }
    // The next accepted unit is reported as a discontinuity (the fragmenter breaks here), even though
    // the timestamps run on.
    timeline?.revise();
    this.#fragmenter.configChanged(track.id, duration);
    this.#event.packager.updateTrack(track.id, track);
  }

  #addTrack(config: CodecConfig): void {
    const publisher = this.#active;
    const declaredBitrate = publisher?.declaredBitrate(config.kind);
    const id = `${this.name}-${config.kind}`;
    const track: Track = {
      id,
      kind: config.kind,
      name: `${config.kind}_${declaredBitrate ?? 0}`,
      timescale: 1000,
      config,
      declaredBitrate,
      revision: 0,
    };
    const frameRate = publisher?.frameRate();
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
    const event = this.#event;
    const entry: StreamTrack = {
      track,
      named: false,
      frameRate,
      bitrate: declaredBitrate ?? 0,
      forwarding: false,
      fedBefore: false,
      health: event.health.trackStarted({
        liveEventName: event.name,
        streamName: this.name,
        trackId: id,
        trackType: track.kind,
        trackName: track.name,
        declaredBitrate,
        timescale: track.timescale,
      }),
    };
    this.#tracks.set(config.kind, entry);
    this.#byId.set(id, entry);
    const videoFrameRate = config.kind === 'video' ? frameRate : undefined;
    event.packager.addRendition({
      id,
      track,
      ...(declaredBitrate === undefined ? {} : { declaredBitrate }),
      ...(videoFrameRate === undefined ? {} : { frameRate: videoFrameRate }),
    });
  }

  /**
   * One frame of a publisher. Frames of standby publishers are ignored; after a fail-over, frames are
   * taken from the new publisher's first video keyframe on. Returns whether the frame was accepted.
   */
  push(publisher: Publisher, frame: IngestFrame): boolean {
    if (publisher !== this.#active || this.#closed) {
      return false;
    }
    if (this.#awaitKeyframe) {
      if (frame.kind !== 'video' || !frame.keyframe) {
        return false;
      }
      this.#awaitKeyframe = false;
    }
    const entry = this.#tracks.get(frame.kind);
    if (entry === undefined) {
      return false;
    }
    const trackId = entry.track.id;
    const verdict = this.#timeline.push(trackId, frame.timestamp, frame.compositionTime);
    const now = this.#event.now();
    if (verdict.kind !== 'ok' && verdict.kind !== 'discontinuity') {
      entry.health.unitDropped(verdict.kind);
      this.#drops.add(trackId, DROP_REASONS[verdict.kind], verdict.timestamp, now);
      return false;
    }
    if (verdict.kind === 'discontinuity') {
      this.#onDiscontinuity(entry, verdict);
    }
    this.#drops.flush(now);
    entry.health.unitAccepted(verdict.input, frame.data.byteLength, now);
    const au: AccessUnit = {
      trackId,
      dts: verdict.dts,
      pts: verdict.pts,
      keyframe: frame.keyframe,
      data: frame.data,
    };
    this.#fragmenter.push(au, verdict.epoch);
    return true;
  }

  #onDiscontinuity(entry: StreamTrack, d: TimelineDiscontinuity): void {
    entry.health.discontinuity(d);
    this.#event.publish(
      'Microsoft.Media.LiveEventTrackDiscontinuityDetected',
      discontinuityData(entry.track, entry.bitrate, d),
    );
  }

  #onUnit(trackId: string, au: AccessUnit, info: FragmentUnitInfo): void {
    const entry = this.#byId.get(trackId);
    if (entry === undefined) {
      return;
    }
    const packager = this.#event.packager;
    if (!entry.forwarding) {
      // Packaging starts on a fragment boundary: a segment must begin with its fragment's first unit.
      if (!info.fragmentStart || !this.#event.packaging) {
        return;
      }
      entry.forwarding = true;
      if (entry.fedBefore) {
        packager.onUnit(trackId, au, { fragmentStart: true, discontinuity: true });
        return;
      }
      entry.fedBefore = true;
    }
    packager.onUnit(trackId, au, info);
  }

  #onFragment(trackId: string, fragment: Fragment): void {
    const entry = this.#byId.get(trackId);
    if (entry === undefined) {
      return;
    }
    if (!entry.named) {
      entry.named = true;
      const measured =
        fragment.d > 0 ? Math.round((fragment.bytes * 8 * 1000) / fragment.d / 1000) * 1000 : 0;
      const bitrate = entry.track.declaredBitrate ?? measured;
      entry.bitrate = bitrate;
      entry.track = { ...entry.track, name: this.#event.claimTrackName(`${entry.track.kind}_${bitrate}`) };
      entry.health.rename(entry.track.name);
      const publisher = this.#active;
      if (publisher !== undefined) {
        this.#event.publish(
          'Microsoft.Media.LiveEventIncomingStreamReceived',
          incomingStreamReceivedData(publisher.info, entry.track, fragment, bitrate),
        );
      }
    }
    if (entry.forwarding) {
      this.#event.packager.onFragment(trackId, fragment);
    }
    const offset = this.#timeline.get(trackId)?.offset ?? 0;
    entry.health.fragmentClosed({ t: fragment.t - offset, d: fragment.d });
  }

  #onDropReport(report: DropReport): void {
    const entry = this.#byId.get(report.trackId);
    if (entry !== undefined) {
      this.#event.publish(
        'Microsoft.Media.LiveEventIncomingDataChunkDropped',
        dataChunkDroppedData(entry.track, entry.bitrate, report),
      );
    }
  }

  /** Stops feeding the packager (the encoder left, or the live event no longer packages). */
  stopPackaging(): void {
    this.#stopPackaging();
  }

  #stopPackaging(): void {
    for (const entry of this.#tracks.values()) {
      if (entry.forwarding) {
        entry.forwarding = false;
        this.#event.packager.endOfStream(entry.track.id);
      }
    }
  }

  /**
   * Discards the stream (live event stopped or reset): its publishers are ended with `code` and the
   * packager's renditions end. Idempotent.
   */
  close(code: ResultCodeValue, reason: string): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    for (const publisher of [...this.#publishers]) {
      publisher.end(code, reason);
    }
    this.#fragmenter.flush();
    this.#drops.flush(Infinity);
    this.#stopPackaging();
  }
}
