/**
 * `LoadStream` is one publisher of the load generator: it replays an `FlvLoop` in real time (each tag is
 * due at connection start + loop × period + its time, sent when ffmpeg `-re` would send it: its
 * `sendAt`, at most a frame later), looping with continuing timestamps, and injects
 * the configured faults. It does nothing on its own: `LoadGenerator` calls `tick(now)` for every stream
 * from one timer, so a stream costs no timer, promise or closure per frame. On the wire it is ffmpeg
 * (`RtmpPublisher` with `wire: 'ffmpeg'`): the server's chunk size, a socket write per header and per
 * chunk, Nagle on, ffmpeg's chunk stream ids and header types (docs/BENCHMARKS.md, "Wire behaviour").
 */
import { FlvTagType } from '../../src/formats/flv/flv-file-reader.js';
import { RtmpPublisher } from '../../src/protocols/rtmp/rtmp-publisher.js';
import type { FlvLoop } from './flv-loop.js';
import { sendGarbage } from './garbage-connection.js';

/**
 * `LoopJoin` is how a loop follows the previous one: `seamless` (ffmpeg 5 and later, and the default)
 * sends the whole file again; `ffmpeg4` leaves out the tags before `FlvLoop.ffmpeg4RepeatIndex` in
 * every repeat, as ffmpeg 4's `-stream_loop` does (the bundled ffmpeg: 6 s of every 8 s loop of the
 * 720p30 fixture after the first, with 2 s of nothing at each join).
 */
export type LoopJoin = 'seamless' | 'ffmpeg4';

/**
 * ffmpeg `-re` sleeps 10 ms whenever no packet is due yet, so it sends on its own ~10.5 ms grid
 * (observed gaps between its sends cluster at 10–12, 20–23 and 31–33 ms); a stream polls the same way.
 */
const FFMPEG_POLL_MS = 10;

/** `FaultOptions` are the fault modes; a period of 0 turns a fault off. Periods and durations in ms. */
export interface FaultOptions {
  /** Drop the connection and publish again every so often. */
  readonly reconnectEveryMs: number;
  /** `destroy` drops the TCP connection (a network failure); `close` unpublishes first (encoder stop). */
  readonly reconnectMode: 'destroy' | 'close';
  /** Add `jumpMs` to every later timestamp every so often (an encoder clock jump). */
  readonly jumpEveryMs: number;
  readonly jumpMs: number;
  /** Send nothing for `stallMs` every so often, then send what fell due at once (a stalled uplink). */
  readonly stallEveryMs: number;
  readonly stallMs: number;
  /** Open a side connection that sends random bytes right after the handshake every so often. */
  readonly garbageEveryMs: number;
}

/** `LoadStreamOptions` configures one stream. */
export interface LoadStreamOptions {
  /** Ingest URL without the stream name: `rtmp[s]://host:port/live/<token>`. */
  readonly url: string;
  readonly streamName: string;
  readonly loop: FlvLoop;
  /** Set Chunk Size to send before `connect`; undefined: take the server's and echo it, as ffmpeg does. */
  readonly chunkSize: number | undefined;
  readonly loopJoin: LoopJoin;
  readonly tls: { readonly ca?: string; readonly rejectUnauthorized: boolean };
  /** Wait before publishing again after a drop or a failed attempt. */
  readonly reconnectDelayMs: number;
  /** Faults of this stream, or undefined for a clean stream. */
  readonly faults: FaultOptions | undefined;
  /** Spreads the faults of different streams in time (0..1 of each fault period). */
  readonly faultPhase: number;
  /**
   * Delay of the first frame after each publish, ms (under a frame interval): spreads the instants at
   * which different streams send, as independently started encoders' are spread.
   */
  readonly phaseMs: number;
}

