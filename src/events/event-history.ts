import type { Logger } from 'pino';
import { liveEventKey, type LiveEventKey } from '../lib/names/live-event-key.js';
import type { EventBus } from './event-bus.js';
import {
  ingestHeartbeatEventType,
  type LiveEventIngestHeartbeatEventData,
} from './live-event-event-types.js';
import type { LoggedEvent } from './logged-event.js';
import { liveEventNameOfSubject, type MediaEvent } from './media-event.js';
import { RingBuffer } from './ring-buffer.js';

/** `EventHistoryOptions` configures an `EventHistory`. */
export interface EventHistoryOptions {
  readonly bus: EventBus;
  readonly logger: Logger;
  /** Non-heartbeat events kept per live event. Default 1000. */
  readonly maxStreamEvents?: number;
  /** Heartbeats kept per track. Default 180: one hour at the 20 s heartbeat cadence. */
  readonly maxHeartbeatsPerTrack?: number;
  /** Tracks kept per live event; the least recently heard one goes first. Default 32. */
  readonly maxTracksPerLiveEvent?: number;
}

interface LiveEventHistory {
  readonly streamEvents: RingBuffer<LoggedEvent>;
  readonly heartbeats: Map<string, RingBuffer<LoggedEvent>>;
}

/**
 * `EventHistory` keeps the recent events of each live event in memory for the read API: the last
 * `maxStreamEvents` non-heartbeat `Microsoft.Media.LiveEvent*` events and the last `maxHeartbeatsPerTrack`
 * heartbeats of each track. Memory is bounded per live event; `forget` drops a deleted live event.
 */
export class EventHistory {
  readonly #logger: Logger;
  readonly #maxStreamEvents: number;
  readonly #maxHeartbeatsPerTrack: number;
  readonly #maxTracks: number;
  readonly #liveEvents = new Map<LiveEventKey, LiveEventHistory>();
  readonly #unsubscribe: () => void;
  #closed = false;

  constructor(options: EventHistoryOptions) {
    this.#logger = options.logger;
    this.#maxStreamEvents = options.maxStreamEvents ?? 1000;
    this.#maxHeartbeatsPerTrack = options.maxHeartbeatsPerTrack ?? 180;
    this.#maxTracks = options.maxTracksPerLiveEvent ?? 32;
    this.#unsubscribe = options.bus.subscribe((entry) => this.#record(entry));
  }

  /** `recentHeartbeats` returns the kept heartbeats of `liveEventName`, all tracks, oldest first. */
  recentHeartbeats(liveEventName: string): MediaEvent<LiveEventIngestHeartbeatEventData>[] {
    const history = this.#liveEvents.get(liveEventKey(liveEventName));
    if (history === undefined) {
      return [];
    }
    const merged = [...history.heartbeats.values()].flatMap((ring) => ring.toArray());
    merged.sort((a, b) => a.seq - b.seq);
    return merged.map((entry) => entry.event as MediaEvent<LiveEventIngestHeartbeatEventData>);
  }

  /** `recentStreamEvents` returns the kept non-heartbeat events of `liveEventName`, oldest first. */
  recentStreamEvents(liveEventName: string): MediaEvent[] {
    const history = this.#liveEvents.get(liveEventKey(liveEventName));
    return history === undefined ? [] : history.streamEvents.toArray().map((entry) => entry.event);
  }

  /** `forget` drops everything kept for `liveEventName` (call it when the live event is deleted). */
  forget(liveEventName: string): void {
    this.#liveEvents.delete(liveEventKey(liveEventName));
  }

  /** `close` stops recording and frees the history; idempotent. */
  close(): void {
    if (this.#closed) {
      return;
    }
    this.#closed = true;
    this.#unsubscribe();
    this.#liveEvents.clear();
  }

  #record(entry: LoggedEvent): void {
    const name = liveEventNameOfSubject(entry.event.subject);
    if (name === undefined) {
      return;
    }
    const key = liveEventKey(name);
    let history = this.#liveEvents.get(key);
    if (history === undefined) {
      history = { streamEvents: new RingBuffer(this.#maxStreamEvents), heartbeats: new Map() };
      this.#liveEvents.set(key, history);
    }
    if (entry.event.eventType !== ingestHeartbeatEventType) {
      history.streamEvents.push(entry);
      return;
    }
    const trackName = (entry.event.data as Partial<LiveEventIngestHeartbeatEventData>).trackName ?? '';
    let ring = history.heartbeats.get(trackName);
    if (ring === undefined) {
      ring = new RingBuffer(this.#maxHeartbeatsPerTrack);
      if (history.heartbeats.size >= this.#maxTracks) {
        const [oldest] = history.heartbeats.keys();
        history.heartbeats.delete(oldest ?? '');
        this.#logger.debug(
          { liveEventName: name, dropped: oldest },
          'event history: too many tracks, dropped the oldest',
        );
      }
    } else {
      // Re-insert to mark the track as most recently heard (Map keeps insertion order).
      history.heartbeats.delete(trackName);
    }
    history.heartbeats.set(trackName, ring);
    ring.push(entry);
  }
}
