/**
 * `LoadGenerator` publishes N streams of one `FlvLoop` from this process, each the way ffmpeg
 * publishes (`ffmpeg -re -stream_loop -1 -i <fixture> -c copy -f flv <url>/<stream>`: see `LoadStream`):
 * `<prefix>0` … `<prefix>N-1` to one URL, or one URL per stream (`targets`). One timer drives every
 * stream, the media bytes are shared (chunk payloads are written as views of the file buffer). It ramps
 * the streams up evenly, logs progress, stops after the duration and returns a report per stream.
 */
import { loadFlvLoop, type FlvLoop } from './flv-loop.js';
import { LoadStream, type FaultOptions, type LoopJoin, type StreamReport } from './load-stream.js';

/** `LoadTarget` is where one stream publishes: the ingest URL up to the access token, and its name. */
export interface LoadTarget {
  /** `rtmp[s]://host:port/live/<token>`. */
  readonly url: string;
  readonly stream: string;
}

/** `LoadOptions` configures a run. Durations in ms. */
export interface LoadOptions {
  /** `rtmp[s]://host:port/live/<token>`: stream names are appended as the last path element. */
  readonly url: string;
  readonly streams: number;
  readonly prefix: string;
  /** One URL and stream name per stream, in report order; when given, `url`, `streams`, `prefix` are unused. */
  readonly targets?: readonly LoadTarget[] | undefined;
  /** FLV file to loop. */
  readonly fixture: string;
  readonly durationMs: number;
  readonly rampMs: number;
  /** Set Chunk Size sent before `connect`; undefined (ffmpeg's way): the server's, echoed back. */
  readonly chunkSize?: number | undefined;
  /** How loops join (default `seamless`, as ffmpeg 5 and later); `ffmpeg4` as the bundled ffmpeg 4. */
  readonly loopJoin?: LoopJoin | undefined;
  readonly tls: { readonly ca?: string; readonly rejectUnauthorized: boolean };
  readonly reconnectDelayMs: number;
  readonly faults: FaultOptions | undefined;
  /** Streams with faults: the first `faultStreams` (all when undefined). */
  readonly faultStreams: number | undefined;
  /**
   * Timer period; tags are sent at most this late. 1 ms (the default) keeps the streams' sends apart as
   * independent encoders' are: every stream sends at its own instants, not all in one batch per tick.
   */
  readonly tickMs: number;
  readonly progressMs: number;
  readonly log: (line: string) => void;
  /** Stops early when aborted (the report is still produced). */
  readonly signal?: AbortSignal;
}

/** `LoadReport` is the result of a run. */
export interface LoadReport {
  /** The one ingest URL of every stream; each stream's own is in `streams[i].url`. */
  readonly url: string | undefined;
  readonly fixture: string;
  readonly loopMs: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** CPU time of this process over the run, and as a percentage of one core. */
  readonly cpu: { readonly userMs: number; readonly systemMs: number; readonly percentOfCore: number };
  readonly maxRssBytes: number;
  readonly totals: {
    readonly streams: number;
    readonly liveAtEnd: number;
    readonly bytesSent: number;
    readonly videoTags: number;
    readonly audioTags: number;
    readonly reconnects: number;
    readonly errors: number;
    readonly garbageSent: number;
    readonly garbageClosedByServer: number;
    readonly maxLagMs: number;
    readonly megabitsPerSecond: number;
  };
  readonly streams: readonly StreamReport[];
}

/** `defaultLoadOptions` are the CLI defaults. */
export const defaultLoadOptions = {
  prefix: 's',
  durationMs: 60_000,
  rampMs: 10_000,
  loopJoin: 'seamless',
  reconnectDelayMs: 1000,
  tickMs: 1,
  progressMs: 5000,
} as const;

/** Spreads the streams' frame phases evenly over a frame interval (i × golden ratio, mod 1). */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/** `LoadGenerator`: see the module comment. */
export class LoadGenerator {
  readonly #o: LoadOptions;
  readonly #loop: FlvLoop;
  readonly #streams: LoadStream[];