/** `StreamReport` is what one stream did. */
export interface StreamReport {
  name: string;
  /** Ingest URL the stream publishes to (without the stream name). */
  url: string;
  /** Connection attempts and successful publishes (sessions). */
  connects: number;
  sessions: number;
  /** Publishes after the first one (fault reconnects and recoveries from drops). */
  reconnects: number;
  /** Sessions this stream ended on purpose (fault reconnects and the final stop). */
  closedByClient: number;
  errors: number;
  lastError: string | undefined;
  bytesSent: number;
  videoTags: number;
  audioTags: number;
  /** Sequence headers and metadata (once per session). */
  configTags: number;
  /** Coded video/audio frames sent per session, in order (for frame-loss accounting across sessions). */
  sessionFrames: { video: number; audio: number }[];
  stalls: number;
  jumps: number;
  garbage: { sent: number; closedByServer: number; failed: number; lastError: string | undefined };
  /** Largest delay of a tag behind its schedule, ms (timer granularity, backpressure, stalls excluded). */
  maxLagMs: number;
  /** Times the socket buffer was full (`write` returned false). */
  backpressure: number;
}

type State = 'waiting' | 'connecting' | 'live' | 'stopped';

/** `LoadStream`: see the module comment. */
export class LoadStream {
  readonly report: StreamReport;
  readonly #o: LoadStreamOptions;
  #state: State = 'waiting';
  #publisher: RtmpPublisher | undefined;
  #connectAt = 0;
  #sessionBytesAtStart = 0;
  /** `performance.now()` at which the current session's loop 0 starts. */
  #base = 0;
  /** `Date.now()` matching `#base` (for glass-to-player latency). */
  #baseEpoch = 0;
  #index = 0;
  /** Where the next loop stands while this one sends its tail (tags past the period, see `#pump`). */
  #next = 0;
  #loopCount = 0;
  #tsOffset = 0;
  #blocked = false;
  /** Next instant this stream looks for due tags (see `FFMPEG_POLL_MS`). */
  #nextPoll = 0;
  #stallUntil = 0;
  #nextReconnect = Infinity;
  #nextJump = Infinity;
  #nextStall = Infinity;
  #nextGarbage = Infinity;
  #closingOnPurpose = false;
  #garbageInFlight = 0;

  constructor(options: LoadStreamOptions) {
    this.#o = options;
    this.report = {
      name: options.streamName,
      url: options.url,
      connects: 0,
      sessions: 0,
      reconnects: 0,
      closedByClient: 0,
      errors: 0,
      lastError: undefined,
      bytesSent: 0,
      videoTags: 0,
      audioTags: 0,
      configTags: 0,
      sessionFrames: [],
      stalls: 0,
      jumps: 0,
      garbage: { sent: 0, closedByServer: 0, failed: 0, lastError: undefined },
      maxLagMs: 0,
      backpressure: 0,
    };
  }

