/**
 * `HlsPoller` follows one HLS media playlist like a player: it reloads the playlist every `intervalMs`,
 * fetches every segment that appears (once), and checks what a player relies on: the media sequence never
 * goes backwards, segments it lists can be fetched, and the playlist keeps advancing.
 */
import { fetchMediaPlaylist } from '../common/playlist-probe.js';

/** `PollerReport` is what one poller saw. */
export interface PollerReport {
  readonly url: string;
  readonly polls: number;
  readonly failedPolls: number;
  readonly segmentsFetched: number;
  readonly segmentBytes: number;
  readonly segmentErrors: number;
  /** Times the media sequence (or the last listed sequence) went down. */
  readonly sequenceRegressions: number;
  readonly firstSequence: number;
  readonly lastSequence: number;
  /** Longest time without a new segment after the playlist first listed one, ms. */
  readonly longestStallMs: number;
  readonly lastError: string | undefined;
}

/** `HlsPoller`: see the module comment. */
export class HlsPoller {
  readonly #url: string;
  readonly #intervalMs: number;
  /** Segment URIs of the last playlist already fetched (segments never come back once they leave it). */
  #seen = new Set<string>();
  #timer: NodeJS.Timeout | undefined;
  #busy = false;
  #r = {
    polls: 0,
    failedPolls: 0,
    segmentsFetched: 0,
    segmentBytes: 0,
    segmentErrors: 0,
    sequenceRegressions: 0,
    firstSequence: -1,
    lastSequence: -1,
    longestStallMs: 0,
    lastError: undefined as string | undefined,
  };
  #mediaSequence = -1;
  #lastAdvance = 0;
  #stallFrom = 0;

  constructor(url: string, intervalMs: number) {
    this.#url = url;
    this.#intervalMs = intervalMs;
  }

  start(): void {
    this.#timer = setInterval(() => void this.#poll(), this.#intervalMs);
  }

  stop(): void {
    clearInterval(this.#timer);
  }

  /** Ignore stalls before `now` (warm-up, or a planned gap). */
  resetStallClock(now = Date.now()): void {
    this.#stallFrom = now;
  }

  /** Time since the last new segment, ms (0 before the first). */
  sinceLastAdvance(now = Date.now()): number {
    return this.#lastAdvance === 0 ? 0 : now - Math.max(this.#lastAdvance, this.#stallFrom);
  }

  report(): PollerReport {
    return { url: this.#url, ...this.#r };
  }

  async #poll(): Promise<void> {
    if (this.#busy) {
      return;
    }
    this.#busy = true;
    try {
      const r = this.#r;
      r.polls++;
      const state = await fetchMediaPlaylist(this.#url);
      if (state.status !== 200) {
        // 404 until the stream's first segment; after that a failure.
        if (r.lastSequence >= 0) {
          r.failedPolls++;
          r.lastError = `playlist answered ${state.status}`;
        }
        return;
      }
      const now = Date.now();
      if (
        state.mediaSequence < this.#mediaSequence ||
        (state.lastSequence >= 0 && state.lastSequence < r.lastSequence)
      ) {
        r.sequenceRegressions++;
        r.lastError = `media sequence went from ${this.#mediaSequence}/${r.lastSequence} to ${state.mediaSequence}/${state.lastSequence}`;
      }
      this.#mediaSequence = Math.max(this.#mediaSequence, state.mediaSequence);
      if (state.lastSequence > r.lastSequence) {
        if (r.lastSequence >= 0) {
          r.longestStallMs = Math.max(r.longestStallMs, now - Math.max(this.#lastAdvance, this.#stallFrom));
        }
        if (r.firstSequence < 0) {
          r.firstSequence = state.lastSequence;
        }
        r.lastSequence = state.lastSequence;
        this.#lastAdvance = now;
      }
      for (const uri of state.segments) {
        if (this.#seen.has(uri)) {
          continue;
        }
        this.#seen.add(uri);
        await this.#fetchSegment(new URL(uri, this.#url).href);
      }
      this.#seen = new Set(state.segments);
    } finally {
      this.#busy = false;
    }
  }

  async #fetchSegment(url: string): Promise<void> {
    const r = this.#r;
    try {
      const res = await fetch(url);
      const body = await res.arrayBuffer();
      if (!res.ok || body.byteLength === 0) {
        r.segmentErrors++;
        r.lastError = `segment ${url} answered ${res.status} with ${body.byteLength} bytes`;
        return;
      }
      r.segmentsFetched++;
      r.segmentBytes += body.byteLength;
    } catch (e) {
      r.segmentErrors++;
      r.lastError = `segment ${url}: ${e instanceof Error ? e.message : String(e)}`;
    }
  }
}