  constructor(options: LoadOptions) {
    this.#o = options;
    this.#loop = loadFlvLoop(options.fixture);
    const targets = loadTargets(options);
    const n = targets.length;
    const frames = this.#loop.videoFrames > 0 ? this.#loop.videoFrames : this.#loop.audioFrames;
    const frameMs = this.#loop.periodMs / Math.max(1, frames);
    this.#streams = targets.map((t, i) => {
      const faulty = options.faults !== undefined && i < (options.faultStreams ?? n);
      return new LoadStream({
        url: t.url,
        streamName: t.stream,
        loop: this.#loop,
        chunkSize: options.chunkSize,
        loopJoin: options.loopJoin ?? defaultLoadOptions.loopJoin,
        tls: options.tls,
        reconnectDelayMs: options.reconnectDelayMs,
        faults: faulty ? options.faults : undefined,
        faultPhase: n > 1 ? i / n : 0,
        phaseMs: frameMs * ((i * GOLDEN) % 1),
      });
    });
  }

  /** The streams (their `anchor` maps timestamps to the wall clock). */
  get streams(): readonly LoadStream[] {
    return this.#streams;
  }

  get loop(): FlvLoop {
    return this.#loop;
  }

  /** Runs until the duration is over (or the signal aborts) and returns the report. */
  async run(): Promise<LoadReport> {
    const o = this.#o;
    const startedAt = new Date().toISOString();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const n = this.#streams.length;
    this.#streams.forEach((s, i) => s.start(t0 + (n > 1 ? (o.rampMs * i) / n : 0)));
    let maxRss = process.memoryUsage.rss();
    let lastProgress = t0;
    let lastBytes = 0;
    let lastCpu = process.cpuUsage();
    const streams = this.#streams;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        const now = performance.now();
        for (let i = 0; i < streams.length; i++) {
          streams[i]?.tick(now);
        }
        if (now - lastProgress >= o.progressMs) {
          const bytes = this.#bytes();
          const cpu = process.cpuUsage(lastCpu);
          maxRss = Math.max(maxRss, process.memoryUsage.rss());
          o.log(
            this.#progress(
              now - t0,
              ((bytes - lastBytes) * 8) / ((now - lastProgress) * 1000),
              cpu,
              now - lastProgress,
            ),
          );
          lastCpu = process.cpuUsage();
          lastBytes = bytes;
          lastProgress = now;
        }
        if (now - t0 >= o.durationMs || o.signal?.aborted === true) {
          clearInterval(timer);
          resolve();
        }
      }, o.tickMs);
    });
    const elapsed = performance.now() - t0;
    const liveAtEnd = streams.filter((s) => s.live).length;
    o.log(`stopping ${n} streams`);
    await Promise.all(streams.map((s) => s.stop(5000)));
    await Promise.all(streams.map((s) => s.settle()));
    const cpu = process.cpuUsage(cpu0);
    const reports = streams.map((s) => s.report);
    const sum = (f: (r: StreamReport) => number): number => reports.reduce((a, r) => a + f(r), 0);
    const bytesSent = sum((r) => r.bytesSent);
    const urls = new Set(reports.map((r) => r.url));
    return {
      url: urls.size === 1 ? reports[0]?.url : undefined,
      fixture: o.fixture,
      loopMs: this.#loop.periodMs,
      startedAt,
      durationMs: Math.round(elapsed),
      cpu: {
        userMs: Math.round(cpu.user / 1000),
        systemMs: Math.round(cpu.system / 1000),
        percentOfCore: round2(((cpu.user + cpu.system) / 1000 / elapsed) * 100),
      },
      maxRssBytes: maxRss,
      totals: {
        streams: n,
        liveAtEnd,
        bytesSent,
        videoTags: sum((r) => r.videoTags),
        audioTags: sum((r) => r.audioTags),
        reconnects: sum((r) => r.reconnects),
        errors: sum((r) => r.errors),
        garbageSent: sum((r) => r.garbage.sent),
        garbageClosedByServer: sum((r) => r.garbage.closedByServer),
        maxLagMs: Math.round(Math.max(0, ...reports.map((r) => r.maxLagMs))),
        megabitsPerSecond: round2((bytesSent * 8) / (elapsed * 1000)),
      },
      streams: reports.map((r) => ({ ...r, maxLagMs: Math.round(r.maxLagMs) })),
    };
  }

  #bytes(): number {
    let total = 0;
    for (const s of this.#streams) {
      total += s.bytesSent;
    }
    return total;
  }

  #progress(elapsedMs: number, mbps: number, cpu: NodeJS.CpuUsage, windowMs: number): string {
    const r = this.#streams.map((s) => s.report);
    const live = this.#streams.filter((s) => s.live).length;
    const reconnects = r.reduce((a, x) => a + x.reconnects, 0);
    const errors = r.reduce((a, x) => a + x.errors, 0);
    const lag = Math.max(0, ...r.map((x) => x.maxLagMs));
    const cpuPct = ((cpu.user + cpu.system) / 1000 / windowMs) * 100;
    return (
      `load t=${Math.round(elapsedMs / 1000)}s live ${live}/${r.length} ${mbps.toFixed(1)} Mbit/s ` +
      `reconnects ${reconnects} errors ${errors} max lag ${Math.round(lag)} ms cpu ${cpuPct.toFixed(1)}%`
    );
  }
}

/** `loadTargets` is where each stream publishes: `targets`, or `<prefix>i` at `url` for i < `streams`. */
export function loadTargets(
  o: Pick<LoadOptions, 'url' | 'streams' | 'prefix' | 'targets'>,
): readonly LoadTarget[] {
  return (
    o.targets ?? Array.from({ length: o.streams }, (_, i) => ({ url: o.url, stream: `${o.prefix}${i}` }))
  );
}

/**
 * `parseTargets` reads a targets file's JSON: `[{"url": "rtmp://host:port/live/<token>", "stream": "s0"}, …]`
 * (at least one, rtmp:// or rtmps://, stream names non-empty and distinct per URL).
 */
export function parseTargets(json: string, maxStreams: number): LoadTarget[] {
  const value: unknown = JSON.parse(json);
  if (!Array.isArray(value) || value.length === 0) {
    throw new Error('targets: expected a non-empty JSON array of {"url", "stream"}');
  }
  if (value.length > maxStreams) {
    throw new Error(`targets: ${value.length} streams, at most ${maxStreams}`);
  }
  const seen = new Set<string>();
  return value.map((item: unknown, i) => {
    const { url, stream } = (typeof item === 'object' && item !== null ? item : {}) as Record<
      string,
      unknown
    >;
    if (typeof url !== 'string' || !/^rtmps?:\/\/[^/]+\/./.test(url)) {
      throw new Error(
        `targets[${i}].url: expected rtmp[s]://host:port/app/<token>, got ${JSON.stringify(url)}`,
      );
    }
    if (typeof stream !== 'string' || stream === '' || stream.includes('/')) {
      throw new Error(`targets[${i}].stream: expected a stream name, got ${JSON.stringify(stream)}`);
    }
    const key = `${url.replace(/\/+$/, '')}/${stream}`;
    if (seen.has(key)) {
      throw new Error(`targets[${i}]: ${key} is listed twice`);
    }
    seen.add(key);
    return { url, stream };
  });
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