  /** Bytes sent so far, the current session included. */
  get bytesSent(): number {
    const p = this.#publisher;
    return this.report.bytesSent + (p === undefined ? 0 : p.bytesSent - this.#sessionBytesAtStart);
  }

  /** True while a session is publishing. */
  get live(): boolean {
    return this.#state === 'live';
  }

  /**
   * `anchor` maps the current session's timestamps to the wall clock: a tag with loop time `t` in loop `k`
   * was due at `epochMs + k × periodMs + t`, with RTMP timestamp `t + k × periodMs + tsOffset`.
   */
  get anchor(): { epochMs: number; periodMs: number; tsOffset: number } {
    return { epochMs: this.#baseEpoch, periodMs: this.#o.loop.periodMs, tsOffset: this.#tsOffset };
  }

  /** Schedules the first connection at `startAt` (`performance.now()` time) and the faults after it. */
  start(startAt: number): void {
    this.#connectAt = startAt;
    const f = this.#o.faults;
    if (f !== undefined) {
      const first = (every: number, phase: number): number =>
        every > 0 ? startAt + every * (1 + ((this.#o.faultPhase + phase) % 1)) : Infinity;
      this.#nextReconnect = first(f.reconnectEveryMs, 0);
      this.#nextJump = first(f.jumpEveryMs, 0.25);
      this.#nextStall = first(f.stallEveryMs, 0.5);
      this.#nextGarbage = first(f.garbageEveryMs, 0.75);
    }
  }

  /** Does whatever is due at `now`: connect, faults, and sending every tag whose time has come. */
  tick(now: number): void {
    if (this.#state === 'waiting' && now >= this.#connectAt) {
      this.#connect();
      return;
    }
    this.#faults(now);
    if (this.#state !== 'live' || this.#blocked || now < this.#stallUntil || now < this.#nextPoll) {
      return;
    }
    this.#pump(now);
    this.#nextPoll = now + FFMPEG_POLL_MS;
  }

  /** Stops publishing: unpublishes and closes; resolves once the socket closed (or after `timeoutMs`). */
  async stop(timeoutMs: number): Promise<void> {
    const was = this.#state;
    this.#state = 'stopped';
    const p = this.#publisher;
    if (p === undefined || was !== 'live') {
      p?.destroy();
      return;
    }
    this.#closingOnPurpose = true;
    this.report.closedByClient++;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([p.close(), new Promise<void>((r) => (timer = setTimeout(r, timeoutMs)))]);
    clearTimeout(timer);
    p.destroy();
  }

  /** Resolves when no garbage connection is in flight (at most their timeout). */
  async settle(): Promise<void> {
    while (this.#garbageInFlight > 0) {
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  #connect(): void {
    this.#state = 'connecting';
    this.report.connects++;
    const o = this.#o;
    RtmpPublisher.connect({
      url: o.url,
      streamName: o.streamName,
      wire: 'ffmpeg',
      ...(o.chunkSize === undefined ? {} : { chunkSize: o.chunkSize }),
      tls: {
        rejectUnauthorized: o.tls.rejectUnauthorized,
        ...(o.tls.ca === undefined ? {} : { ca: o.tls.ca }),
      },
    }).then(
      (p) => this.#published(p),
      (e: unknown) => {
        this.#fail(`connect: ${e instanceof Error ? e.message : String(e)}`);
      },
    );
  }

  #published(p: RtmpPublisher): void {
    if (this.#state === 'stopped') {
      p.destroy();
      return;
    }
    this.#publisher = p;
    this.#state = 'live';
    this.#closingOnPurpose = false;
    this.#blocked = false;
    if (this.report.sessions > 0) {
      this.report.reconnects++;
    }
    this.report.sessions++;
    this.report.sessionFrames.push({ video: 0, audio: 0 });
    const bytesAtStart = p.bytesSent;
    this.#sessionBytesAtStart = bytesAtStart;
    void p.whenClosed().then(() => {
      this.report.bytesSent += p.bytesSent - bytesAtStart;
      // Only the current session's end matters: an old one may close after its successor published.
      const current = this.#publisher === p;
      if (current) {
        this.#publisher = undefined;
      }
      if (current && !this.#closingOnPurpose && this.#state === 'live') {
        this.#fail(`connection closed by the server: ${String(p.lastStatus?.['code'] ?? 'no status')}`);
      }
    });
    const loop = this.#o.loop;
    if (loop.metadata !== undefined) {
      p.sendMetadata(loop.metadata);
      this.report.configTags++;
    }
    for (const tag of loop.config) {
      this.#send(p, tag.type, 0, tag.body);
      this.report.configTags++;
    }
    this.#base = performance.now() + this.#o.phaseMs;
    this.#nextPoll = this.#base;
    this.#baseEpoch = Date.now() + this.#o.phaseMs;
    this.#index = 0;
    this.#next = this.#repeatStart();
    this.#loopCount = 0;
    this.#tsOffset = 0;
  }

  /** Index of a repeat's first tag (see `LoopJoin`). */
  #repeatStart(): number {
    return this.#o.loopJoin === 'ffmpeg4' ? this.#o.loop.ffmpeg4RepeatIndex : 0;
  }

  #fail(message: string): void {
    this.report.errors++;
    this.report.lastError = message;
    if (this.#state === 'stopped') {
      return;
    }
    this.#state = 'waiting';
    this.#connectAt = performance.now() + this.#o.reconnectDelayMs;
  }

  #faults(now: number): void {
    const f = this.#o.faults;
    if (f === undefined) {
      return;
    }
    if (now >= this.#nextGarbage) {
      this.#nextGarbage += f.garbageEveryMs;
      this.#garbage();
    }
    if (this.#state !== 'live') {
      return;
    }
    if (now >= this.#nextJump) {
      this.#nextJump += f.jumpEveryMs;
      this.#tsOffset += f.jumpMs;
      this.report.jumps++;
    }
    if (now >= this.#nextStall) {
      this.#nextStall += f.stallEveryMs;
      this.#stallUntil = now + f.stallMs;
      this.report.stalls++;
    }
    if (now >= this.#nextReconnect) {
      this.#nextReconnect += f.reconnectEveryMs;
      this.#dropAndReconnect(f.reconnectMode);
    }
  }

  #dropAndReconnect(mode: 'destroy' | 'close'): void {
    const p = this.#publisher;
    this.#closingOnPurpose = true;
    this.report.closedByClient++;
    this.#state = 'waiting';
    this.#connectAt = performance.now() + this.#o.reconnectDelayMs;
    if (mode === 'close') {
      void p?.close();
    } else {
      p?.destroy();
    }
  }

  #garbage(): void {
    this.report.garbage.sent++;
    this.#garbageInFlight++;
    void sendGarbage(this.#o.url, 10_000).then((r) => {
      this.#garbageInFlight--;
      if (r.closedByServer) {
        this.report.garbage.closedByServer++;
      } else {
        this.report.garbage.failed++;
        this.report.garbage.lastError = r.error;
      }
    });
  }

  /**
   * Sends every tag that is due, in timestamp order across loop joins: tags of a loop past its period
   * (audio that starts after the first video frame ends after the period) go out interleaved with the
   * next loop's first tags, as ffmpeg's muxer interleaves them.
   */
  #pump(now: number): void {
    const p = this.#publisher;
    if (p === undefined) {
      return;
    }
    const loop = this.#o.loop;
    const media = loop.media;
    const period = loop.periodMs;
    const session = this.report.sessionFrames[this.report.sessionFrames.length - 1];
    for (;;) {
      const current = media[this.#index];
      if (current === undefined) {
        return;
      }
      const ahead = current.time >= period ? media[this.#next] : undefined;
      const fromNext = ahead !== undefined && period + ahead.time < current.time;
      const tag = fromNext ? ahead : current;
      const loopStart = (this.#loopCount + (fromNext ? 1 : 0)) * period;
      const due = this.#base + loopStart + tag.sendAt;
      if (due > now) {
        return;
      }
      const lag = now - due;
      if (lag > this.report.maxLagMs && now - this.#stallUntil > lag) {
        this.report.maxLagMs = lag;
      }
      const ok = this.#send(p, tag.type, loopStart + tag.time + this.#tsOffset, tag.body);
      if (tag.type === FlvTagType.video) {
        this.report.videoTags++;
        if (session !== undefined) {
          session.video++;
        }
      } else {
        this.report.audioTags++;
        if (session !== undefined) {
          session.audio++;
        }
      }
      if (fromNext) {
        this.#next++;
      } else if (++this.#index === media.length) {
        this.#index = this.#next < media.length ? this.#next : this.#repeatStart();
        this.#next = this.#repeatStart();
        this.#loopCount++;
      }
      if (!ok) {
        if (p.closed) {
          return;
        }
        this.report.backpressure++;
        this.#blocked = true;
        void p.whenWritable().then(() => {
          this.#blocked = false;
        });
        return;
      }
    }
  }

  #send(p: RtmpPublisher, type: number, timestamp: number, body: Uint8Array): boolean {
    return type === FlvTagType.video
      ? p.sendVideo(timestamp >>> 0, body)
      : p.sendAudio(timestamp >>> 0, body);
  }
}
